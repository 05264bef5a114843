"""The pack context and the counts: what each participant could see when it posted, and the
coordination signals it belongs to. Plain frame transforms over the working tables' metadata
(times, authors, reply targets, scores); no post text is shown from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tasks.detect.signals import normalised_text
from tasks.scoring.language import count_languages, unread_language

_MIN_WORDS = 4  # as tasks/detect/signals.py: "ordure !" from five people is not a campaign


def firsts(posts: pl.DataFrame) -> pl.DataFrame:
    """Each post once, at its first version (what the counts count)."""
    return posts.sort("version").unique("post_id", keep="first", maintain_order=True)


def hostile_before(everything: pl.DataFrame) -> pl.DataFrame:
    """Per post: hostile posts the target had received strictly before it, overall and in its
    thread (conversation). Ties at the same second count as not before."""
    f = firsts(everything).select(
        "post_id", "created_at", "conversation_id", h=pl.col("post_hostile").cast(pl.Int64)
    )
    f = f.with_columns(thread=pl.coalesce("conversation_id", "post_id")).sort("created_at")
    # Running counts first, then the smallest over posts of the same second: a window
    # expression would restart the running count inside each window.
    f = f.with_columns(
        overall=pl.col("h").cum_sum() - pl.col("h"),
        in_thread=pl.col("h").cum_sum().over("thread") - pl.col("h"),
    )
    return f.with_columns(
        before_overall=pl.col("overall").min().over("created_at"),
        before_thread=pl.col("in_thread").min().over("thread", "created_at"),
    ).select("post_id", "before_overall", "before_thread")


def clusters(hostile: pl.DataFrame, min_authors: int) -> pl.DataFrame:
    """Copy-paste clusters among hostile originals: one normalised text of 4+ words from
    ``min_authors``+ distinct accounts. Columns: post_id, cluster (C1 the largest), authors."""
    originals = (
        firsts(hostile).filter(pl.col("kind") != "repost").with_columns(key=normalised_text())
    )
    originals = originals.filter(pl.col("key").str.count_matches(r"\S+") >= _MIN_WORDS)
    groups = (
        originals.group_by("key")
        .agg(
            authors=pl.struct("platform", "author_id").n_unique(),
            first=pl.col("created_at").min(),
        )
        .filter(pl.col("authors") >= min_authors)
        .sort(["authors", "first"], descending=[True, False])
        .with_columns(cluster=pl.format("C{}", pl.int_range(1, pl.len() + 1)))
    )
    return originals.join(groups, on="key").select("post_id", "cluster", "authors")


def latest_status(changes: pl.DataFrame) -> pl.DataFrame:
    """Per post: its last observed platform status and when."""
    if changes.is_empty():
        return pl.DataFrame(
            schema={
                "post_id": pl.String,
                "status": pl.String,
                "observed_at": pl.Datetime("us", "UTC"),
            }
        )
    return (
        changes.sort("observed_at")
        .unique("post_id", keep="last")
        .select("post_id", "status", "observed_at")
    )


def episode_of(posts: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """Per post: the harassment episode it was created in (None outside any)."""
    expr = pl.lit(None, pl.String)
    for eid, start, end in episodes.select("episode_id", "start", "end").iter_rows():
        inside = (pl.col("created_at") >= start) & (pl.col("created_at") < end)
        expr = pl.when(inside).then(pl.lit(eid)).otherwise(expr)
    return firsts(posts).select("post_id", episode=expr)


@dataclass(frozen=True)
class Counts:
    posts: int
    hostile: int
    threats: int
    accounts: int
    young_accounts: int
    clusters: int
    cluster_posts: int
    statuses: dict[str, int]
    last_check: object
    # Posts whose score says no rules read their language, per language, most first: not
    # assessed, so neither hostile nor shown.
    unread: tuple[tuple[str, int], ...] = ()


def counts(
    posts: pl.DataFrame,
    cluster_of: pl.DataFrame,
    status: pl.DataFrame,
    young_days: int,
) -> Counts:
    """The summary's numbers over the versions in scope (each post once)."""
    f = firsts(posts)
    hostile = f.filter(pl.col("post_hostile"))
    young = hostile.filter(
        (pl.col("created_at") - pl.col("author_created_at")) < pl.duration(days=young_days)
    )
    st = status.join(hostile.select("post_id"), on="post_id", how="semi")
    checked = st["observed_at"].max() if st.height else None
    return Counts(
        posts=f.height,
        hostile=hostile.height,
        threats=f.filter(pl.col("post_threat")).height,
        accounts=hostile.select("platform", "author_id").n_unique() if hostile.height else 0,
        young_accounts=young.select("platform", "author_id").n_unique() if young.height else 0,
        clusters=cluster_of["cluster"].n_unique() if cluster_of.height else 0,
        cluster_posts=cluster_of.height,
        statuses=dict(st.group_by("status").len().iter_rows()),
        last_check=checked,
        unread=_unread(f),
    )


def _unread(posts: pl.DataFrame) -> tuple[tuple[str, int], ...]:
    if "score_reasons" not in posts.columns:
        return ()
    return tuple(
        count_languages(posts.select(unread_language(pl.col("score_reasons"))).to_series())
    )
