"""Scores in storage: score what is new, and count stances per local day.

Plain functions over the data root (no Prefect): the flows wrap them as tasks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from tasks.files import locked
from tasks.mentions import current_view
from tasks.schema import MENTIONS
from tasks.scoring.base import SCORED_PREFIX, Scorer
from tasks.scoring.table import SCORES
from tasks.storage import root_of
from tasks.store import merge_partitions, scan

_POST = ["platform", "post_id", "version_id"]
_KEY = ["target", "date", *_POST]


def unscored_posts(root: Path, target: str, utc_dates: list[str], scorer: Scorer) -> pl.DataFrame:
    """Every stored version of the posts of those UTC dates that this scorer version has not
    scored yet: the key columns, ``version``, and ``text`` (cut to what a scorer reads) and
    ``lang``. What ``score_partitions`` scores; read alone to score several targets' posts in
    one call (tasks.scoring.primed)."""
    root = root_of(root)
    dates = sorted(set(utc_dates))
    if not dates:
        return pl.DataFrame(schema=MENTIONS.polars_schema()).select(
            *_KEY, "version", "text", "lang"
        )
    # One query over the target's folders (partition pruning picks the dates), not two reads
    # per partition: a target's batch spans a month of days.
    on_dates = pl.col("date").is_in(dates)
    posts = scan(root, MENTIONS, [*_KEY, "version", "text", "lang"], where={"target": target})
    done = (
        scan(root, SCORES, [*_KEY, "scorer", "scorer_version"], where={"target": target})
        .filter(
            on_dates
            & (pl.col("scorer") == scorer.name)
            & (pl.col("scorer_version") == scorer.version)
        )
        .select(_KEY)
    )
    # Only the prefix a scorer reads is kept (see SCORED_PREFIX): a 50 MB post's whole text
    # was otherwise copied at each step of a one-row frame, the scorer's own included.
    return (
        posts.filter(on_dates)
        .join(done, on=_KEY, how="anti", maintain_order="left")
        .with_columns(pl.col("text").str.slice(0, SCORED_PREFIX))
        .collect(engine="in-memory")
    )


def score_partitions(
    root: Path,
    target: str,
    utc_dates: list[str],
    scorer: Scorer,
    *,
    now: datetime | None = None,
    posts: pl.DataFrame | None = None,
) -> int:
    """Score every stored version of the posts of those UTC dates that this scorer version has
    not scored yet, and merge the rows into ``scores``. Returns rows written; running it again
    writes nothing. The mentions are only read: a new scorer version never re-ingests.
    ``posts``: what ``unscored_posts`` returns for the same arguments, when the caller has just
    read it (tasks.derive.derive_many)."""
    root = root_of(root)
    if posts is None:
        posts = unscored_posts(root, target, utc_dates, scorer)
    if posts.is_empty():
        return 0
    scored = scorer.score(posts.select("text", "lang"))
    rows = pl.concat(
        [
            posts.select("target", "date", *_POST, "version"),
            scored.select("stance", "categories", "severity", "score", "reasons"),
        ],
        how="horizontal",
    ).with_columns(
        scorer=pl.lit(scorer.name),
        scorer_version=pl.lit(scorer.version),
        scored_at=pl.lit(now or datetime.now(UTC)).cast(pl.Datetime("us", "UTC")),
    )
    with locked(root):
        written, _ = merge_partitions(
            root, SCORES, SCORES.conform(rows), sort_by=["platform", "post_id", "version", "scorer"]
        )
    return written


def latest_scores(root: Path, target: str, scorer_name: str = "rules") -> pl.LazyFrame:
    """Per post version, the newest score this scorer gave it (after a re-score, the new
    version's; posts the new version has not reached yet keep their previous score)."""
    return (
        scan(root_of(root), SCORES, where={"target": target})
        .filter(pl.col("scorer") == scorer_name)
        .sort("scored_at", descending=True)
        .unique(subset=_POST, keep="first")
    )


def stance_daily(
    root: Path,
    target: str,
    timezone: str,
    since: date | None,
    scorer_name: str = "rules",
) -> pl.DataFrame:
    """Hostile, supportive and neutral posts, threats, and the hostile share, per local day.

    Over the current view of mentions (the newest version of each post) joined with its latest
    score; posts not scored yet are left out of every count, so ``hostile_share`` is
    hostile / scored posts of the day.
    """
    # Only the target's folders are listed and read.
    posts = current_view(
        scan(
            root_of(root),
            MENTIONS,
            ["target", *_POST, "version", "created_at"],
            where={"target": target},
        )
    )
    scores = latest_scores(root, target, scorer_name).select(*_POST, "stance", "categories")
    days = posts.join(scores, on=_POST, how="inner").with_columns(
        day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date()
    )
    if since is not None:
        days = days.filter(pl.col("day") >= since)
    out = (
        days.group_by("day")
        .agg(
            hostile=(pl.col("stance") == "hostile").sum().cast(pl.Int64),
            supportive=(pl.col("stance") == "supportive").sum().cast(pl.Int64),
            neutral=(pl.col("stance") == "neutral").sum().cast(pl.Int64),
            threats=pl.col("categories").list.contains("threat").sum().cast(pl.Int64),
            scored=pl.len(),
        )
        .with_columns(hostile_share=pl.col("hostile") / pl.col("scored"))
        .sort("day")
        .collect(engine="in-memory")  # a target's days are small: the streaming engine costs more
    )
    schema = {"day": pl.Date, "hostile": pl.Int64, "supportive": pl.Int64, "neutral": pl.Int64}
    schema |= {"threats": pl.Int64, "hostile_share": pl.Float64}
    return out.select(pl.col(k).cast(v) for k, v in schema.items())
