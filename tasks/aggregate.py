"""Daily aggregates per target, over the current view of its mentions, in the target's local days.

Storage partitions are UTC dates; a UTC date overlaps two local days. A day's first-time authors
depend on every earlier day, so posts added to an old day (a backfill) change the days after it:
a run recomputes every local day from the earliest one its touched UTC dates overlap, from the
whole current view.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl

from tasks.schema import DAILY, MENTIONS, QUARANTINE
from tasks.store import PART_FILE, partition_dir, read_partition, scan, write_atomic

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


def current_view(mentions: pl.LazyFrame) -> pl.LazyFrame:
    """One row per post: its newest stored version (every version stays in storage)."""
    return mentions.sort("version", descending=True).unique(
        subset=["target", "platform", "post_id"], keep="first", maintain_order=True
    )


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
) -> pl.DataFrame:
    """The aggregate rows of ``target`` (only days from ``since`` when given).

    ``stances`` (day, hostile, supportive, neutral, threats, hostile_share, as computed by
    tasks.scoring.stance_daily for ``scorer``) is joined in when scoring ran.
    """
    posts = (
        current_view(mentions.filter(pl.col("target") == target).select(_NEEDED))
        .with_columns(day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date())
        .with_columns(
            first_day=pl.col("day").min().over("platform", "author_id"),
            young=(pl.col("created_at") - pl.col("author_created_at"))
            < pl.duration(days=young_days),
        )
    )
    if since is not None:
        posts = posts.filter(pl.col("day") >= since)
    per_day = posts.group_by("day").agg(
        posts=pl.len(),
        mentions=(pl.col("kind") == "mention").sum(),
        replies=(pl.col("kind") == "reply").sum(),
        quotes=(pl.col("kind") == "quote").sum(),
        reposts=(pl.col("kind") == "repost").sum(),
        unique_authors=pl.struct("platform", "author_id").n_unique(),
        first_time_authors=pl.struct("platform", "author_id")
        .filter(pl.col("day") == pl.col("first_day"))
        .n_unique(),
        young_authors=pl.struct("platform", "author_id").filter(pl.col("young")).n_unique(),
    )
    quarantined = (
        quarantine.filter(pl.col("target") == target)
        .group_by(day=pl.col("date").str.to_date())
        .agg(quarantined=pl.len())
    )
    out = (
        per_day.join(quarantined, on="day", how="full", coalesce=True)
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
        .collect()
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


def recompute_daily(
    root: Path,
    target: str,
    timezone: str,
    touched_utc_dates: list[str],
    young_days: int,
    scorer: str | None = None,
) -> pl.DataFrame:
    """Recompute the days a run can have changed and merge them into the target's file."""
    if not touched_utc_dates:
        return DAILY.empty()
    since = min(local_days_of(touched_utc_dates))
    stances = None
    if scorer is not None:
        from tasks.scoring import stance_daily

        stances = stance_daily(root, target, timezone, since, scorer_name=scorer)
    fresh = compute_daily(
        scan(root, MENTIONS),
        scan(root, QUARANTINE),
        target=target,
        timezone=timezone,
        young_days=young_days,
        since=since,
        stances=stances,
        scorer=scorer,
    )
    kept = read_partition(root, DAILY, {"target": target}).filter(pl.col("day") < since)
    merged = pl.concat([kept, fresh]).sort("day")
    write_atomic(root, DAILY, merged, partition_dir(root, DAILY, {"target": target}) / PART_FILE)
    return fresh
