"""Replaying a synthetic scenario through the watch, and the answer key to judge it by.

Evaluation only: the functions here read the generator's ground truth (which the pipeline never
reads) to know *which hours are worth stepping through* and *when the wave really began*.
Detection itself only ever sees the pipeline's stored posts and the scorer's stances.

"Onset" (SCENARIOS.md) is the first hour in which hostile volume exceeds three times its
baseline. Made precise here: the baseline of an hour is the mean daily count of truly hostile
posts over the complete local days before the event, spread over the day by the hour-of-day
profile of all posts of those days; the search starts at the hour of the event's first post
(before it, the 3× line is crossed by chance alone every few days at 0.4 hostile posts an hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from tasks.alerts.config import AlertPolicy
from tasks.detect.config import DetectConfig
from tasks.detect.series import floor_hour

PARIS = ZoneInfo("Europe/Paris")
_HOUR = timedelta(hours=1)


@lru_cache(maxsize=8)
def truth(scenario: str, seed: int) -> pl.DataFrame:
    """The generator's answer key, one row per post (its last version)."""
    from tasks.sources.synthetic import ground_truth

    gt = ground_truth(scenario, seed=seed)
    return gt.sort("created_at").unique("post_id", keep="last", maintain_order=True)


def wave_kept(keep: float) -> pl.Expr:
    """Stress tests thin the harassment wave: a wave post stays when this is true. Keyed on the
    post id's low digits (random in a snowflake), so the same posts go whatever reads them."""
    return pl.col("post_id").cast(pl.UInt64, strict=False).fill_null(0) % 1000 < int(keep * 1000)


def thinned(frame: pl.DataFrame, wave_ids: pl.Series, keep: float) -> pl.DataFrame:
    """``frame`` without the wave posts that a ``keep`` share thinning drops."""
    if keep >= 1.0:
        return frame
    return frame.filter(~pl.col("post_id").is_in(wave_ids.implode()) | wave_kept(keep))


@dataclass(frozen=True)
class Truth:
    event_start: datetime | None  # first post of the harassment wave (episode "wave")
    onset: datetime | None  # start of the onset hour
    peak_day: date | None  # local day with the most posts of the wave
    support_start: datetime | None
    support_end: datetime | None
    support_peak_day: date | None


def _day_of(ts: pl.Expr) -> pl.Expr:
    return ts.dt.convert_time_zone("Europe/Paris").dt.date()


def answer_key(scenario: str, seed: int, keep: float = 1.0) -> Truth:
    gt = truth(scenario, seed)
    gt = thinned(gt, gt.filter(pl.col("episode") == "wave")["post_id"], keep)
    gt = gt.with_columns(day=_day_of(pl.col("created_at")))
    wave = gt.filter(pl.col("episode") == "wave")
    support = gt.filter(pl.col("episode") == "support")
    event = wave["created_at"].min() if wave.height else None
    onset = peak = None
    if event is not None:
        first_day = event.astimezone(PARIS).date()
        before = gt.filter(pl.col("day") < first_day)
        days = before["day"].n_unique()
        daily_hostile = (before["stance"] == "hostile").sum() / max(days, 1)
        by_hour = before.group_by(
            h=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.hour()
        ).len()
        profile = {h: n / before.height for h, n in by_hour.iter_rows()}
        hostile = (
            gt.filter((pl.col("stance") == "hostile") & (pl.col("created_at") >= floor_hour(event)))
            .group_by(hour=pl.col("created_at").dt.truncate("1h"))
            .len()
            .sort("hour")
        )
        for hour, n in hostile.iter_rows():
            expected = daily_hostile * profile.get(hour.astimezone(PARIS).hour, 0.0)
            if n > 3 * expected:
                onset = hour
                break
        per_day = wave.group_by("day").len().sort("len", "day", descending=[True, False])
        peak = per_day["day"][0]
    s_peak = None
    if support.height:
        s_peak = (
            support.group_by("day").len().sort("len", "day", descending=[True, False])["day"][0]
        )
    return Truth(
        event_start=event,
        onset=onset,
        peak_day=peak,
        support_start=support["created_at"].min() if support.height else None,
        support_end=support["created_at"].max() if support.height else None,
        support_peak_day=s_peak,
    )


@dataclass(frozen=True)
class ReplayPlan:
    scenario: str
    seed: int
    window: tuple[datetime, datetime]
    bootstrap_at: datetime  # the first watch run: pulls every baseline week in one go
    steps: tuple[datetime, ...]  # then one watch run at each of these stream times


def event_days(scenario: str, seed: int) -> list[date]:
    """Local days with something happening (a wave, a support peak, a news bump), plus the day
    after each: where stepping hour by hour matters. Quiet days in between are pulled in one go
    by the next step."""
    gt = truth(scenario, seed)
    days = gt.filter(pl.col("episode").is_not_null()).select(_day_of(pl.col("created_at"))).unique()
    out = set(days.to_series().to_list())
    out |= {d + timedelta(days=1) for d in out}
    return sorted(out)


