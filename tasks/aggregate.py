"""Daily aggregates per target, over the current view of its mentions, in the target's local days.

Storage partitions are UTC dates; a UTC date overlaps two local days. A day's first-time authors
depend on every earlier day, so posts added to an old day (a backfill) change the days after it:
a run recomputes every local day from the earliest one its touched UTC dates overlap, from the
whole current view.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.bounded import in_bucket, in_post_bucket, post_buckets
from tasks.memory import release_freed_memory
from tasks.mentions import current_view
from tasks.schema import DAILY, MENTIONS, QUARANTINE
from tasks.spool import scratch_folder
from tasks.store import PART_FILE, partition_dir, read_partition, scan, write_atomic
from tasks.streamed import read_arrow_file

_NEEDED = [
    "target",
    "platform",
    "post_id",
    "version",
    "author_id",
    "author_created_at",
    "created_at",
    "kind",
]


def local_days_of(utc_dates: list[str]) -> set[date]:
    """Local days, in any timezone, that the given UTC dates can overlap."""
    days: set[date] = set()
    for d in utc_dates:
        day = date.fromisoformat(d)
        days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return days


def compute_daily(
    mentions: pl.LazyFrame,
    quarantine: pl.LazyFrame,
    *,
    target: str,
    timezone: str,
    young_days: int,
    since: date | None = None,
    stances: pl.DataFrame | None = None,
    scorer: str | None = None,
    buckets: int = 1,
    scratch: Path | None = None,
) -> pl.DataFrame:
    """The aggregate rows of ``target`` (only days from ``since`` when given).

    ``buckets``: the posts are read in that many buckets of posts (tasks.bounded), so memory
    stays bounded whatever the target's size; the counts are those of one whole read.
    ``scratch``: a private folder where what each bucket holds of each bucket of authors is set
    aside until the authors are counted (``_Pieces``); else it is held in memory.

    ``stances`` (day, hostile, supportive, neutral, threats, hostile_share, as computed by
    tasks.scoring.stance_daily for ``scorer``) is joined in when scoring ran.
    """
    per_day: list[pl.DataFrame] = []
    # Per bucket of authors, the pieces each bucket of posts holds of it: every author is
    # counted in one bucket of authors, which is what keeps these pieces' regrouping bounded too.
    authors, first = _Pieces("authors", scratch), _Pieces("first", scratch)
    for bucket in range(buckets):
        # Every version of a post falls in one bucket: each bucket's current view is its part
        # of the whole one, and its counts add up.
        ours = (pl.col("target") == target) & in_post_bucket(bucket, buckets)
        posts = current_view(mentions.filter(ours).select(_NEEDED)).select(
            "platform",
            "author_id",
            "kind",
            day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date(),
            young=(pl.col("created_at") - pl.col("author_created_at"))
            < pl.duration(days=young_days),
        )
        # Each author's first day over the whole history, before ``since`` narrows the days.
        first_days = posts.group_by("platform", "author_id").agg(first_day=pl.col("day").min())
        if since is not None:
            posts = posts.filter(pl.col("day") >= since)
        # Authors counted once per day: one group per (day, author), then counted per day
        # (cheaper than distinct counts over structs).
        days_of = posts.group_by("day", "platform", "author_id").agg(young=pl.col("young").any())
        counts = posts.group_by("day").agg(
            posts=pl.len(),
            mentions=(pl.col("kind") == "mention").sum(),
            replies=(pl.col("kind") == "reply").sum(),
            quotes=(pl.col("kind") == "quote").sum(),
            reposts=(pl.col("kind") == "repost").sum(),
        )
        # One target's columns fit in memory, and for queries this small the in-memory engine
        # takes half the time of the streaming one (Polars' default).
        counts, days_of, first_days = pl.collect_all(
            [counts, days_of, first_days], engine="in-memory"
        )
        per_day.append(counts)
        for held, frame in ((authors, days_of), (first, first_days)):
            for of, piece in enumerate(_by_author(frame, buckets)):
                held.add(of, piece)
        del posts, counts, days_of, first_days
        release_freed_memory()
    per_author = _summed(
        [
            _authors_per_day(
                _summed(authors.of(of), ["day", "platform", "author_id"], pl.col("young").any()),
                _summed(first.of(of), ["platform", "author_id"], pl.col("first_day").min()),
            )
            for of in range(buckets)
        ],
        ["day"],
        pl.all().sum(),
    )
    per_day_all = (
        _summed(per_day, ["day"], pl.all().sum())
        .lazy()
        .join(per_author.lazy(), on="day", how="left")
    )
    quarantined = (
        quarantine.filter(pl.col("target") == target)
        .group_by(day=pl.col("date").str.to_date())
        .agg(quarantined=pl.len())
    )
    out = (
        per_day_all.join(quarantined, on="day", how="full", coalesce=True)
        .with_columns(
            pl.col(
                "posts",
                "mentions",
                "replies",
                "quotes",
                "reposts",
                "unique_authors",
                "first_time_authors",
                "quarantined",
            ).fill_null(0),
            young_account_share=pl.when(pl.col("unique_authors") > 0).then(
                pl.col("young_authors") / pl.col("unique_authors")
            ),
            target=pl.lit(target),
            timezone=pl.lit(timezone),
        )
        .sort("day")
        .collect(engine="in-memory")
    )
    if stances is not None and not stances.is_empty():
        out = out.join(stances, on="day", how="left").with_columns(scorer=pl.lit(scorer))
    else:
        out = out.with_columns(
            [
                pl.lit(None).alias(c)
                for c in ("hostile", "supportive", "neutral", "threats", "hostile_share", "scorer")
            ]
        )
    if since is not None:
        out = out.filter(pl.col("day") >= since)
    return DAILY.conform(out)


class _Pieces:
    """What each bucket of posts holds of each bucket of authors, until that bucket of authors
    is counted: in memory, or each piece in an Arrow file of ``folder``. Held in memory, a
    10M-post target's pieces (7.6M author-days of 4.2M authors) grew to ~1.2 GB over its ten
    buckets, on top of the import's floor (docs/benchmarks.md, 2026-12-07, night)."""

    def __init__(self, name: str, folder: Path | None) -> None:
        self.name, self.folder = name, folder
        self.held: dict[int, list[Any]] = {}

    def add(self, of: int, piece: pl.DataFrame) -> None:
        kept = self.held.setdefault(of, [])
        if self.folder is None:
            kept.append(piece)
            return
        path = self.folder / f"{self.name}-{of}-{len(kept)}.arrow"
        piece.write_ipc(path, compression="uncompressed")
        kept.append(path)

    def of(self, of: int) -> list[pl.DataFrame]:
        """The pieces of bucket of authors ``of``, read back and let go from ``folder``."""
        pieces = self.held.pop(of, [])
        if self.folder is None:
            return pieces
        return [pl.DataFrame(read_arrow_file(path)) for path in pieces]


