"""Reading ahead: a generator's next items made in a thread while the caller works on the last ones.

A run's pages are received, then kept (each segment of the evidence copy written and flushed
before its pages go on), then parsed. Writing a segment is mostly compression and ``fsync`` (or a
PUT on an s3:// root), which release the GIL; the parse is Python that holds it. Run one after the
other they add up; with ``read_ahead`` the next segment is received and kept while the pages of
the last one are parsed. Nothing changes in what each stage does or in its order for a page: a
page still reaches the caller only after ``keep_pages`` let it go, i.e. after its segment is on
disk.

The thread holds at most ``max_bytes`` of items the caller has not taken yet (and always at
least one, however large), so memory stays bounded. An error of the generator reaches the
caller after every item made before it, as it would without the thread. If the caller stops
early (an error downstream, or it closes the iterator), the thread is told to stop: it finishes
the step it is in, closes the generator in its own thread, and is waited for before the
caller's error goes on, so that nothing is left writing behind it.
"""

from __future__ import annotations

import contextvars
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


def read_ahead(
    items: Iterable[T], size: Callable[[T], int], max_bytes: int, name: str = "read-ahead"
) -> Iterator[T]:
    """``items``, in order, made by a thread of their own up to ``max_bytes`` (by ``size``)
    ahead of the caller. The thread runs in a copy of the caller's context (Prefect's run
    context and loggers included)."""
    queue: deque[tuple[object, T | None, BaseException | None, int]] = deque()
    state = {"bytes": 0, "stop": False}
    cond = threading.Condition()

    def produce() -> None:
        it = iter(items)
        try:
            while True:
                with cond:
                    while state["bytes"] >= max_bytes and queue and not state["stop"]:
                        cond.wait()
                    if state["stop"]:
                        break
                try:
                    item = next(it)
                except StopIteration:
                    with cond:
                        queue.append((_DONE, None, None, 0))
                        cond.notify_all()
                    return
                except BaseException as exc:  # noqa: BLE001 - handed to the caller, in order
                    with cond:
                        queue.append((_DONE, None, exc, 0))
                        cond.notify_all()
                    return
                n = size(item)
                with cond:
                    queue.append((None, item, None, n))
                    state["bytes"] += n
                    cond.notify_all()
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()  # the generator's own cleanup, in the thread that ran it

    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(produce,), name=name, daemon=True)
    thread.start()
    try:
        while True:
            with cond:
                while not queue:
                    cond.wait()
                mark, item, error, n = queue.popleft()
                if mark is _DONE:
                    if error is not None:
                        raise error
                    return
                state["bytes"] -= n
                cond.notify_all()
            yield item  # type: ignore[misc]
            del item
    finally:
        with cond:
            state["stop"] = True
            queue.clear()
            cond.notify_all()
        thread.join()
