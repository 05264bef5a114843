"""Rich rendering for the command line: tables of runs, daily counts and status, and the
progress of the work while it runs (tasks/progress.py's reporter, drawn on stderr)."""

from __future__ import annotations

import io
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.file_proxy import FileProxy
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from config.settings import load_settings
from flows import LOGGER
from tasks import progress
from tasks import status as st
from tasks.runs import last_runs
from tasks.storage import is_s3


def frame_table(df: pl.DataFrame, title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    for name, dtype in df.schema.items():
        table.add_column(name, justify="right" if dtype.is_numeric() else "left")
    for row in df.iter_rows():
        table.add_row(*[_fmt(v) for v in row])
    return table


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.0%}" if 0 <= v <= 1 else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, datetime):
        return f"{v:%Y-%m-%d %H:%M}"
    return str(v)


def summaries_table(summaries: list[dict[str, Any]]) -> Table:
    cols = [
        "target",
        "source",
        "records_in",
        "valid",
        "quarantined",
        "duplicates",
        "written",
        "partitions_touched",
        "status",
    ]
    if any(s.get("error") for s in summaries):
        cols.append("error")
    rows = [{c: s.get(c) for c in cols} for s in summaries]
    return frame_table(pl.DataFrame(rows, infer_schema_length=None), "Run summary")


def daily_table(df: pl.DataFrame, title: str) -> Table:
    return frame_table(
        df.select(
            "day",
            "posts",
            "replies",
            "quotes",
            pl.col("unique_authors").alias("authors"),
            pl.col("first_time_authors").alias("new_authors"),
            pl.col("young_account_share").alias("young_accts"),
            "hostile",
            "supportive",
            "threats",
            pl.col("hostile_share").alias("hostile_%"),
            "quarantined",
        ),
        title,
    )


def print_status(*, data_dir: Path | None, config_file: Path | None, console: Console) -> None:
    settings = load_settings(config_file, data_dir=data_dir)
    root = settings.data_dir
    console.print(f"data root: {root if is_s3(root) else root.resolve()}")
    overview = st.table_overview(root)
    if overview.is_empty():
        console.print("nothing stored yet: run `tocsin demo` or `tocsin run nightly`")
        return
    console.print(frame_table(overview, "Stored tables"))
    runs = last_runs(root).select(
        "run_id", "flow", "target", "source", "records_in", "quarantined", "written", "status"
    )
    console.print(frame_table(runs, "Last runs"))


class RichReporter(progress.Reporter):
    """Progress as rich bars on a terminal (stderr): one bar per unit of work in progress, a
    line above them as each ends and for each wait. Lines other code writes to stderr meanwhile
    (Prefect's log handler holds stderr itself) are routed above the bars instead of being
    drawn over by them."""

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(clock)
        self.console = console
        self.view = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TextColumn("{task.fields[so_far]}", markup=False),
            TimeElapsedColumn(),
            console=console,
            redirect_stdout=False,  # stdout is the command's output (tables, JSON): untouched
            transient=True,
        )
        self.tasks: dict[int, TaskID] = {}
        self.rerouted: list[tuple[logging.StreamHandler, Any, Any]] = []
        self.started = False

    def _so_far(self, bar: progress.Bar) -> str:
        done = f"{bar.done:,}/{bar.total:,}" if bar.total is not None else f"{bar.done:,}"
        counts = f", {bar.counts_text()}" if bar.counts else ""
        return f"{done} {bar.unit}{counts}"

    def _description(self, bar: progress.Bar, note: str = "") -> str:
        stage = note or bar.stage_now
        return f"{bar.label}: {stage}" if stage else bar.label

    def opened(self, bar: progress.Bar) -> None:
        if not self.started:
            self.started = True
            self.view.start()
            self._reroute_logs()
        self.tasks[id(bar)] = self.view.add_task(
            self._description(bar), total=bar.total, so_far=self._so_far(bar)
        )

    def changed(self, bar: progress.Bar) -> None:
        task = self.tasks.get(id(bar))
        if task is not None:
            self.view.update(
                task,
                completed=bar.done,
                description=self._description(bar),
                so_far=self._so_far(bar),
            )

    def finished(self, bar: progress.Bar) -> None:
        super().finished(bar)
        task = self.tasks.pop(id(bar), None)
        if task is None:
            return
        self.view.remove_task(task)
        took = progress.duration(self.clock() - bar.started)
        self.view.console.print(
            f"✓ {bar.label}: {self._so_far(bar)} ({took})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )

    def wait(self, reason: str, until: datetime, seconds: float) -> None:
        bar = self.innermost()
        self.view.console.print(
            progress.wait_line(reason, until, seconds, bar),
            style="yellow",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        if bar is not None and id(bar) in self.tasks:
            note = f"waiting until {until.astimezone(UTC):%H:%M:%S} UTC ({reason})"
            self.view.update(self.tasks[id(bar)], description=self._description(bar, note))

    def waited(self) -> None:
        bar = self.innermost()
        if bar is not None:
            self.changed(bar)

    def close(self) -> None:
        super().close()
        if self.started:
            self.view.stop()
            for handler, stream, file in self.rerouted:
                handler.setStream(stream)
                if file is not None:
                    handler.console.file = file  # type: ignore[attr-defined]
            self.rerouted.clear()
            self.started = False

    def _reroute_logs(self) -> None:
        """Log handlers writing to this console's stream (the real stderr) write through the
        bars' proxy while they are shown. Prefect's console handler prints through a rich
        Console of its own, whose file is moved too."""
        proxy = sys.stderr  # the bars' proxy, once the view started, when it writes to stderr
        if not isinstance(proxy, FileProxy):
            return
        streams = {id(proxy.rich_proxied_file), id(sys.__stderr__)}
        for logger in (logging.getLogger(), logging.getLogger(LOGGER)):
            for handler in logger.handlers:
                if not isinstance(handler, logging.StreamHandler):
                    continue
                if id(handler.stream) not in streams:
                    continue
                inner = getattr(handler, "console", None)
                file = inner.file if isinstance(inner, Console) else None
                self.rerouted.append((handler, handler.setStream(proxy), file))
                if isinstance(inner, Console):
                    inner.file = _Through(proxy)


class _Through(io.TextIOBase):
    """Writes to the bars' proxy from a rich Console of someone else's: a Console unwraps a
    proxy given as its file (``rich_proxied_file``) and would write under the bars again."""

    def __init__(self, proxy: FileProxy) -> None:
        self.proxy = proxy

    def write(self, text: str) -> int:
        return self.proxy.write(text)

    def flush(self) -> None:
        self.proxy.flush()

    def isatty(self) -> bool:
        return self.proxy.rich_proxied_file.isatty()


def terminal_reporter(console: Console) -> progress.Reporter:
    """What the ``tocsin`` command shows of its work on ``console`` (stderr): bars on a
    terminal, a plain line at most every 30 s otherwise (CI logs, pipes)."""
    if console.is_terminal:
        return RichReporter(console)

    def write(line: str) -> None:
        console.print(line, markup=False, highlight=False, soft_wrap=True)

    return progress.PlainReporter(write)
