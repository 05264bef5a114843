"""What connectors remember between runs, as small JSON files under ``<data_root>/state/``.

- ``cursors.json``: per target, source and query, where the last *complete* pass stopped (the
  newest post id or timestamp it saw, and the time up to which it saw everything). A connector
  reads them when it starts and writes them only in ``checkpoint``, which the flow calls after
  everything yielded was stored: a run killed midway re-fetches from the old mark (the store's
  deduplication makes that harmless), so nothing is lost and nothing doubled.
- ``budget.json``: posts read per platform and calendar month (UTC), in total and per target
  (``<platform>:by-target``; the daily recheck's lookups count for the target they recheck).
  Written as soon as a page is received, not at checkpoint: a read is billed whether or not the
  run survives to store it.

Each write goes to a temporary file renamed into place under a lock, so a crash leaves the old
file or the new one, and two runs never interleave their read-modify-write. On an s3:// data
root each is one whole object, updated by a PUT conditional on the version read
(tasks/storage/state.py), retried when another writer's came first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.storage import Root, root_of
from tasks.storage.state import read_json, update_json

CURSORS = "cursors.json"
BUDGET = "budget.json"
STATE = "state"
LOCK = f"{STATE}/.lock"
"""The local lock of every state file here (an S3 root updates them by compare-and-swap)."""


def state_dir(root: Path | Root) -> Any:
    return root_of(root).location(STATE)


def _parse_time(value: str) -> datetime | None:
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def newer(a: str | None, b: str | None) -> str | None:
    """The later of two position markers: numeric ids by value (X and Mastodon ids are
    time-ordered snowflakes of varying length), timestamps by time, anything else as text."""
    if a is None or b is None:
        return a if b is None else b
    if a.isdigit() and b.isdigit():
        return a if int(a) >= int(b) else b
    ta, tb = _parse_time(a), _parse_time(b)
    if ta is not None and tb is not None:
        return a if ta >= tb else b
    return max(a, b)


def at_or_before(value: str, mark: str) -> bool:
    """Whether ``value`` is not newer than ``mark`` (pagination can stop there)."""
    return value == mark or newer(value, mark) == mark


@dataclass(frozen=True)
class Mark:
    """Where one query's last complete pass stopped."""

    since: str | None
    """Newest post id (X, Mastodon) or timestamp (Bluesky) that pass saw."""
    covered_until: datetime
    """That pass saw everything posted before this time (when its first request was made)."""

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since, "covered_until": self.covered_until.isoformat()}

    @classmethod
    def from_json(cls, obj: Any) -> Mark | None:
        if not isinstance(obj, dict) or not isinstance(obj.get("covered_until"), str):
            return None
        covered = _parse_time(obj["covered_until"])
        since = obj.get("since")
        if covered is None or not (since is None or isinstance(since, str)):
            return None
        return cls(since, covered)

    def merge(self, other: Mark) -> Mark:
        """Never backwards: a pass over an old window leaves a newer mark alone."""
        return Mark(newer(self.since, other.since), max(self.covered_until, other.covered_until))

    def continues(self, start: datetime | None, end: datetime | None) -> bool:
        """Whether a pass over [start, end) picks up where this mark stopped: the window
        reaches the mark's time. Then the query resumes from ``since`` exactly; otherwise (a
        backfill of an older window, a window after a long pause) it searches by time."""
        if start is not None and start > self.covered_until:
            return False
        return end is None or end > self.covered_until


def _key(target: str, source: str) -> str:
    return f"{target}/{source}"


def read_marks(root: Path, target: str, source: str) -> dict[str, Mark]:
    """The marks of every query of (target, source); unreadable entries count as absent."""
    entry = read_json(root, f"{STATE}/{CURSORS}").get(_key(target, source), {})
    marks = {q: Mark.from_json(v) for q, v in entry.items()} if isinstance(entry, dict) else {}
    return {q: m for q, m in marks.items() if m is not None}


def write_marks(root: Path, target: str, source: str, marks: dict[str, Mark]) -> None:
    """Merge ``marks`` into the stored ones (never moving a query backwards)."""
    if not marks:
        return

    def merge(data: dict[str, Any]) -> None:
        entry = data.get(_key(target, source))
        entry = entry if isinstance(entry, dict) else {}
        for query, mark in marks.items():
            old = Mark.from_json(entry.get(query))
            entry[query] = (old.merge(mark) if old else mark).to_json()
        data[_key(target, source)] = entry

    update_json(root, f"{STATE}/{CURSORS}", merge, lock=LOCK)


