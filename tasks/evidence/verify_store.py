"""How `tocsin verify` reads a vault on either kind of data root (issue 16, point 3).

A local folder is read as it always was. An ``s3://bucket/prefix`` root is wrapped in a
``ListedRoot``: everything under ``evidence/`` is listed ONCE when the verification starts, and
every existence test and folder listing is answered from that list (no HeadObject or listing per
file), and each object is fetched once: the small files every check reads again (manifest
folders, key and certificate copies) are fetched ten at a time up front and kept in memory (up
to 64 MB), a segment or media file when its check reads it. The wrapper remembers which
evidence objects were read: those are the objects verify checked, whose lock and retention
verify_locks.py then reads with HeadObject.

The small ``Path`` manners the checks use that an ``ObjectPath`` lacks (``is_file``, ``stem``,
``iterdir``...) are here as functions answering for both.
"""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cryptography import x509

from tasks.errors import ConfigError
from tasks.evidence import tsa
from tasks.evidence.vaultstore import is_remote
from tasks.storage import LocalRoot, ObjectPath, Root, S3Root, is_s3, root_of

EVIDENCE = "evidence"
CACHE_BYTES = 64 << 20  # of small evidence files kept for the checks that read them again
_PREFETCHED = tuple(f"{EVIDENCE}/{d}/" for d in ("manifests", "keys", "tsa"))
_GETS_AT_ONCE = 10  # botocore keeps 10 connections


def _read_once(rel: str) -> bool:
    """A kept segment or a media file: the big objects, which one check reads once."""
    return rel.endswith(".parquet") or "/files/" in rel


class ListedRoot(S3Root):
    """An S3 data root read by a verification: ``evidence/`` listed once, reads recorded."""

    def __init__(self, root: S3Root) -> None:
        super().__init__(root.url, root.session)
        self.origin = root
        self.sizes = self._listing()
        self.keys = sorted(self.sizes)
        self.known = set(self.keys)
        self.read_keys: set[str] = set()
        self.cache: dict[str, bytes] = {}
        self.cached = 0
        self.prefetched = False

    def _listing(self) -> dict[str, int]:
        """{key under the root: size} of every object under ``evidence/``."""
        from botocore.exceptions import BotoCoreError, ClientError

        sizes: dict[str, int] = {}
        try:
            pages = self.client.get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.bucket, Prefix=self.key(f"{EVIDENCE}/")):
                for o in page.get("Contents") or []:
                    sizes[o["Key"][len(self.base) :]] = int(o.get("Size") or 0)
        except (BotoCoreError, ClientError) as exc:
            raise self.fail(EVIDENCE, "list it", exc) from None
        return sizes

    def prefetch(self) -> None:
        """Fetch the small files every verification reads (manifest folders, key and
        certificate copies) several at a time, up to the cache's budget: on a remote store each
        GET is a round trip, and read one after the other they would be most of the time."""
        if self.prefetched:
            return
        self.prefetched = True
        wanted: list[str] = []
        budget = CACHE_BYTES
        for rel in self.keys:
            if rel.startswith(_PREFETCHED) and not _read_once(rel) and self.sizes[rel] <= budget:
                wanted.append(rel)
                budget -= self.sizes[rel]
        with ThreadPoolExecutor(_GETS_AT_ONCE) as pool:
            for rel, data in zip(wanted, pool.map(super().read, wanted), strict=True):
                if data is not None:
                    self.cache[rel] = data
                    self.cached += len(data)

    def __repr__(self) -> str:
        return f"ListedRoot({self.url!r})"

    def list(self, prefix: str = "") -> list[str]:
        rel = prefix.strip("/")
        if rel != EVIDENCE and not rel.startswith(f"{EVIDENCE}/"):
            return super().list(prefix)
        start = f"{rel}/"
        lo = bisect.bisect_left(self.keys, start)
        hi = bisect.bisect_left(self.keys, start[:-1] + "0")  # "0" sorts right after "/"
        return self.keys[lo:hi]

    def exists(self, rel: str) -> bool:
        if rel.startswith(f"{EVIDENCE}/"):
            return rel in self.known
        return super().exists(rel)

    def read(self, rel: str) -> bytes | None:
        if not rel.startswith(f"{EVIDENCE}/"):
            return super().read(rel)
        if rel not in self.known:
            return None  # not there when the verification started: not part of what it checks
        if rel in self.cache:
            self.read_keys.add(rel)
            return self.cache[rel]
        data = super().read(rel)
        if data is None:
            return None
        self.read_keys.add(rel)
        # The small files are read by several checks (a manifest folder's by the chain, the
        # signature, the checksums, the records; a key copy once a manifest): kept here, each
        # is fetched once. Segments and media files are read once anyway.
        if not _read_once(rel) and self.cached + len(data) <= CACHE_BYTES:
            self.cache[rel] = data
            self.cached += len(data)
        return data

    def read_blocks(self, rel: str, size: int) -> Iterator[bytes] | None:
        """``read`` a block at a time: a small or cached file from the cache (one GET for all
        the checks that read it), a big one as its GET sends it (a 10M-post manifest's
        records.txt is 650 MB), never cached."""
        if not rel.startswith(f"{EVIDENCE}/"):
            return super().read_blocks(rel, size)
        if rel not in self.known:
            return None
        if rel in self.cache or self.sizes[rel] <= CACHE_BYTES - self.cached:
            data = self.read(rel)
            return None if data is None else (data[i : i + size] for i in range(0, len(data), size))
        blocks = super().read_blocks(rel, size)
        if blocks is not None:
            self.read_keys.add(rel)
        return blocks


