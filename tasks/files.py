"""Owner-only files and folders, locks, and renames that survive a crash or a power cut.

Everything under the data root is owner-only whatever the umask: folders 0700, files 0600,
sealed evidence 0400 (the posts are abuse aimed at a person, and their evidence). The modes are set
explicitly where files and folders are created (``private_dir``, ``private_file``), and
``private_root`` tightens a root made before this rule. ``rename_all`` and ``commit`` are the
store's (store.py) and the state files' way to replace a file: the old one or the new one
survives, never half of either.
"""

from __future__ import annotations

import fcntl
import functools
import os
import stat
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tasks.errors import TocsinError

T = TypeVar("T")
R = TypeVar("R")

# Threads writing, reading and syncing partitions: Parquet encoding releases the GIL and fsync
# waits on the disk, so a few threads beat one even on two cores.
_THREADS = 4
# Owner-only modes (see the module docstring). umask can only remove bits, and a umask of 0o277
# would even remove the owner's: each mode is set with chmod after creation, not left to it.

DIR_MODE = 0o700
FILE_MODE = 0o600
SEALED_MODE = 0o400


class NotLocal(TocsinError):
    """An object-storage data root reached code that only writes local files."""


def local_only(path: Path) -> Path:
    """``path``, refused when it is an ``s3://`` URL (as a ``Path`` reads it: ``s3:/...``):
    code that writes local files must never write an object-storage root's data into a local
    folder named ``s3:``."""
    if str(path).startswith("s3:"):
        raise NotLocal(
            f"{path}: this step writes local files only and does not support an s3:// data "
            "root yet (docs/several-machines.md says what does); use a local --data-dir"
        )
    return Path(path)


def private_dir(folder: Path) -> Path:
    """Create ``folder`` and its missing parents, each owner-only (0700); returns ``folder``."""
    mkdirs(local_only(folder))
    return Path(folder)


def private_file(path: Path, mode: int = FILE_MODE) -> Path:
    """Give an existing file its owner-only mode (0600; SEALED_MODE for evidence)."""
    os.chmod(path, mode)
    return Path(path)


def private_tree(top: Path) -> None:
    """Make everything under ``top`` owner-only: folders 0700, files 0600, read-only files 0400
    (sealed evidence stays read-only). For files that others write (GX), and older data roots."""
    top = Path(top)
    if not top.is_dir() or top.is_symlink():
        return
    os.chmod(top, DIR_MODE)
    for folder, dirs, files in os.walk(top):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, DIR_MODE)
        for name in files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                os.chmod(path, FILE_MODE if st.st_mode & stat.S_IWUSR else SEALED_MODE)


def private_root(root: Path) -> Path:
    """The data root, created if absent, owner-only. A root found open to others (made before
    this rule, or by hand) has its whole tree tightened once."""
    root = Path(root)
    private_dir(root)
    if stat.S_IMODE(root.stat().st_mode) != DIR_MODE:
        private_tree(root)
    return root


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if absent) for the duration of the block."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    with os.fdopen(fd, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def locked(root: Any) -> AbstractContextManager[None]:
    """One writer at a time per data root (two runs merging the same partition would race).
    Every writer takes it, so it is also where the root is made owner-only. A storage root
    (tasks/storage) brings its own rule: ``root.lease()`` (a lease object on S3)."""
    lease = getattr(root, "lease", None)
    if callable(lease):
        return lease()
    return file_lock(private_root(root) / ".lock")


@functools.cache
def _pool(pid: int) -> ThreadPoolExecutor:
    """A few threads for file work, kept for the process (``pid``: a forked child makes its own,
    its parent's threads do not exist there)."""
    return ThreadPoolExecutor(_THREADS, thread_name_prefix="tocsin-store")


def each(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """``[fn(x) for x in items]``, on the threads when there is more than one item. Every call
    has finished when this returns or raises (the first error), so none outlives a cleanup."""
    if len(items) <= 1:
        return [fn(x) for x in items]
    pool = _pool(os.getpid())
    futures = [pool.submit(fn, x) for x in items]
    wait(futures)
    return [f.result() for f in futures]


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def mkdirs(folder: Path) -> set[Path]:
    """Create ``folder`` and its missing parents; returns the folders whose entries changed
    (the parent of each created folder), which must be synced for the new folders to last."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for d in reversed(missing):
        d.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(d, DIR_MODE)
    return {d.parent for d in missing}


def rename_all(renames: list[tuple[Path, Path]]) -> None:
    """Rename each (already synced) staging file over its destination, then fsync each folder
    changed: for every destination, the old file or the new one survives a power cut."""
    changed: set[Path] = set()
    for tmp, dest in renames:
        changed |= mkdirs(dest.parent)
        os.replace(tmp, dest)
        changed.add(dest.parent)
    each(fsync_path, sorted(changed))


def commit(tmp: Path, dest: Path) -> None:
    """fsync ``tmp``, rename it over ``dest``, fsync the folder: the old file or the new one
    survives a crash or a power cut, never half of either."""
    fsync_path(tmp)
    rename_all([(tmp, dest)])


def replace_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place (small state files, messages)."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        # Created 0600 (O_EXCL: a fresh name), so it is never readable by others, even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        private_file(tmp)
        commit(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
