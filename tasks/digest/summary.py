"""The week's digest as numbers and rows: pure functions of ``Inputs`` (tasks/digest/data.py).

Nothing here formats or escapes anything: compose.py turns a ``Digest`` into an email, in the
recipient's language, and is the only place attacker text meets markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from tasks.digest.data import BASELINE_DAYS, STANCES, THREAT_CATEGORIES, Inputs, unread_languages
from tasks.digest.week import Period
from tasks.evidence.state import EvidenceState

# A day is a peak when it has at least PEAK_FACTOR times the baseline volume and at least
# PEAK_OF_MAX of the week's busiest day: the second condition keeps a wave's onset evening or
# its tail (1,000 posts beside 6,000) out of the headline, which names the peak days only.
PEAK_FACTOR = 3.0
PEAK_OF_MAX = 0.5
# Below this many posts a day nothing is a peak, whatever the baseline (0 -> 3 is no wave).
PEAK_MIN_POSTS = 20
# Collection gaps shorter than this are the seams between runs, not blind spots.
MIN_GAP = timedelta(hours=1)
# How a source names a span it could not collect in a partial run's error (sources/base.span).
_STAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z"
SPAN = re.compile(rf"({_STAMP}) → ({_STAMP})")
YOUNG_ACCOUNT = timedelta(days=30)

DAY_COLUMNS = [
    "day",
    "posts",
    *STANCES,
    "threats",
    "unscored",
    "unique_authors",
    "first_time_authors",
    "quarantined",
]


@dataclass(frozen=True)
class Peak:
    kind: str  # "hostile" or "supportive": which stance holds the majority on those days
    first: date
    last: date
    posts: int
    share: float  # of that stance among the scored posts of those days
    threats: int
    wave: bool  # a detected episode of the same kind overlaps it


@dataclass(frozen=True)
class Quality:
    quarantined: int
    reasons: list[tuple[str, int]]
    runs_ok: int
    failed_runs: list[dict[str, Any]]
    gaps: list[tuple[datetime, datetime]]
    partial_runs: list[dict[str, Any]] = field(default_factory=list)
    """Partial runs: flow, source, started_at, error, ``missing`` (spans not collected, UTC)."""
    uncovered_all: bool = False  # no successful run covered any of the period

    @property
    def collected(self) -> str:
        """ "none": no successful run covered any of the period; "part": some of it was left
        uncovered (``gaps``); "all" otherwise. Said at the top of the digest: an empty week and
        a week nobody watched must not read alike."""
        if self.uncovered_all:
            return "none"
        return "part" if self.gaps else "all"


@dataclass(frozen=True)
class Digest:
    target: str
    timezone: str
    week: Period  # an ISO week, or a local day (the daily digest)
    days: pl.DataFrame  # the period's days (seven for a week, one for a day), DAY_COLUMNS
    previous_days: pl.DataFrame
    totals: dict[str, Any]
    previous: dict[str, Any]
    peaks: list[Peak]
    episodes: list[dict[str, Any]]
    worst: pl.DataFrame
    accounts: pl.DataFrame
    quality: Quality
    missing: tuple[str, ...]
    evidence: EvidenceState = field(default_factory=EvidenceState)
    # The days the chart shows: the period's own for a week; for a day, the week ending with it.
    chart_days: pl.DataFrame | None = None

    @property
    def has_stance(self) -> bool:
        return "scores" not in self.missing


def day_table(inputs: Inputs, days: list[date]) -> pl.DataFrame:
    """One row per day (zeros for days without posts); stance columns null without scores."""
    frame = pl.DataFrame({"day": days}, schema={"day": pl.Date})
    daily = inputs.daily.select(
        "day", "posts", "unique_authors", "first_time_authors", "quarantined"
    )
    out = frame.join(daily, on="day", how="left").with_columns(
        pl.col("posts", "unique_authors", "first_time_authors", "quarantined").fill_null(0)
    )
    if inputs.stance is None:
        return out.with_columns(
            *[pl.lit(None, dtype=pl.Int64).alias(c) for c in (*STANCES, "threats")],
            unscored=pl.col("posts"),
        ).select(DAY_COLUMNS)
    return (
        out.join(inputs.stance, on="day", how="left")
        .with_columns(pl.col(*STANCES, "threats").fill_null(0))
        .with_columns(unscored=(pl.col("posts") - pl.sum_horizontal(*STANCES)).clip(lower_bound=0))
        .select(DAY_COLUMNS)
    )


def totals(days: pl.DataFrame, posts: pl.DataFrame) -> dict[str, Any]:
    sums = days.select(pl.col(c).sum() for c in DAY_COLUMNS[1:] if c != "unique_authors").row(
        0, named=True
    )
    scored = sum(sums[s] or 0 for s in STANCES)
    sums["hostile_share"] = (
        sums["hostile"] / scored if scored and sums["hostile"] is not None else None
    )
    # Distinct over the week (the daily aggregate's unique_authors would count a person daily).
    sums["authors"] = posts.select(pl.struct("platform", "author_id").n_unique()).item()
    sums["unread"] = unread_languages(posts)
    return sums


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Index ranges [i, j] of consecutive True values."""
    out, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def baseline(inputs: Inputs) -> float | None:
    """Median posts per day over the BASELINE_DAYS before the week (None without history)."""
    since = inputs.week.first - timedelta(days=BASELINE_DAYS)
    hist = inputs.daily.filter(pl.col("day").is_between(since, inputs.week.first, closed="left"))
    return float(hist["posts"].median()) if hist.height else None  # type: ignore[arg-type]


