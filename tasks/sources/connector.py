"""The skeleton every platform connector shares, written once.

A connector (x_api.py, mastodon.py, bluesky.py) is a ``Connector``: one HTTP client built from the
settings (tasks/sources/http.py), the per-query marks (state.Progress) persisted at ``checkpoint``,
and a pass made of named steps, one per query. A refused query (``QueryRejected``) costs that
query only: its whole window is named in ``problems`` and ``gaps`` and the next step runs. A
``StopCollecting`` (X's read budget) ends the pass; the connector names what was left.

Each paginated query walks its pages newest first with a ``Pass``: the newest id it saw (the next
mark), its oldest post (below which a pass cut short left a hole), the cursors already handed out
(a server repeating one must not keep us forever), and the same sentences for a pass cut short.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from config.settings import Settings
from config.targets import Target
from tasks.errors import QueryRejected
from tasks.formats.fields import parse_timestamp
from tasks.pages import RawPage
from tasks.sources.base import SourceBase, bounds
from tasks.sources.fetched import Fetched
from tasks.sources.http import Client, utcnow
from tasks.sources.state import Mark, Progress, newer

MAX_PAGES = 10_000  # a server that keeps handing out cursors must not keep us forever

Step = tuple[str, Callable[[], Iterator[RawPage]]]
"""One query of a pass: its key (``notifications``, ``quotes:ID``…) and what yields its pages."""


class StopCollecting(Exception):
    """No more requests in this pass (X: the monthly read budget is spent). ``key`` is the query
    cut short, ``lo``..``hi`` what of its window it did not reach (pages come newest first)."""

    def __init__(
        self, key: str | None = None, lo: datetime | None = None, hi: datetime | None = None
    ) -> None:
        super().__init__(key)
        self.key, self.lo, self.hi = key, lo, hi


def older(oldest: datetime | None, created: Any) -> datetime | None:
    """The older of ``oldest`` and a post's timestamp (unreadable ones are skipped)."""
    if not isinstance(created, str):
        return oldest
    try:
        ts = parse_timestamp(created)
    except ValueError:
        return oldest
    return ts if oldest is None or ts < oldest else oldest


