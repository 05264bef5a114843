"""Scores in storage: score what is new, and count stances per local day.

Plain functions over the data root (no Prefect): the flows wrap them as tasks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from tasks.bounded import date_groups, in_post_bucket, post_buckets, stored_rows
from tasks.files import locked
from tasks.memory import release_freed_memory
from tasks.mentions import current_view
from tasks.schema import MENTIONS
from tasks.scoring.base import SCORED_PREFIX, Scorer
from tasks.scoring.table import SCORES
from tasks.spool import Spool
from tasks.storage import root_of
from tasks.store import conformed_parts, merge_partitions, scan

_POST = ["platform", "post_id", "version_id"]
_KEY = ["target", "date", *_POST]
_SCORE_ORDER = ["platform", "post_id", "version", "scorer"]  # a scores partition's rows


SCORE_ROWS = 750_000
"""At most about this many posts are read and scored in one call (``score_partitions``): a
call's own work takes ~600 bytes a post beyond its texts (a million posts in one call raised a
1M-post import's peak RSS from 1.45 to 2.07 GB; docs/benchmarks.md), so memory stays bounded
whatever a target's size, a new scorer version re-scoring all it holds included. The target's
UTC dates are read in groups of about this many stored rows; a date holding more is read and
scored this many stored rows at a time, its scores set aside in a spool (``_score_spooled``).
Not much smaller: a call's cost grows slower than its posts (a raid's 1M posts: 8.5 s CPU in
one call, 11 s in calls of 500k, 16 s in calls of 200k; docs/benchmarks.md, 2026-12-07). A
million a call put one 10M-post target's import at 2,066 MB, 750k at 1,927 MB, for no CPU
beyond the runs' spread (2026-12-07, night)."""


def _unscored(
    root: Path, target: str, dates: list[str], scorer: Scorer, rows: tuple[int, int] | None = None
) -> pl.LazyFrame:
    """The stored post versions of ``dates`` this scorer version has not scored yet (lazy);
    ``rows``: among those of the dates' stored rows (offset, length), in the files' order."""
    # One query over the target's folders (partition pruning picks the dates), not two reads
    # per partition: a target's batch spans a month of days.
    on_dates = pl.col("date").is_in(dates)
    posts = scan(root, MENTIONS, [*_KEY, "version", "text", "lang"], where={"target": target})
    posts = posts.filter(on_dates) if rows is None else posts.filter(on_dates).slice(*rows)
    done = (
        scan(root, SCORES, [*_KEY, "scorer", "scorer_version"], where={"target": target})
        .filter(
            on_dates
            & (pl.col("scorer") == scorer.name)
            & (pl.col("scorer_version") == scorer.version)
        )
        .select(_KEY)
    )
    return posts.join(done, on=_KEY, how="anti", maintain_order="left")


