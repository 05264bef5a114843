"""Hourly departures → episodes: when a wave started, peaked and ended, and what it was made of.

Three families are followed side by side over the same hours: harassment (hostile posts),
support (supportive posts) and unread (posts in a language no rules read, whatever their
stance: a raid in German or Arabic is neutral to the rules, so only its volume and share can
give it away). A family's episode opens at the hour its test goes into alarm — provided it
already holds ``min_posts`` posts of its own and its excess over normal is at least its
opposite's excess (a wave that is mostly supportive is a support episode, whatever the hostile
minority does; a wave mostly in languages the rules read is judged by their stances) — and is
dated back to the first hour of the departure. It ends after ``end_quiet_hours`` hours in a row
back within normal; a new departure within ``merge_gap_hours`` of its end reopens it. Families
can be open at once: the seed-wave raid is still going when the support peak of 02-05 arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import polars as pl

from tasks.detect.config import DetectConfig
from tasks.detect.departure import Family, elevated, make_test
from tasks.detect.table import EPISODE_FOCUS

_HOUR = timedelta(hours=1)


@dataclass
class Span:
    kind: str
    start: int  # index of the first hour
    detected: int  # index of the hour at whose end the alarm was raised
    last: int  # last hour still above normal
    closed: bool = False


def families(hourly: pl.DataFrame, baseline: pl.DataFrame) -> tuple[pl.DataFrame, list[Family]]:
    """The evaluated hours (those with a baseline row) and the three families over them."""
    frame = (
        hourly.join(baseline, on="hour", how="inner")
        .sort("hour")
        .with_columns(  # the unread family's opposite: the posts in languages the rules read
            others=pl.col("posts") - pl.col("unread"),
            mu_others=(pl.col("mu_posts") - pl.col("mu_unread")).clip(lower_bound=0.0),
        )
    )

    def arr(c: str) -> np.ndarray:
        return frame[c].to_numpy()

    def fam(name: str, x: str, other: str, n: str) -> Family:
        return Family(
            name=name,
            x=arr(x),
            n=arr(n),
            other=arr(other),
            mu_x=arr(f"mu_{x}"),
            mu_other=arr(f"mu_{other}"),
            p0=arr(f"p0_{x}"),
            med=arr(f"med_{x}"),
            mad=arr(f"mad_{x}"),
            ok=arr("baseline_ok"),
        )

    return frame, [
        # A stance's share is a share of the posts whose stance was judged (series.py ``read``):
        # a wave of posts in German must not dilute a French raid's hostile share below its test.
        fam("harassment", "hostile", "supportive", "read"),
        fam("support", "supportive", "hostile", "read"),
        fam("unread", "unread", "others", "posts"),
    ]


def within(start: object, end: object) -> pl.Expr:
    """Posts created in [start, end): an episode's own posts (its ``start`` and ``end``), or a
    series' window."""
    return pl.col("created_at").is_between(start, end, closed="left")


def _qualifies(f: Family, start: int, t: int, cfg: DetectConfig) -> bool:
    window = slice(start, t + 1)
    if f.x[window].sum() < cfg.min_posts:
        return False
    excess = (f.x[window] - f.mu_x[window]).sum()
    other = (f.other[window] - f.mu_other[window]).sum()
    return bool(excess >= other)


def segment(f: Family, cfg: DetectConfig) -> list[Span]:
    """The family's episodes over the hours of ``f``, in order; the last may still be open."""
    test = make_test(f, cfg)
    spans: list[Span] = []
    current: Span | None = None
    quiet = 0
    for t in range(len(f.x)):
        if current is None:
            if test.step(t):
                start = test.start(t)
                if _qualifies(f, start, t, cfg):
                    previous = spans[-1] if spans else None
                    if previous is not None and start - (previous.last + 1) < cfg.merge_gap_hours:
                        current = spans.pop()  # the same campaign, resumed: reopen it
                        current.closed, current.last = False, t
                    else:
                        current = Span(f.name, start, t, t)
                    quiet = 0
            continue
        if elevated(f, t):
            current.last, quiet = t, 0
        else:
            quiet += 1
        if quiet >= cfg.end_quiet_hours:
            current.closed = True
            spans.append(current)
            current = None
            test.reset(t)
    if current is not None:
        spans.append(current)
    return spans


def episode_id(target: str, kind: str, start: object) -> str:
    """Stable: the same wave gets the same id in every run that sees it (the start hour only
    depends on hours before the alarm)."""
    return f"{target}:{kind}:{start:%Y%m%dT%HZ}"  # type: ignore[str-format]


def describe(frame: pl.DataFrame, spans: list[Span], *, target: str) -> pl.DataFrame:
    """One row per span: bounds, volumes by stance, expectations, threats (no signals yet)."""
    rows = []
    hours = frame["hour"]
    for s in spans:
        stop = s.last + 1
        part = frame.slice(s.start, stop - s.start)
        focus = EPISODE_FOCUS[s.kind]
        peak = int(np.argmax(part[focus].to_numpy()))
        sums = {c: int(part[c].sum()) for c in ("posts", "hostile", "supportive", "neutral")}
        sums.update({c: int(part[c].sum()) for c in ("threats", "doxxing", "unread")})
        rows.append(
            {
                "target": target,
                "episode_id": episode_id(target, s.kind, hours[s.start]),
                "kind": s.kind,
                "status": "closed" if s.closed else "open",
                "start": hours[s.start],
                "peak": hours[s.start + peak],
                "end": hours[s.last] + _HOUR,
                "detected_at": hours[s.detected] + _HOUR,
                "hours": stop - s.start,
                **sums,
                "expected_posts": float(part["mu_posts"].sum()),
                "expected_hostile": float(part["mu_hostile"].sum()),
                "expected_supportive": float(part["mu_supportive"].sum()),
                "expected_unread": float(part["mu_unread"].sum()),
                "peak_posts": int(part["posts"][peak]),
                "peak_stance_posts": int(part[focus][peak]),
                "baseline_hostile_share": float(part["p0_hostile"].mean() or 0.0),
            }
        )
    return pl.DataFrame(rows, schema=SPAN_SCHEMA)


SPAN_SCHEMA = pl.Schema(
    {
        "target": pl.String(),
        "episode_id": pl.String(),
        "kind": pl.String(),
        "status": pl.String(),
        "start": pl.Datetime("us", "UTC"),
        "peak": pl.Datetime("us", "UTC"),
        "end": pl.Datetime("us", "UTC"),
        "detected_at": pl.Datetime("us", "UTC"),
        "hours": pl.Int64(),
        "posts": pl.Int64(),
        "hostile": pl.Int64(),
        "supportive": pl.Int64(),
        "neutral": pl.Int64(),
        "threats": pl.Int64(),
        "doxxing": pl.Int64(),
        "unread": pl.Int64(),
        "expected_posts": pl.Float64(),
        "expected_hostile": pl.Float64(),
        "expected_supportive": pl.Float64(),
        "expected_unread": pl.Float64(),
        "peak_posts": pl.Int64(),
        "peak_stance_posts": pl.Int64(),
        "baseline_hostile_share": pl.Float64(),
    }
)


def detect_spans(
    hourly: pl.DataFrame, baseline: pl.DataFrame, *, target: str, cfg: DetectConfig
) -> pl.DataFrame:
    """Every family's episodes over the hours that have a baseline, sorted by start."""
    frame, fams = families(hourly, baseline)
    spans = [s for f in fams for s in segment(f, cfg)]
    return describe(frame, spans, target=target).sort("start", "kind")
