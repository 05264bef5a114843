"""A local copy of an s3:// data root, object for object (the custody log's entries joined into
its one local file): what ``tocsin verify`` can read until it reads S3 itself."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from tasks.storage import S3Root

CUSTODY = "evidence/custody/"


def mirror(root: S3Root, dest: Path) -> Path:
    """Copy every object under ``root`` into ``dest`` (created); returns ``dest``."""
    logs: dict[str, list[str]] = {}
    for key in root.list(""):
        if key.startswith(CUSTODY) and key.count("/") == 3:  # custody/<t>.jsonl/<n>.jsonl
            logs.setdefault(key.rsplit("/", 1)[0], []).append(key)
            continue
        path = dest / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(root.read(key) or b"")
    for log, entries in logs.items():
        path = dest / log
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(root.read(k) or b"" for k in sorted(entries)))
    return dest


def verify_reads_s3() -> bool:
    """Whether `tocsin verify` reads an s3:// vault itself (its reader, verify_store.py, is
    there: branch s3verify)."""
    return importlib.util.find_spec("tasks.evidence.verify_store") is not None


def verify_on_a_copy(mp: Any, folder: Path) -> None:
    """Until verify reads S3 itself (``verify_reads_s3``; then this does nothing and the export
    verifies the bucket), make the export's verification (tasks.evidence.export.verify_evidence)
    of an s3:// root run on a fresh local copy of it: the same bytes, the same function."""
    import tasks.evidence.export as export

    if verify_reads_s3():
        return

    real = export.verify_evidence
    copies = iter(range(1_000_000))

    def verify(root: Any, **kw: Any) -> Any:
        if isinstance(root, S3Root):
            root = mirror(root, folder / f"copy-{next(copies)}")
        return real(root, **kw)

    mp.setattr(export, "verify_evidence", verify)
