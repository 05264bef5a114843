"""A data root in a local folder: the interface of base.py over files.py's owner-only files,
synced renames and flock. Nothing here changes how a local root is written: the store keeps its
own batched staging and renames (store.py); this serves the state files and the lease."""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from tasks import files as fileops
from tasks.storage.base import Root, Tagged


def tag_of(data: bytes) -> str:
    """A local version's tag: its SHA-256 (a file has no ETag)."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """flock on a folder itself: a compare-and-swap of one of its files, without a lock file."""
    fd = os.open(fileops.private_dir(folder), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class LocalRoot(Root):
    """A folder, owner-only (files.py)."""

    remote = False

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.url = str(self.path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalRoot) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __repr__(self) -> str:
        return f"LocalRoot({self.url!r})"

    def location(self, rel: str) -> Path:
        return self.path / rel if rel else self.path

    def read(self, rel: str) -> bytes | None:
        try:
            return self.location(rel).read_bytes()
        except FileNotFoundError:
            return None

    def read_tagged(self, rel: str) -> Tagged | None:
        path = self.location(rel)
        try:
            with open(path, "rb") as fh:
                data, modified = fh.read(), os.fstat(fh.fileno()).st_mtime
        except FileNotFoundError:
            return None
        return Tagged(data, tag_of(data), max(0.0, time.time() - modified))

    def write(self, rel: str, data: bytes) -> None:
        fileops.replace_file(self.location(rel), data)

    def create(self, rel: str, data: bytes) -> str | None:
        dest = self.location(rel)
        fileops.private_dir(dest.parent)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, fileops.FILE_MODE)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            fileops.fsync_path(tmp)
            try:
                os.link(tmp, dest)  # fails if dest exists: the whole file or nothing appears
            except FileExistsError:
                return None
            fileops.fsync_path(dest.parent)
        finally:
            tmp.unlink(missing_ok=True)
        return tag_of(data)

    def replace(self, rel: str, data: bytes, tag: str) -> str | None:
        dest = self.location(rel)
        with folder_lock(dest.parent):
            found = self.read(rel)
            if found is None or tag_of(found) != tag:
                return None
            fileops.replace_file(dest, data)
        return tag_of(data)

    def delete(self, rel: str, tag: str | None = None) -> bool:
        dest = self.location(rel)
        if not dest.parent.is_dir():
            return False
        with folder_lock(dest.parent):
            found = self.read(rel)
            if found is None or (tag is not None and tag_of(found) != tag):
                return False
            dest.unlink()
            fileops.fsync_path(dest.parent)
        return True

    def exists(self, rel: str) -> bool:
        return self.location(rel).is_file()

    def list(self, prefix: str = "") -> list[str]:
        top = self.location(prefix)
        if not top.is_dir():
            return []
        return sorted(p.relative_to(self.path).as_posix() for p in top.rglob("*") if p.is_file())

    def arrow(self) -> tuple[Any, str]:
        from pyarrow import fs

        return fs.LocalFileSystem(), str(self.path.absolute())

    def scan_source(self, location: Any) -> tuple[str | Path, dict[str, str] | None]:
        return Path(location), None

    def lease(self) -> AbstractContextManager[None]:
        return fileops.locked(self.path)
