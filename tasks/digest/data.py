"""Read what the digest needs from the tables under the data root, as plain frames.

The digest is built by parts that land separately (the scorer's ``scores``, wave detection's
``episodes``, the evidence recheck's ``status_changes``). A part whose module or table is absent
is recorded in ``Inputs.missing`` and the digest says it was not available; it never fails for
that. Everything after this module is pure (tasks/digest/summary.py) and tested on small frames.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.digest.week import Period
from tasks.evidence.state import EvidenceState, evidence_state
from tasks.mentions import current_view
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.scoring.language import count_languages, unread_language
from tasks.storage import Root, root_of
from tasks.store import PART_FILE, scan
from tasks.tablekit import Table

# Categories that make a hostile post a threat (threats are listed first and counted apart).
THREAT_CATEGORIES = ("threat", "death_threat")
STANCES = ("hostile", "supportive", "neutral")
# Days of history before the week that set the baseline volume a peak is measured against.
BASELINE_DAYS = 28

POST_COLUMNS = [
    "platform",
    "post_id",
    "version_id",
    "version",
    "url",
    "author_id",
    "author_handle",
    "author_name",
    "author_created_at",
    "created_at",
    "text",
    "kind",
    "raw_sha256",
]
SCORE_COLUMNS = {
    "stance": pl.String,
    "categories": pl.List(pl.String),
    "severity": pl.Float64,
    "score": pl.Float64,
    # The language no rules read, where the scorer said so among its reasons (null otherwise).
    "unread": pl.String,
}


@dataclass(frozen=True)
class Inputs:
    """Everything the week's digest is computed from, for one target."""

    target: str
    timezone: str
    week: Period  # an ISO week, or a local day for the daily digest
    now: datetime
    # DAILY rows up to the week's Sunday (earlier days give the baseline).
    daily: pl.DataFrame
    # day, hostile, supportive, neutral, threats for this week and the previous; None: no scores.
    stance: pl.DataFrame | None
    # Current view of this week's and the previous week's posts, with their local ``day`` and
    # score columns (null where the post has no score yet).
    posts: pl.DataFrame
    episodes: pl.DataFrame | None
    # Latest status observed by ``now`` per (platform, post_id): status, observed_at.
    status: pl.DataFrame | None
    runs: pl.DataFrame
    # This week's quarantined records: day, reasons.
    quarantine: pl.DataFrame
    missing: tuple[str, ...] = field(default=())
    # What the vault holds for the target since the week began (sealed, signed, timestamped):
    # the digest says "signed" or "timestamped" only from this.
    evidence: EvidenceState = field(default_factory=EvidenceState)
    # Hostile quarantined records whose text was read and scored (``quarantine_scores``): the
    # period's, as posts, ``validated`` false with their ``quarantine_reasons``; None when the
    # scoring part cannot say.
    unvalidated: pl.DataFrame | None = None


def _optional_table(module: str, name: str) -> Table | None:
    """A table declared by a part that may not be installed yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def has_data(root: Root | Path | str, table: Table) -> bool:
    """Whether ``table`` has any file under ``root`` (a part that has not run has none): a local
    folder is globbed, an S3 prefix listed (it has no folders)."""
    store = root_of(root)
    if store.remote:
        top = table.path.strip("/") + "/"
        rests = [key.removeprefix(top) for key in store.list(table.path)]
        if table.partition_by:
            return any(r.rsplit("/", 1)[-1] == PART_FILE for r in rests)
        return any("/" not in r and r.endswith(".parquet") for r in rests)
    base = store.location(table.path)
    pattern = "**/" + PART_FILE if table.partition_by else "*.parquet"
    return base.is_dir() and next(base.glob(pattern), None) is not None


def _utc_dates(first: date, last: date) -> list[str]:
    """UTC partition dates that local days first..last can touch (any timezone)."""
    n = (last - first).days + 3
    return [(first - timedelta(days=1) + timedelta(days=i)).isoformat() for i in range(n)]


def load_posts(root: Path, target: str, timezone: str, first: date, last: date) -> pl.DataFrame:
    """Current view of the target's posts whose local day is within [first, last]."""
    lf = scan(root, MENTIONS).filter(
        (pl.col("target") == target) & pl.col("date").is_in(_utc_dates(first, last))
    )
    return (
        current_view(lf)
        .select(POST_COLUMNS)
        .with_columns(day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date())
        .filter(pl.col("day").is_between(first, last))
        .collect()
    )