def _by_author(frame: pl.DataFrame, buckets: int) -> list[pl.DataFrame]:
    """``frame``'s rows in ``buckets`` buckets of authors (by author id: an author is in one)."""
    if buckets == 1:
        return [frame]
    return [frame.filter(in_bucket("author_id", bucket, buckets)) for bucket in range(buckets)]


def _authors_per_day(authors: pl.DataFrame, first: pl.DataFrame) -> pl.DataFrame:
    """Unique, first-time and young authors per day, from the (day, author, young) rows and
    the authors' first days of one bucket of authors."""
    return (
        authors.lazy()
        .join(first.lazy(), on=["platform", "author_id"], how="left")
        .group_by("day")
        .agg(
            unique_authors=pl.len(),
            first_time_authors=(pl.col("day") == pl.col("first_day")).sum(),
            young_authors=pl.col("young").sum(),
        )
        .collect(engine="in-memory")
    )


def _summed(parts: list[pl.DataFrame], keys: list[str], agg: pl.Expr) -> pl.DataFrame:
    """The buckets' partial rows, combined per ``keys`` (one bucket: as they are)."""
    if len(parts) == 1:
        return parts[0]
    return pl.concat(parts).group_by(keys).agg(agg)


def recompute_daily(
    root: Path,
    target: str,
    timezone: str,
    touched_utc_dates: list[str],
    young_days: int,
    scorer: str | None = None,
    *,
    full: bool = False,
) -> pl.DataFrame:
    """Recompute the days a run can have changed and merge them into the target's file.

    ``full``: recompute every day and replace the file (days no longer backed by any stored
    row disappear), whatever ``touched_utc_dates`` says.
    """
    daily_file = partition_dir(root, DAILY, {"target": target}) / PART_FILE
    if full:
        since = None
        if not touched_utc_dates and not daily_file.exists():
            return DAILY.empty()  # nothing stored, nothing ever aggregated
    elif not touched_utc_dates:
        return DAILY.empty()
    else:
        since = min(local_days_of(touched_utc_dates))
    # The target's posts in buckets of about AGGREGATE_ROWS stored rows (tasks.bounded).
    buckets = post_buckets(root, target)
    stances = None
    if scorer is not None:
        from tasks.scoring import stance_daily

        stances = stance_daily(root, target, timezone, since, scorer_name=scorer, buckets=buckets)
    # Cut in buckets, what each holds of the authors waits on disk (compute_daily's scratch).
    scratch = scratch_folder(root) if buckets > 1 else None
    try:
        # Only the target's folders are read (its whole history: first-time authors need it).
        fresh = compute_daily(
            scan(root, MENTIONS, where={"target": target}),
            scan(root, QUARANTINE, where={"target": target}),
            target=target,
            timezone=timezone,
            young_days=young_days,
            since=since,
            stances=stances,
            scorer=scorer,
            buckets=buckets,
            scratch=scratch,
        )
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if since is None:
        merged = fresh
    else:
        kept = read_partition(root, DAILY, {"target": target}).filter(pl.col("day") < since)
        merged = pl.concat([kept, fresh]).sort("day")
    write_atomic(root, DAILY, merged, daily_file)
    return fresh
