"""Options every `tocsin` command shares, declared once for flows/cli.py and the command modules
it registers (which cannot import flows/cli.py at load time: it imports them), and the one parser
of their date options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tasks.errors import TocsinError

if TYPE_CHECKING:
    from tasks.digest.week import IsoWeek

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Data root (default ./data, or TOCSIN_DATA_DIR).", show_default=False
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
