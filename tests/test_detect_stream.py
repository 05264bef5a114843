"""What the benchmark measures is what the watch does: slicing the causal series computed once
(tasks.detect.replay.stream) equals recomputing from the stored posts at each stream time
(tasks.detect.run.detect_at), and an episode, once seen, keeps its id and start."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from polars.testing import assert_frame_equal

from tasks.alerts.config import AlertPolicy
from tasks.detect.config import DetectConfig
from tasks.detect.episodes import detect_spans
from tasks.detect.model import fit_baseline
from tasks.detect.replay import stream
from tasks.detect.run import detect_at, window
from tasks.detect.series import hourly_series
from tests.support.detect import T0, ZONE, baseline_posts, frame, wave

ONSET = T0 + timedelta(days=31, hours=17)
SUPPORT = T0 + timedelta(days=34, hours=9)
SPAN_COLUMNS = ["episode_id", "kind", "start", "peak", "end", "detected_at", "posts", "hostile"]


def scenario() -> pl.DataFrame:
    rows = baseline_posts(days=38, seed=5)
    wave(rows, ONSET, [40, 160, 300, 200, 80, 30], "hostile", 0.9)
    wave(rows, SUPPORT, [200] * 6, "supportive", 0.8)
    return frame(rows)


def test_sliced_series_equal_recomputed_ones() -> None:
    posts, cfg = scenario(), DetectConfig()
    end = T0 + timedelta(days=38)
    hourly = hourly_series(posts, start=T0, end=end, timezone=ZONE)
    baseline = fit_baseline(hourly, eval_from=T0, cfg=cfg)
    for now in (
        ONSET + timedelta(hours=1),
        ONSET + timedelta(hours=9),
        SUPPORT + timedelta(hours=30),
    ):
        _, eval_from, stop = window(now, cfg)
        sliced = detect_spans(
            hourly,
            baseline.filter(pl.col("hour").is_between(eval_from, stop, closed="left")),
            target="t",
            cfg=cfg,
        )
        recomputed = detect_at(posts, target="t", timezone=ZONE, now=now, cfg=cfg)
        assert not recomputed.is_empty()
        assert_frame_equal(recomputed.select(SPAN_COLUMNS), sliced.select(SPAN_COLUMNS))


def test_stream_alerts_once_at_the_hour_the_watch_would() -> None:
    posts, cfg = scenario(), DetectConfig()
    hourly = hourly_series(posts, start=T0, end=T0 + timedelta(days=38), timezone=ZONE)
    baseline = fit_baseline(hourly, eval_from=T0, cfg=cfg)
    steps = [ONSET - timedelta(hours=3) + timedelta(hours=k) for k in range(24 * 5)]
    episodes, alerts = stream(
        hourly, baseline, target="t", steps=steps, cfg=cfg, policy=AlertPolicy()
    )
    first = [a for a in alerts if a["level"] == 0]
    assert len(first) == 1  # one harassment alert; the support wave raises none
    # The first stream time at which detect_at, on the posts alone, shows the episode.
    seen = next(
        now
        for now in steps
        if not detect_at(posts, target="t", timezone=ZONE, now=now, cfg=cfg)
        .filter(pl.col("kind") == "harassment")
        .is_empty()
    )
    assert first[0]["stream_time"] == seen == ONSET + timedelta(hours=1)
    assert sorted(episodes["kind"].to_list()) == ["harassment", "support"]
    # Identity: the id and start given at the first alert are the ones kept at the end.
    final = episodes.filter(pl.col("kind") == "harassment").row(0, named=True)
    assert (final["episode_id"], final["start"]) == (first[0]["episode_id"], first[0]["start"])
    assert final["status"] == "closed" and final["hostile"] > 600
