"""The seal's read-back of each segment (readback.read_part), started as soon as the segment is
kept, in a process of its own: a large run's load keeps about one core busy (its threads share
the interpreter), and the read-back is nearly all of a seal's work (docs/benchmarks.md, "2026-12-06,
night"). The seal then takes the part read for a segment if the file is still the one read
(rawstore.segment_identity: path, size, modification time, inode), and reads it itself otherwise.

Nothing changes in what is sealed: the helper reads the segment from disk after it was published,
as the seal would, and a segment it could not read (an altered page, an error) is read again by
the seal, which then says why it stops. Only runs that fill a first segment start the helper
(its start costs ~1 s of CPU on the idle core); a run's parts stay in the helper, compactly (64
bytes a record), until its seal asks for them; the helper stops when none is pending, and is
stopped if it leaves the seal waiting WAIT_SECONDS for one part (the seal then reads the rest
itself). Local roots only.
"""

from __future__ import annotations

import atexit
import logging
import pickle
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from tasks.evidence import merkle
from tasks.evidence.rawstore import segment_identity
from tasks.evidence.readback import Part, read_part
from tasks.evidence.vaultstore import is_remote

log = logging.getLogger("tocsin.evidence")

WAIT_SECONDS = 120  # the longest the seal waits for one segment's part
HELPER = ["-m", "tasks.evidence.sealahead"]  # the helper's command line after the interpreter
_lock = threading.Lock()
_helper: list[_Helper] = []  # the helper, while one runs
_pending: dict[tuple[str, str, tuple[str, ...]], tuple[_Helper, Future[Any]]] = {}


class _Helper:
    """``python -m tasks.evidence.sealahead``: requests in on its stdin, answers out on its
    stdout, in order, each a length and a pickle (between this process and its own child only).
    A plain child process, not multiprocessing's: a spawned worker imports the parent's main
    module again (the CLI, and Prefect with it), and a forked one inherits locks the parent's
    threads hold."""

    def __init__(self) -> None:
        # Run from the folder holding this package: ``-m`` puts it first on the helper's path,
        # so the helper runs this very code (the paths it is sent are absolute).
        self.proc = subprocess.Popen(
            [sys.executable, *HELPER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[2],
        )
        self.waiting: deque[Future[Any]] = deque()
        threading.Thread(target=self._answers, name="seal-ahead", daemon=True).start()

    def submit(self, *request: Any) -> Future[Any]:
        future: Future[Any] = Future()
        assert self.proc.stdin is not None
        self.waiting.append(future)  # under _lock, as every submit
        _send(self.proc.stdin, request)
        return future

    def kill(self) -> None:
        """Stop it now; whatever it was asked and has not answered fails (``_answers``)."""
        self.close()
        self.proc.kill()

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()  # the helper ends at the end of its input

    def _answers(self) -> None:
        assert self.proc.stdout is not None
        while (answer := _receive(self.proc.stdout)) is not None:
            ok, payload = answer
            future = self.waiting.popleft()
            if ok:
                future.set_result(payload)
            else:
                future.set_exception(RuntimeError(payload))
        while self.waiting:  # the helper ended: the seal reads the rest itself
            self.waiting.popleft().set_exception(RuntimeError("the seal-ahead helper ended"))
        self.proc.wait()


def start(root: Any, segment: Any, target: str, *, full: bool) -> None:
    """Read ``segment`` back in the helper; ``full``: the run filled it, so the helper may start
    (a run's last, partial segment is read there only if the helper already runs)."""
    if is_remote(segment):
        return
    key = (str(root), target, segment_identity(segment))
    with _lock:
        try:
            if not _helper:
                if not full:
                    return
                _helper.append(_Helper())
            request = ("read", str(Path(root).resolve()), str(Path(segment).resolve()), target)
            _pending[key] = (_helper[0], _helper[0].submit(*request))
        except Exception as exc:  # a helper that cannot start or died: the seal reads itself
            log.debug("seal ahead: %s not submitted (%s)", segment, exc)


def take(root: Any, segment: Any, target: str) -> Part | None:
    """The part read ahead for ``segment`` if the file is still the one read, waiting for it if
    needed; None otherwise (the seal reads it)."""
    if is_remote(segment):
        return None
    key = (str(root), target, segment_identity(segment))
    with _lock:
        helper, read = _pending.pop(key, (None, None))
    if helper is None or read is None:
        return None
    try:
        # The segments are read in order, so this waits for about one segment's read-back: a
        # helper that takes far longer is stuck, and is stopped (the seal reads the rest itself).
        read.result(timeout=WAIT_SECONDS)
        # The part crosses over only now: held by the helper until the seal asks, it was not
        # in this process's memory while it scored.
        with _lock:
            given = helper.submit("give", str(Path(segment).resolve()))
        compact = given.result(timeout=WAIT_SECONDS)
    except TimeoutError:
        log.warning("seal ahead: no answer for %s in %d s; reading it here", segment, WAIT_SECONDS)
        _abandon()
        return None
    except Exception as exc:  # read again by the seal, which says what is wrong
        log.debug("seal ahead: %s not read ahead (%s)", segment, exc)
        return None
    finally:
        _stop_if_idle()
    return _part(compact)


def drop(root: Any, target: str) -> None:
    """Forget what is still pending for ``target`` under ``root``: what a run that stopped
    before its seal read ahead (after a seal, nothing is)."""
    with _lock:
        for key in [k for k in _pending if k[0] == str(root) and k[1] == target]:
            del _pending[key]
    _stop_if_idle()


def helper_pid() -> int | None:
    """The helper's process id, while one runs."""
    with _lock:
        return _helper[0].proc.pid if _helper else None


def pending() -> int:
    """How many segments are read ahead and not yet taken (0 with no helper running)."""
    with _lock:
        return len(_pending) if _helper else 0


def _abandon() -> None:
    with _lock:
        _pending.clear()
        while _helper:
            _helper.pop().kill()


def _stop_if_idle() -> None:
    with _lock:
        if _helper and not _pending:
            _helper.pop().close()


@atexit.register
def _stop() -> None:
    with _lock:
        _pending.clear()
        while _helper:
            _helper.pop().close()


def _send(out: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "big") + data)
    out.flush()


