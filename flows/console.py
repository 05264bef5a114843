"""Rich rendering for the command line: tables of runs, daily counts and status."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from config.settings import load_settings
from tasks import status as st
from tasks.runs import last_runs


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
    console.print(f"data root: {root.resolve()}")
    overview = st.table_overview(root)
    if overview.is_empty():
        console.print("nothing stored yet: run `tocsin demo` or `tocsin run nightly`")
        return
    console.print(frame_table(overview, "Stored tables"))
    runs = last_runs(root).select(
        "run_id", "flow", "target", "source", "records_in", "quarantined", "written", "status"
    )
    console.print(frame_table(runs, "Last runs"))
