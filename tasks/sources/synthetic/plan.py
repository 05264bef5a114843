"""Synthetic scenarios' plan: scenario tables, windows and hours, the volume model, news bumps,
and the expected posts of each component in an hour."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .wire import RESERVED_DC, epoch_ms, snowflake

SCENARIOS: tuple[str, ...] = (
    "seed-wave",
    "quiet",
    "flash",
    "slow-burn",
    "support-wave",
    # Beyond SCENARIOS.md: a flash raid written in German and Arabic, languages the rules do not
    # read (detection's unread family; benchmarks/DETECTION.md).
    "foreign-raid",
)

PARIS = ZoneInfo("Europe/Paris")


def paris_time(
    y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0, ms: int = 0
) -> datetime:
    """The UTC instant of a Paris wall-clock time."""
    return datetime(y, m, d, h, mi, s, ms * 1000, tzinfo=PARIS).astimezone(UTC)


# A weighted choice: the keys, and their cumulative shares.
Weights = tuple[tuple[str, ...], tuple[float, ...]]


def _cum(weights: dict[str, float]) -> Weights:
    total, acc, cum = sum(weights.values()), 0.0, []
    for w in weights.values():
        acc += w / total
        cum.append(acc)
    return tuple(weights), tuple(cum)


def pick_weighted(rng: random.Random, table: Weights) -> str:
    keys, cum = table
    return keys[min(bisect.bisect_right(cum, rng.random()), len(keys) - 1)]


@dataclass(frozen=True)
class Component:
    """A source of posts in an hour: its episode label, stance shares and kinds of post."""

    episode: str | None
    hostile: float
    supportive: float
    kinds: Weights
    langs: Weights | None = None  # its languages; None: the usual mix (LANGS)


# Scenario tables: kept aligned as data, so the formatter leaves them alone.
# fmt: off
WINDOWS: dict[str, tuple[datetime, datetime]] = {
    "seed-wave": (paris_time(2020, 1, 20), paris_time(2020, 2, 17)),
    "quiet": (paris_time(2021, 3, 1), paris_time(2021, 4, 30)),
    "flash": (paris_time(2021, 10, 4), paris_time(2021, 11, 1)),
    "slow-burn": (paris_time(2022, 5, 2), paris_time(2022, 6, 1)),
    "support-wave": (paris_time(2022, 9, 5), paris_time(2022, 10, 3)),
    "foreign-raid": (paris_time(2023, 3, 6), paris_time(2023, 4, 3)),
}
DESIGNATED_AT = paris_time(2020, 1, 31, 19, 47, 12, 345)
DESIGNATING_ID = snowflake(epoch_ms(DESIGNATED_AT), (RESERVED_DC << 17) | (1 << 12))
# No event post exists before this instant; "fresh" raider accounts are dated relative to it.
EVENT_START: dict[str, int] = {
    "seed-wave": epoch_ms(DESIGNATED_AT),
    "flash": epoch_ms(paris_time(2021, 10, 25, 20)),
    "slow-burn": epoch_ms(paris_time(2022, 5, 23)),
    "support-wave": epoch_ms(paris_time(2022, 9, 26)),
    "foreign-raid": epoch_ms(paris_time(2023, 3, 27, 20)),
}

# Relative activity by Paris hour: evening peak, quiet 02:00-07:00.
_CYCLE = (2.6, 1.5, 0.5, 0.25, 0.2, 0.25, 0.45, 1.6, 3.2, 4.3, 4.8, 5.0,
          5.4, 5.3, 4.9, 4.8, 4.9, 5.2, 5.7, 6.0, 6.3, 6.0, 5.2, 4.0)
# A raid keeps going late into the night: its daily shape is flatter.
_FLAT = tuple(math.sqrt(x) for x in _CYCLE)
_WEEKDAY = (1.06, 1.08, 1.06, 1.04, 1.0, 0.86, 0.90)  # Monday first
_BASELINE_PER_DAY = 200.0

# Event volumes: expected posts per Paris day, spread over the day's hours with _FLAT.
_DAY_PLANS: dict[str, dict[date, dict[str, float]]] = {
    "seed-wave": {
        date(2020, 2, 1): {"wave": 6300}, date(2020, 2, 2): {"wave": 6250},
        date(2020, 2, 3): {"wave": 1300}, date(2020, 2, 4): {"wave": 600},
        date(2020, 2, 5): {"support": 2650, "wave": 150},
        date(2020, 2, 6): {"support": 30, "wave": 10},
    },
    "slow-burn": {date(2022, 5, 23) + timedelta(days=i): {"campaign": v}
                  for i, v in enumerate((100, 250, 475, 813, 1319, 600, 150))},
    "support-wave": {date(2022, 9, 26): {"support": 2600}, date(2022, 9, 27): {"support": 900},
                     date(2022, 9, 28): {"support": 250}},
}
# The campaign's own hostile share by day: with the baseline beside it, the day's hostile share
# climbs 8 % -> 60 % while volume grows 1.5x a day.
CAMPAIGN_HOSTILE = {date(2022, 5, 23) + timedelta(days=i): s
                     for i, s in enumerate((0.14, 0.23, 0.36, 0.51, 0.68, 0.55, 0.35))}
# Events pinned to given hours (UTC hour start -> expected posts in that hour).
_HOUR_PLANS: dict[str, dict[datetime, dict[str, float]]] = {
    "seed-wave": {paris_time(2020, 1, 31, h): {"wave": v}
                  for h, v in ((19, 25), (20, 110), (21, 200), (22, 260), (23, 300))},
    "flash": {paris_time(2021, 10, 25, h): {"raid": v}
              for h, v in ((20, 650), (21, 900), (22, 550))},
    "foreign-raid": {paris_time(2023, 3, 27, h): {"foreign": v}
                     for h, v in ((20, 500), (21, 700), (22, 400))},
}


# Categories of hostile posts outside and inside a wave; the kinds of post of a wave's first hours.
BASE_CATEGORIES = _cum({"insult": 40, "other_abuse": 40, "identity_hate": 8,
                        "sexual_harassment": 6, "threat": 4, "death_threat": 1, "incitement": 1})
WAVE_CATEGORIES = _cum({"threat": 5, "death_threat": 3, "incitement": 12, "insult": 36,
                        "identity_hate": 12, "sexual_harassment": 8, "doxxing": 2,
                        "other_abuse": 22})
ONSET_KINDS = _cum({"reply_d": 45, "quote_d": 20, "mention": 18, "reply": 10, "quote": 3,
                    "repost": 4})
COMPONENTS: dict[str, Component] = {
    "baseline": Component(None, 0.05, 0.10, _cum({"mention": 62, "reply": 26, "quote": 8,
                                                  "repost": 4})),
    "news": Component("news", 0.05, 0.12, _cum({"mention": 70, "quote": 20, "repost": 10})),
    "wave": Component("wave", 0.88, 0.06, _cum({"mention": 30, "reply": 20, "reply_d": 25,
                                                "quote_d": 10, "quote": 8, "repost": 7})),
    "raid": Component("wave", 0.95, 0.02, _cum({"mention": 55, "reply": 35, "quote": 5,
                                                "repost": 5})),
    "foreign": Component("wave", 0.9, 0.02, _cum({"mention": 55, "reply": 35, "quote": 5,
                                                  "repost": 5}), _cum({"de": 80, "ar": 20})),
    "campaign": Component("wave", 0.5, 0.08, _cum({"mention": 50, "reply": 38, "quote": 7,
                                                   "repost": 5})),
    "support": Component("support", 0.04, 0.86, _cum({"mention": 55, "reply": 30, "quote": 10,
                                                      "repost": 5})),
}
LANGS = _cum({"fr": 75, "en": 22, "es": 1, "de": 1, "ar": 1})
MALFORMED = ("missing_id", "bad_timestamp", "future_timestamp", "empty_text", "wrong_type")
# fmt: on


@lru_cache(maxsize=4096)
def _day_sums(day: date) -> tuple[float, float]:
    """Sums of the hourly shapes over a Paris day's real hours (23 or 25 on DST days)."""
    start = paris_time(day.year, day.month, day.day)
    nxt = day + timedelta(days=1)
    n = (paris_time(nxt.year, nxt.month, nxt.day) - start) // timedelta(hours=1)
    hours = [(start + timedelta(hours=k)).astimezone(PARIS).hour for k in range(n)]
    return sum(_CYCLE[h] for h in hours), sum(_FLAT[h] for h in hours)


