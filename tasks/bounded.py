"""Reading one target's history in pieces of bounded size, whatever the target's size.

A pile-on brings millions of posts to one person; a step that reads all of them at once needs
memory in proportion. Two ways to cut a target's rows, both decided from the files' row counts
(their footers: no text read):

- by UTC date (``date_groups``): for work that is per stored row (scoring);
- by post (``post_buckets``, ``in_post_bucket``): for work over the current view, where every
  version of a post must be read together, whichever dates its versions are filed under (an edit
  can be filed the day after its post). Each bucket's counts are then summed.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.schema import MENTIONS
from tasks.storage import root_of
from tasks.store import scan
from tasks.tablekit import Table

AGGREGATE_ROWS = 750_000
"""The daily aggregates read a target's posts in buckets of about this many stored rows
(``post_buckets``): one bucket up to 750k. On a 3M-post target read alone, the two aggregates
peaked at 1,741 MB read whole and 951 MB in three buckets, the same rows, for ~40 % more CPU
(each bucket reads the key columns of every file again; docs/benchmarks.md, 2026-12-07). A
bucket of a million was then the 3M import's peak (``stance_daily``, 2,129 MB): 1,901 MB in
buckets of 750k (2026-12-07, night)."""


def stored_rows(
    root: Path, target: str, utc_dates: list[str] | None, table: Table = MENTIONS
) -> dict[str, int]:
    """{UTC date: stored rows} of ``table`` for those of ``utc_dates`` (None: all) the target
    has a partition of (the files' row counts: no text read)."""
    if utc_dates is not None and not utc_dates:
        return {}
    stored = scan(root_of(root), table, ["date"], where={"target": target})
    if utc_dates is not None:
        stored = stored.filter(pl.col("date").is_in(sorted(set(utc_dates))))
    counts = stored.group_by("date").len().collect(engine="in-memory")
    return dict(zip(counts["date"].to_list(), counts["len"].to_list(), strict=True))


def date_groups(rows: dict[str, int], limit: int) -> list[list[str]]:
    """The dates of ``rows`` ({date: rows}) in order, cut into runs of at most ``limit`` rows;
    a date holding more is a run of its own."""
    groups: list[list[str]] = []
    held = limit  # a new run starts at the first date
    for day in sorted(rows):
        if held + rows[day] > limit:
            groups.append([])
            held = 0
        groups[-1].append(day)
        held += rows[day]
    return groups


def post_buckets(root: Path, target: str, limit: int | None = None) -> int:
    """Into how many buckets (``in_post_bucket``) to cut the target's stored mentions so that
    each holds about ``limit`` rows (default ``AGGREGATE_ROWS``); at least one."""
    total = sum(stored_rows(root, target, None).values())
    return max(1, -(-total // (limit or AGGREGATE_ROWS)))


def in_bucket(column: str, bucket: int, buckets: int) -> pl.Expr:
    """Rows of bucket ``bucket`` of ``buckets``, by a hash of ``column``: rows with the same
    value fall in the same bucket. The hash is Polars' own, the same for every frame of one
    process (buckets are never stored)."""
    if buckets == 1:
        return pl.lit(True)
    return (pl.col(column).hash(seed=0) % buckets) == bucket


def in_post_bucket(bucket: int, buckets: int) -> pl.Expr:
    """Rows of bucket ``bucket`` of ``buckets``, by post id: every version of a post, and its
    scores, fall in the same bucket."""
    return in_bucket("post_id", bucket, buckets)
