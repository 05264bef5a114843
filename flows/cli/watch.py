"""The wave commands of ``tocsin``: detect (over stored data) and watch (once, or a replay).

``register(app)`` adds them to the main command. Each calls one function a test calls too; a
TocsinError is one line and exit 2 (flows/cli/common.py).
"""

from __future__ import annotations

import json
import time as wall
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import (
    ConfigFile,
    DataDir,
    fail,
    guard,
    out,
    path_str,
    preflight,
    shown,
    window_of,
)


def run_detect(
    *, target: str, start: date, end: date, data_dir: Path | None, config: Path | None, scorer: str
) -> tuple[Any, Any]:
    """(the target, its episodes over the UTC days [start, end]) from stored data."""
    from config.settings import load_settings
    from config.targets import load_targets, pick_targets
    from tasks.detect.run import detect_range, make_scorer

    settings = load_settings(config, data_dir=data_dir)
    (chosen,) = pick_targets(load_targets(settings.targets_file), [target])
    first = datetime(start.year, start.month, start.day, tzinfo=UTC)
    last = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1)
    episodes = detect_range(
        settings.data_dir,
        chosen,
        start=first,
        end=last,
        cfg=settings.detect,  # as the watch judges them: [detect] of the settings
        scorer=make_scorer(scorer),
    )
    return chosen, episodes


def _local(ts: datetime, zone: str) -> str:
    from zoneinfo import ZoneInfo

    return f"{ts.astimezone(ZoneInfo(zone)):%m-%d %H:%M}"


def episodes_table(episodes: Any, timezone: str) -> Any:
    from rich.table import Table

    table = Table(title=f"Episodes (times in {timezone})")
    table.add_column("episode", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for col in ("start", "peak", "end"):
        table.add_column(col, no_wrap=True)
    for col in ("posts", "hostile", "supportive", "threats", "authors"):
        table.add_column(col, justify="right", no_wrap=True)
    for ep in episodes.iter_rows(named=True):
        table.add_row(
            ep["episode_id"],
            ep["status"],
            _local(ep["start"], timezone),
            _local(ep["peak"], timezone),
            _local(ep["end"], timezone),
            str(ep["posts"]),
            str(ep["hostile"]),
            str(ep["supportive"]),
            str(ep["threats"]),
            str(ep["stance_authors"]),
        )
    return table


def print_episodes(episodes: Any, timezone: str) -> None:
    """The table, then each episode's coordination signals (too long for a column)."""
    out.print(episodes_table(episodes, timezone))
    for ep in episodes.iter_rows(named=True):
        if ep["signals"]:
            out.print(f"  {ep['episode_id']}: {', '.join(ep['signals'])}", highlight=False)


def detect(
    target: Annotated[str, typer.Option("--target", "-t", help="Target name.")],
    start: Annotated[str, typer.Option("--from", help="First UTC day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last UTC day, included.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the episodes as JSON.")] = False,
    scorer: Annotated[str, typer.Option(help="Scorer whose stances are counted.")] = "rules",
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Find the harassment, support and unread-language episodes in stored data (read-only; no
    alert is sent).

    Each day is judged against the four weeks before it, as the watch does live, so store the
    weeks before --from too.
    """
    first, last = guard(lambda: window_of(start, end))
    chosen, episodes = guard(
        lambda: run_detect(
            target=target, start=first, end=last, data_dir=data_dir, config=config, scorer=scorer
        )
    )
    if as_json:
        typer.echo(json.dumps(episodes.to_dicts(), default=str, ensure_ascii=False, indent=1))
    elif episodes.is_empty():
        out.print(f"no episode for {target} between {first} and {last}")
    else:
        print_episodes(episodes, chosen.timezone)


def watch(
    target: Annotated[
        list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
    ] = None,
    replay: Annotated[
        str | None,
        typer.Option(
            help="Replay a synthetic scenario (seed-wave, quiet, flash, slow-burn, support-wave, foreign-raid) "
            "hour by hour in stream time, into a fresh --data-dir, and print when alerts fired."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Generator seed of the replayed scenario.")] = 0,
    outbox: Annotated[
        Path | None,
        typer.Option(help="Write alert e-mails as .eml files here instead of sending them."),
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Pull, score, detect and alert once now (what the 15-minute schedule runs), or replay."""
    if replay is not None:
        _replay(replay, seed, data_dir)
        return
    from flows.watch import watch as watch_flow

    settings, _ = preflight(config, data_dir, target)
    summaries = shown(
        lambda: watch_flow(
            targets=target,
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            outbox=path_str(outbox),
            settings=settings,
        )
    )
    for s in summaries:
        out.print(
            f"{s['target']}: {s['written']} new posts, {len(s['episodes'])} episodes in view, "
            f"{len(s['alerts'])} alert messages"
        )


def _replay(scenario: str, seed: int, data_dir: Path | None) -> None:
    import tempfile

    from flows.watch import replay
    from tasks.detect.replay import answer_key

    folder = data_dir or Path(tempfile.mkdtemp(prefix=f"tocsin-replay-{scenario}-"))
    if folder.exists() and any(folder.iterdir()):
        fail(f"--data-dir {folder} is not empty: a replay needs a fresh folder")
    out.print(f"replaying {scenario} (seed {seed}) into {folder}")
    began = wall.monotonic()

    def progress(i: int, n: int, step: datetime) -> None:
        if i % 24 == 0 or i == n:
            out.print(f"  stream time {step:%Y-%m-%d %H:%M}Z  ({i}/{n} hourly runs)")

    plan, summaries = guard(lambda: replay(scenario, seed=seed, data_dir=folder, progress=progress))
    elapsed = wall.monotonic() - began
    key = answer_key(scenario, seed)
    out.print(
        f"bootstrap: one watch run at {plan.bootstrap_at:%Y-%m-%d %H:%M}Z pulled the baseline "
        f"weeks; then {len(plan.steps)} hourly runs through the event days ({elapsed:.0f} s)"
    )
    fired = [a for s in summaries for a in s["alerts"] if a["channel"] == "log"]
    if key.onset is not None:
        out.print(f"onset hour (answer key): {key.onset:%Y-%m-%d %H:%M}Z")
    if not fired:
        out.print("no alert fired")
    for a in fired:
        lag = ""
        if key.onset is not None and a["level"] == 0:
            minutes = (a["stream_time"] - key.onset - timedelta(hours=1)) / timedelta(minutes=1)
            lag = f"  ({minutes:+.0f} min after the end of the onset hour)"
        out.print(
            f"ALERT {a['stream_time']:%Y-%m-%d %H:%M}Z  {a['episode_id']}  level {a['level']} "
            f"({', '.join(a['reasons'])}){lag}"
        )
    delivered = [
        a
        for s in summaries
        for a in s["alerts"]
        if a["channel"] != "log" and "carried" not in a["reasons"]  # carried: in another message
    ]
    out.print(f"{len(delivered)} messages written to {folder / 'outbox'}")
    from tasks.detect.run import read_episodes

    episodes = read_episodes(folder / "data", scenario)
    if episodes.height:
        print_episodes(episodes, "Europe/Paris")


def register(app: typer.Typer) -> None:
    """Add ``detect`` and ``watch`` to the ``tocsin`` command."""
    app.command(name="detect")(detect)
    app.command(name="watch")(watch)
