"""The ingest commands of ``tocsin``: demo, run nightly, backfill, import, status.

``register(app)`` adds them to the main command. Every command calls one function a test can
call too; a TocsinError is one line on stderr and exit code 2 (flows/cli/common.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import (
    ConfigFile,
    DataDir,
    guard,
    out,
    path_str,
    preflight,
    shown,
    window_of,
)


def demo(
    data_dir: DataDir = None,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 0,
) -> None:
    """Generate the seed-wave incident and run the whole pipeline on it, in a fresh data dir.

    No account, no network, no server: the embedded synthetic source writes X API v2 pages, the
    backfill flow ingests its window, and the daily counts are printed with where each output went.
    """
    from flows.demo import run_demo

    report = guard(lambda: run_demo(data_dir=data_dir, seed=seed, console=out))
    if report is None:
        raise typer.Exit(1)


def run_nightly(
    target: Annotated[
        list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Pull what is new for every target (or the named ones) since its last watermark."""
    from flows.pipeline import nightly

    settings, _ = preflight(config, data_dir, target)
    summaries = shown(
        lambda: nightly(
            targets=target,
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            settings=settings,
        )
    )
    _print_summaries(summaries)


def backfill(
    target: Annotated[
        list[str],
        typer.Option("--target", "-t", help="Target name; repeat it for several, run at once."),
    ],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")],
    end: Annotated[str, typer.Option("--to", help="Last day included, YYYY-MM-DD (UTC).")],
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Run the pipeline over a window of days. Idempotent: running it again changes nothing."""
    from flows.pipeline import backfill as backfill_flow
    from flows.pipeline import day_window

    first, last = guard(lambda: window_of(start, end))
    settings, _ = preflight(config, data_dir, target)
    summaries = shown(
        lambda: backfill_flow(
            target=target[0] if len(target) == 1 else target,
            start=day_window(first, last)[0],  # the days of the backfill deployment
            end=day_window(first, last)[1],
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            settings=settings,
        )
    )
    _print_summaries(summaries)


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files of posts (see docs/sources.md).")],
    target: Annotated[str, typer.Option("--target", "-t", help="Target the posts are about.")],
    format: Annotated[  # noqa: A002
        str | None,
        typer.Option(
            "--format",
            help="auto (X v2 pages, twarc), x-v1, mastodon, bluesky or csv-posts; detected when omitted.",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Import files of posts collected elsewhere. Unreadable records go to quarantine, with reasons.

    With a Prefect API configured (PREFECT_API_URL) the import is a flow run there; without one,
    the same steps run as plain functions, with the same outputs and run record (no temporary
    API server, no flow run in Prefect's UI)."""
    from tasks.sources.file import check_file

    for p in paths:  # before Prefect starts: a wrong path is an instant, clear error
        guard(lambda p=p: check_file(p, format))
    settings, _ = preflight(config, data_dir, [target])
    if prefect_api() is None:
        from tasks.lifecycle import import_plain as import_files
    else:
        from flows.pipeline import import_files
    summary = shown(
        lambda: import_files(
            paths=[str(p) for p in paths],
            target=target,
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            format=format,
            settings=settings,
        )
    )
    _print_summaries([summary])


def prefect_api() -> str | None:
    """The Prefect API this process would report to (PREFECT_API_URL, from the environment, a
    profile, a prefect.toml, as Prefect reads it), None when there is none: a flow run would
    then start a temporary API server of its own (~10 s, more under load). Prefect itself (~1.5 s
    to import) is asked only when something here could name one (``may_name_an_api``)."""
    # Already imported (a caller in Python, its settings changed in-process): asking is free.
    if "prefect.settings" not in sys.modules and not may_name_an_api(os.environ, Path.cwd()):
        return None
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


def may_name_an_api(env: Mapping[str, str], cwd: Path) -> bool:
    """Whether a Prefect setting could name an API here, judged without Prefect and erring
    towards yes: a PREFECT_API_* or PREFECT_PROFILE variable, a profiles file (a profile may
    name one, and Prefect's own "local" and "cloud" profiles do), or a prefect.toml, a .env, or
    a pyproject.toml with a [tool.prefect] table in the working directory."""
    if any(k.startswith("PREFECT_API") or k == "PREFECT_PROFILE" for k in env):
        return True
    home = Path(env.get("PREFECT_HOME") or "~/.prefect").expanduser()
    profiles = Path(env.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    if profiles.exists() or (cwd / "prefect.toml").exists() or (cwd / ".env").exists():
        return True
    pyproject = cwd / "pyproject.toml"
    return pyproject.is_file() and "tool.prefect" in pyproject.read_text(errors="replace")


def status(data_dir: DataDir = None, config: ConfigFile = None) -> None:
    """What is stored: rows and partitions per table and target, and the last runs."""
    from flows.console import print_status

    guard(lambda: print_status(data_dir=data_dir, config_file=config, console=out))


def _print_summaries(summaries: list[dict[str, Any]]) -> None:
    from flows.console import summaries_table

    out.print(summaries_table(summaries))
    # The table squeezes the error column; a partial run's missing spans must be read whole.
    for s in summaries:
        if s["status"] == "partial" and s.get("error"):
            line = f"{s['target']}/{s['source']} partial: {s['error']}"
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    if any(s["status"] not in ("ok", "partial") for s in summaries):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``demo``, ``backfill``, ``import``, ``status`` and ``run nightly`` to the command."""
    app.command(name="demo")(demo)
    app.command(name="backfill")(backfill)
    app.command(name="import")(import_)
    app.command(name="status")(status)
    run_app = typer.Typer(help="Run a scheduled job once, now.", no_args_is_help=True)
    run_app.command(name="nightly")(run_nightly)
    app.add_typer(run_app, name="run")
