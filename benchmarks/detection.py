"""Wave detection on every SCENARIOS.md scenario, and a raid in languages the rules do not read
(``foreign-raid``, measured by its first alert of either kind), over several generator seeds.

    python -m benchmarks.detection                      # seeds 0-4, every method, prints
    python -m benchmarks.detection --seeds 0 1 2 3 4 5 6 7 8 9 --write   # and benchmarks/DETECTION.md

Per scenario and seed: the synthetic source's pages go through the pipeline's own parser and
validation rules (no Prefect, no GX: they do not change which rows are valid), one row per post
(its newest version, as the store's current view), then the **real scorer** (its stances, never
the answer key's). Detection then runs as the watch does, at every hour of the window in stream
time (tasks.detect.replay.stream: the causal hourly series and normal are computed once and sliced
per step — tests/test_detect_stream.py checks that this equals run.detect_at on the posts).
The answer key is read only to score the result:

- time to detect: from the end of the onset hour to the first harassment alert on the wave;
- false harassment alerts per 60 quiet days: first alerts on episodes that overlap no true wave,
  over every evaluated day outside the waves of all scenarios (quiet, and the baseline weeks of
  the others), scaled to 60 days;
- support waves misreported: a harassment alert opened during a true support wave, or a support
  wave with no support episode recorded.
Scored posts are cached in benchmarks/.cache/detection (by scenario, seed and scorer version).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / ".cache" / "detection"
OUT = Path(__file__).resolve().parent / "DETECTION.md"
SCENARIOS = ("quiet", "flash", "seed-wave", "slow-burn", "support-wave", "foreign-raid")
# SCENARIOS.md's five; the foreign raid (German and Arabic) is measured by its first alert of
# either kind (MEASURED_BY).
SCENARIOS_MD = SCENARIOS[:5]
MEASURED_BY = {"foreign-raid": ("harassment", "unread")}
# Stress variants: the scenario with its harassment wave thinned to a share of its posts, to see
# where each method stops seeing it (flash at 10 % is ~200 raid posts in 3 hours).
STRESS = {
    "flash@10%": ("flash", 0.10),
    "flash@3%": ("flash", 0.03),
    "slow-burn@50%": ("slow-burn", 0.5),
}
METHODS = ("cusum", "nb-tail", "robust-z")


def scored_posts(
    scenario: str, seed: int, scorer: Any, *, cache: Path | None = CACHE
) -> pl.DataFrame:
    """Every valid post of the scenario as the store would hold it, scored; cached in ``cache``
    (None: not cached)."""
    from config.targets import Target
    from tasks.detect.run import scorer_label
    from tasks.ingest import to_mentions
    from tasks.mentions import current_view
    from tasks.parse import parse_batches
    from tasks.sources.registry import SyntheticSource
    from tasks.sources.synthetic import designating_post_id, scenario_window
    from tasks.validate import split

    label = scorer_label(scorer).replace("/", "_").replace("+", "_")
    path = cache / f"{scenario}-seed{seed}-{label}.parquet" if cache is not None else None
    if path is not None and path.exists():
        return _with_unread(pl.read_parquet(path))
    watched = designating_post_id(scenario)
    target = Target(
        name="bench",
        timezone="Europe/Paris",
        handles={"x": "demo_journalist", "x_user_id": "1000000000000000001"},
        watched_posts=[{"platform": "x", "id": watched}] if watched else [],
        synthetic={"scenario": scenario, "seed": seed},
    )
    source = SyntheticSource(scenario, seed)
    end = scenario_window(scenario)[1] + timedelta(hours=2)
    frames = []
    for staging, _ in parse_batches(source.pages(target, None, None), target, 50_000):
        valid, _ = split(staging, end, timedelta(minutes=5))
        frames.append(to_mentions(valid, "bench"))
    mentions = pl.concat(frames).unique(["platform", "post_id", "version_id"], keep="first")
    posts = current_view(mentions.lazy()).collect()
    scored = scorer.score(posts).sort("created_at")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        scored.write_parquet(path)
    return _with_unread(scored)


def _with_unread(scored: pl.DataFrame) -> pl.DataFrame:
    """Detection's ``unread`` column (the language no rules read), as ``load_posts`` gives it."""
    from tasks.scoring.language import unread_language

    return scored.with_columns(unread=unread_language(pl.col("reasons")))


