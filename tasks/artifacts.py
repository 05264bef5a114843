"""What a flow run shows as artifacts in Prefect's UI: the run summary table with where the outputs
landed (markdown), and the daily counts of the run's targets (a table).

Plain functions, without Prefect: the flows hand their results to Prefect's
``create_markdown_artifact`` / ``create_table_artifact``. Only counts, statuses, dates, target and
source names (from the settings) and paths go in: never a post's text, an author's name or a
platform's error message, which attackers can write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from tasks.evidence.rawstore import evidence_dir
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.store import scan

SUMMARY_COLUMNS = (
    ("target", "Target"),
    ("source", "Source"),
    ("status", "Status"),
    ("window", "Window (UTC)"),
    ("pages", "Pages"),
    ("records_in", "Records in"),
    ("valid", "Valid"),
    ("quarantined", "Quarantined"),
    ("duplicates", "Duplicates"),
    ("written", "Written"),
    ("scored", "Scored"),
    ("api_errors", "API errors"),
)
"""The run summary's columns, as the artifact shows them (RunSummary rows' fields)."""

DAILY_COLUMNS = (
    "target",
    "day",
    "posts",
    "mentions",
    "replies",
    "quotes",
    "reposts",
    "unique_authors",
    "first_time_authors",
    "quarantined",
    "hostile",
    "threats",
)
"""The daily counts' columns in the table artifact (aggregates_daily's counts)."""


def _cell(value: Any) -> str:
    """A markdown table cell: names and numbers only, but a ``|`` or a line break must not
    break the table whatever a setting holds."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _window(row: Mapping[str, Any]) -> str:
    start, end = row.get("window_start"), row.get("window_end")
    if start is None and end is None:
        return "—"

    def at(value: Any) -> str:
        return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else "…"

    return f"{at(start)} → {at(end)}"


def outputs(data_root: Path, site_index: Path | None = None) -> dict[str, Path]:
    """Where a run's outputs land under the data root, by what they are."""
    root = Path(data_root)
    landed = {
        "Mentions (Parquet)": root / MENTIONS.path,
        "Quarantined records": root / QUARANTINE.path,
        "Daily counts": root / DAILY.path,
        "Run summaries": root / RUNS.path,
        "Sealed evidence": evidence_dir(root),
    }
    if site_index is not None:
        landed["Safety-desk page"] = Path(site_index)
    return landed


def run_summary_markdown(
    flow: str, run_id: str, rows: Iterable[Mapping[str, Any]], landed: Mapping[str, Path]
) -> str:
    """The run summary table (one line per target and source) and where the outputs landed."""
    rows = list(rows)
    lines = [f"# {_cell(flow)} run `{_cell(run_id)}`", ""]
    if rows:
        lines += [
            "| " + " | ".join(title for _, title in SUMMARY_COLUMNS) + " |",
            "|" + "|".join(" --- " for _ in SUMMARY_COLUMNS) + "|",
        ]
        for row in rows:
            cells = [
                _window(row) if key == "window" else _cell(row.get(key))
                for key, _ in SUMMARY_COLUMNS
            ]
            lines.append("| " + " | ".join(cells) + " |")
        failed = sum(1 for r in rows if r.get("status") == "failed")
        lines += ["", f"{len(rows)} source run(s), {failed} failed."]
    else:
        lines.append("No source ran.")
    lines += ["", "## Where the outputs landed", ""]
    lines += [f"- {_cell(what)}: `{_cell(path)}`" for what, path in landed.items()]
    return "\n".join(lines) + "\n"


def daily_counts(data_root: Path, targets: Iterable[str], days: int = 30) -> list[dict[str, Any]]:
    """The last ``days`` stored days of each target's daily counts, oldest first, as table rows
    (days as ISO dates; a count not computed yet, such as hostile before scoring, is None)."""
    wanted = list(targets)
    if not wanted or not (Path(data_root) / DAILY.path).is_dir():
        return []
    frame = scan(data_root, DAILY).filter(pl.col("target").is_in(wanted)).collect()
    if frame.is_empty():
        return []
    frame = (
        frame.select([c for c in DAILY_COLUMNS if c in frame.columns])
        .sort("target", "day")
        .group_by("target", maintain_order=True)
        .tail(days)
    )
    return [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
        for row in frame.iter_rows(named=True)
    ]