def peaks(days: pl.DataFrame, base: float | None, episodes: list[dict[str, Any]]) -> list[Peak]:
    """Runs of consecutive peak days where one stance holds the majority, biggest first."""
    if days["hostile"].null_count() == days.height:
        return []
    busiest = days["posts"].max() or 0
    floor = max(PEAK_MIN_POSTS, PEAK_OF_MAX * busiest, PEAK_FACTOR * (base or 0.0))
    rows = days.to_dicts()
    out: list[Peak] = []
    for kind in ("hostile", "supportive"):
        flags = []
        for r in rows:
            scored = sum(r[s] for s in STANCES)
            flags.append(r["posts"] >= floor and scored > 0 and r[kind] * 2 > scored)
        for i, j in _runs(flags):
            span = rows[i : j + 1]
            scored = sum(r[s] for s in STANCES for r in span)
            first, last = span[0]["day"], span[-1]["day"]
            ep_kind = "harassment" if kind == "hostile" else "support"
            out.append(
                Peak(
                    kind=kind,
                    first=first,
                    last=last,
                    posts=sum(r["posts"] for r in span),
                    share=sum(r[kind] for r in span) / scored,
                    threats=sum(r["threats"] for r in span),
                    wave=any(
                        e["kind"] == ep_kind and e["first_day"] <= last and e["last_day"] >= first
                        for e in episodes
                    ),
                )
            )
    return sorted(out, key=lambda p: -p.posts)


def episode_rows(inputs: Inputs, period_posts: pl.DataFrame) -> list[dict[str, Any]]:
    """Episodes overlapping the period, with their local first and last days, whether they run
    past the period (``beyond``: their own figures then count posts outside it) and how many of
    the period's posts fall within their span (``in_period``)."""
    if inputs.episodes is None:
        return []
    start, end = inputs.week.utc_bounds(inputs.timezone)
    rows = []
    for e in inputs.episodes.to_dicts():
        e["first_day"] = e["start"].astimezone(_zone(inputs.timezone)).date()
        e["last_day"] = (e["end"] or inputs.now).astimezone(_zone(inputs.timezone)).date()
        e_end = e["end"] or inputs.now
        e["beyond"] = e["start"] < start or e_end >= end or e.get("status") == "open"
        e["in_period"] = period_posts.filter(
            pl.col("created_at").is_between(e["start"], e_end, closed="both")
        ).height
        rows.append(e)
    return rows


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


