"""Per-source watermarks, and which window each flow pulls from them.

A watermark is the end of the last window of a target's source that was ingested without
failing. Nightly and watch share it, so neither pulls twice what the other stored; a backfill
and an import leave it alone. It advances only once a run recorded everything it pulled, and
never backwards, so a run that failed or was killed is pulled again (deduplication absorbs
what it had stored).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tasks.detect.run import pull_window
from tasks.sources.base import Source
from tasks.sources.registry import nightly_window as available_since
from tasks.storage import Root
from tasks.storage.state import read_json, update_json

Window = Callable[[Source, datetime | None], tuple[datetime, datetime]]
"""(source, its watermark or None) → the [start, end) a run pulls from it."""


WATERMARKS = "state/watermarks.json"
"""The watermarks' key under the data root (a file, or an S3 object)."""


def read_watermark(root: Path | Root, target: str, source: str) -> datetime | None:
    value = read_json(root, WATERMARKS).get(f"{target}/{source}")
    return datetime.fromisoformat(value) if value else None


def write_watermark(root: Path | Root, target: str, source: str, until: datetime) -> None:
    """Advance the watermark (never backwards: a backfill of an old window leaves it alone).

    One file holds every target's marks and targets run in parallel processes: the read, the
    change and the replace happen under a lock (on S3: a write conditional on the version read,
    retried), so no worker's mark overwrites another's.
    """
    key = f"{target}/{source}"

    def advance(marks: dict) -> bool:
        if key in marks and datetime.fromisoformat(marks[key]) >= until:
            return False
        marks[key] = until.isoformat()
        return True

    update_json(root, WATERMARKS, advance, lock="state/.watermarks.lock")


def nightly_window(now: datetime) -> Window:
    """A nightly pulls from the watermark (or the start of what the source holds) up to now."""
    return lambda source, mark: available_since(source, mark, now)


def watch_window(now: datetime, *, first_pull_days: int) -> Window:
    """A watch pulls from the watermark to the last full hour; its first run reaches
    ``first_pull_days`` back (see tasks.detect.run.pull_window)."""
    return lambda source, mark: pull_window(source, mark, now, first_pull_days=first_pull_days)


def window_from_mark(
    root: Path, target: str, name: str, source: Source, window: Window
) -> tuple[datetime, datetime]:
    """The window the source configured as ``name`` for ``target`` is pulled over now."""
    return window(source, read_watermark(root, target, name))


def advance_after(root: Path, target: str, name: str, status: str, end: datetime) -> None:
    """Move the mark of ``target``'s source ``name`` to ``end``, the end of the window a run
    just pulled, unless that run failed (the next run pulls the window again)."""
    if status != "failed":
        write_watermark(root, target, name, end)
