"""The evidence vault's slice of the settings put to use: which key signs, and what every sealing
function is told. The slice is ``settings.evidence`` (config/slices.py ``EvidenceSettings``; the
fields are listed in docs/chain-of-custody.md).

Evidence is signed by default: without ``evidence_signing_key``, the key at
``evidence_key_file`` (outside the data root) signs, and the first seal creates it. Timestamps
need a configured authority (``evidence_tsa_url``); without one manifests are sealed
untimestamped and every output says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from config.slices import EvidenceSettings
from tasks.evidence.archive import archive_of
from tasks.evidence.sign import KeyInUse, ensure_key


def key_in_use(evidence: EvidenceSettings, data_root: Path) -> KeyInUse | None:
    """Tocsin's own key when the operator configured none, created now if missing (and said
    so); None when ``evidence_signing_key`` names the operator's key."""
    if evidence.evidence_signing_key is not None:
        return None
    return ensure_key(evidence.evidence_key_file, data_root)


def signing_key(evidence: EvidenceSettings, data_root: Path) -> Path:
    """The key sealing signs with: the configured one, else Tocsin's own (created on the first
    call, so that only commands that seal ever create a key)."""
    if evidence.evidence_signing_key is not None:
        return evidence.evidence_signing_key
    used = key_in_use(evidence, data_root)
    assert used is not None  # no configured key: ensure_key returned Tocsin's own
    return used.path


def sealing(
    evidence: EvidenceSettings, data_root: Path, *, secret_blocks: bool = False
) -> dict[str, Any]:
    """The key, timestamp authority and write-once archive every sealing function takes
    (seal_report, seal_run, seal_pending), from the one slice: ``seal_run(root, run_id, target, now=now,
    **sealing(settings.evidence, root))``."""
    return {
        "signing_key": signing_key(evidence, data_root),
        "tsa_url": evidence.evidence_tsa_url,
        "tsa_ca_file": evidence.evidence_tsa_ca_file,
        "tsa_timeout": evidence.evidence_tsa_timeout_seconds,
        "archive": archive_of(evidence, secret_blocks=secret_blocks),
    }
