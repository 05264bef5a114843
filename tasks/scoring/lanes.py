"""Threads that keep the scorer's regexes compiled between calls.

Polars compiles a regex the first time a thread uses it and keeps the last 32 per thread. The
scorer uses about a hundred (each chunk's anchors and rules, the neutralizers and what gates
them): from one thread, or from Polars' pool, every call compiled them all
again, ~10-20 ms for each union of rules, about half a second a call (measured; most of the
fixed cost of scoring one target's posts). So each family of regexes runs in its own thread (a
"lane", fewer than 32 regexes each), where it stays compiled; two lanes of a family can also
run at the same time, on two cores (Polars releases the interpreter lock while it matches).
The work given to a lane must be Series operations or single-expression selects: a select of
several expressions would be spread over Polars' pool again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_LANES: dict[str, ThreadPoolExecutor] = {}
_LOCK = threading.Lock()


def run(name: str, fn: Callable[..., T], *args: object) -> Future[T]:
    """``fn(*args)`` in the lane ``name`` (one thread, created on first use)."""
    with _LOCK:
        pool = _LANES.get(name)
        if pool is None:
            pool = _LANES[name] = ThreadPoolExecutor(1, thread_name_prefix=f"tocsin-{name}")
    return pool.submit(fn, *args)


def _forget() -> None:
    # A forked child has none of its parent's threads: it starts its own lanes.
    global _LOCK
    _LANES.clear()
    _LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget)
