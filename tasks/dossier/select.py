"""Which posts a dossier is about: an episode, an account, a window, or every harassment episode.

The working tables decide only *which* posts (and the counts, which a test checks against them);
what the posts say is taken later from their sealed raw records (tasks/dossier/build.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from tasks.digest.data import has_data
from tasks.errors import TocsinError
from tasks.evidence.summary import attach_scores, read_scores
from tasks.schema import MENTIONS
from tasks.store import scan


class DossierError(TocsinError):
    """The dossier asked for cannot be made as asked (what is wrong, and what to do)."""


@dataclass(frozen=True)
class Selection:
    episode: str | None = None
    author: str | None = None
    start: date | None = None
    end: date | None = None

    @property
    def author_handle(self) -> str | None:
        return self.author.lstrip("@").lower() if self.author else None


@dataclass(frozen=True)
class Scope:
    """The posts chosen, every post of the target (for the pack context), and why."""

    everything: pl.DataFrame  # every version of every post of the target, with flags
    posts: pl.DataFrame  # the versions in scope
    shown: pl.DataFrame  # the versions listed in full (hostile ones, or all of an author's)
    episodes: pl.DataFrame  # the target's harassment episodes
    chosen_episodes: pl.DataFrame  # those the selection covers
    first: datetime
    last: datetime
    scorer: str


def _day_start(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time(), tzinfo=UTC)


def load_posts(root: Path, target: str) -> tuple[pl.DataFrame, str]:
    """Every version of the target's posts with ``hostile``/``threat`` flags and the score
    columns (``score_stance``, ``score_categories``, ``score_reasons``…), and whose scores."""
    posts = scan(root, MENTIONS).filter(pl.col("target") == target).collect()
    scores = read_scores(root)
    if scores is not None and "target" in scores.columns:
        scores = scores.filter(pl.col("target") == target)
    posts, note = attach_scores(posts, scores)
    if "hostile" not in posts.columns:
        raise DossierError(f"target {target!r}: {note} Run the pipeline's scoring first.")
    flags = posts.group_by("post_id").agg(
        pl.col("hostile").fill_null(False).any().alias("post_hostile"),
        pl.col("threat").fill_null(False).any().alias("post_threat"),
    )
    scorer = note
    if scores is not None and "scorer" in scores.columns and scores.height:
        names = scores.select(
            pl.concat_str("scorer", pl.lit("/"), "scorer_version").alias("s")
        ).unique()
        scorer = ", ".join(sorted(names["s"].to_list())[:3])
    return posts.join(flags, on="post_id", how="left"), scorer


def load_episodes(root: Path, target: str) -> pl.DataFrame:
    from tasks.detect.table import EPISODES

    if not has_data(root, EPISODES):
        return EPISODES.empty().filter(pl.lit(False))
    eps = scan(root, EPISODES).filter(pl.col("target") == target).collect()
    return eps.filter(pl.col("kind") == "harassment").sort("start")


def _in_periods(periods: pl.DataFrame) -> pl.Expr:
    expr = pl.lit(False)
    for start, end in periods.select("start", "end").iter_rows():
        expr = expr | ((pl.col("created_at") >= start) & (pl.col("created_at") < end))
    return expr


def choose(root: Path, target: str, sel: Selection) -> Scope:
    """The scope of the dossier; a DossierError names what matched nothing."""
    everything, scorer = load_posts(root, target)
    if everything.is_empty():
        raise DossierError(f"no stored posts for target {target!r}")
    episodes = load_episodes(root, target)
    posts = everything
    chosen = episodes.filter(pl.lit(False))
    if sel.episode:
        chosen = episodes.filter(pl.col("episode_id") == sel.episode)
        if chosen.is_empty():
            known = ", ".join(episodes["episode_id"].to_list()) or "none detected"
            raise DossierError(
                f"--episode {sel.episode}: no such harassment episode of target {target!r} "
                f"(known: {known})"
            )
        posts = posts.filter(_in_periods(chosen))
    elif not (sel.author or sel.start or sel.end):
        if episodes.is_empty():
            raise DossierError(
                f"target {target!r} has no harassment episode detected: run `tocsin detect`, "
                "or choose the posts with --from/--to or --author"
            )
        chosen = episodes
        posts = posts.filter(_in_periods(chosen))
    if sel.start:
        posts = posts.filter(pl.col("created_at") >= _day_start(sel.start))
    if sel.end:
        posts = posts.filter(pl.col("created_at") < _day_start(sel.end + timedelta(days=1)))
    if sel.author_handle:
        ids = posts.filter(pl.col("author_handle").str.to_lowercase() == sel.author_handle)
        posts = posts.filter(pl.col("author_id").is_in(ids["author_id"].unique().implode()))
        if posts.is_empty():
            raise DossierError(
                f"--author {sel.author}: no post of that account aimed at target {target!r}"
                + (" in the chosen period" if sel.episode or sel.start or sel.end else "")
            )
        shown = posts
    else:
        shown = posts.filter(pl.col("post_hostile"))
    if posts.is_empty():
        raise DossierError(f"no stored post of target {target!r} in the chosen period")
    if shown.is_empty():
        raise DossierError(
            f"no hostile post of target {target!r} in the chosen period: nothing to put in a dossier"
        )
    if chosen.is_empty() and episodes.height:
        lo, hi = posts["created_at"].min(), posts["created_at"].max()
        chosen = episodes.filter((pl.col("start") <= hi) & (pl.col("end") > lo))
    return Scope(
        everything=everything,
        posts=posts.sort("created_at", "post_id", "version"),
        shown=shown.sort("created_at", "post_id", "version"),
        episodes=episodes,
        chosen_episodes=chosen,
        first=posts["created_at"].min(),  # type: ignore[arg-type]
        last=posts["created_at"].max(),  # type: ignore[arg-type]
        scorer=scorer,
    )
