"""How long work says how far it got: pages read, records stored, manifests checked, targets
done, and the rate-limit waits with their reason and end.

The tasks call ``bar(...)`` at their natural loop points and ``waiting(...)`` around a sleep;
what that shows depends on the reporter installed in the process. The default shows nothing
(Prefect workers, tests, any library use); the ``tocsin`` command installs a terminal one
(flows/console.py: rich bars on a terminal, a plain line now and then otherwise). A reporter is
only ever the installing process's: a worker process started by fork sees the silent default,
so it never draws over its parent's bars (Prefect's process pool spawns, where this holds
anyway). Worker processes report per target through their parent (flows/workers.py).

Only labels built from settings (target and source names), counts and times go through here:
never a post's text or a platform's words.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TypeVar

T = TypeVar("T")


class Bar:
    """One unit of work being counted: ``done`` of ``total`` (None: not known in advance)
    ``unit`` (a phrase such as "pages read"), other counts, and the stage it is in."""

    def __init__(self, reporter: Reporter, label: str, total: int | None, unit: str) -> None:
        self.reporter, self.label, self.total, self.unit = reporter, label, total, unit
        self.done = 0
        self.counts: dict[str, int] = {}
        self.stage_now = ""
        self.started = reporter.clock()
        self.closed = False

    def advance(self, n: int = 1, **counts: int) -> None:
        """``n`` more units done; ``counts`` replace the other counts shown (records=...)."""
        self.done += n
        self.counts.update(counts)
        self.reporter.changed(self)

    def stage(self, what: str) -> None:
        """The unit is now doing ``what`` (scoring, sealing...), with no count of its own."""
        self.stage_now = what
        self.reporter.changed(self)

    def count(self, items: Iterable[T], by: Callable[[T], int] | None = None) -> Iterator[T]:
        """``items`` unchanged, each counted (as ``by(item)`` units if given) once the
        consumer is done with it and asks for the next."""
        for item in items:
            n = by(item) if by else 1
            yield item
            self.advance(n)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.reporter.finished(self)

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def so_far(self) -> str:
        """ "120 of 450 pages read", "120 pages read"."""
        done = f"{self.done:,} of {self.total:,}" if self.total is not None else f"{self.done:,}"
        return f"{done} {self.unit}"

    def counts_text(self) -> str:
        return ", ".join(f"{v:,} {k}" for k, v in self.counts.items())


def duration(seconds: float) -> str:
    """A wait as a person reads it: "45 s", "15 min", "1 h 05 min"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def wait_line(reason: str, until: datetime, seconds: float, bar: Bar | None) -> str:
    """ "X rate limit: waiting until 14:32:05 UTC (15 min), 120 of 450 pages read (demo/x)"."""
    line = f"{reason}: waiting until {until.astimezone(UTC):%H:%M:%S} UTC ({duration(seconds)})"
    if bar is not None:
        line += f", {bar.so_far()} ({bar.label})"
    return line


class Reporter:
    """Shows nothing: the default. Subclasses override ``opened``, ``changed``, ``finished``,
    ``wait``, ``waited`` and ``close``; the open bars are kept here, newest last."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.bars: list[Bar] = []
        self.pid = os.getpid()

    def bar(self, label: str, total: int | None = None, unit: str = "done") -> Bar:
        bar = Bar(self, label, total, unit)
        if self is not _SILENT:  # nobody asks the silent one: a long-lived worker keeps none
            self.bars.append(bar)
        self.opened(bar)
        return bar

    def innermost(self) -> Bar | None:
        """The bar opened last and still open: the work a wait holds up."""
        return self.bars[-1] if self.bars else None

    def opened(self, bar: Bar) -> None:
        pass

    def changed(self, bar: Bar) -> None:
        pass

    def finished(self, bar: Bar) -> None:
        if bar in self.bars:
            self.bars.remove(bar)

    def wait(self, reason: str, until: datetime, seconds: float) -> None:
        pass

    def waited(self) -> None:
        pass

    def close(self) -> None:
        """The command is done: close what a failure left open."""
        for bar in list(self.bars):
            bar.close()


class PlainReporter(Reporter):
    """Lines, not bars, for a log that is not a terminal (CI, ``| tee``, a service's journal):
    every wait at once, and where each unit of work is at most every ``every`` seconds, so a
    quick command prints nothing more and a long one is never silent for long."""

    def __init__(
        self,
        write: Callable[[str], None] | None = None,
        every: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(clock)
        self.write = write or (lambda line: print(line, file=sys.stderr, flush=True))
        self.every = every
        self.last_line = clock()

    def _line(self, bar: Bar) -> str:
        text = f"{bar.label}: {bar.so_far()}"
        if bar.counts:
            text += f", {bar.counts_text()}"
        if bar.stage_now:
            text += f"; {bar.stage_now}"
        return f"{text} ({duration(self.clock() - bar.started)})"

    def changed(self, bar: Bar) -> None:
        if self.clock() - self.last_line >= self.every:
            self.last_line = self.clock()
            self.write(self._line(bar))

    def finished(self, bar: Bar) -> None:
        super().finished(bar)
        if self.clock() - bar.started >= self.every:  # said before: say how it ended
            self.write(self._line(bar) + " done")

    def wait(self, reason: str, until: datetime, seconds: float) -> None:
        self.last_line = self.clock()
        self.write(wait_line(reason, until, seconds, self.innermost()))


_SILENT = Reporter()
_installed: Reporter = _SILENT


def current() -> Reporter:
    """The process's reporter (the silent one in a process that did not install its own)."""
    return _installed if _installed.pid == os.getpid() else _SILENT


def bar(label: str, total: int | None = None, unit: str = "done") -> Bar:
    """A unit of work to count, shown by the installed reporter; close it when done."""
    return current().bar(label, total, unit)


@contextmanager
def waiting(reason: str, until: datetime, seconds: float) -> Iterator[None]:
    """Around a sleep: the reporter shows why and until when, then that the work resumed."""
    reporter = current()
    reporter.wait(reason, until, seconds)
    try:
        yield
    finally:
        reporter.waited()


@contextmanager
def installed(reporter: Reporter) -> Iterator[Reporter]:
    """``reporter`` shows this process's progress until the block ends, then is closed."""
    global _installed
    before, _installed = _installed, reporter
    try:
        yield reporter
    finally:
        _installed = before
        reporter.close()