def _receive(inp: IO[bytes]) -> Any:
    """The next object ``_send`` wrote; None at the end of the stream."""
    head = inp.read(8)
    if len(head) < 8:
        return None
    data = inp.read(int.from_bytes(head, "big"))
    return pickle.loads(data)  # noqa: S301 - written by this module's other end only


def _serve() -> None:
    """The helper, until its input ends: ``read`` a segment back and keep its part (answered
    when done), ``give`` a part kept (and forget it). Every request is answered, in order."""
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    kept: dict[str, tuple[Any, ...]] = {}
    while (request := _receive(inp)) is not None:
        try:
            if request[0] == "read":
                _, root, segment, target = request
                kept[segment] = _read(Path(root), Path(segment), target)
                answer: tuple[bool, Any] = (True, None)
            else:
                answer = (True, kept.pop(request[1]))
        except Exception as exc:
            answer = (False, f"{type(exc).__name__}: {exc}")
        _send(out, answer)


def _read(root: Path, segment: Path, target: str) -> tuple[Any, ...]:
    """In the helper: ``read_part``, its lists of hashes joined (one object, not a million)."""
    p = read_part(root, segment, target)
    return (
        p.entry,
        p.run,
        p.pages_jsonl,
        b"".join(p.page_leaves),
        p.record_sha256,
        p.record_leaves,
        p.sources,
        p.retrieved,
        p.dates,
    )


def _part(compact: tuple[Any, ...]) -> Part:
    (
        entry,
        run,
        pages_jsonl,
        page_leaves,
        record_sha256,
        record_leaves,
        sources,
        retrieved,
        dates,
    ) = compact
    return Part(
        entry,
        run=run,
        pages_jsonl=pages_jsonl,
        page_leaves=merkle.split_hashes(page_leaves),
        record_sha256=record_sha256,
        record_leaves=record_leaves,
        sources=sources,
        retrieved=retrieved,
        dates=dates,
    )


if __name__ == "__main__":
    _serve()