@dataclass
class Result:
    scenario: str
    seed: int
    method: str
    ttd_minutes: float | None = None  # None: no alert on the wave (or no wave)
    alert_before_peak_day: bool | None = None
    false_alerts: int = 0
    quiet_days: float = 0.0
    support_misreported: int | None = None
    messages_on_wave: int = 0  # first alert + escalations about the true wave
    unread_alerts: int = 0  # first unread-language alerts where no such raid is (all false)
    detected_at: datetime | None = None


def evaluate(scenario: str, seed: int, posts: pl.DataFrame, cfg: Any, policy: Any) -> Result:
    from zoneinfo import ZoneInfo

    from tasks.detect.model import fit_baseline
    from tasks.detect.replay import answer_key, stream, thinned, truth
    from tasks.detect.series import hourly_series
    from tasks.sources.synthetic import scenario_window

    name = scenario
    scenario, keep = STRESS.get(name, (name, 1.0))
    paris = ZoneInfo("Europe/Paris")
    w0, w1 = scenario_window(scenario)
    hourly = hourly_series(posts, start=w0, end=w1, timezone="Europe/Paris")
    baseline = fit_baseline(hourly, eval_from=w0, cfg=cfg)
    ok = baseline.filter("baseline_ok")["hour"]
    steps = [h + timedelta(hours=1) for h in ok]  # a watch run at the end of every hour
    episodes, alerts = stream(
        hourly, baseline, target=scenario, steps=steps, cfg=cfg, policy=policy
    )
    key = answer_key(scenario, seed, keep)
    res = Result(name, seed, cfg.method)
    wave_end = None
    if key.event_start is not None:
        wave = truth(scenario, seed).filter(pl.col("episode") == "wave")
        wave_end = thinned(wave, wave["post_id"], keep)["created_at"].max()
    # The alert a wave is measured by: harassment; for the raid written in languages the rules
    # do not read, either kind (its unread wave is said by the harassment alert when the
    # universal rules found a raid in it too: tasks/alerts/policy.py). Any unread alert in the
    # other scenarios is a false one: none holds such a raid.
    kinds = MEASURED_BY.get(scenario, ("harassment",))
    firsts = [a for a in alerts if a["level"] == 0 and a["kind"] in kinds]
    on_wave = [
        a
        for a in firsts
        if wave_end is not None and a["start"] <= wave_end and a["end"] >= key.event_start
    ]
    if "unread" not in kinds:
        res.unread_alerts = sum(1 for a in alerts if a["level"] == 0 and a["kind"] == "unread")
    main_episode = None
    if on_wave and key.onset is not None:
        first = min(on_wave, key=lambda a: a["stream_time"])
        main_episode = first["episode_id"]
        res.detected_at = first["stream_time"]
        res.ttd_minutes = (first["stream_time"] - key.onset - timedelta(hours=1)) / timedelta(
            minutes=1
        )
        res.messages_on_wave = sum(1 for a in alerts if a["episode_id"] == main_episode)
        if key.peak_day is not None:
            day = key.peak_day
            res.alert_before_peak_day = first["stream_time"] < datetime(
                day.year, day.month, day.day, tzinfo=paris
            )
    elif key.event_start is not None:
        res.alert_before_peak_day = False
    # Quiet days: the evaluated days outside the true wave.
    wave_days = 0.0
    if wave_end is not None:
        wave_days = (wave_end - key.event_start) / timedelta(days=1) + 1.0
    res.quiet_days = max(0.0, len(steps) / 24.0 - wave_days)
    res.false_alerts = len([a for a in firsts if a not in on_wave])
    if key.support_start is not None:
        # A harassment episode opened during the support wave (other than the raid itself,
        # still going when seed-wave's support peak arrives), or no support episode at all.
        opened = [
            a
            for a in firsts
            if key.support_start <= a["start"] <= key.support_end
            and a["episode_id"] != main_episode
        ]
        recorded = episodes.filter(
            (pl.col("kind") == "support")
            & (pl.col("start") <= key.support_end)
            & (pl.col("end") >= key.support_start)
        ).height
        res.support_misreported = len(opened) + (0 if recorded else 1)
    return res