def replay_plan(scenario: str, seed: int) -> ReplayPlan:
    from tasks.sources.synthetic import scenario_window

    w0, w1 = scenario_window(scenario)
    days = [d for d in event_days(scenario, seed) if d < w1.astimezone(PARIS).date()]
    if not days:
        raise ValueError(f"scenario {scenario}: nothing happens, nothing to replay")
    steps = []
    for d in days:
        # Arithmetic in UTC: local wall-clock arithmetic would skip or repeat an hour at DST.
        midnight = datetime(d.year, d.month, d.day, tzinfo=PARIS).astimezone(w0.tzinfo)
        nxt = d + timedelta(days=1)
        stop = datetime(nxt.year, nxt.month, nxt.day, tzinfo=PARIS).astimezone(w0.tzinfo)
        t = midnight + _HOUR
        while t <= min(stop, w1):
            steps.append(t)
            t += _HOUR
    bootstrap = datetime(days[0].year, days[0].month, days[0].day, tzinfo=PARIS).astimezone(
        w0.tzinfo
    )
    return ReplayPlan(scenario, seed, (w0, w1), bootstrap, tuple(sorted(set(steps))))


def replay_targets_toml(scenario: str, seed: int) -> str:
    """A targets file with one target named after the scenario, two recipients (fr, en)."""
    from tasks.sources.synthetic import designating_post_id

    watched = designating_post_id(scenario)
    lines = [
        "[[target]]",
        f'name = "{scenario}"',
        f'display_name = "Camille (synthetic {scenario}, seed {seed})"',
        'timezone = "Europe/Paris"',
        'sources = ["synthetic"]',
        'handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }',
        f'synthetic = {{ scenario = "{scenario}", seed = {seed} }}',
    ]
    if watched:
        lines += ["", "[[target.watched_posts]]", 'platform = "x"', f'id = "{watched}"']
    for email, name, lang, role in (
        ("camille@example.org", "Camille", "fr", "target"),
        ("safety-desk@example.org", "Safety desk", "en", "safety desk"),
    ):
        lines += [
            "",
            "[[target.recipients]]",
            f'email = "{email}"',
            f'name = "{name}"',
            f'lang = "{lang}"',
            f'role = "{role}"',
        ]
    return "\n".join(lines) + "\n"


class MemoryState:
    """The alert state's interface, in memory: what the stream simulation delivers to."""

    def __init__(self) -> None:
        self._d: dict[tuple[str, str], Any] = {}

    def last(self, episode_id: str, channel: str) -> Any:
        return self._d.get((episode_id, channel))

    def record(self, episode_id: str, channel: str, delivery: Any) -> None:
        self._d[(episode_id, channel)] = delivery


def stream(
    hourly: pl.DataFrame,
    baseline: pl.DataFrame,
    *,
    target: str,
    steps: list[datetime],
    cfg: DetectConfig,
    policy: AlertPolicy,
) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """The watch's decisions at each stream time of ``steps``, in memory: (final episodes,
    alerts on the log channel).

    ``hourly`` and ``baseline`` are computed once for the whole window: both are causal (an
    hour's counts and expectations only depend on earlier data), so slicing them at each step
    gives what ``run.detect_at`` computes from the posts stored at that time — a test checks it.
    """
    from tasks.alerts.policy import delivery_of, due_alerts
    from tasks.detect.episodes import detect_spans
    from tasks.detect.run import finish, in_view_since, reconcile, window

    stored: pl.DataFrame | None = None
    state = MemoryState()
    alerts: list[dict[str, Any]] = []
    for now in steps:
        since = in_view_since(stored, now, cfg) if stored is not None else None
        _, eval_from, end = window(now, cfg, since=since)
        view = baseline.filter(pl.col("hour").is_between(eval_from, end, closed="left"))
        spans = detect_spans(hourly, view, target=target, cfg=cfg)
        fresh = finish(
            spans,
            hourly.clear(),
            now=now,
            cfg=cfg,
            watched_ids=frozenset(),
            prior=None,
            scorer="-",
            with_signals=False,
        )
        merged, ids = reconcile(fresh, stored if stored is not None else fresh.clear())
        stored = merged
        current = merged.filter(pl.col("episode_id").is_in(sorted(ids)))
        for due in due_alerts(current, [], state, now=now, policy=policy):
            state.record(
                due.episode_id, due.channel, delivery_of(due, now=now, sent_at=now, message_id=None)
            )
            if due.covered_by is not None:
                continue  # carried by a harassment message of this run: no message of its own
            alerts.append(
                {
                    "stream_time": now,
                    "episode_id": due.episode_id,
                    "kind": due.episode["kind"],
                    "level": due.level,
                    "reasons": due.reasons,
                    "start": due.episode["start"],
                    "end": due.episode["end"],
                }
            )
    return (stored if stored is not None else pl.DataFrame()), alerts