_FINGERPRINT_DROP = re.compile(r"@\w+|https?://\S+|[^\w]+")


def _with_flags(posts: pl.DataFrame, status: pl.DataFrame | None) -> pl.DataFrame:
    hostile = posts.filter(pl.col("stance") == "hostile").with_columns(
        is_threat=pl.col("categories")
        .list.eval(pl.element().is_in(THREAT_CATEGORIES))
        .list.any()
        .fill_null(False),
        # Copy-pasted texts differ only in who they tag and the link they carry.
        fingerprint=pl.col("text")
        .str.to_lowercase()
        .str.replace_all(_FINGERPRINT_DROP.pattern, " ")
        .str.strip_chars(),
    )
    if status is None:
        return hostile.with_columns(
            status=pl.lit(None, pl.String), observed_at=pl.lit(None, hostile["created_at"].dtype)
        )
    return hostile.join(status, on=["platform", "post_id"], how="left")


def worst_messages(posts: pl.DataFrame, status: pl.DataFrame | None, limit: int) -> pl.DataFrame:
    """The hostile posts that matter most: threats first, then by severity and score.

    Identical texts (copy-paste campaigns) are shown once, the worst-ranked copy with its own
    evidence hash, and the number of copies and accounts beside it. Reposts are left out: the
    post they repeat is listed itself (they still count for their authors, see below).
    """
    ranked = _with_flags(posts.filter(pl.col("kind") != "repost"), status).sort(
        ["is_threat", "severity", "score", "created_at", "post_id"],
        descending=[True, True, True, False, False],
        nulls_last=True,
    )
    copies = ranked.group_by("fingerprint").agg(
        copies=pl.len(), copy_accounts=pl.struct("platform", "author_id").n_unique()
    )
    return (
        ranked.unique(subset=["fingerprint"], keep="first", maintain_order=True)
        .head(limit)
        .join(copies, on="fingerprint", how="left", maintain_order="left")
    )


def hostile_accounts(posts: pl.DataFrame, status: pl.DataFrame | None, limit: int) -> pl.DataFrame:
    """The accounts with the most hostile posts this week."""
    flagged = _with_flags(posts, status).sort("created_at")
    return (
        flagged.group_by("platform", "author_id")
        .agg(
            author_handle=pl.col("author_handle").last(),
            author_name=pl.col("author_name").last(),
            author_created_at=pl.col("author_created_at").first(),
            hostile=pl.len(),
            threats=pl.col("is_threat").sum(),
            first_post=pl.col("created_at").min(),
            deleted=(pl.col("status") == "deleted").sum(),
            suspended=(pl.col("status") == "author_suspended").any(),
        )
        .with_columns(young=(pl.col("first_post") - pl.col("author_created_at")) < YOUNG_ACCOUNT)
        .sort(
            ["hostile", "threats", "author_handle", "author_id"],
            descending=[True, True, False, False],
            nulls_last=True,
        )
        .head(limit)
    )


def quarantine_rule(reason: str) -> str:
    """ "parse: created_at: not a timestamp: 'x'" -> "parse: created_at" (as tocsin status)."""
    parts = reason.split(":")
    if reason.startswith("parse: ") and len(parts) > 1:
        return ":".join(parts[:2]).strip()
    m = re.match(r"^([^:]+: \S+)", reason)
    return m.group(1) if m else reason


def missing_spans(error: str | None) -> list[tuple[datetime, datetime]]:
    """The spans a partial run's error names as not collected (``A → B``), sorted, once each."""
    spans = set()
    for a, b in SPAN.findall(error or ""):
        spans.add(tuple(datetime.fromisoformat(x.replace("Z", "+00:00")) for x in (a, b)))
    return sorted(spans)  # type: ignore[arg-type]