@lru_cache(maxsize=4096)
def _baseline_per_day(seed: int, scenario: str, day: date) -> float:
    rng = random.Random(f"{seed}|{scenario}|day|{day.isoformat()}")
    return _BASELINE_PER_DAY * _WEEKDAY[day.weekday()] * math.exp(rng.gauss(0.0, 0.07))


@lru_cache(maxsize=16)
def _bumps(seed: int, scenario: str) -> dict[datetime, float]:
    """Small news-driven bumps of the quiet scenario: neutral chatter, nothing to alert on."""
    if scenario != "quiet":
        return {}
    rng, out = random.Random(f"{seed}|{scenario}|bumps"), {}
    first = WINDOWS[scenario][0].astimezone(PARIS).date()
    for _ in range(6):
        day, size = first + timedelta(days=rng.randrange(60)), rng.uniform(60, 220)
        h0 = paris_time(day.year, day.month, day.day, rng.randint(8, 20))
        for k, share in enumerate((0.5, 0.3, 0.2)):
            hour = h0 + timedelta(hours=k)
            out[hour] = out.get(hour, 0.0) + size * share
    return out


def hour_plan(seed: int, scenario: str, hour: datetime) -> list[tuple[str, float]]:
    """Expected posts of each component in this hour."""
    local = hour.astimezone(PARIS)
    day = local.date()
    cycle_sum, flat_sum = _day_sums(day)
    plan = [("baseline", _baseline_per_day(seed, scenario, day) * _CYCLE[local.hour] / cycle_sum)]
    for comp, vol in _DAY_PLANS.get(scenario, {}).get(day, {}).items():
        plan.append((comp, vol * _FLAT[local.hour] / flat_sum))
    plan.extend(_HOUR_PLANS.get(scenario, {}).get(hour, {}).items())
    bump = _bumps(seed, scenario).get(hour)
    if bump:
        plan.append(("news", bump))
    return plan


