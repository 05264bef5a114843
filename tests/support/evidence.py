"""What the evidence tests share: a real RFC 3161 TSA on 127.0.0.1 (the demo's own, from
tasks/evidence/demo_tsa.py, with failure modes added), a signing key, and small vaults.

No tests here; the fixtures built on them (``tsa_server``, ``tsa``, ``signing_key``) are in
tests/conftest.py.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tasks.evidence import demo_tsa, keep_pages, seal_report
from tasks.pages import RawPage
from tests.support.wire import page, tweet, user

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class LocalTSA(demo_tsa.LocalTSA):
    """The demo's local authority (tasks/evidence/demo_tsa.py), with failure modes. ``mode``:
    ok, garbage, slow (sleeps past any timeout the tests use), http500."""

    def __init__(self, folder: Path) -> None:
        self.mode = "ok"
        super().__init__(folder, days=3, demo=False)

    def answer(self, query: bytes) -> tuple[int, bytes]:
        if self.mode == "garbage":
            return 200, b"this is not a timestamp reply"
        if self.mode == "http500":
            return 500, b"internal error"
        if self.mode == "slow":
            time.sleep(1.5)
        return super().answer(query)


def pages_of_run(n: int, *, first_id: int = 100, day: str = "2020-02-01") -> list[RawPage]:
    """A run's pages: tweets pages, plus the odd ones every real collection meets."""
    out = []
    for i in range(n):
        ids = [str(first_id + 10 * i + k) for k in range(3)]
        tweets = [
            tweet(
                t, text=f"@alice_reporter message {t} <b>é</b>", created_at=f"{day}T1{k}:00:00.000Z"
            )
            for k, t in enumerate(ids)
        ]
        out.append(
            RawPage(
                page(tweets, [user()]), "file", f"run.jsonl:{i + 1}", NOW, date.fromisoformat(day)
            )
        )
    out.append(
        RawPage(
            b'{"meta":{"result_count":0}}', "file", "run.jsonl:empty", NOW, date.fromisoformat(day)
        )
    )
    out.append(RawPage(b"not json at all {", "file", "run.jsonl:broken", NOW))
    out.append(
        RawPage(
            b'{"errors":[{"title":"Not Found Error","detail":"gone"}]}',
            "file",
            "run.jsonl:error",
            NOW,
        )
    )
    return out


def kept(pages: list[RawPage], root: Path, run_id: str, target: str = "alice") -> list[RawPage]:
    return list(keep_pages(pages, root, run_id, target))


def build_vault(root: Path, key: Path | None, tsa: LocalTSA | None, runs: int = 2) -> list[Path]:
    """A small installation: ``runs`` runs of a few pages each, every one sealed."""
    manifests = []
    for r in range(runs):
        kept(pages_of_run(4, first_id=1000 * (r + 1)), root, f"run-{r + 1}")
        result = seal_report(
            root,
            f"run-{r + 1}",
            "alice",
            signing_key=key,
            tsa_url=tsa.url if tsa else None,
            tsa_ca_file=tsa.ca if tsa else None,
            now=tsa.now() if tsa else NOW,
        )
        assert result.manifest is not None
        manifests.append(result.manifest)
    return manifests


def copy_vault(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    for p in dest.rglob("*"):
        if p.is_file():
            p.chmod(0o644)  # the vault's files are read-only; tests alter copies on purpose
    return dest


def ingest_and_seal(
    root: Path, pages: list[RawPage], target, run_id: str, key: Path | None, tsa: LocalTSA | None
) -> Path | None:
    """The pipeline's evidence path without Prefect: keep → parse → validate → store → seal."""
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.validate import split

    for staging, _ in parse_batches(keep_pages(pages, root, run_id, target.name), target, 50_000):
        valid, rejected = split(staging, NOW, timedelta(minutes=5))
        store_batch(root, valid, rejected, run_id)
    return seal_report(
        root,
        run_id,
        target.name,
        signing_key=key,
        tsa_url=tsa.url if tsa else None,
        tsa_ca_file=tsa.ca if tsa else None,
        now=tsa.now() if tsa else NOW,
    ).manifest


def export_extracted(
    root: Path, out: Path, start: date = date(2020, 2, 1), end: date = date(2020, 2, 2), **kw
) -> Path:
    """Export target alice's days ``start``..``end`` as a zip under ``out``, unpack it there and
    return the bundle's folder, as a lawyer receiving it would."""
    from tasks.evidence.export import export_bundle

    result = export_bundle(
        root, "alice", start, end, out / "bundle.zip", timezone="Europe/Paris", now=NOW, **kw
    )
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder
