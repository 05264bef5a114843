"""The incident summary of an export: posts per day, hostile posts, threats first.

Scores come from another stage; when no ``scores`` table exists under the data root the summary
says scoring was not run, rather than guessing. The scores table is read by shape: any of the
recognised columns below marks a post hostile or a threat, so a scorer's richer output still fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tasks.storage import Root, root_of

THREAT_CATEGORIES = ("threat", "death_threat")  # tasks/scoring/lexicon.py names "threat"
_KEYS = ("target", "platform", "post_id", "version_id")


@dataclass
class Summary:
    days: list[dict[str, Any]] = field(default_factory=list)
    posts: int = 0
    versions: int = 0
    authors: int = 0
    scored: bool = False
    scores_note: str = ""
    hostile: int | None = None
    threats: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)


def read_scores(root: Root | Path | str) -> pl.DataFrame | None:
    """Every file of the ``scores`` table, read by shape; None when there is none (a local
    folder globbed, an S3 prefix listed)."""
    store = root_of(root)
    base = store.location("scores")
    if store.remote:
        if not any(k.endswith(".parquet") for k in store.list("scores")):
            return None
    elif not base.exists() or next(base.rglob("*.parquet"), None) is None:
        return None
    source, options = store.scan_source(base / "**" / "*.parquet")
    return pl.scan_parquet(source, hive_partitioning=True, storage_options=options).collect()


def _flag(scores: pl.DataFrame, names: tuple[str, ...], labels: tuple[str, ...]) -> pl.Expr | None:
    """An expression true where a score column says so, from the first recognised column."""
    for n in names:
        if n not in scores.columns:
            continue
        dtype = scores.schema[n]
        if dtype == pl.Boolean:
            return pl.col(n).fill_null(False)
        if dtype == pl.String:
            return pl.col(n).is_in(list(labels)).fill_null(False)
        if isinstance(dtype, pl.List):
            return pl.col(n).list.eval(pl.element().is_in(list(labels))).list.any().fill_null(False)
    return None


def attach_scores(posts: pl.DataFrame, scores: pl.DataFrame | None) -> tuple[pl.DataFrame, str]:
    """Posts with ``hostile``/``threat`` flags (and the score columns), and a note on how."""
    if scores is None:
        return posts, "Scoring was not run: there is no scores table under the data root."
    keys = [k for k in _KEYS if k in scores.columns and k in posts.columns]
    hostile = _flag(scores, ("hostile", "is_hostile", "stance", "label"), ("hostile",))
    threat = _flag(
        scores, ("threat", "is_threat", "category", "categories", "labels"), THREAT_CATEGORIES
    )
    if "post_id" not in keys or (hostile is None and threat is None):
        return posts, (
            "A scores table exists, but no hostile or threat column was recognised in it "
            f"(columns: {', '.join(scores.columns)})."
        )
    extra = [c for c in scores.columns if c not in posts.columns]
    if "scorer_version" in scores.columns:  # a re-score by a newer scorer supersedes the older
        scores = scores.sort("scorer_version", descending=True, nulls_last=True)
    s = (
        scores.with_columns(
            (hostile if hostile is not None else pl.lit(None, pl.Boolean)).alias("_hostile"),
            (threat if threat is not None else pl.lit(None, pl.Boolean)).alias("_threat"),
        )
        .select([*keys, *extra, "_hostile", "_threat"])
        .unique(subset=keys, keep="first", maintain_order=True)
    )
    s = s.rename({c: f"score_{c}" for c in extra})
    joined = posts.join(s, on=keys, how="left").rename({"_hostile": "hostile", "_threat": "threat"})
    return joined, "Scores from the scores table under the data root."


def summarise(posts: pl.DataFrame, changes: pl.DataFrame, timezone: str, note: str) -> Summary:
    """Per local day: posts (each post once, at its first version), hostile ones; then threats."""
    firsts = posts.sort("version").unique("post_id", keep="first", maintain_order=True)
    scored = "hostile" in posts.columns
    if scored:
        flags = posts.group_by("post_id").agg(
            pl.col("hostile").fill_null(False).any().alias("hostile"),
            pl.col("threat").fill_null(False).any().alias("threat"),
        )
        firsts = firsts.drop("hostile", "threat").join(flags, on="post_id", how="left")
    local = firsts.with_columns(day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date())
    aggs = [pl.len().alias("posts"), pl.col("author_id").n_unique().alias("authors")]
    if scored:
        aggs += [pl.col("hostile").sum().alias("hostile"), pl.col("threat").sum().alias("threats")]
    days = local.group_by("day").agg(aggs).sort("day")
    s = Summary(
        days=days.to_dicts(),
        posts=firsts.height,
        versions=posts.height,
        authors=posts["author_id"].n_unique(),
        scored=scored,
        scores_note=note,
    )
    if scored:
        s.hostile = int(firsts["hostile"].sum())
        threats = posts.filter(pl.col("threat").fill_null(False)).sort("created_at")
        s.threats = threats.select(
            "created_at", "author_handle", "author_id", "text", "url", "post_id", "raw_sha256"
        ).to_dicts()
    if changes.height:
        latest = changes.sort("observed_at").unique("post_id", keep="last")
        s.statuses = dict(latest.group_by("status").len().sort("status").iter_rows())
    return s
