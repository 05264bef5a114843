"""Completing what a failing timestamp authority left: ask it again for every manifest sealed
without a token (`tocsin seal --retry-timestamps`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tasks.evidence import tsa
from tasks.evidence.archive import Archive, archive_sealed
from tasks.evidence.manifest import list_manifests
from tasks.evidence.seal import add_token, evidence_lock, keep_tsa_ca


def retry_timestamps(
    root: Path,
    tsa_url: str,
    *,
    tsa_ca_file: Path | None = None,
    tsa_timeout: float = 10.0,
    archive: Archive | None = None,
    now: datetime | None = None,
) -> list[tuple[str, str | None]]:
    """Ask the TSA again for every manifest that has no token: [(folder, error or None)]. With
    an ``archive`` (and the ``now`` its retention counts from), the tokens got go to it too."""
    roots = tsa.load_ca(tsa_ca_file) if tsa_ca_file else None
    out: list[tuple[str, str | None]] = []
    with evidence_lock(root):
        keep_tsa_ca(root, tsa_ca_file)
        for m in list_manifests(root):
            if m.has_token or m.raw is None or m.manifest is None:
                continue
            try:
                add_token(
                    root, m, tsa.request_token(m.raw, tsa_url, timeout=tsa_timeout, roots=roots)
                )
                out.append((m.name, None))
            except tsa.TimestampFailed as exc:
                out.append((m.name, str(exc)))
    if archive is not None and any(p is None for _, p in out):
        assert now is not None, "an archive's retention counts from now: pass it"
        archive_sealed(root, archive, now)
    return out