def run_coverage(
    runs: pl.DataFrame, start: datetime, end: datetime
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[datetime, datetime]]]:
    """The runs that concern [start, end), the successful ones among them, and the spans of at
    least MIN_GAP that no successful run's window covered (a partial run's window is not
    covered). The digest's data-quality section and the safety-desk page both say this."""
    runs = runs.filter(
        pl.when(pl.col("window_start").is_not_null())
        .then((pl.col("window_start") < end) & (pl.col("window_end") > start))
        .otherwise(pl.col("started_at").is_between(start, end))
    )
    ok = runs.filter(pl.col("status") == "ok")
    covered = sorted(
        (max(a, start), min(b, end))
        for a, b in ok.filter(pl.col("window_start").is_not_null())
        .select("window_start", "window_end")
        .iter_rows()
    )
    gaps, cursor = [], start
    for a, b in covered:
        if a - cursor >= MIN_GAP:
            gaps.append((cursor, a))
        cursor = max(cursor, b)
    if end - cursor >= MIN_GAP:
        gaps.append((cursor, end))
    return runs, ok, gaps


def quality(inputs: Inputs, days: pl.DataFrame) -> Quality:
    start, end = inputs.week.utc_bounds(inputs.timezone)
    end = min(end, inputs.now)
    reasons: dict[str, int] = {}
    for rs in inputs.quarantine["reasons"].to_list():
        for r in {quarantine_rule(x) for x in rs}:
            reasons[r] = reasons.get(r, 0) + 1
    runs, ok, gaps = run_coverage(inputs.runs, start, end)
    # Older run files have no error column; a skipped source (no credentials) is not a failure
    # but is still a blind spot, so both are listed.
    error = pl.col("error") if "error" in runs.columns else pl.lit(None, pl.String)
    failed = runs.filter(~pl.col("status").is_in(["ok", "partial"])).select(
        "flow", "source", "started_at", "status", error.alias("error")
    )
    # A partial run collected part of its window: not a success (its window stays a gap above),
    # not a failure either; listed with the spans its sources said they could not reach.
    partial = [
        {**row, "missing": missing_spans(row["error"])}
        for row in runs.filter(pl.col("status") == "partial")
        .select("flow", "source", "started_at", "status", error.alias("error"))
        .to_dicts()
    ]
    return Quality(
        quarantined=int(days["quarantined"].sum()),
        reasons=sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])),
        runs_ok=ok.height,
        failed_runs=failed.to_dicts(),
        gaps=gaps,
        partial_runs=partial,
        uncovered_all=gaps == [(start, end)],
    )


def summarize(inputs: Inputs, *, max_messages: int = 10, max_accounts: int = 10) -> Digest:
    week = inputs.week
    days = day_table(inputs, week.days)
    previous_days = day_table(inputs, week.previous.days)
    this_posts = inputs.posts.filter(pl.col("day").is_between(week.first, week.last))
    prev_posts = inputs.posts.filter(
        pl.col("day").is_between(week.previous.first, week.previous.last)
    )
    episodes = episode_rows(inputs, this_posts)
    quoted = this_posts.with_columns(
        validated=pl.lit(True), quarantine_reasons=pl.lit(None, pl.List(pl.String))
    )
    if inputs.unvalidated is not None and inputs.unvalidated.height:
        # A record also stored valid (a later, well-formed copy) is that post: not twice.
        extra = inputs.unvalidated.join(this_posts, on=["platform", "post_id"], how="anti")
        quoted = pl.concat(
            [quoted, extra.select([c for c in quoted.columns if c in extra.columns])],
            how="diagonal_relaxed",
        )
    return Digest(
        target=inputs.target,
        timezone=inputs.timezone,
        week=week,
        days=days,
        previous_days=previous_days,
        totals=totals(days, this_posts),
        previous=totals(previous_days, prev_posts),
        peaks=peaks(days, baseline(inputs), episodes),
        episodes=episodes,
        worst=worst_messages(quoted, inputs.status, max_messages),
        accounts=hostile_accounts(this_posts, inputs.status, max_accounts),
        quality=quality(inputs, days),
        missing=inputs.missing,
        evidence=inputs.evidence,
        chart_days=days if week.chart_days == week.days else day_table(inputs, week.chart_days),
    )
