"""The ``tocsin`` command: a thin layer over the flows and the functions in tasks/.

Every command calls one function a test can call too; a TocsinError becomes one line on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any, TypeVar

# Before Prefect is imported: offline, quiet, and patient with a slow first start.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from flows.cli_options import ConfigFile, DataDir, window_of  # noqa: E402
from tasks.errors import TocsinError  # noqa: E402

app = typer.Typer(
    help="Tocsin: watch the mentions of people targeted by harassment campaigns, keep the "
    "evidence, and report. Start with `tocsin demo`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
run_app = typer.Typer(help="Run a scheduled job once, now.", no_args_is_help=True)
app.add_typer(run_app, name="run")
# Piped output (CI logs, `| tee`) would otherwise be cut at 80 columns and squash the tables.
out = Console(width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 140)

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> None:
    # The message is text, not markup: a value such as "[/x]" must be shown, not parsed.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _guard(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except TocsinError as exc:
        _fail(str(exc))
    except Exception as exc:
        corrupt = _corrupt_parquet(exc)
        if corrupt is None:
            raise
        _fail(str(corrupt))


def _corrupt_parquet(exc: Exception) -> TocsinError | None:
    """The stored file behind a Parquet read error (Polars and Arrow do not name it), if any."""
    if "parquet" not in str(exc).lower():
        return None
    from tasks.store import find_corrupt

    return find_corrupt()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _str(p: Path | None) -> str | None:
    return str(p) if p is not None else None


def _preflight(config: Path | None, data_dir: Path | None, targets: list[str] | None) -> None:
    """Settings and target names checked before Prefect starts: a typo is an instant, clear
    error rather than a failed flow run with a traceback in its log."""
    from config.settings import load_settings
    from config.targets import load_targets, pick_targets

    def check() -> None:
        settings = load_settings(config, data_dir=data_dir)
        pick_targets(load_targets(settings.targets_file), targets)

    _guard(check)


@app.command()
def demo(
    data_dir: DataDir = None,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 0,
) -> None:
    """Generate the seed-wave incident and run the whole pipeline on it, in a fresh data dir.

    No account, no network, no server: the embedded synthetic source writes X API v2 pages, the
    backfill flow ingests its window, and the daily counts are printed with where each output went.
    """
    from flows.demo import run_demo

    report = _guard(lambda: run_demo(data_dir=data_dir, seed=seed, console=out))
    if report is None:
        raise typer.Exit(1)


@run_app.command("nightly")
def run_nightly(
    target: Annotated[
        list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Pull what is new for every target (or the named ones) since its last watermark."""
    from flows.pipeline import nightly

    _preflight(config, data_dir, target)
    summaries = _guard(
        lambda: nightly(targets=target, data_dir=_str(data_dir), config_file=_str(config))
    )
    _print_summaries(summaries)


@app.command()
def backfill(
    target: Annotated[str, typer.Option("--target", "-t", help="Target name.")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")],
    end: Annotated[str, typer.Option("--to", help="Last day included, YYYY-MM-DD (UTC).")],
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Run the pipeline over a window of days. Idempotent: running it again changes nothing."""
    from datetime import timedelta

    from flows.pipeline import backfill as backfill_flow

    first, last = _guard(lambda: window_of(start, end))
    _preflight(config, data_dir, [target])
    summaries = _guard(
        lambda: backfill_flow(
            target=target,
            start=_midnight(first),
            end=_midnight(last + timedelta(days=1)),
            data_dir=_str(data_dir),
            config_file=_str(config),
        )
    )
    _print_summaries(summaries)


@app.command("import")
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
    """Import files of posts collected elsewhere. Unreadable records go to quarantine, with reasons."""
    from flows.pipeline import import_files
    from tasks.sources.file import check_file

    for p in paths:  # before Prefect starts: a wrong path is an instant, clear error
        _guard(lambda p=p: check_file(p, format))
    _preflight(config, data_dir, [target])
    summary = _guard(
        lambda: import_files(
            paths=[str(p) for p in paths],
            target=target,
            data_dir=_str(data_dir),
            config_file=_str(config),
            format=format,
        )
    )
    _print_summaries([summary])


@app.command()
def status(data_dir: DataDir = None, config: ConfigFile = None) -> None:
    """What is stored: rows and partitions per table and target, and the last runs."""
    from flows.console import print_status

    _guard(lambda: print_status(data_dir=data_dir, config_file=config, console=out))


@app.command()
def docs(
    check: Annotated[
        bool, typer.Option(help="Fail if docs/data-dictionary.md is out of date.")
    ] = False,
) -> None:
    """Write docs/data-dictionary.md from the table declarations."""
    from tasks.schema import data_dictionary_markdown

    path = Path("docs/data-dictionary.md")
    text = data_dictionary_markdown()
    if check:
        if not path.exists() or path.read_text() != text:
            _fail(f"{path} is out of date: run `tocsin docs`")
        out.print(f"{path} is up to date")
        return
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    out.print(f"wrote {path}")


@app.command()
def serve(
    prefect_yaml: Annotated[Path, typer.Option("--prefect-yaml", help="Deployments file.")] = Path(
        "prefect.yaml"
    ),
) -> None:
    """Run the deployments of prefect.yaml (with their schedules) on this machine, no work pool.

    Needs a Prefect API to schedule against: with none configured, Prefect starts a local one.
    """
    from flows.serve import serve_deployments

    _guard(lambda: serve_deployments(prefect_yaml))


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


def _register_extensions() -> None:
    """Commands that live beside the subsystems they drive."""
    from flows import cli_digest, cli_evidence, cli_scoring, cli_sources, cli_watch

    cli_sources.register(app)
    cli_scoring.register(app)
    cli_evidence.register(app)
    cli_watch.register(app)
    cli_digest.register(app)


_register_extensions()


def main() -> None:
    # A belt: every write site under the data root sets owner-only modes itself (tasks/store.py),
    # and this covers what libraries write (GX, Prefect) and files given by --out.
    os.umask(0o077)
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: storage is consistent; run the same command again to finish")
        sys.exit(130)


if __name__ == "__main__":
    main()
