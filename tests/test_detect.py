"""Detection units on small hand-built frames, stances given directly (no scorer needed).

Helpers (tests/support/detect.py) build posts from hourly counts: a steady baseline with a daily
cycle for four weeks, then whatever wave the test adds.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.detect.config import DetectConfig
from tasks.detect.departure import binom_sf, nb_sf, poisson_sf
from tasks.detect.model import fit_baseline
from tasks.detect.run import detect_at
from tasks.detect.series import hourly_series
from tests.support.detect import CYCLE, T0, ZONE, baseline_posts, frame, post, wave


def run(rows: list[dict[str, object]], now: datetime, **cfg: object) -> pl.DataFrame:
    return detect_at(frame(rows), target="t", timezone=ZONE, now=now, cfg=DetectConfig(**cfg))


def test_hourly_series_counts_and_zero_fills() -> None:
    posts = frame([
        post(1, T0 + timedelta(minutes=5), "hostile", categories=["threat"]),
        post(2, T0 + timedelta(minutes=50), "neutral"),
        post(3, T0 + timedelta(hours=2, minutes=1), "supportive"),
    ])  # fmt: skip
    out = hourly_series(posts, start=T0, end=T0 + timedelta(hours=3), timezone=ZONE)
    expected = pl.DataFrame(
        {
            "hour": [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)],
            "posts": [2, 0, 1],
            "hostile": [1, 0, 0],
            "supportive": [0, 0, 1],
            "threats": [1, 0, 0],
            "local_hour": [1, 2, 3],
        }
    ).with_columns(pl.col("hour").dt.cast_time_unit("us"), pl.col("local_hour").cast(pl.Int8))
    assert_frame_equal(out.select(expected.columns), expected, check_dtypes=False)


@pytest.mark.parametrize(
    ("fn", "args", "exact"),
    [
        pytest.param(poisson_sf, (5, 1.0), 1 - sum(math.exp(-1) / math.factorial(k) for k in range(5)), id="poisson"),
        pytest.param(poisson_sf, (30, 2.5), None, id="poisson-far-tail"),
        pytest.param(binom_sf, (7, 20, 0.1), sum(math.comb(20, k) * 0.1**k * 0.9 ** (20 - k) for k in range(7, 21)), id="binomial"),
        pytest.param(nb_sf, (9, 2.0, 10.0), 1 - sum(math.comb(k + 9, k) * (10 / 12) ** 10 * (2 / 12) ** k for k in range(9)), id="negative-binomial"),
    ],
)  # fmt: skip
def test_tails(fn, args, exact) -> None:
    got = fn(*args)
    if exact is None:  # compare with a direct sum in logs
        x, mu = args
        exact = sum(math.exp(k * math.log(mu) - mu - math.lgamma(k + 1)) for k in range(x, x + 200))
    assert got == pytest.approx(exact, rel=1e-6)


def test_baseline_ignores_a_past_wave() -> None:
    """A 6,000-post day a week ago must not raise today's expectation (medians, normal days)."""
    rows = baseline_posts(days=30)
    wave(rows, T0 + timedelta(days=20, hours=17), [600] * 10, "hostile", 0.9)
    hourly = hourly_series(frame(rows), start=T0, end=T0 + timedelta(days=30), timezone=ZONE)
    cfg = DetectConfig()
    day = T0 + timedelta(days=29)
    got = fit_baseline(hourly, eval_from=day, cfg=cfg)
    assert got["baseline_ok"].all()
    daily_hostile = got["mu_hostile"].sum()
    assert 6 < daily_hostile < 14  # 5 % of 200, not pulled up by the wave's 5,400 hostile posts
    assert 0.03 < got["p0_hostile"][0] < 0.07


def test_flash_raid_alerts_in_its_first_hour() -> None:
    rows = baseline_posts()
    onset = T0 + timedelta(days=30, hours=18)
    wave(rows, onset, [400, 700, 300], "hostile", 0.95)
    first = run(rows, now=onset + timedelta(hours=1))
    (ep,) = first.filter(pl.col("kind") == "harassment").iter_rows(named=True)
    assert ep["detected_at"] == onset + timedelta(hours=1)
    assert ep["start"] <= onset and ep["status"] == "open"
    later = run(rows, now=onset + timedelta(hours=12))
    (ep,) = later.filter(pl.col("kind") == "harassment").iter_rows(named=True)
    assert ep["status"] == "closed" and ep["end"] == onset + timedelta(hours=3)
    assert ep["peak"] == onset + timedelta(hours=1) and ep["hostile"] > 1300


def test_nothing_before_the_data_is_long_enough() -> None:
    rows = baseline_posts(days=5)
    wave(rows, T0 + timedelta(days=4), [500], "hostile", 1.0)
    assert run(rows, now=T0 + timedelta(days=5)).is_empty()


def test_quiet_weeks_give_no_episode() -> None:
    rows = baseline_posts(days=60, seed=3)
    assert run(rows, now=T0 + timedelta(days=60), horizon_hours=24 * 30).is_empty()


def test_a_supportive_wave_is_a_support_episode_never_harassment() -> None:
    """3,000 posts, 75 % supportive: more hostile posts than usual in absolute terms (5 % of the
    rest), yet the hostile *share* does not move: a support episode only."""
    rows = baseline_posts()
    start = T0 + timedelta(days=30, hours=8)
    wave(rows, start, [250] * 12, "supportive", 0.75)
    extra = random.Random(3)
    for k in range(12):  # the hostile minority a support wave carries
        for _ in range(12):
            rows.append(
                post(
                    500_000 + len(rows),
                    start + timedelta(hours=k, seconds=extra.randrange(3600)),
                    "hostile",
                )
            )
    got = run(rows, now=start + timedelta(hours=20))
    assert got["kind"].to_list() == ["support"]
    assert got["supportive"][0] > 2000


def test_slow_burn_is_caught_by_accumulation() -> None:
    """Hostile share climbing 10 % → 50 % over four days while volume grows 1.5× a day: no
    single hour is spectacular; the CUSUM adds the evidence up before the peak day."""
    rows = baseline_posts(days=40)
    day0 = T0 + timedelta(days=30)
    for d, (per_day, share) in enumerate(
        [(100, 0.12), (150, 0.2), (225, 0.3), (340, 0.45), (500, 0.5)]
    ):
        wave(
            rows,
            day0 + timedelta(days=d),
            [round(per_day * c / sum(CYCLE)) for c in CYCLE],
            "hostile",
            share,
        )
    got = run(rows, now=day0 + timedelta(days=4))  # the start of the peak day
    harassment = got.filter(pl.col("kind") == "harassment")
    assert harassment.height == 1
    assert harassment["detected_at"][0] < day0 + timedelta(days=4)


def test_a_resumed_campaign_is_one_episode() -> None:
    rows = baseline_posts(days=40)
    first = T0 + timedelta(days=30, hours=18)
    wave(rows, first, [300, 300], "hostile", 0.9)
    wave(rows, first + timedelta(hours=14), [300, 300], "hostile", 0.9)  # the next morning
    got = run(rows, now=first + timedelta(days=2))
    assert got.filter(pl.col("kind") == "harassment").height == 1
    far = run(rows + [], now=first + timedelta(days=2), merge_gap_hours=6)
    assert far.filter(pl.col("kind") == "harassment").height == 2
