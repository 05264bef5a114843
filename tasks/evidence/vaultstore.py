"""Where the vault writes an evidence object, on either kind of data root: the ONE place that
knows how (issue 16, points 1 and 3).

An evidence object (a kept segment, a refs file, a manifest folder's file, a public key or TSA
certificate copy, a custody entry) is written once and never rewritten.

- In a local folder, rawstore.write_new keeps doing what it always did: the bytes written aside,
  synced, hard-linked to their name (which fails if it exists), then mode 0400.
- On an ``s3://bucket/prefix`` data root, opened with ``vault_root`` (an ``EvidenceRoot``), it is
  ONE single-part PUT (S3 servers may ignore Object Lock on multipart uploads) with Content-MD5
  and x-amz-checksum-sha256, ``If-None-Match: *`` (the store refuses a second writer of the key),
  and Object Lock COMPLIANCE retention for ``evidence_archive_retention_days`` from the upload:
  the request is archive_store.put_once's, the archive's own. A bucket without Object Lock is
  refused unless ``evidence_archive_accept_unlocked``. A plain ``S3Root`` (no retention known)
  writes no evidence at all: refused, naming the root.

Reading back is the store's (``ObjectPath.read_bytes``); ``parquet_input`` opens a segment for
pyarrow on either root, reading on S3 only the byte ranges pyarrow asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.evidence.archive_store import Archive, Store, holds, open_store, put_once
from tasks.evidence.errors import EvidenceError
from tasks.files import file_lock
from tasks.storage import Lease, ObjectPath, Root, S3Root, is_s3, root_of

LOCK = "evidence/.lock"


class EvidenceRoot(S3Root):
    """An ``s3://bucket/prefix`` data root that holds evidence: what it writes of the vault is
    COMPLIANCE-locked for ``retention_days``. Picklable like its parent, its rule included."""

    def __init__(
        self,
        url: str,
        retention_days: int,
        accept_unlocked: bool = False,
        session: Any = None,
        secret_blocks: bool = False,
    ) -> None:
        super().__init__(url, session, secret_blocks)
        self.retention_days = int(retention_days)
        self.accept_unlocked = bool(accept_unlocked)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "retention_days": self.retention_days,
            "accept_unlocked": self.accept_unlocked,
            "secret_blocks": self.secret_blocks,  # the flag: each process loads the blocks itself
            "origin": self.shipped(),  # its copies in one process share one connection
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["url"],
            state["retention_days"],
            state["accept_unlocked"],
            secret_blocks=state.get("secret_blocks", False),
        )
        self.share(state.get("origin"))

    def __repr__(self) -> str:
        return f"EvidenceRoot({self.url!r}, retention_days={self.retention_days})"

    def archive(self) -> Archive:
        return Archive(
            url=self.url,
            bucket=self.bucket,
            prefix=self.prefix,
            retention_days=self.retention_days,
            accept_unlocked=self.accept_unlocked,
        )

    def opened(self) -> Store:
        """The bucket, its Object Lock checked once (refused when absent and not accepted)."""
        return self.conn.made("store", lambda: open_store(self.archive(), self.client))


def vault_root(
    root: Root | Path | str,
    retention_days: int | None = None,
    accept_unlocked: bool = False,
) -> Root:
    """The data root to keep evidence in: a local folder as it is; an ``s3://`` root as an
    ``EvidenceRoot`` with the settings' retention (required there)."""
    if isinstance(root, EvidenceRoot) or not is_s3(root):
        return root_of(root)
    if not retention_days:
        raise EvidenceError(
            f"data root {root_of(root).url}: evidence on object storage needs "
            "evidence_archive_retention_days (how long no one may delete or alter it)"
        )
    plain = root_of(root)
    blocks = getattr(plain, "secret_blocks", False)
    return EvidenceRoot(plain.url, retention_days, accept_unlocked, secret_blocks=blocks)


def vault_lock(root: Root | Path | str) -> AbstractContextManager[None]:
    """One sealer at a time per data root (a target's chain has one head): flock on
    ``evidence/.lock`` in a local folder (seal.evidence_lock's very file); on S3 a lease object
    at that key (storage/lease.py: created with If-None-Match, renewed and released with
    If-Match), written without retention so that it can be released."""
    store = root_of(root)
    if store.remote:
        return Lease(store, LOCK)
    return file_lock(store.location(LOCK))


def put_evidence(dest: ObjectPath, data: bytes | Path, now: datetime | None = None) -> bool:
    """Write one evidence object at ``dest`` once (``now``: when its retention starts; the
    machine's clock when not given); False if the key already holds an object. ``data``: the
    bytes, or a local file, sent as it is read."""
    root = dest.root
    if not isinstance(root, EvidenceRoot):
        raise EvidenceError(
            f"{dest}: evidence on {root.url} would not be locked: open the data root with "
            "vault_root(..., evidence_archive_retention_days)"
        )
    done = put_once(root.opened(), dest.rel, data, now or datetime.now(UTC))
    return done is not False


def put_evidence_exact(dest: ObjectPath, data: bytes | Path, now: datetime | None = None) -> bool:
    """``put_evidence``, where an object already there with these very bytes counts as written
    (a publish retried after a crash); False when it holds other bytes."""
    return put_evidence(dest, data, now) or holds(dest.root.opened(), dest.rel, data)


def is_remote(path: Any) -> bool:
    """Whether a vault path is an object on S3 (an ``ObjectPath``), not a local file."""
    return isinstance(path, ObjectPath)


def folder_glob(folder: Path | ObjectPath, pattern: str) -> list[Any]:
    """The files under ``folder`` matching ``pattern``, sorted; [] when there is no folder (an
    S3 "folder" is only a prefix: its listing is empty, nothing to test first)."""
    if isinstance(folder, Path) and not folder.exists():
        return []
    return sorted(folder.glob(pattern))


def read_bytes(path: Path | ObjectPath | str) -> bytes:
    """A vault file's bytes, local or on S3."""
    return path.read_bytes() if isinstance(path, ObjectPath) else Path(path).read_bytes()


def read_blocks(path: Path | ObjectPath | str, size: int = 1 << 20) -> Iterator[bytes]:
    """A vault file's bytes, ``size`` at a time, local or on S3 (one GET, never held whole)."""
    if isinstance(path, ObjectPath):
        yield from path.read_blocks(size)
        return
    with open(path, "rb") as fh:
        yield from iter(lambda: fh.read(size), b"")


def parquet_input(path: Path | ObjectPath) -> Any:
    """What ``pyarrow.parquet`` opens for ``path``: the path itself locally; on S3 a file of the
    root's ``pyarrow.fs`` (range reads: the footer and the columns asked for, not the whole)."""
    if not isinstance(path, ObjectPath):
        return path
    filesystem, base = path.root.arrow()
    return filesystem.open_input_file(f"{base}/{path.rel}")
