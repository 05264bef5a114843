"""Scored posts → one row per UTC hour: counts by stance, and the few categories that escalate.

Hours are UTC buckets (storage is UTC and a DST change would otherwise create a 2-hour or a
0-hour "hour"); each row also carries its local date, hour and weekday in the target's timezone,
because people post on local time and the normal to compare with is a local daily cycle.
Hours with no post are present with zeros: an empty hour is information, not a gap.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from tasks.detect.episodes import within

STANCES = ("hostile", "supportive", "neutral")
# Hostile posts in these scorer categories are counted per hour: their first appearance in an
# episode escalates its alert (they put someone in physical danger: severity 4 in the scorer).
COUNTED = {"threats": "threat", "doxxing": "doxxing"}
# ``unread`` counts the posts in a language no rules read (any stance, most of them neutral):
# a raid in German or Arabic departs in this count while the stances see nothing. ``read`` counts
# the posts whose stance was judged: all but the unread ones left neutral (an unread post the
# universal rules found hostile, a knife emoji, is judged): the stances' shares are of these.

HOURLY_SCHEMA = pl.Schema(
    {
        "hour": pl.Datetime("us", "UTC"),
        "local_date": pl.Date(),
        "local_hour": pl.Int8(),
        "weekday": pl.Int8(),
        "posts": pl.Int64(),
        "hostile": pl.Int64(),
        "supportive": pl.Int64(),
        "neutral": pl.Int64(),
        "threats": pl.Int64(),
        "doxxing": pl.Int64(),
        "unread": pl.Int64(),
        "read": pl.Int64(),
    }
)
NEEDED = ("created_at", "stance", "categories")


def floor_hour(t: datetime) -> datetime:
    return t.replace(minute=0, second=0, microsecond=0)


def hourly_series(
    posts: pl.DataFrame | pl.LazyFrame, *, start: datetime, end: datetime, timezone: str
) -> pl.DataFrame:
    """Counts per UTC hour in [floor(start), floor(end)); posts outside are ignored.

    ``posts`` needs ``created_at`` (UTC), ``stance`` and ``categories`` (list of str, may be null);
    ``unread`` (the language no rules read, else null) is counted when present, zeros otherwise.
    """
    start, end = floor_hour(start), floor_hour(end)
    lf = posts.lazy() if isinstance(posts, pl.DataFrame) else posts
    names = lf.collect_schema().names()
    missing = [c for c in NEEDED if c not in names]
    if missing:
        from tasks.errors import SchemaMismatch

        raise SchemaMismatch(f"hourly series: posts lack column(s) {', '.join(missing)}")
    hostile = pl.col("stance") == "hostile"
    cats = pl.col("categories").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    unread, read = pl.lit(0, pl.UInt32), pl.len()
    if "unread" in names:
        unread = pl.col("unread").is_not_null().sum()
        read = (pl.col("unread").is_null() | (pl.col("stance") != "neutral")).sum()
    counts = (
        lf.filter(within(start, end))
        .group_by(hour=pl.col("created_at").dt.truncate("1h"))
        .agg(
            posts=pl.len(),
            hostile=hostile.sum(),
            supportive=(pl.col("stance") == "supportive").sum(),
            neutral=(pl.col("stance") == "neutral").sum(),
            **{name: (hostile & cats.list.contains(cat)).sum() for name, cat in COUNTED.items()},
            unread=unread,
            read=read,
        )
    )
    hours = pl.LazyFrame(
        {
            "hour": pl.datetime_range(
                start, end - timedelta(hours=1), "1h", time_zone="UTC", eager=True
            )
            if end > start
            else pl.Series([], dtype=pl.Datetime("us", "UTC"))
        }
    ).with_columns(pl.col("hour").dt.cast_time_unit("us"))
    local = pl.col("hour").dt.convert_time_zone(timezone)
    out = (
        hours.join(
            counts.with_columns(pl.col("hour").dt.cast_time_unit("us")), on="hour", how="left"
        )
        .with_columns(
            pl.col(c).fill_null(0) for c in ("posts", *STANCES, *COUNTED, "unread", "read")
        )
        .with_columns(
            local_date=local.dt.date(),
            local_hour=local.dt.hour().cast(pl.Int8),
            weekday=(local.dt.weekday() - 1).cast(pl.Int8),
        )
        .select(HOURLY_SCHEMA.names())
        .sort("hour")
        .collect()
    )
    return out.cast(dict(HOURLY_SCHEMA))