def load_scores(
    root: Path, target: str, first: date, last: date, scorer: str
) -> pl.DataFrame | None:
    """One score per (platform, post_id, version_id) from ``scorer``; None when not available."""
    table = _optional_table("tasks.scoring.table", "SCORES")
    if table is None or not has_data(root, table):
        return None
    lf = scan(root, table).filter(
        (pl.col("target") == target)
        & pl.col("date").is_in(_utc_dates(first, last))
        & (pl.col("scorer") == scorer)
    )
    return (
        # A re-score by a newer scorer version supersedes the older row of the same version.
        lf.sort("scorer_version", descending=True)
        .unique(subset=["platform", "post_id", "version_id"], keep="first")
        .select(
            "platform",
            "post_id",
            "version_id",
            *[pl.col(c).cast(t) for c, t in SCORE_COLUMNS.items() if c != "unread"],
            unread=unread_language(pl.col("reasons")),
        )
        .collect()
    )


def attach_scores(posts: pl.DataFrame, scores: pl.DataFrame | None) -> pl.DataFrame:
    """Posts with their score columns (all null when there are no scores)."""
    if scores is None:
        return posts.with_columns(
            [pl.lit(None, dtype=t).alias(c) for c, t in SCORE_COLUMNS.items()]
        )
    return posts.join(scores, on=["platform", "post_id", "version_id"], how="left")


def unread_languages(posts: pl.DataFrame) -> list[tuple[str, int]]:
    """Posts whose score says no rules read their language, per language, most first."""
    return count_languages(posts["unread"]) if "unread" in posts.columns else []


def stance_from_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts per local day and stance, and threats, from scored posts (the fallback when the
    scoring package exposes no ``stance_daily``; same definition: current view, local days)."""
    return (
        posts.filter(pl.col("stance").is_not_null())
        .group_by("day")
        .agg(
            *[(pl.col("stance") == s).sum().cast(pl.Int64).alias(s) for s in STANCES],
            threats=pl.col("categories")
            .list.eval(pl.element().is_in(THREAT_CATEGORIES))
            .list.any()
            .fill_null(False)
            .sum()
            .cast(pl.Int64),
        )
        .sort("day")
    )


def load_stance(
    root: Path,
    target: str,
    timezone: str,
    first: date,
    last: date,
    scorer: str,
    posts: pl.DataFrame,
) -> pl.DataFrame:
    """The scorer's own daily stance aggregate when it has one, else computed from ``posts``."""
    try:
        stance_daily = importlib.import_module("tasks.scoring").stance_daily
    except (ImportError, AttributeError):
        return stance_from_posts(posts)
    df = stance_daily(root, target, timezone, first, scorer_name=scorer)
    return (
        df.select("day", *STANCES, "threats")
        .with_columns(pl.col(*STANCES, "threats").cast(pl.Int64))
        .filter(pl.col("day").is_between(first, last))
    )


def load_episodes(root: Path, target: str, week: Period, timezone: str) -> pl.DataFrame | None:
    table = _optional_table("tasks.detect.table", "EPISODES")
    if table is None or not has_data(root, table):
        return None
    start, end = week.utc_bounds(timezone)
    return (
        scan(root, table)
        .filter((pl.col("target") == target) & (pl.col("start") < end) & (pl.col("end") >= start))
        .sort("start")
        .collect()
    )


def load_status(root: Path, target: str, now: datetime) -> pl.DataFrame | None:
    table = _optional_table("tasks.evidence.table", "STATUS_CHANGES")
    if table is None or not has_data(root, table):
        return None
    return (
        scan(root, table, ["target", "platform", "post_id", "status", "observed_at"])
        .filter((pl.col("target") == target) & (pl.col("observed_at") <= now))
        .sort("observed_at", descending=True)
        .unique(subset=["platform", "post_id"], keep="first")
        .select("platform", "post_id", "status", "observed_at")
        .collect()
    )


def load_runs(root: Path, target: str) -> pl.DataFrame:
    """The target's run summaries. Read leniently: run files are never rewritten, so files from
    before a column was added (``error``) lack it, and store.scan's strict schema would refuse
    them; here a missing column reads as null."""
    store = root_of(root)
    if not has_data(store, RUNS):
        return RUNS.empty()
    source, options = store.scan_source(store.location(RUNS.path) / "*.parquet")
    return (
        pl.scan_parquet(
            source,
            storage_options=options,
            schema=RUNS.polars_schema(),
            missing_columns="insert",
            extra_columns="ignore",
        )
        .filter(pl.col("target") == target)
        .sort("started_at")
        .collect()
    )


