"""The one interface every source implements: it yields raw pages with their provenance.

A *page* is the unit a platform or a file hands over (an X API v2 response page, one JSONL line).
Parsing pages into records is the parser's job (tasks/parse.py), the same for every source, so the
synthetic source exercises exactly the code that reads real data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from config.targets import Target
from tasks.pages import RawPage

Gap = tuple[datetime, datetime, str]
"""A span [start, end) of a window a source could not collect, and why."""


def stamp(ts: datetime) -> str:
    """A time as the gap sentences write it: ``2026-11-17T12:02Z`` (seconds only when set)."""
    ts = ts.astimezone(UTC)
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ" if ts.second else "%Y-%m-%dT%H:%MZ")


def span(start: datetime, end: datetime) -> str:
    """``start → end``: the one form every "not collected" sentence uses, so the digest can
    read the spans back out of a run's ``error`` (tasks/digest/summary.py)."""
    return f"{stamp(start)} → {stamp(end)}"


def bounds(
    start: datetime | None, end: datetime | None, now: datetime, epoch: datetime
) -> tuple[datetime, datetime]:
    """The window [start, end) as a gap's two ends: an open start is the platform's ``epoch``
    (everything before), an open or future end is ``now``."""
    lo = start if start is not None else epoch
    hi = end if end is not None and end < now else now
    return lo, max(lo, hi)


@runtime_checkable
class Source(Protocol):
    name: str
    problems: list[str]
    """What went wrong in the last ``pages`` pass without stopping it, one sentence each; any
    makes the run ``partial`` (tasks/lifecycle.py). Every span not collected is named in one,
    as ``span(start, end)``."""
    gaps: list[Gap]
    """The spans of the last ``pages`` window that were not collected, and why (each also named
    in ``problems``)."""

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        """The window of posts this source can serve at ``now``: where a first nightly starts."""
        ...

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        """Pages for ``target`` whose posts fall in [start, end) (None: unbounded)."""
        ...

    def checkpoint(self, root: Path) -> None:
        """Persist what the last ``pages`` pass completed (a connector's per-query marks), once
        the flow has stored every page it yielded; a source that keeps no marks does nothing."""
        ...


class SourceBase:
    """What every source shares, so each satisfies ``Source`` whole: the last pass's
    ``problems`` and ``gaps`` (none until a pass records some), and a ``checkpoint`` that has
    nothing to persist. Connectors with marks override it (tasks/sources/connector.py)."""

    name = "source"

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.gaps: list[Gap] = []

    def gap(self, lo: datetime, hi: datetime, why: str) -> str:
        """Record [lo, hi) as not collected; the span as the problem sentences write it."""
        self.gaps.append((lo, hi, why))
        return span(lo, hi)

    def checkpoint(self, root: Path) -> None:
        return None