def scenario_window(scenario: str) -> tuple[datetime, datetime]:
    """UTC [start, end) of the scenario; boundaries are Paris midnights."""
    if scenario not in WINDOWS:
        raise ValueError(f"unknown synthetic scenario {scenario!r}; choose one of {SCENARIOS}")
    return WINDOWS[scenario]


def designating_post_id(scenario: str) -> str | None:
    """The post by a prominent account that designated the target, or None for this scenario.

    seed-wave: posted 2020-01-31 19:47:12 Paris; it never names the target. The id is a real
    snowflake of that instant and does not depend on the seed.
    """
    scenario_window(scenario)
    return str(DESIGNATING_ID) if scenario == "seed-wave" else None


def _aware(name: str, value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(
            f"{name} must be timezone-aware (got naive {value.isoformat()}); "
            "pass e.g. datetime(..., tzinfo=UTC)"
        )
    return value.astimezone(UTC)


def scenario_hours(
    scenario: str, start: datetime | None, end: datetime | None
) -> Iterator[datetime]:
    """Hours of the scenario whose start lies in [start, end): consecutive windows partition."""
    w0, w1 = scenario_window(scenario)
    lo = w0 if start is None else max(w0, _aware("start", start))
    hi = w1 if end is None else min(w1, _aware("end", end))
    hour = w0 + timedelta(hours=math.ceil((lo - w0) / timedelta(hours=1)))
    while hour < hi:
        yield hour
        hour += timedelta(hours=1)