def spread(values: list[float]) -> str:
    if not values:
        return "–"
    med = statistics.median(values)
    return f"{med:.0f} [{min(values):.0f}–{max(values):.0f}]"


def table(results: list[Result], methods: list[str], seeds: list[int]) -> str:
    """The markdown table: one row per scenario and measure, one column per method."""
    lines = [
        "| scenario | measure | goal | " + " | ".join(methods) + " |",
        "|---|---|---|" + "---|" * len(methods),
    ]

    def by(method: str, scenario: str | None = None) -> list[Result]:
        return [
            r
            for r in results
            if r.method == method and (scenario is None or r.scenario == scenario)
        ]

    def row(scenario: str, measure: str, goal: str, cell: Any) -> None:
        lines.append(
            f"| {scenario} | {measure} | {goal} | " + " | ".join(cell(m) for m in methods) + " |"
        )

    for sc, goal in (("flash", "≤ 60"), ("seed-wave", "≤ 60"), ("slow-burn", "before peak day")):
        row(
            sc,
            "time to detect, min: median [min–max]",
            goal,
            lambda m, sc=sc: (
                spread([r.ttd_minutes for r in by(m, sc) if r.ttd_minutes is not None])
                + _missed(by(m, sc))
            ),
        )
    row(
        "slow-burn",
        "alerted before the peak day",
        "all seeds",
        lambda m: (
            f"{sum(bool(r.alert_before_peak_day) for r in by(m, 'slow-burn'))}/{len(by(m, 'slow-burn'))}"
        ),
    )
    row(
        "quiet",
        "false harassment alerts per 60 quiet days",
        "0",
        lambda m: _rate(by(m, "quiet")),
    )
    row(
        "support-wave",
        "false harassment alerts per 60 quiet days",
        "0",
        lambda m: _rate(by(m, "support-wave")),
    )
    row(
        "all five",
        "false harassment alerts per 60 quiet days (pooled)",
        "0",
        lambda m: _rate([r for r in by(m) if r.scenario in SCENARIOS_MD]),
    )
    if by(methods[0], "foreign-raid"):
        row(
            "foreign-raid",
            "time to detect (either alert), min: median [min–max]",
            "≤ 60",
            lambda m: (
                spread([r.ttd_minutes for r in by(m, "foreign-raid") if r.ttd_minutes is not None])
                + _missed(by(m, "foreign-raid"))
            ),
        )
        row(
            "foreign-raid",
            "false alerts (either kind) per 60 quiet days",
            "0",
            lambda m: _rate(by(m, "foreign-raid")),
        )
    row(
        "all",
        "unread-language alerts where no such raid is (a steady 3 % of posts in es/de/ar)",
        "0",
        lambda m: str(sum(r.unread_alerts for r in by(m))),
    )
    for sc in ("support-wave", "seed-wave"):
        row(
            sc,
            "support waves misreported",
            "0",
            lambda m, sc=sc: (
                f"{sum(r.support_misreported or 0 for r in by(m, sc))} of {len(by(m, sc))}"
            ),
        )
    for sc in STRESS:
        if by(methods[0], sc):
            row(
                sc,
                "detected (seeds); time to detect, min",
                "stress",
                lambda m, sc=sc: (
                    f"{sum(r.ttd_minutes is not None for r in by(m, sc))}/"
                    f"{len(by(m, sc))}; "
                    + spread([r.ttd_minutes for r in by(m, sc) if r.ttd_minutes is not None])
                ),
            )
    for sc in ("flash", "seed-wave", "slow-burn", "foreign-raid"):
        if not by(methods[0], sc):
            continue
        row(
            sc,
            "messages per wave (alert + escalations): median [min–max]",
            "few",
            lambda m, sc=sc: spread([r.messages_on_wave for r in by(m, sc) if r.messages_on_wave]),
        )
    return "\n".join(lines)


