"""What a manifest says of the segments it seals, added up one segment's part at a time.

A seal of millions of records held every segment's part at once (64 bytes a record), then all
their record digests joined, then records.txt (65 bytes a record): 2.9 GB at the peak of a 10M-post
import (docs/benchmarks.md). Here each part is let go once it is added: records.txt is written to
a file as the parts come, hashed as it is written, and the records' Merkle root is folded a block
at a time (``merkle.JoinedRoot``). What is kept a page (pages.jsonl, the pages' leaf hashes) is a
hundredth of that.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tasks.evidence import merkle
from tasks.evidence.manifest import SpooledFile, records_lines
from tasks.evidence.rawstore import tmp_path
from tasks.evidence.readback import Part, iso
from tasks.files import FILE_MODE


class Fold:
    """The segments a manifest seals, added in order (``add``), then ``summary``. records.txt is
    written to a private file under the root's ``evidence/.tmp`` (a local scratch folder for an
    s3:// root), removed on ``close`` unless ``publish_manifest`` took it first."""

    def __init__(self, root: Any) -> None:
        self._root = root
        self._start()

    def restart(self) -> None:
        """Empty again, as new (the segments to seal were not those added)."""
        self.close()
        self._start()

    def _start(self) -> None:
        self.path = tmp_path(self._root, ".records.txt")
        # Owner-only from its creation: a new name (``tmp_path``), created here or nowhere.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        self._file = os.fdopen(fd, "wb")
        self._sha256 = hashlib.sha256()
        self._tree = merkle.JoinedRoot()
        self.segments: list[Path] = []
        self._entries: list[dict[str, Any]] = []
        self._runs: set[str] = set()
        self._sources: set[str] = set()
        self._pages_jsonl: list[bytes] = []
        self._page_leaves: list[bytes] = []
        self._records = 0
        self._retrieved: list[datetime] = []  # the first and the last seen
        self._dates: list[date] = []

    def add(self, segment: Path, part: Part) -> None:
        """Add ``segment``'s part (segments in the order they are sealed)."""
        lines = records_lines(part.record_sha256)
        self._file.write(lines)
        self._sha256.update(lines)
        del lines
        self._tree.add(part.record_leaves)
        self._records += len(part.record_sha256) // 32
        self.segments.append(segment)
        self._entries.append(part.entry)
        self._runs.add(part.run)
        self._sources |= part.sources
        self._pages_jsonl.append(part.pages_jsonl)
        self._page_leaves.extend(part.page_leaves)
        self._retrieved = _span([*self._retrieved, *part.retrieved])
        self._dates = _span([*self._dates, *part.dates])

    def summary(self) -> dict[str, Any]:
        """What the manifest says of the segments added; records.txt flushed to disk."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        retrieved, dates = self._retrieved, self._dates
        return {
            "segments": self._entries,
            "runs": sorted(self._runs),
            "sources": sorted(self._sources),
            "pages_jsonl": b"".join(self._pages_jsonl),
            "records_txt": SpooledFile(self.path, self._sha256.hexdigest()),
            "records_root": self._tree.root().hex(),
            "records": self._records,
            "pages_root": merkle.root(self._page_leaves).hex(),
            "pages": sum(e["pages"] for e in self._entries),
            "retrieved": [iso(t) for t in retrieved] if retrieved else [None, None],
            "dates": [d.isoformat() for d in dates] if dates else [None, None],
        }

    def close(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Fold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _span(values: list[Any]) -> list[Any]:
    """The first and the last of ``values`` (none when empty)."""
    return [min(values), max(values)] if values else []
