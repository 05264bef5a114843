"""The data root as one interface, local folder or object storage (issue 16, point 1).

``root_of("data")`` is a ``LocalRoot``; ``root_of("s3://bucket/prefix")`` an ``S3Root``. Both
offer base.py's operations (read, whole writes, write-if-absent, replace-if-match, list, delete),
a pyarrow filesystem and Polars ``storage_options`` to read tables in place, and ``lease()``: the
root's one-writer rule (flock locally, a lease object on S3: lease.py).
"""

from __future__ import annotations

from pathlib import Path

from tasks.storage.base import Root, StorageError, Tagged
from tasks.storage.lease import Lease, LeaseLost
from tasks.storage.local import LocalRoot
from tasks.storage.s3 import ObjectPath, S3Root, is_s3

__all__ = [
    "Lease",
    "LeaseLost",
    "LocalRoot",
    "ObjectPath",
    "Root",
    "S3Root",
    "StorageError",
    "Tagged",
    "is_s3",
    "root_of",
]


def root_of(root: Root | Path | str) -> Root:
    """The data root named by ``root``: itself when already one, an S3 root for ``s3://...``,
    else a local folder."""
    if isinstance(root, Root):
        return root
    if is_s3(root):
        return S3Root(str(root))
    return LocalRoot(root)