def _missed(rs: list[Result]) -> str:
    missed = sum(1 for r in rs if r.ttd_minutes is None)
    return f", {missed} missed" if missed else ""


def _rate(rs: list[Result]) -> str:
    days = sum(r.quiet_days for r in rs)
    n = sum(r.false_alerts for r in rs)
    return f"{60 * n / days:.2f} ({n} in {days:.0f} d)" if days else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--scorer", default="rules")
    parser.add_argument("--stress", action="store_true", help="Add the thinned-wave variants.")
    parser.add_argument("--write", action="store_true", help="Write benchmarks/DETECTION.md.")
    args = parser.parse_args(argv)

    from tasks.alerts.config import AlertPolicy
    from tasks.detect.config import DetectConfig
    from tasks.detect.replay import thinned, truth
    from tasks.detect.run import make_scorer, scorer_label

    scorer = make_scorer(args.scorer)
    results: list[Result] = []
    began = time.monotonic()
    names = list(args.scenarios) + (list(STRESS) if args.stress else [])
    for scenario in names:
        base, keep = STRESS.get(scenario, (scenario, 1.0))
        for seed in args.seeds:
            t = time.monotonic()
            posts = scored_posts(base, seed, scorer)
            if keep < 1.0:
                wave = truth(base, seed).filter(pl.col("episode") == "wave")["post_id"]
                posts = thinned(posts, wave, keep)
            loaded = time.monotonic() - t
            for method in args.methods:
                t = time.monotonic()
                cfg = replace(DetectConfig(), method=method)
                res = evaluate(scenario, seed, posts, cfg, AlertPolicy())
                results.append(res)
                print(
                    f"{scenario:12s} seed {seed} {method:8s} ttd={res.ttd_minutes} "
                    f"before_peak={res.alert_before_peak_day} false={res.false_alerts} "
                    f"support_mis={res.support_misreported} msgs={res.messages_on_wave} "
                    f"({len(posts)} posts, load {loaded:.1f}s, detect {time.monotonic() - t:.1f}s)",
                    flush=True,
                )
    md = table(results, args.methods, args.seeds)
    print()
    print(md)
    print(f"\n{time.monotonic() - began:.0f} s; scorer {scorer_label(scorer)}; seeds {args.seeds}")
    if args.write:
        write_report(md, results, args, scorer_label(scorer))
    return 0


BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def write_report(md: str, results: list[Result], args: Any, scorer: str) -> None:
    """Replace the generated section of DETECTION.md (the prose around it is written by hand)."""
    per_seed = ["| scenario | seed | method | ttd min | false alerts | support misreported |",
                "|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        per_seed.append(
            f"| {r.scenario} | {r.seed} | {r.method} | "
            f"{'–' if r.ttd_minutes is None else f'{r.ttd_minutes:.0f}'} | {r.false_alerts} | "
            f"{'–' if r.support_misreported is None else r.support_misreported} |"
        )
    section = "\n".join(
        [
            BEGIN,
            f"Generated by `python -m benchmarks.detection --seeds {' '.join(map(str, args.seeds))}"
            f"{' --stress' if args.stress else ''} --write` on {datetime.now(UTC):%Y-%m-%d}, "
            f"scorer `{scorer}`.",
            "",
            md,
            "",
            "<details><summary>Per seed</summary>",
            "",
            *per_seed,
            "",
            "</details>",
            END,
        ]
    )
    text = OUT.read_text() if OUT.exists() else f"# Detection benchmark\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    OUT.write_text(head + section + tail)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    sys.exit(main())
