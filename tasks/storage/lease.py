"""One writer at a time on a data root without a lock server (issue 16, point 2): a lease object
(``<root>/.lock``) the store's own conditional writes hand to one holder at a time.

Taking it is a ``create`` (S3: PUT with ``If-None-Match: *``): of two writers, the store accepts
one and refuses the other (412), who waits and tries again. The lease names its holder and how
long it lasts (``ttl``); its holder renews it (``replace`` with ``If-Match`` on the ETag it holds)
every third of that while the block runs. A lease older than its ttl, by the store's own clock
(S3: its Date header against the object's Last-Modified, so no two machines' clocks are
compared), belongs to a holder that died: it is taken over with ``If-Match`` on the ETag read,
which again lets exactly one contender win. Leaving the block deletes the lease, only if it is
still the version this holder wrote (``If-Match``).

A holder that could not renew in time (paused longer than the ttl) has lost the lease, and
another writer may have taken it: the block then ends with ``LeaseLost``, naming the lease, so the
run fails instead of claiming a clean write.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from types import TracebackType

from tasks.storage.base import Root, StorageError

LEASE_KEY = ".lock"
TTL = 60.0
"""Seconds a lease lasts without renewal (renewed every TTL/3 while held)."""
POLL = (0.05, 1.0)
"""First and longest wait between two tries to take a held lease (doubling)."""


class LeaseLost(StorageError):
    """The lease expired while held (its holder could not renew it): another writer may have
    written meanwhile."""


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class Lease:
    """``with Lease(root): ...``: the block runs while this process holds ``root``'s lease."""

    def __init__(self, root: Root, key: str = LEASE_KEY, ttl: float = TTL) -> None:
        self.root, self.key, self.ttl = root, key, float(ttl)
        self.holder = holder_name()
        self.tag: str | None = None
        self.lost = False
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def body(self) -> bytes:
        """The lease's content. Each write has its own nonce: S3's ETag is the body's MD5, and a
        renewal with the same bytes would keep the ETag a contender read as stale, letting its
        If-Match take over a lease just renewed."""
        content = {"holder": self.holder, "ttl": self.ttl, "nonce": uuid.uuid4().hex}
        return json.dumps(content, sort_keys=True).encode()

    def try_take(self) -> bool:
        """One attempt: take a free lease, or a stale one over its ETag."""
        tag = self.root.create(self.key, self.body())
        if tag is None:
            found = self.root.read_tagged(self.key)
            if found is None:
                return False  # released meanwhile: the next attempt creates it
            try:
                ttl = float(json.loads(found.data)["ttl"])
            except (ValueError, KeyError, TypeError):
                ttl = self.ttl  # not a lease this code wrote: judged by our own ttl
            if found.age <= ttl:
                return False
            tag = self.root.replace(self.key, self.body(), found.tag)
            if tag is None:
                return False
        self.tag = tag
        return True

    def acquire(self) -> None:
        wait = POLL[0]
        while not self.try_take():
            time.sleep(wait)
            wait = min(wait * 2, POLL[1])
        self.lost = False
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, name="tocsin-lease", daemon=True)
        self._renewer.start()

    def renew(self) -> bool:
        """Extend the lease (a new version over the one held, ``If-Match``); False, and the
        lease counts as lost, when the store holds another version by now."""
        tag = self.root.replace(self.key, self.body(), self.tag or "")
        if tag is None:
            self.lost = True
            return False
        self.tag = tag
        return True

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                if not self.renew():
                    return
            except StorageError:
                continue  # the store is unreachable: try again, the lease still has time

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
            self._renewer = None
        if not self.lost and self.tag is not None:
            self.lost = not self.root.delete(self.key, self.tag)
        self.tag = None
        if self.lost:
            raise LeaseLost(
                f"{self.root}: the lease {self.key} expired while this process held it and "
                "another writer may have taken it; run the command again"
            )

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.release()
        except LeaseLost:
            if exc is None:
                raise