class Budget:
    """Posts read from one platform this calendar month (UTC), against a cap the targets share.

    Each target sharing the cap is guaranteed ``floor`` reads a month: a target may read while
    the cap minus what is read minus what the *other* targets' floors still hold back is
    positive. So a wave on one target can use everything the others leave, but never their
    floors, and a quiet target still has its floor on the last day of the month. Without
    ``target`` (or with a single sharer) the cap is simply first come, first served.
    """

    def __init__(
        self,
        root: Path,
        platform: str,
        cap: int,
        clock: Callable[[], datetime],
        *,
        target: str | None = None,
        sharers: Iterable[str] = (),
        floor: int | None = None,
    ) -> None:
        self.root, self.platform, self.cap, self.clock = root_of(root), platform, cap, clock
        self.target = target
        self.sharers = sorted(set(sharers) | ({target} if target else set()))
        n = len(self.sharers)
        # Default: half the cap is held back as equal floors, the other half is first come. A
        # configured floor larger than an equal share would let no one read: it is capped there.
        fair = cap // n if n > 1 else 0
        self.floor = min(floor, fair) if floor is not None else fair // 2

    def month(self) -> str:
        return f"{self.clock():%Y-%m}"

    def _by_target(self, data: dict[str, Any]) -> dict[str, int]:
        entry = data.get(f"{self.platform}:by-target", {})
        month = entry.get(self.month(), {}) if isinstance(entry, dict) else {}
        if not isinstance(month, dict):
            return {}
        return {k: v for k, v in month.items() if isinstance(v, int)}

    def used(self) -> int:
        data = read_json(self.root, f"{STATE}/{BUDGET}")
        entry = data.get(self.platform, {})
        value = entry.get(self.month(), 0) if isinstance(entry, dict) else 0
        return value if isinstance(value, int) else 0

    def used_by(self) -> dict[str, int]:
        """Reads this month per target (what was read before per-target counting is absent)."""
        return self._by_target(read_json(self.root, f"{STATE}/{BUDGET}"))

    def held_back(self) -> int:
        """What the other sharers' floors still hold back from this target."""
        if self.target is None or not self.floor:
            return 0
        used = self.used_by()
        return sum(max(0, self.floor - used.get(u, 0)) for u in self.sharers if u != self.target)

    def remaining(self) -> int:
        return max(0, self.cap - self.used() - self.held_back())

    def spend(self, posts: int) -> int:
        """Record ``posts`` reads now (for this target too); returns the month's total."""
        month = self.month()

        def count(data: dict[str, Any]) -> int:
            per_month = data.setdefault(self.platform, {})
            per_month[month] = int(per_month.get(month, 0)) + posts
            if self.target is not None:
                by_target = data.setdefault(f"{self.platform}:by-target", {})
                counts = by_target.setdefault(month, {})
                counts[self.target] = int(counts.get(self.target, 0)) + posts
            return int(per_month[month])

        return int(update_json(self.root, f"{STATE}/{BUDGET}", count, lock=LOCK))

    def describe(self) -> str:
        """Where the month stands, for the message that says why collection stopped."""
        text = (
            f"{self.used()} of {self.cap} posts read in {self.month()} (x_monthly_read_cap)"
            if self.platform == "x"
            else f"{self.used()} of {self.cap} posts read in {self.month()}"
        )
        held = self.held_back()
        if held:
            text += (
                f"; {held} kept for the other targets' monthly floors ({self.floor} each, "
                f"x_target_floor; {self.target!r} read {self.used_by().get(self.target or '', 0)})"
            )
        return text


class Progress:
    """One connector's per-query marks: read when it is built, advanced in memory only when a
    query's pagination finished (newest-first pages: a pass cut short has a hole below what it
    saw), persisted only by ``checkpoint``."""

    def __init__(self, root: Path, target: str, source: str) -> None:
        self.target, self.source = target, source
        self.marks = read_marks(root, target, source)
        self.reached: dict[str, Mark] = {}

    def get(self, query: str) -> Mark | None:
        return self.marks.get(query)

    def complete(self, query: str, mark: Mark) -> None:
        old = self.reached.get(query)
        self.reached[query] = old.merge(mark) if old else mark

    def checkpoint(self, root: Path) -> None:
        write_marks(root, self.target, self.source, self.reached)
        for query, mark in self.reached.items():
            old = self.marks.get(query)
            self.marks[query] = old.merge(mark) if old else mark
        self.reached = {}