def reading_root(root: Root | Path | str) -> Any:
    """The data root as the checks read it: a local folder as a ``Path`` (a ``LocalRoot``'s
    own), an S3 root listed once."""
    if isinstance(root, LocalRoot):
        return root.path
    if not is_s3(root):
        return root
    vault = root if isinstance(root, ListedRoot) else ListedRoot(root_of(root))  # type: ignore[arg-type]
    vault.prefetch()
    return vault


def listed(root: Any) -> ListedRoot | None:
    return root if isinstance(root, ListedRoot) else None


def present(folder: Any) -> bool:
    """Whether a vault folder holds anything (on S3 a folder is only a prefix of keys)."""
    if is_remote(folder):
        return bool(folder.root.list(folder.rel))
    return bool(folder.exists())


def is_file(path: Any) -> bool:
    return bool(path.exists()) if is_remote(path) else bool(path.is_file())


def stem(path: Any) -> str:
    if is_remote(path):
        name = str(path.name)
        return name.rsplit(".", 1)[0] if "." in name[1:] else name
    return str(path.stem)


def name_matches(path: Any, pattern: str) -> bool:
    """``Path.match`` of a one-part pattern: the file's name against ``pattern``."""
    if is_remote(path):
        return fnmatch.fnmatchcase(str(path.name), pattern)
    return bool(path.match(pattern))


def children(folder: Any) -> list[Any]:
    """A folder's entries: ``iterdir`` locally (in its order); on S3 the first key part of
    every key under it, sorted."""
    if not is_remote(folder):
        return list(folder.iterdir())
    cut = len(folder.rel) + 1 if folder.rel else 0
    names = sorted({key[cut:].split("/", 1)[0] for key in folder.root.list(folder.rel)})
    return [folder / n for n in names]


def files_under(folder: Any) -> list[Any]:
    """Every file anywhere under ``folder``: ``rglob("*")`` less the folders locally (in its
    order); on S3 every key under it, sorted."""
    if is_remote(folder):
        return [ObjectPath(folder.root, key) for key in folder.root.list(folder.rel)]
    return [p for p in folder.rglob("*") if p.is_file()]


def subfolders(root: Any, rel: str) -> list[str]:
    """The names of the folders right under ``rel`` of the data root (a table's partitions):
    on S3 one delimited listing, not every key of the table."""
    if not is_s3(root):
        base = Path(root) / rel
        return [p.name for p in base.iterdir() if p.is_dir()] if base.exists() else []
    store = root_of(root)
    assert isinstance(store, S3Root)
    start = store.key(f"{rel.strip('/')}/")
    names: list[str] = []
    pages = store.client.get_paginator("list_objects_v2")
    for page in pages.paginate(Bucket=store.bucket, Prefix=start, Delimiter="/"):
        names += [p["Prefix"][len(start) :].rstrip("/") for p in page.get("CommonPrefixes") or []]
    return names


def has_objects(root: Any, rel: str) -> bool:
    """Whether anything is kept under ``rel`` of the data root (on S3: one key asked for)."""
    if not is_s3(root):
        return (Path(root) / rel).exists()
    store = root_of(root)
    assert isinstance(store, S3Root)
    got = store.client.list_objects_v2(
        Bucket=store.bucket, Prefix=store.key(f"{rel.strip('/')}/"), MaxKeys=1
    )
    return bool(got.get("Contents"))


def load_ca(path: Any) -> list[x509.Certificate]:
    """tsa.load_ca, for a vault's CA copy on either root."""
    if not is_remote(path):
        return tsa.load_ca(path)
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"TSA CA file not found: {path}") from None
    except ValueError as exc:
        raise ConfigError(f"TSA CA file {path} holds no PEM certificate: {exc}") from None
