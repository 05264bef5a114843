"""What every `tocsin` command shares: the app, the consoles, the one error convention (``fail``,
``guard``; ``shown`` for long work, which shows its progress), the settings and targets checked
before Prefect starts (``preflight``), the options every command declares, and the one parser of
their date options.

A TocsinError becomes one line on stderr and exit code 2, never a traceback. This module imports
none of the command modules: flows/cli/__init__.py imports them to register their commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

# Before Prefect is imported: offline, quiet, and patient with a slow first start.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from tasks.errors import TocsinError  # noqa: E402

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target
    from tasks.digest.week import IsoWeek

app = typer.Typer(
    help="Tocsin: watch the mentions of people targeted by harassment campaigns, keep the "
    "evidence, and report. Start with `tocsin demo`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| tee`) would otherwise be cut at 80 columns and squash the tables.
out = Console(width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 140)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data root: a folder or s3://bucket/prefix (default ./data, or TOCSIN_DATA_DIR).",
        show_default=False,
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Settings file (default ./tocsin.toml when present, or TOCSIN_CONFIG).",
        show_default=False,
    ),
]


def fail(message: str) -> None:
    # The message is text, not markup: a value such as "[/x]" must be shown, not parsed.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def guard(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except TocsinError as exc:
        fail(str(exc))
    except Exception as exc:
        corrupt = _corrupt_parquet(exc)
        if corrupt is None:
            raise
        fail(str(corrupt))


def shown(fn: Callable[[], Any]) -> Any:
    """``guard(fn)`` with the work's progress on stderr while it runs: bars on a terminal, a
    plain line at most every 30 s otherwise (flows/console.py), every rate-limit wait at once.
    stdout stays the command's output alone: print results after this returns."""
    from flows.console import terminal_reporter
    from tasks import progress

    with progress.installed(terminal_reporter(err)):
        return guard(fn)


def _corrupt_parquet(exc: Exception) -> TocsinError | None:
    """The stored file behind a Parquet read error (Polars and Arrow do not name it), if any."""
    if "parquet" not in str(exc).lower():
        return None
    from tasks.store import find_corrupt

    return find_corrupt()


def path_str(p: Path | None) -> str | None:
    """A path option as a flow parameter (flows take text, which Prefect records as is)."""
    return str(p) if p is not None else None


def settings_of(config: Path | None, data_dir: Path | None, **options: Any) -> Settings:
    """The command's settings, built once: ``options`` are its command-line options, by their
    setting's name (None: not given). A bad config file or value is one line, exit 2."""
    from config.settings import load_settings

    return guard(lambda: load_settings(config, data_dir=data_dir, **options))


def preflight(
    config: Path | None, data_dir: Path | None, targets: list[str] | None
) -> tuple[Settings, list[Target]]:
    """Settings and target names checked before Prefect starts: a typo is an instant, clear
    error rather than a failed flow run with a traceback in its log. Returns both, so that the
    command builds its settings once."""
    from config.settings import load_settings
    from config.targets import load_targets, pick_targets

    def check() -> tuple[Settings, list[Target]]:
        settings = load_settings(config, data_dir=data_dir)
        return settings, pick_targets(load_targets(settings.targets_file), targets)

    return guard(check)


# The days a window option may name. The platforms Tocsin reads began in 2006; the bounds leave
# room on both sides while keeping every date derived from an option (the day after the window,
# the baseline weeks before it) inside what Python and Arrow can represent: 9999-12-31 or
# 0001-01-01 are typos to report, not windows to crash on.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


class BadOption(TocsinError):
    """A command-line value that cannot be used (malformed, out of range, inverted window)."""


def day_of(value: str, option: str) -> date:
    """``value`` (YYYY-MM-DD) as a date between FIRST_DAY and LAST_DAY, or BadOption naming the
    option and the value. The one parser of the day options of every command."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadOption(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadOption(
            f"{option} {value!r}: out of range; expected a day from {FIRST_DAY} to {LAST_DAY}"
        )
    return day


def window_of(start: str, end: str) -> tuple[date, date]:
    """The days of ``--from start --to end`` (both included), checked and in order."""
    first, last = day_of(start, "--from"), day_of(end, "--to")
    if last < first:
        raise BadOption(f"--to {end} is before --from {start}")
    return first, last


def week_of(value: str, option: str = "--week") -> IsoWeek:
    """An ISO week (YYYY-Www) whose seven days lie between FIRST_DAY and LAST_DAY."""
    from tasks.digest.week import IsoWeek

    week = IsoWeek.parse(value)  # a DigestError names a malformed week
    first, last = IsoWeek.containing(FIRST_DAY), IsoWeek.containing(LAST_DAY)
    first = first if first.monday >= FIRST_DAY else first.next
    last = last if last.sunday <= LAST_DAY else last.previous
    if not first.monday <= week.monday <= last.monday:
        raise BadOption(f"{option} {value!r}: out of range; expected a week from {first} to {last}")
    return week
