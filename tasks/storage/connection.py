"""What an s3:// root opens on first use, and how copies of one root share it in a process.

A root opens a boto3 session and client (~10 MB: botocore's service model), and an evidence
root its vault store besides. Dask and Prefect's Dask runner ship the settings with every task
they submit, so a worker unpickles one copy of the data root per task and keeps it as long as the
task's future lives: with a night's targets all submitted at once, that was one session per
target, ~7-10 MB each, held until the last target ended (benchmarks/load.py; measured with one
worker: 30 targets at once 906 MB, 563 MB once the copies shared one connection). So a root, when
first pickled, takes an ``origin`` token that its copies carry; the copies unpickled in one
process share one ``Connection`` per origin, kept while one of them lives (a weak mapping).
Roots made separately never share: each has its own origin, and so its own AWS variables' reading
(tests start one S3 server after another in one process).
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable
from typing import Any


class Connection:
    """A root's boto3 session, client and (an evidence root's) vault store, each made once, under
    a (re-entrant) lock: copies sharing it may run in several threads (boto3's clients are thread-safe, making
    them from one session is not)."""

    __slots__ = ("__weakref__", "_lock", "client", "session", "store")

    def __init__(self, session: Any = None) -> None:
        self.session, self.client, self.store = session, None, None
        self._lock = threading.RLock()  # the client is made from the session, the store from both

    def made(self, slot: str, make: Callable[[], Any]) -> Any:
        """The value of ``slot`` (session, client or store), made by ``make`` the first time."""
        value = getattr(self, slot)
        if value is None:
            with self._lock:
                value = getattr(self, slot)
                if value is None:
                    value = make()
                    setattr(self, slot, value)
        return value


_shared: weakref.WeakValueDictionary[str, Connection] = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def new_origin() -> str:
    return uuid.uuid4().hex


def shared(origin: str) -> Connection:
    """The connection of this process's copies of the root that took ``origin``."""
    with _shared_lock:
        conn = _shared.get(origin)
        if conn is None:
            conn = _shared[origin] = Connection()
        return conn
