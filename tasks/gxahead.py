"""great-expectations' validation of a large run's rows done in a process of its own, while the
run goes on parsing and storing (tasks.run_validation.RunValidation, ``ahead``): a large run's
load keeps about one core busy (its threads share the interpreter), and GX (its import, its
suite, the pandas frame it validates) took ~4 s of that core's time in a run of a million posts.

What is checked does not change: the helper runs ``gx_suite.gx_validate`` on the rows the run
would have validated itself (a pickled Polars frame: the same values) and answers with GX's
result, which the run compares with the row rules' counts exactly as before, before any valid
row is committed. A helper that fails, ends or leaves the run waiting WAIT_SECONDS for one
answer is stopped, and the run validates what it has not been answered itself (GX's own error,
if that was the failure, then stops the run with its message). Only an ephemeral GX context:
a run building Data Docs validates in its own context, once.
"""

from __future__ import annotations

import atexit
import queue
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.framed import receive, send

WAIT_SECONDS = 300  # the longest a run waits for the answer to one validation
HELPER = ["-m", "tasks.gxahead"]  # the helper's command line after the interpreter
_live: set[Checker] = set()


class Checker:
    """``python -m tasks.gxahead``: rows to validate in on its stdin (sent from a thread, so the
    run never waits for the helper to read them), GX's results out on its stdout, in order.
    A plain child process, not multiprocessing's (see tasks.evidence.sealahead)."""

    def __init__(self) -> None:
        # Run from the folder holding this package: ``-m`` puts it first on the helper's path,
        # so the helper runs this very code.
        self.proc = subprocess.Popen(
            [sys.executable, *HELPER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[1],
        )
        self.waiting: deque[Future[dict[str, Any]]] = deque()
        self.outbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.ended = False  # its answers are over: nothing more is sent
        threading.Thread(target=self._send, name="gx-ahead-send", daemon=True).start()
        threading.Thread(target=self._answers, name="gx-ahead", daemon=True).start()
        _live.add(self)

    def submit(self, rows: pl.DataFrame, now: datetime, skew: timedelta) -> Future[dict[str, Any]]:
        """GX's result over ``rows``, to come."""
        future: Future[dict[str, Any]] = Future()
        with self.lock:  # the answers come in the order the requests were queued
            if self.ended:
                future.set_exception(RuntimeError("the GX helper ended"))
                return future
            self.waiting.append(future)
            self.outbox.put((rows, now, skew))
        return future

    def close(self) -> None:
        """No more requests: the helper ends once it has answered those it has."""
        self.outbox.put(None)
        _live.discard(self)

    def kill(self) -> None:
        """Stop it now; whatever it has not answered fails (``_answers``)."""
        self.close()
        self.proc.kill()

    def _send(self) -> None:
        assert self.proc.stdin is not None
        try:
            while (request := self.outbox.get()) is not None:
                send(self.proc.stdin, request)
        except OSError:
            pass  # the helper ended: _answers fails what is still waiting
        finally:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def _answers(self) -> None:
        assert self.proc.stdout is not None
        while (answer := receive(self.proc.stdout)) is not None:
            ok, payload = answer
            with self.lock:
                future = self.waiting.popleft()
            if ok:
                future.set_result(payload)
            else:
                future.set_exception(RuntimeError(payload))
        with self.lock:
            self.ended = True
            while self.waiting:
                self.waiting.popleft().set_exception(RuntimeError("the GX helper ended"))
        self.proc.wait()


@atexit.register
def _stop() -> None:
    for checker in list(_live):
        checker.close()


def _serve() -> None:
    """The helper, until its input ends: each request validated and answered, in order."""
    from tasks.gx_suite import gx_validate

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while (request := receive(inp)) is not None:
        rows, now, skew = request
        try:
            answer: tuple[bool, Any] = (True, gx_validate(rows, now, skew, build_docs=False))
        except Exception as exc:
            answer = (False, f"{type(exc).__name__}: {exc}")
        del rows, request
        send(out, answer)


if __name__ == "__main__":
    _serve()