class Connector(SourceBase):
    """A platform source: the client, the marks, the steps of a pass."""

    epoch: datetime
    """The platform's first day: an open window's start, "everything before" in a gap."""
    base_url_setting: str = ""

    def __init__(
        self,
        target: Target,
        settings: Settings,
        *,
        base_url: str = "",
        client: Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utcnow,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """The client is ``client``, else one for ``base_url`` with the settings' HTTP
        timeout, retries and longest wait."""
        super().__init__()
        self.settings, self.clock = settings, clock
        self.client = client or Client.for_settings(
            settings.http,
            platform=self.name,
            base_url=base_url,
            base_url_setting=self.base_url_setting,
            sleep=sleep,
            clock=clock,
            transport=transport,
        )
        self.progress = Progress(settings.data_dir, target.name, self.name)
        self.window: tuple[datetime | None, datetime | None] = (None, None)

    def checkpoint(self, root: Path) -> None:
        """Persist the marks of the queries whose every page was yielded (and, the flow
        promises, stored)."""
        self.progress.checkpoint(root)

    def begin(self, start: datetime | None, end: datetime | None) -> None:
        """A new pass over [start, end): nothing wrong with it yet."""
        self.problems, self.gaps = [], []
        self.window = (start, end)

    def whole(self, why: str) -> str:
        """The pass's whole window as not collected (for one query)."""
        return self.gap(*bounds(*self.window, self.clock(), self.epoch), why)

    def query_window(self, key: str) -> tuple[datetime, datetime]:
        """The part of the pass's window query ``key`` answers for (all of it, here)."""
        return bounds(*self.window, self.clock(), self.epoch)

    def refused(self, key: str, exc: QueryRejected) -> None:
        """Query ``key`` was refused: its mark stays, its window is named as not collected."""
        missing = self.gap(*self.query_window(key), f"query {key} refused")
        self.problems.append(
            f"{self.name}: query {key!r} failed, its mark is kept: {exc}; not collected: {missing}"
        )

    def run(self, steps: Sequence[Step]) -> Iterator[RawPage]:
        """Every step's pages; a refused query costs that query only."""
        for i, (key, step) in enumerate(steps):
            try:
                yield from step()
            except QueryRejected as exc:
                # One refused query (an operator the access level lacks, a deleted post) must
                # not cost the others; the flow reports it from ``problems``.
                self.refused(key, exc)
            except StopCollecting as stop:
                self.stopped(stop, [k for k, _ in steps[i:]])
                return

    def stopped(self, stop: StopCollecting, left: list[str]) -> None:
        """The pass ended at ``stop`` with the queries ``left`` not (fully) run."""
        raise stop


@dataclass(frozen=True)
class Turn:
    """What one page says about going on."""

    items: list[dict[str, Any]] | None
    """Its items; None when the page is not of the shape expected (it is kept all the same)."""
    order: Callable[[dict[str, Any]], tuple[Any, Any]]
    """An item's (ordering id or timestamp, creation time), for the mark and the hole."""
    next: str | None = None
    """Where the next page is (a cursor, a token, a URL); None after the last."""
    done: bool = False
    """It reached what the last pass saw, or the window's start."""


class Pass:
    """One pass of one paginated query, newest first, from ``hi`` back to ``lo``."""

    def __init__(
        self, source: Connector, key: str, lo: datetime, hi: datetime, mark: Mark | None
    ) -> None:
        self.source, self.key, self.lo, self.hi, self.mark = source, key, lo, hi, mark
        self.newest: str | None = None
        self.oldest: datetime | None = None
        self.cursors: set[str] = set()

    def saw(self, ident: Any, created: Any) -> None:
        """An item: ``ident`` orders it (id or timestamp), ``created`` dates it."""
        if isinstance(ident, str):
            self.newest = newer(self.newest, ident)
        self.oldest = older(self.oldest, created)

    def hole(self, why: str) -> str:
        """What the pass did not reach, named: below the oldest item it saw."""
        top = min(self.oldest or self.hi, self.hi)
        return self.source.gap(self.lo, max(self.lo, top), f"{why}: {self.key}")

    def cut(self, what: str, why: str) -> None:
        """The pass stopped short (``what`` happened): say so, and name the hole."""
        self.source.problems.append(
            f"{self.source.name}: query {self.key!r}: {what}; not collected: {self.hole(why)}"
        )

    def repeated(self, cursor: str) -> bool:
        """Whether the server handed this cursor out before in this pass."""
        if cursor in self.cursors:
            return True
        self.cursors.add(cursor)
        return False

    def too_many_pages(self, limit: int) -> None:
        """The pass gave up after ``limit`` pages (the connector's MAX_PAGES)."""
        self.cut(f"more than {limit} pages; stopped", f"more than {limit} pages")

    def walk(
        self,
        fetch: Callable[[str | None], tuple[RawPage, Fetched]],
        read: Callable[[Fetched], Turn],
        *,
        limit: int,
        covered: datetime,
        malformed: tuple[str, str],
        repeated: tuple[str, str] | None = None,
    ) -> Iterator[RawPage]:
        """Every page of the pass: ``fetch`` asks for the page at a cursor (None: the first),
        ``read`` says what it holds and where to go on. A page not of the expected shape
        (``malformed``: what happened, why), a cursor handed out twice (``repeated``) or more
        than ``limit`` pages cut the pass and name its hole; else the query's mark moves, but
        only once the consumer came back after the last page: every page was yielded."""
        cursor: str | None = None
        for _ in range(limit):
            page, fetched = fetch(cursor)
            yield page
            turn = read(fetched)
            if turn.items is None:
                self.cut(*malformed)
                return
            for item in turn.items:
                self.saw(*turn.order(item))
            if turn.done or turn.next is None:
                break
            if repeated is not None and self.repeated(turn.next):
                self.cut(*repeated)
                return
            cursor = turn.next
        else:
            self.too_many_pages(limit)
            return
        self.complete(covered)

    def complete(self, covered: datetime) -> None:
        """Every page was yielded: the query's next mark is the newest item seen, everything up
        to ``covered`` seen."""
        since = self.mark.since if self.mark else None
        self.source.progress.complete(self.key, Mark(newer(self.newest, since), covered))