_HEX64 = r"^[0-9a-f]{64}$"


def load_unvalidated(
    root: Path,
    target: str,
    timezone: str,
    week: Period,
    scorer_name: str,
    scorer_options: Mapping[str, Any] | None = None,
) -> pl.DataFrame | None:
    """The period's hostile records that validation quarantined but whose text was read and
    scored (tasks/scoring/quarantine.py, as detection and the alerts read them): a threat with
    a missing author id or a bad date is still a threat. With their evidence hash (the raw
    record's) and local ``day``; None when that part or its scorer is not available."""
    try:
        from tasks.scoring import get_scorer
        from tasks.scoring.quarantine import quarantine_posts

        scorer = get_scorer(scorer_name, **(scorer_options or {}))
    except Exception:  # noqa: BLE001 - a scorer that cannot run here: said as not available
        return None
    start, end = week.utc_bounds(timezone)
    rows = quarantine_posts(root, target, start, end, scorer).filter(pl.col("stance") == "hostile")
    shas = (
        scan(root, QUARANTINE, ["target", "platform", "post_id", "raw_sha256"])
        .filter((pl.col("target") == target) & pl.col("post_id").is_not_null())
        .select("platform", "post_id", pl.col("raw_sha256").alias("quarantined_sha256"))
        .unique(["platform", "post_id"])
        .collect()
    )
    # A record without a post id is known by its raw SHA-256 (quarantine_posts).
    by_id = pl.when(pl.col("post_id").str.contains(_HEX64)).then(pl.col("post_id"))
    return (
        rows.join(shas, on=["platform", "post_id"], how="left")
        .with_columns(
            raw_sha256=pl.coalesce("quarantined_sha256", by_id),
            day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date(),
            severity=pl.col("severity").cast(pl.Float64),
            author_name=pl.lit(None, pl.String),
            author_created_at=pl.lit(None, pl.Datetime("us", "UTC")),
        )
        .drop("quarantined_sha256")
    )


def load_inputs(
    root: Path,
    target: str,
    timezone: str,
    week: Period,
    *,
    now: datetime,
    scorer: str = "rules",
    scorer_options: Mapping[str, Any] | None = None,
) -> Inputs:
    """Read the tables for ``target``'s digest of ``week`` (and the previous period, to compare,
    and the days its chart shows). ``root``: a local folder or an s3:// data root."""
    root = root_of(root)
    first, last = min(week.previous.first, week.chart_days[0]), week.last
    missing: list[str] = []
    posts = load_posts(root, target, timezone, first, last)
    scores = load_scores(root, target, first, last, scorer)
    posts = attach_scores(posts, scores)
    stance = None
    if scores is None:
        missing.append("scores")
    else:
        stance = load_stance(root, target, timezone, first, last, scorer, posts)
    episodes = load_episodes(root, target, week, timezone)
    if episodes is None:
        missing.append("episodes")
    status = load_status(root, target, now)
    if status is None:
        missing.append("status_changes")
    daily = (
        scan(root, DAILY)
        .filter((pl.col("target") == target) & (pl.col("day") <= last))
        .sort("day")
        .collect()
    )
    runs = load_runs(root, target)
    quarantine = (
        scan(root, QUARANTINE, ["target", "date", "reasons"])
        .filter(
            (pl.col("target") == target) & pl.col("date").is_in([d.isoformat() for d in week.days])
        )
        # The daily aggregate counts a quarantined record on its partition date: so does this.
        .select(day=pl.col("date").str.to_date(), reasons=pl.col("reasons"))
        .collect()
    )
    return Inputs(
        target=target,
        timezone=timezone,
        week=week,
        now=now,
        daily=daily,
        stance=stance,
        posts=posts,
        episodes=episodes,
        status=status,
        runs=runs,
        quarantine=quarantine,
        missing=tuple(missing),
        # A day early: the week starts on a local Monday, which may still be Sunday in UTC.
        evidence=_evidence(root, target, since=week.first - timedelta(days=1)),
        unvalidated=load_unvalidated(root, target, timezone, week, scorer, scorer_options),
    )


def _evidence(root: Root, target: str, since: date) -> EvidenceState:
    """The vault's state, read from its files or, on an s3:// data root, its objects."""
    return evidence_state(root if root.remote else root.location(""), target, since)
