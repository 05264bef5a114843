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
from tasks.evidence.table import STATUS_CHANGES
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.storage import is_s3, root_of
from tasks.store import RootLike, scan

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


def outputs(data_root: RootLike, site_index: Any = None) -> dict[str, Any]:
    """Where a run's outputs land under the data root, by what they are (``Path``s, or
    ``ObjectPath``s on an s3:// root)."""
    at = root_of(data_root).location
    landed = {
        "Mentions (Parquet)": at(MENTIONS.path),
        "Quarantined records": at(QUARANTINE.path),
        "Daily counts": at(DAILY.path),
        "Run summaries": at(RUNS.path),
        "Sealed evidence": evidence_dir(data_root),
    }
    if site_index is not None:
        landed["Safety-desk page"] = site_index if is_s3(site_index) else Path(site_index)
    return landed


def run_summary_markdown(
    flow: str, run_id: str, rows: Iterable[Mapping[str, Any]], landed: Mapping[str, Path]
) -> str:
    """The run summary table (one line per target and source) and where the outputs landed."""
    lines = [f"# {_cell(flow)} run `{_cell(run_id)}`", "", *_summary_lines(rows)]
    return "\n".join(lines + _landed(landed)) + "\n"


def _summary_lines(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    rows = list(rows)
    if not rows:
        return ["No source ran."]
    lines = _table(
        (title for _, title in SUMMARY_COLUMNS),
        (
            [_window(row) if key == "window" else row.get(key) for key, _ in SUMMARY_COLUMNS]
            for row in rows
        ),
    )
    failed = sum(1 for r in rows if r.get("status") == "failed")
    return lines + ["", f"{len(rows)} source run(s), {failed} failed."]


def daily_counts(
    data_root: RootLike, targets: Iterable[str], days: int = 30
) -> list[dict[str, Any]]:
    """The last ``days`` stored days of each target's daily counts, oldest first, as table rows
    (days as ISO dates; a count not computed yet, such as hostile before scoring, is None)."""
    wanted = list(targets)
    if not wanted or not root_of(data_root).location(DAILY.path).is_dir():
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


def _table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _landed(landed: Mapping[str, Path]) -> list[str]:
    return ["", "## Where the outputs landed", ""] + [
        f"- {_cell(what)}: `{_cell(path)}`" for what, path in landed.items()
    ]


def watch_markdown(
    run_id: str,
    rows: Iterable[Mapping[str, Any]],
    summaries: Iterable[Mapping[str, Any]],
    landed: Mapping[str, Path],
) -> str:
    """A watch run: what each source pulled (the run summary table), then per target the
    episodes in view and the alert messages sent. Episode ids, kinds and statuses are Tocsin's
    own words; a failure is counted, not quoted (a platform's or a relay's words stay in the
    logs)."""
    lines = [f"# watch run `{_cell(run_id)}`", "", *_summary_lines(rows)]
    lines += ["", "## Detection and alerts", ""]
    summaries = list(summaries)
    if summaries:
        lines += _table(
            ("Target", "New posts", "Episodes in view", "Open", "Alert messages", "Failures"),
            (
                (
                    s.get("target"),
                    s.get("written", 0),
                    ", ".join(
                        f"{e.get('episode_id')} ({e.get('kind')}, {e.get('status')})"
                        for e in s.get("episodes") or []
                    )
                    or "—",
                    sum(1 for e in s.get("episodes") or [] if e.get("status") == "open"),
                    len(s.get("alerts") or []),
                    len(s.get("failures") or []),
                )
                for s in summaries
            ),
        )
    else:
        lines.append("No target watched.")
    return "\n".join(lines + _landed(landed)) + "\n"


def digest_markdown(results: Iterable[Mapping[str, Any]], flow: str = "weekly-digest") -> str:
    """A digest run: per target and period, the messages sent, failed or only written, those not
    sent and why (already sent, no episode open), and where each digest's files landed.
    Recipients are counted, not named (their addresses are the settings', but an artifact is
    read by whoever opens Prefect's UI); a failure's reason stays in the run's logs and its
    error."""
    by_digest: dict[tuple[Any, Any], dict[str, Any]] = {}
    for r in results:
        seen = by_digest.setdefault(
            (r.get("target"), r.get("week")),
            {"sent": 0, "failed": 0, "written": 0, "html": r.get("html") or "—", "not": set()},
        )
        status = r.get("status")
        if status in ("sent", "failed", "written"):
            seen[status] += 1
        else:
            seen["not"].add(str(status))
    lines = [f"# {flow} run", ""]
    if by_digest:
        lines += _table(
            ("Target", "Period", "Sent", "Failed", "Written only", "Not sent", "HTML"),
            (
                (
                    t,
                    w,
                    d["sent"],
                    d["failed"],
                    d["written"],
                    ", ".join(sorted(d["not"])) or "—",
                    d["html"],
                )
                for (t, w), d in by_digest.items()
            ),
        )
        failed = sum(d["failed"] for d in by_digest.values())
        lines += ["", f"{len(by_digest)} digest(s), {failed} message(s) not delivered."]
    else:
        lines.append("No digest made: no target has digest recipients.")
    return "\n".join(lines) + "\n"


def recheck_markdown(run_id: str, summaries: Iterable[Mapping[str, Any]], data_root: Path) -> str:
    """A recheck run: per target the posts looked up and skipped (with Tocsin's reason), the
    status changes found by kind, and the manifest that sealed the platforms' answers."""
    lines = [f"# recheck run `{_cell(run_id)}`", ""]
    summaries = list(summaries)
    if summaries:
        lines += _table(
            ("Target", "Looked up", "Skipped", "Why skipped", "Changes", "Sealed in"),
            (
                (
                    s.get("target"),
                    s.get("looked_up", 0),
                    s.get("skipped", 0),
                    s.get("skipped_why") or "—",
                    ", ".join(f"{k} {v}" for k, v in (s.get("changes") or {}).items())
                    or "no change",
                    s.get("manifest") or "—",
                )
                for s in summaries
            ),
        )
    else:
        lines.append("No target rechecked.")
    landed = {
        "Status changes": root_of(data_root).location(STATUS_CHANGES.path),
        "Sealed answers": evidence_dir(data_root),
    }
    return "\n".join(lines + _landed(landed)) + "\n"