def unscored_posts(
    root: Path,
    target: str,
    utc_dates: list[str],
    scorer: Scorer,
    rows: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Every stored version of the posts of those UTC dates that this scorer version has not
    scored yet: the key columns, ``version``, and ``text`` (cut to what a scorer reads) and
    ``lang``. What ``score_partitions`` scores; read alone to score several targets' posts in
    one call (tasks.scoring.primed). ``rows``: only those among (offset, length) of the dates'
    stored rows, in the files' order."""
    root = root_of(root)
    dates = sorted(set(utc_dates))
    if not dates:
        return pl.DataFrame(schema=MENTIONS.polars_schema()).select(
            *_KEY, "version", "text", "lang"
        )
    # Only the prefix a scorer reads is kept (see SCORED_PREFIX): a 50 MB post's whole text
    # was otherwise copied at each step of a one-row frame, the scorer's own included.
    return (
        _unscored(root, target, dates, scorer, rows)
        .with_columns(pl.col("text").str.slice(0, SCORED_PREFIX))
        .collect(engine="in-memory")
    )


def unscored_count(root: Path, target: str, utc_dates: list[str], scorer: Scorer) -> int:
    """How many rows ``unscored_posts`` would return, their texts not read."""
    dates = sorted(set(utc_dates))
    if not dates:
        return 0
    lf = _unscored(root_of(root), target, dates, scorer).select(pl.len())
    return int(lf.collect(engine="in-memory").item())


def score_partitions(
    root: Path,
    target: str,
    utc_dates: list[str],
    scorer: Scorer,
    *,
    now: datetime | None = None,
    posts: pl.DataFrame | None = None,
    limit: int | None = None,
) -> int:
    """Score every stored version of the posts of those UTC dates that this scorer version has
    not scored yet, and merge the rows into ``scores``. Returns rows written; running it again
    writes nothing. The mentions are only read: a new scorer version never re-ingests.
    ``posts``: what ``unscored_posts`` returns for the same arguments, when the caller has just
    read it (tasks.derive.derive_many).

    The dates are read and scored in groups of about ``limit`` stored rows (default
    ``SCORE_ROWS``, which says why), each group's scores merged before the next is read; each
    partition is in one group, so written once. A crash between groups leaves some dates
    scored: the same call again scores the rest, and ends where one uninterrupted call ends."""
    root = root_of(root)
    at = now or datetime.now(UTC)
    limit = limit or SCORE_ROWS
    if posts is not None:
        return _score_merged(root, posts, scorer, at, limit)
    written = 0
    stored = stored_rows(root, target, utc_dates)
    for dates in date_groups(stored, limit):
        held = sum(stored[d] for d in dates)
        if held > limit:  # one date: read in slices, its scores spooled
            written += _score_spooled(root, target, dates, held, scorer, at, limit)
        else:
            written += _score_merged(
                root, unscored_posts(root, target, dates, scorer), scorer, at, limit
            )
        release_freed_memory()  # the group's texts and the scorer's work, before the next
    return written


def _scored_rows(part: pl.DataFrame, scorer: Scorer, at: datetime) -> pl.DataFrame:
    """``part``'s posts scored in one call: the rows ``scores`` stores."""
    scored = scorer.score(part.select("text", "lang"))
    return pl.concat(
        [
            part.select("target", "date", *_POST, "version"),
            scored.select("stance", "categories", "severity", "score", "reasons"),
        ],
        how="horizontal",
    ).with_columns(
        scorer=pl.lit(scorer.name),
        scorer_version=pl.lit(scorer.version),
        scored_at=pl.lit(at).cast(pl.Datetime("us", "UTC")),
    )


def _score_spooled(
    root: Path,
    target: str,
    dates: list[str],
    held: int,
    scorer: Scorer,
    at: datetime,
    limit: int,
) -> int:
    """The posts of ``dates`` (``held`` stored rows, more than ``limit``) read and scored
    ``limit`` stored rows at a time, each slice's scores set aside in a spool (tasks.spool),
    then merged into their partitions once, a big partition a row group at a time
    (tasks.streamed): neither a big day's texts nor its scores are held whole. A 10M-post
    target's busiest day read whole took its import to 4,065 MB (docs/benchmarks.md,
    2026-12-07, evening). Rows written. A crash before the merge leaves the dates unscored, as
    a crash amid ``_score_merged`` does."""
    spool = Spool(root, SCORES, _SCORE_ORDER)
    try:
        for start in range(0, held, limit):
            part = unscored_posts(root, target, dates, scorer, rows=(start, limit))
            if part.height:
                release_freed_memory()  # what the read freed
                rows = _scored_rows(part, scorer, at)
                del part
                release_freed_memory()  # the texts, before the scores are sorted and spilled
                spool.add(*conformed_parts(SCORES, rows))
                del rows
                release_freed_memory()  # the scores set aside, before the next read
        with locked(root):
            written, _ = spool.commit()
    finally:
        spool.discard()
    return written


def _score_merged(root: Path, posts: pl.DataFrame, scorer: Scorer, at: datetime, limit: int) -> int:
    """``posts`` scored in calls of at most ``limit`` posts, their rows merged into ``scores``
    at once; rows written. The texts are let go before the merge where ``posts`` was handed
    over (``score_partitions``' own reads: no other reference to it is kept)."""
    if posts.is_empty():
        return 0
    # What reading them freed (each text whole, before it was cut to the prefix a scorer
    # reads), before the scorer's own work piles up on it.
    release_freed_memory()
    parts = [
        _scored_rows(posts.slice(start, limit), scorer, at)
        for start in range(0, posts.height, limit)
    ]
    # A 3M-post target scored alone: a group's merge peaked at 1,539 MB with its texts still
    # held, 1,257 MB without (docs/benchmarks.md, 2026-12-07, evening).
    del posts
    release_freed_memory()
    rows = pl.concat(parts)
    del parts
    with locked(root):
        written, _ = merge_partitions(root, SCORES, SCORES.conform(rows), sort_by=_SCORE_ORDER)
    return written


def latest_scores(root: Path, target: str, scorer_name: str = "rules") -> pl.LazyFrame:
    """Per post version, the newest score this scorer gave it (after a re-score, the new
    version's; posts the new version has not reached yet keep their previous score)."""
    return _latest(scan(root_of(root), SCORES, where={"target": target}), scorer_name)


def _latest(scores: pl.LazyFrame, scorer_name: str) -> pl.LazyFrame:
    return (
        scores.filter(pl.col("scorer") == scorer_name)
        .sort("scored_at", descending=True)
        .unique(subset=_POST, keep="first")
    )


_COUNTS = ("hostile", "supportive", "neutral", "threats", "scored")


def stance_daily(
    root: Path,
    target: str,
    timezone: str,
    since: date | None,
    scorer_name: str = "rules",
    *,
    buckets: int | None = None,
) -> pl.DataFrame:
    """Hostile, supportive and neutral posts, threats, and the hostile share, per local day.

    Over the current view of mentions (the newest version of each post) joined with its latest
    score; posts not scored yet are left out of every count, so ``hostile_share`` is
    hostile / scored posts of the day.

    The posts are read in ``buckets`` buckets of posts (default: ``post_buckets``, so memory
    stays bounded whatever the target's size) and their counts summed: a post and its scores
    are in one bucket, so the sums are the counts of one whole read.
    """
    root = root_of(root)
    buckets = buckets or post_buckets(root, target)
    parts = [
        _stance_counts(root, target, timezone, since, scorer_name, b, buckets)
        for b in range(buckets)
    ]
    out = pl.concat(parts)
    if buckets > 1:
        out = out.group_by("day").agg(pl.col(*_COUNTS).sum())
    out = out.with_columns(hostile_share=pl.col("hostile") / pl.col("scored")).sort("day")
    schema = {"day": pl.Date, "hostile": pl.Int64, "supportive": pl.Int64, "neutral": pl.Int64}
    schema |= {"threats": pl.Int64, "hostile_share": pl.Float64}
    return out.select(pl.col(k).cast(v) for k, v in schema.items())


def _stance_counts(
    root: Path,
    target: str,
    timezone: str,
    since: date | None,
    scorer_name: str,
    bucket: int,
    buckets: int,
) -> pl.DataFrame:
    """The counts of ``stance_daily`` over the posts of one bucket."""
    ours = in_post_bucket(bucket, buckets)
    # Only the target's folders are listed and read.
    columns = ["target", *_POST, "version", "created_at"]
    posts = current_view(scan(root, MENTIONS, columns, where={"target": target}).filter(ours))
    scores = _latest(scan(root, SCORES, where={"target": target}).filter(ours), scorer_name)
    days = posts.join(scores.select(*_POST, "stance", "categories"), on=_POST, how="inner")
    days = days.with_columns(day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date())
    if since is not None:
        days = days.filter(pl.col("day") >= since)
    counts = days.group_by("day").agg(
        hostile=(pl.col("stance") == "hostile").sum().cast(pl.Int64),
        supportive=(pl.col("stance") == "supportive").sum().cast(pl.Int64),
        neutral=(pl.col("stance") == "neutral").sum().cast(pl.Int64),
        threats=pl.col("categories").list.contains("threat").sum().cast(pl.Int64),
        scored=pl.len().cast(pl.Int64),
    )
    # A target's days are small: the streaming engine costs more.
    out = counts.collect(engine="in-memory")
    release_freed_memory()
    return out
