"""A small evidence vault with one of everything verify checks, sealed the same way into a local
folder or an ``s3://`` data root (tests/test_verify_s3.py compares the two).

No tests here. The S3 server is moto (tests/support/s3server.py); a bucket is made per vault.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from config.targets import Target
from tasks.evidence.custody import log_output
from tasks.evidence.media import write_index
from tests.support.evidence import NOW, LocalTSA, ingest_and_seal, pages_of_run

PREFIX = "tocsin/data"
DAYS = 3650  # past the server's clock whatever the machine's (faketime included)


def new_bucket(s3: Any, *, locked: bool = True) -> str:
    """A new bucket on the server, with Object Lock (no default retention) unless not ``locked``."""
    name = f"vault-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, **({"ObjectLockEnabledForBucket": True} if locked else {}))
    return name


def fill_vault(
    root: Any,
    key: Path,
    tsa: LocalTSA,
    fetch: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Two runs of target alice through the pipeline's evidence path (kept, parsed, stored,
    sealed: signed and timestamped), the second receiving a page of the first again (a refs
    file); a custody entry before each seal; with ``fetch``, a media file kept in the first
    run and its index."""
    alice = Target(name="alice")
    first = pages_of_run(4, first_id=1000)
    log_output(root, "alice", "export", {"from": "2020-02-01"}, Path("/x.zip"), "ab" * 32, NOW)
    if fetch is not None:
        write_index(root, "alice", "run-1", [fetch(root)])
    ingest_and_seal(root, first, alice, "run-1", key, tsa)
    log_output(root, "alice", "dossier", {"episode": "e1"}, Path("/d.pdf"), "cd" * 32, NOW)
    ingest_and_seal(root, pages_of_run(2, first_id=2000) + first[:1], alice, "run-2", key, tsa)
