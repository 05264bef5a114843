"""What every data root offers (issue 16, point 1): a local folder (local.py) and an S3 prefix
(s3.py) behind one interface, so the store, the state files and the lock need not know which.

Keys are relative POSIX paths under the root (``mentions/target=alice/date=2020-01-20/part-0.parquet``).
Every write is whole: a reader sees the old bytes or the new ones, never half of either. A *tag*
names one version of a key's bytes (an S3 ETag, a SHA-256 locally): ``create`` writes only where
nothing is, ``replace`` only over the version read, which is how two writers on several machines
update one object without a lock server (If-None-Match / If-Match on S3).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tasks.errors import TocsinError


class StorageError(TocsinError):
    """The data root cannot be read or written (named, with the store's own reason)."""


@dataclass(frozen=True)
class Tagged:
    """A key's bytes, the tag of that version, and its age in seconds by the store's own clock
    (S3: the server's Date against the object's Last-Modified), so that no two machines' clocks
    are ever compared."""

    data: bytes
    tag: str
    age: float


class Root(ABC):
    """A data root. ``remote`` roots (object storage) have no folders, renames or flock."""

    url: str
    remote: bool = False

    @abstractmethod
    def location(self, rel: str) -> Any:
        """Where ``rel`` is, as the store passes it around: a ``Path`` for a local root, an
        ``ObjectPath`` (s3.py) for a remote one."""

    @abstractmethod
    def read(self, rel: str) -> bytes | None:
        """The bytes at ``rel``, or None when there is nothing there."""

    @abstractmethod
    def read_tagged(self, rel: str) -> Tagged | None:
        """The bytes at ``rel`` with their tag and age, or None."""

    @abstractmethod
    def write(self, rel: str, data: bytes) -> None:
        """Put ``data`` at ``rel`` whole (local: a synced file renamed into place; S3: one
        single-part PUT with its checksum)."""

    @abstractmethod
    def create(self, rel: str, data: bytes) -> str | None:
        """Put ``data`` at ``rel`` only if nothing is there: its tag, or None when something was."""

    @abstractmethod
    def replace(self, rel: str, data: bytes, tag: str) -> str | None:
        """Put ``data`` at ``rel`` only over the version tagged ``tag``: the new tag, or None
        when ``rel`` holds another version (or nothing) by then."""

    @abstractmethod
    def delete(self, rel: str, tag: str | None = None) -> bool:
        """Remove ``rel`` (only the version ``tag`` when given); whether it was removed."""

    @abstractmethod
    def exists(self, rel: str) -> bool: ...

    @abstractmethod
    def list(self, prefix: str = "") -> list[str]:
        """Every key under ``prefix`` (a folder's relative path, or ""), sorted."""

    @abstractmethod
    def arrow(self) -> tuple[Any, str]:
        """A ``pyarrow.fs`` filesystem and the root's path on it, for reading tables in place."""

    @abstractmethod
    def scan_source(self, location: Any) -> tuple[str | Path, dict[str, str] | None]:
        """What ``polars.scan_parquet`` takes for ``location`` (a path or glob under the root):
        the source and its ``storage_options``."""

    @abstractmethod
    def lease(self) -> AbstractContextManager[None]:
        """One writer at a time on this root (files.locked: flock locally, a lease object on S3)."""

    def __str__(self) -> str:
        return self.url
