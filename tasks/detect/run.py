"""Detection over stored data: read the scored posts, find the episodes, keep them.

The pure core is ``detect_at``: posts in, episodes out, for a given stream time ``now``. It only
uses posts created before the last full hour before ``now``, and every expectation only uses the
days before the hour it judges, so a watch running every 15 minutes, ``tocsin detect`` afterwards
and the benchmark's hour-by-hour replay all find the same episodes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.detect.config import DetectConfig
from tasks.detect.episodes import detect_spans, within
from tasks.detect.model import fit_baseline
from tasks.detect.series import floor_hour, hourly_series
from tasks.detect.signals import add_signals
from tasks.detect.table import EPISODES
from tasks.files import locked
from tasks.mentions import current_view
from tasks.schema import MENTIONS
from tasks.scoring.language import unread_language
from tasks.scoring.quarantine import POST_FIELDS, quarantine_posts
from tasks.store import PART_FILE, partition_dir, read_partition, scan, write_atomic

METHOD_VERSION = "1"
# What detection reads of a post: the fields a quarantined record is read back with, and its target.
POST_COLUMNS = ["target", *POST_FIELDS]
# ``unread``: the language no rules read (``language.unread`` in the score's reasons), else null.
SCORE_COLUMNS = ["stance", "categories", "severity", "score", "unread"]
_UNREAD = unread_language(pl.col("reasons")).alias("unread")


def make_scorer(name: str, **options: Any) -> Any:
    """The scorer registered under ``name`` (tasks.scoring), with its ``options``
    (``Settings.scoring.options(name)``)."""
    from tasks.scoring import get_scorer

    return get_scorer(name, **options)


def scorer_label(scorer: Any) -> str:
    return f"{scorer.name}/{getattr(scorer, 'version', '?')}"


def _stored_scores(root: Path, target: str, dates: list[str], scorer: Any) -> pl.DataFrame:
    """Scores the pipeline already wrote for these posts with this scorer version."""
    from tasks.scoring.table import SCORES

    lf = scan(root, SCORES).filter(
        (pl.col("target") == target)
        & pl.col("date").is_in(dates)
        & (pl.col("scorer") == scorer.name)
        & (pl.col("scorer_version") == scorer.version)
    )
    return lf.with_columns(_UNREAD).select(*_KEY, *SCORE_COLUMNS).collect()


def load_posts(
    root: Path, target: str, start: datetime, end: datetime, *, scorer: Any
) -> pl.DataFrame:
    """The current version of every post created in [start, end), with its stance.

    Stances come from the ``scores`` table (ingestion scores what it stores); posts it has no
    row for with this scorer version (stored before scoring existed, or before a new scorer
    version) are scored here, in memory, and not written: re-scoring the store is the scoring
    module's job.

    Quarantined records whose text was read and scored (``quarantine_scores``, see
    tasks/scoring/quarantine.py) come too, ``validated`` false with their
    ``quarantine_reasons``: a threat with a missing author id or a bad date still counts in the
    episode (its threats can escalate an alert) and is quoted as unvalidated. A record whose
    post is also stored valid (a later, well-formed copy) is left out: it is that post.
    """
    days = pl.date_range(start.date(), end.date(), "1d", eager=True).dt.strftime("%Y-%m-%d")
    dates = days.to_list()
    lf = scan(root, MENTIONS).filter(
        (pl.col("target") == target) & pl.col("date").is_in(dates) & within(start, end)
    )
    posts = current_view(lf.select(POST_COLUMNS)).collect()
    stored = _stored_scores(root, target, dates, scorer)
    known = _MEMO.get(scorer_label(scorer))
    if known is not None:
        stored = pl.concat([stored, known], how="vertical_relaxed")
    if stored.height:
        posts = posts.join(stored.unique(_KEY), on=_KEY, how="left")
        done = posts.filter(pl.col("stance").is_not_null())
        todo = posts.filter(pl.col("stance").is_null()).drop(SCORE_COLUMNS)
    else:
        done, todo = posts.clear().with_columns(_empty_scores()), posts
    if todo.height:
        scored = scorer.score(todo).with_columns(_UNREAD).select(done.columns)
        done = pl.concat([done, scored], how="vertical_relaxed")
        _remember(scorer_label(scorer), scored.select(*_KEY, *SCORE_COLUMNS))
    done = done.with_columns(
        validated=pl.lit(True), quarantine_reasons=pl.lit(None, pl.List(pl.String))
    )
    unvalidated = quarantine_posts(root, target, start, end, scorer).join(
        done.select("platform", "post_id"), on=["platform", "post_id"], how="anti"
    )
    if unvalidated.height:
        done = pl.concat([done, unvalidated.select(done.columns)], how="vertical_relaxed")
    return done.sort("created_at")


_KEY = ["platform", "post_id", "version_id"]
# Posts scored in memory, by scorer label: a process that runs the watch hour after hour (a
# replay, `tocsin serve`) scores each post once even where no ``scores`` table is written.
_MEMO: dict[str, pl.DataFrame] = {}


def _remember(label: str, scored: pl.DataFrame) -> None:
    previous = _MEMO.get(label)
    _MEMO[label] = (
        scored if previous is None else pl.concat([previous, scored], how="vertical_relaxed")
    )


def _empty_scores() -> list[pl.Expr]:
    return [
        pl.lit(None, pl.String).alias("stance"),
        pl.lit(None, pl.List(pl.String)).alias("categories"),
        pl.lit(None, pl.Int8).alias("severity"),
        pl.lit(None, pl.Float64).alias("score"),
        pl.lit(None, pl.String).alias("unread"),
    ]


def prior_authors(root: Path, target: str, before: datetime) -> pl.DataFrame:
    """(platform, author_id) of everyone who posted about the target before ``before``."""
    return (
        scan(root, MENTIONS, ["target", "date", "platform", "author_id", "created_at"])
        .filter((pl.col("target") == target) & (pl.col("date") <= before.strftime("%Y-%m-%d")))
        .filter(pl.col("created_at") < before)
        .select("platform", "author_id")
        .unique()
        .collect()
    )


def window(
    now: datetime, cfg: DetectConfig, *, since: datetime | None = None
) -> tuple[datetime, datetime, datetime]:
    """(posts from, evaluation from, end): the complete hours before ``now`` that a run looks at.

    The evaluated hours are the last ``horizon_hours``, reaching back to ``since`` (the start of
    an episode still in view, so that it is always recomputed whole, never from a truncated
    middle) but never more than ``max_episode_days``. The posts reach ``baseline_days`` (and a
    day for the partial first local day) further back, for the normal to be learnt from.
    """
    end = floor_hour(now)
    eval_from = end - timedelta(hours=cfg.horizon_hours)
    if since is not None:
        eval_from = max(
            min(eval_from, floor_hour(since)), end - timedelta(days=cfg.max_episode_days)
        )
    return eval_from - timedelta(days=cfg.baseline_days + 1), eval_from, end


def in_view_since(stored: pl.DataFrame, now: datetime, cfg: DetectConfig) -> datetime | None:
    """Earliest start of the stored episodes that reach into this run's horizon, or ended just
    before it (a new departure within ``merge_gap_hours`` of their end reopens them)."""
    if stored.is_empty():
        return None
    edge = floor_hour(now) - timedelta(hours=cfg.horizon_hours + cfg.merge_gap_hours)
    live = stored.filter(pl.col("end") >= edge)
    return live["start"].min() if live.height else None  # type: ignore[return-value]


def reconcile(fresh: pl.DataFrame, stored: pl.DataFrame) -> tuple[pl.DataFrame, set[str]]:
    """(every episode, ids of this run's): identity kept across runs, stale open ones closed.

    A fresh episode overlapping a stored one of the same kind under another id (its start was
    cut by this run's horizon) takes the stored id and start. Stored episodes are never dropped:
    an alert may have been sent about them.
    """
    if stored.is_empty():
        return fresh, set(fresh["episode_id"])
    rows = fresh.to_dicts()
    used: set[str] = set()
    for row in rows:
        same = stored.filter(
            (pl.col("kind") == row["kind"])
            & (pl.col("start") < row["end"])
            & (pl.col("end") >= row["start"])
        ).sort("start")
        if same.height and row["episode_id"] not in set(same["episode_id"]):
            first = same.row(0, named=True)
            row["episode_id"], row["start"] = first["episode_id"], min(first["start"], row["start"])
        used.add(row["episode_id"])
    kept = stored.filter(~pl.col("episode_id").is_in(list(used))).with_columns(
        # An episode still marked open that this run does not find has ended.
        status=pl.when(pl.col("status") == "open").then(pl.lit("closed")).otherwise("status")
    )
    merged = pl.DataFrame(rows, schema=fresh.schema) if rows else fresh.clear()
    return pl.concat([kept.select(merged.columns), merged], how="vertical_relaxed"), used


@dataclass(frozen=True)
class Detection:
    episodes: pl.DataFrame  # conformed to EPISODES: every episode of the target, stored + fresh
    fresh: pl.DataFrame  # the episodes this run computed (subset of ``episodes``)
    posts: pl.DataFrame  # the scored posts the run read (for signals and alert quotes)


def detect_at(
    posts: pl.DataFrame,
    *,
    target: str,
    timezone: str,
    now: datetime,
    cfg: DetectConfig,
    watched_ids: frozenset[str] = frozenset(),
    prior: pl.DataFrame | None = None,
    scorer: str = "?",
    with_signals: bool = True,
    since: datetime | None = None,
) -> pl.DataFrame:
    """Episodes whose hours fall in the evaluation window before ``now`` (pure function)."""
    posts_from, eval_from, end = window(now, cfg, since=since)
    posts = posts.filter(pl.col("created_at") < end)
    # Hours before the first stored post are unknown, not silent: a series zero-filled back to
    # ``posts_from`` would teach a new target's normal that nobody ever writes about them.
    first = posts["created_at"].min() if posts.height else end
    hourly = hourly_series(posts, start=max(posts_from, first), end=end, timezone=timezone)  # type: ignore[type-var]
    baseline = fit_baseline(hourly, eval_from=eval_from, cfg=cfg)
    spans = detect_spans(hourly, baseline, target=target, cfg=cfg)
    return finish(
        spans,
        posts,
        now=now,
        cfg=cfg,
        watched_ids=watched_ids,
        prior=prior,
        scorer=scorer,
        with_signals=with_signals,
    )


def finish(
    spans: pl.DataFrame,
    posts: pl.DataFrame,
    *,
    now: datetime,
    cfg: DetectConfig,
    watched_ids: frozenset[str],
    prior: pl.DataFrame | None,
    scorer: str,
    with_signals: bool,
) -> pl.DataFrame:
    """Spans → EPISODES rows: signals (optional: the benchmark only needs times), run columns."""
    if with_signals:
        prior = (
            prior
            if prior is not None
            else pl.DataFrame(schema={"platform": pl.String, "author_id": pl.String})
        )
        spans = add_signals(spans, posts, prior_authors=prior, watched_ids=watched_ids, cfg=cfg)
    out = spans.with_columns(
        method=pl.lit(f"{cfg.method}/{METHOD_VERSION}"),
        scorer=pl.lit(scorer),
        computed_at=pl.lit(now).cast(pl.Datetime("us", "UTC")),
    )
    if not with_signals:
        return out
    return EPISODES.conform(
        out.with_columns(pl.col("signals").fill_null(pl.lit([], pl.List(pl.String))))
    )


def read_episodes(root: Path, target: str) -> pl.DataFrame:
    return read_partition(root, EPISODES, {"target": target})


def write_episodes(root: Path, target: str, episodes: pl.DataFrame) -> None:
    """Replace the target's episodes file (atomically, under the data-root lock)."""
    with locked(root):
        dest = partition_dir(root, EPISODES, {"target": target}) / PART_FILE
        write_atomic(root, EPISODES, episodes.sort("start", "kind"), dest)


def detect_target(
    root: Path,
    target: Any,
    *,
    now: datetime,
    cfg: DetectConfig,
    scorer: Any,
    save: bool = True,
) -> Detection:
    """One target at stream time ``now``: read, detect, reconcile with what is stored, save."""
    stored = read_episodes(root, target.name)
    since = in_view_since(stored, now, cfg)
    posts_from, _, end = window(now, cfg, since=since)
    posts = load_posts(root, target.name, posts_from, end, scorer=scorer)
    fresh = detect_at(
        posts,
        target=target.name,
        timezone=target.timezone,
        now=now,
        cfg=cfg,
        watched_ids=frozenset(p.id for p in target.watched_posts),
        prior=prior_authors(root, target.name, posts_from),
        scorer=scorer_label(scorer),
        since=since,
    )
    merged, ids = reconcile(fresh, stored)
    episodes = EPISODES.conform(merged)
    if save:
        write_episodes(root, target.name, episodes)
    return Detection(episodes, episodes.filter(pl.col("episode_id").is_in(sorted(ids))), posts)


def detect_range(
    root: Path, target: Any, *, start: datetime, end: datetime, cfg: DetectConfig, scorer: Any
) -> pl.DataFrame:
    """Every episode in [start, end) over stored data, in one pass (``tocsin detect``).

    The same computation as a watch whose horizon spans the whole range, run at ``end``.
    """
    hours = max(1, int((floor_hour(end) - floor_hour(start)) / timedelta(hours=1)))
    wide = dataclasses.replace(cfg, horizon_hours=hours)
    posts_from, _, stop = window(end, wide)
    posts = load_posts(root, target.name, posts_from, stop, scorer=scorer)
    return detect_at(
        posts,
        target=target.name,
        timezone=target.timezone,
        now=end,
        cfg=wide,
        watched_ids=frozenset(p.id for p in target.watched_posts),
        prior=prior_authors(root, target.name, posts_from),
        scorer=scorer_label(scorer),
    )


def pull_window(
    source: Any, watermark: datetime | None, now: datetime, *, first_pull_days: int
) -> tuple[datetime, datetime]:
    """What a watch run pulls: from the watermark (shared with nightly, so neither pulls twice)
    to the last full hour. Whole hours only: sources page hour by hour, and a post stamped after
    ``now`` would be quarantined as "in the future". A first run reaches ``first_pull_days``
    back, enough for detection to learn the target's normal."""
    avail_start, avail_end = source.available(now)
    end = min(avail_end, floor_hour(now))
    start = watermark if watermark is not None else end - timedelta(days=first_pull_days)
    start = max(start, avail_start)
    return start, max(start, end)
