"""`tocsin demo`: the seed-wave incident through the real backfill flow, in a fresh data dir."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from rich.console import Console

from config.settings import SHIPPED_TARGETS, load_settings
from config.targets import load_targets
from flows.console import daily_table, frame_table, summaries_table
from tasks import status as st
from tasks.digest import write_demo_digest
from tasks.errors import ConfigError
from tasks.sources import synthetic

DEMO_TARGET = "demo"
# The ISO week of the wave's two peak days (Mon 2020-01-27 → Sun 2020-02-02).
DEMO_WEEK = "2020-W05"
MARKER = ".tocsin-demo"


def fresh_demo_dir(root: Path) -> None:
    """Empty ``root`` for the demo, refusing to touch a folder that holds anything else."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise ConfigError(
                f"{root} already holds data that is not a demo's; "
                "run the demo with --data-dir pointing at a new folder"
            )
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(
        "created by `tocsin demo`; the next demo run may erase this folder\n"
    )


def detect_and_store(root: Path, target: Any, start: Any, end: Any) -> Any:
    """Episodes over the whole incident, as `tocsin detect` finds them, kept in `episodes`."""
    from tasks.detect.config import DetectConfig
    from tasks.detect.run import detect_range, make_scorer, write_episodes

    episodes = detect_range(
        root, target, start=start, end=end, cfg=DetectConfig(), scorer=make_scorer("rules")
    )
    write_episodes(root, target.name, episodes)
    return episodes


def run_demo(*, data_dir: Path | None, seed: int, console: Console) -> dict[str, Any]:
    from flows.pipeline import backfill

    settings = load_settings(data_dir=data_dir, targets_file=SHIPPED_TARGETS)
    root = settings.data_dir
    target = load_targets(SHIPPED_TARGETS)[DEMO_TARGET]
    scenario = target.synthetic.scenario
    fresh_demo_dir(root)

    # The answer key, for evaluation only: no part of the pipeline reads it.
    truth_path = root / "ground_truth" / f"{scenario}-seed{seed}.parquet"
    truth_path.parent.mkdir(parents=True)
    synthetic.ground_truth(
        scenario,
        seed=seed,
        handle=target.handles.x or DEMO_TARGET,
        user_id=target.handles.x_user_id or "1000000000000000001",
    ).write_parquet(truth_path)

    start, end = synthetic.scenario_window(scenario)
    with console.status(f"Backfilling {scenario} ({start:%Y-%m-%d} → {end:%Y-%m-%d}) …"):
        summaries = backfill(
            target=DEMO_TARGET,
            start=start,
            end=end,
            data_dir=str(root),
            targets_file=str(SHIPPED_TARGETS),
            flow_name="demo",
        )
    console.print(summaries_table(summaries))
    days = st.daily(root, DEMO_TARGET)
    console.print(
        daily_table(days, f"Daily counts for target {DEMO_TARGET!r} ({target.timezone} days)")
    )
    console.print(frame_table(st.quarantine_reasons(root, DEMO_TARGET), "Quarantine: reasons"))
    with console.status("Detecting waves and writing the digest of the wave's week …"):
        episodes = detect_and_store(root, target, start, end)
        digest = write_demo_digest(root, target, DEMO_WEEK, root / "digests" / DEMO_TARGET)
    console.print(
        frame_table(
            episodes.select(
                "episode_id",
                "kind",
                "status",
                "start",
                "peak",
                "end",
                "posts",
                "hostile",
                "supportive",
                "threats",
            ),
            "Episodes detected (scorer's stances, never the ground truth)",
        )
    )
    run_id = summaries[0]["run_id"]
    where = [
        ("mentions (hive Parquet)", root / "mentions"),
        ("quarantine, with reasons", root / "quarantine"),
        ("daily aggregates", root / "aggregates" / "daily"),
        ("run summaries", root / "runs"),
        ("scores (stance, categories, reasons)", root / "scores"),
        ("episodes", root / "episodes"),
        ("evidence copy and sealed manifests", root / "evidence"),
        (f"weekly digest {DEMO_WEEK} (open in a browser)", digest),
        ("validation results (great-expectations)", root / "validation" / run_id),
        ("ground truth (never read by the pipeline)", truth_path),
    ]
    console.print("\n[bold]Where everything landed[/]")
    for label, path in where:
        console.print(f"  {label:<44} {path}", highlight=False)
    console.print(
        "\nNext: `tocsin status`, or query the tables with DuckDB or Polars (see README)."
    )
    return {
        "summaries": summaries,
        "daily": days,
        "root": root,
        "episodes": episodes,
        "digest": digest,
    }
