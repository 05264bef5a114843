"""Read what one target's safety-desk page shows, as plain frames: the last days' counts, the
open and recent episodes, the threat queue, and what collection covered.

The readers are the digest's (tasks/digest/data.py: current view of mentions, latest scores,
status changes, run summaries) so that the page and the digest count a post the same way. A
part whose table is absent (no scores yet, no episodes yet) is named in ``missing`` and the page
says it is not available; it never fails for that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from tasks.detect.table import EPISODES
from tasks.digest.data import (
    STANCES,
    attach_scores,
    has_data,
    load_posts,
    load_runs,
    load_scores,
    load_status,
)
from tasks.digest.summary import run_coverage
from tasks.schema import DAILY, MENTIONS
from tasks.storage import root_of
from tasks.store import scan

# What the desk must act on first: threats to the person and their address or family published.
QUEUE_CATEGORIES = ("threat", "death_threat", "doxxing")
# Closed episodes that ended within this many days before the period are still listed.
RECENT_EPISODE_DAYS = 30


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last`` of the target's timezone, up to ``until`` (UTC)."""

    first: date
    last: date
    timezone: str
    start: datetime  # local midnight of ``first``, in UTC
    until: datetime  # the earlier of ``now`` and the end of ``last``

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def period(now: datetime, timezone: str, days: int, last_day: date | None = None) -> Period:
    """The ``days`` local days ending with ``last_day`` (default: ``now``'s local day)."""
    zone = ZoneInfo(timezone)
    last = last_day or now.astimezone(zone).date()
    first = last - timedelta(days=days - 1)
    start = datetime.combine(first, time(), tzinfo=zone).astimezone(now.tzinfo)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone).astimezone(now.tzinfo)
    return Period(first, last, timezone, start, min(now, end))


@dataclass(frozen=True)
class SiteInputs:
    target: str
    period: Period
    # One row per local day of the period: day, posts, hostile, supportive, neutral, threats
    # (stance columns null when nothing is scored).
    days: pl.DataFrame
    episodes: pl.DataFrame  # open ones first, then the newest
    # The period's queue posts, newest first, with score and status columns.
    queue: pl.DataFrame
    # Spans of the period no successful run covered (UTC), and the runs that did not succeed.
    gaps: list[tuple[datetime, datetime]]
    runs_ok: int
    failed_runs: list[dict[str, object]]
    # The newest post stored for the target, whenever it was (says where the data is when the
    # period is empty).
    latest_post: datetime | None
    missing: tuple[str, ...] = field(default=())
    # The period's posts whose score says no rules read their language (``unread``), newest
    # first, with status columns: read by the universal rules alone, for a reader of theirs.
    unread: pl.DataFrame | None = None


def load_days(
    root: Path, target: str, p: Period, posts: pl.DataFrame, scored: bool
) -> pl.DataFrame:
    """Posts per local day from the daily aggregate; stances counted from ``posts`` (the
    current view joined with the latest scores), as the digest does."""
    frame = pl.DataFrame({"day": p.days}, schema={"day": pl.Date})
    daily = (
        scan(root, DAILY, ["target", "day", "posts"], where={"target": target})
        .filter(pl.col("day").is_between(p.first, p.last))
        .select("day", "posts")
        .collect()
    )
    out = frame.join(daily, on="day", how="left").with_columns(pl.col("posts").fill_null(0))
    if not scored:
        return out.with_columns(
            [pl.lit(None, dtype=pl.Int64).alias(c) for c in (*STANCES, "threats")]
        )
    stance = (
        posts.filter(pl.col("stance").is_not_null())
        .group_by("day")
        .agg(
            *[(pl.col("stance") == s).sum().cast(pl.Int64).alias(s) for s in STANCES],
            threats=_in_queue().sum().cast(pl.Int64),
        )
    )
    return out.join(stance, on="day", how="left").with_columns(
        pl.col(*STANCES, "threats").fill_null(0)
    )


def _in_queue() -> pl.Expr:
    return (
        pl.col("categories")
        .list.eval(pl.element().is_in(QUEUE_CATEGORIES))
        .list.any()
        .fill_null(False)
    )


def load_episodes(root: Path, target: str, p: Period) -> pl.DataFrame | None:
    """Open episodes, and those that ended within RECENT_EPISODE_DAYS before the period."""
    if not has_data(root, EPISODES):
        return None
    since = p.start - timedelta(days=RECENT_EPISODE_DAYS)
    return (
        scan(root, EPISODES, where={"target": target})
        .filter(
            (pl.col("start") <= p.until) & ((pl.col("status") == "open") | (pl.col("end") >= since))
        )
        .sort(["status", "start"], descending=[True, True])  # "open" > "closed"
        .collect()
    )


def coverage(
    runs: pl.DataFrame, p: Period
) -> tuple[list[tuple[datetime, datetime]], int, list[dict[str, object]]]:
    """Spans of the period that no successful run's window covered, the successful runs, and
    the failed or skipped ones, newest first (the digest's rule: a partial run's window is not
    covered)."""
    start, end = p.start, p.until
    runs, ok, gaps = run_coverage(runs, start, end)
    # A partial run's missing spans are gaps above; failed and skipped runs are named apart.
    failed = (
        runs.filter(~pl.col("status").is_in(["ok", "partial"]))
        .sort("started_at", descending=True)
        .select("flow", "source", "started_at", "status", "error")
        .to_dicts()
    )
    return gaps, ok.height, failed


def latest_post(root: Path, target: str) -> datetime | None:
    return (
        scan(root, MENTIONS, ["target", "created_at"], where={"target": target})
        .select(pl.col("created_at").max())
        .collect()
        .item()
    )


def load_site_inputs(
    root: Path,
    target: str,
    timezone: str,
    now: datetime,
    *,
    days: int = 30,
    last_day: date | None = None,
    scorer: str = "rules",
) -> SiteInputs:
    """What one target's page shows; ``root``: a local folder or an s3:// data root."""
    root = root_of(root)
    p = period(now, timezone, days, last_day)
    missing: list[str] = []
    posts = load_posts(root, target, timezone, p.first, p.last).filter(
        pl.col("created_at") < p.until
    )
    scores = load_scores(root, target, p.first, p.last, scorer)
    if scores is None:
        missing.append("scores")
    posts = attach_scores(posts, scores)
    episodes = load_episodes(root, target, p)
    if episodes is None:
        missing.append("episodes")
        episodes = EPISODES.empty()
    status = load_status(root, target, now)
    if status is None:
        missing.append("status_changes")
        status = pl.DataFrame(
            schema={
                "platform": pl.String,
                "post_id": pl.String,
                "status": pl.String,
                "observed_at": pl.Datetime("us", "UTC"),
            }
        )
    queue, unread = (
        posts.filter(which)
        .join(status, on=["platform", "post_id"], how="left")
        .sort(["created_at", "post_id"], descending=True)
        for which in (_in_queue(), pl.col("unread").is_not_null())
    )
    gaps, runs_ok, failed = coverage(load_runs(root, target), p)
    return SiteInputs(
        target=target,
        period=p,
        days=load_days(root, target, p, posts, scores is not None),
        episodes=episodes,
        queue=queue,
        gaps=gaps,
        runs_ok=runs_ok,
        failed_runs=failed,
        latest_post=latest_post(root, target),
        missing=tuple(missing),
        unread=unread,
    )
