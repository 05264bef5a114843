"""Run ids and run summaries (the per-source watermarks: tasks/watermarks.py)."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from tasks.schema import RUNS
from tasks.storage import ObjectPath, Root
from tasks.store import scan, write_table_file


def new_run_id(flow: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{flow}-{secrets.token_hex(3)}"


@dataclass
class RunSummary:
    """One row of ``runs``: what one flow run did for one target and one source.

    Keyed by (run_id, target, source); ``flow`` names the flow that ran (a backfill started by
    the demo says ``demo``). The counts grow as the run goes; ``status`` stays ``failed`` until
    the run says otherwise, so a summary written from a ``finally`` block never claims success.
    """

    run_id: str
    flow: str
    target: str
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    pages: int = 0
    records_in: int = 0
    valid: int = 0
    quarantined: int = 0
    duplicates: int = 0
    written: int = 0
    scored: int = 0
    partitions_touched: int = 0
    api_errors: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    status: str = "failed"
    error: str | None = None
    evidence: str | None = "not sealed (the run failed before sealing)"

    @classmethod
    def not_run(
        cls,
        *,
        run_id: str,
        flow: str,
        target: str,
        source: str,
        reason: str,
        now: datetime,
        status: str = "skipped",
    ) -> RunSummary:
        """A source that could not even start (no credentials, bad config: ``skipped``), or
        whose worker process died before it could write its summary (``failed``)."""
        return cls(
            run_id=run_id,
            flow=flow,
            target=target,
            source=source,
            started_at=now,
            finished_at=now,
            status=status,
            error=reason,
            evidence="nothing collected" if status == "skipped" else "unknown: run `tocsin verify`",
        )

    def count(self, outcome: Any) -> None:
        """Take the counts of a tasks.ingest.BatchOutcome (the run's total so far)."""
        self.records_in, self.valid = outcome.records_in, outcome.valid
        self.quarantined, self.duplicates = outcome.quarantined, outcome.duplicates
        self.written, self.partitions_touched = outcome.written, len(outcome.touched_mentions)

    def row(self) -> dict[str, Any]:
        """The summary as a ``runs`` row (the flows return these)."""
        out = asdict(self)
        out["timings"] = json.dumps({k: round(v, 3) for k, v in self.timings.items()})
        out["finished_at"] = self.finished_at or datetime.now(UTC)
        return out

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RunSummary:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in row.items() if k in names}
        timings = values.get("timings") or {}
        values["timings"] = json.loads(timings) if isinstance(timings, str) else dict(timings)
        return cls(**values)


def run_file_name(run_id: str, target: str, source: str) -> str:
    """``<run_id>--<target>--<source>.parquet``: one file per run, target and source, so that
    the sources of one target never overwrite each other's summary. (Files written before were
    ``<run_id>--<target>.parquet``; they are still read.)"""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", source) or "_"
    return f"{run_id}--{target}--{safe}.parquet"


def record_run(root: Path | Root, summary: RunSummary | dict[str, Any]) -> Path | ObjectPath:
    if isinstance(summary, dict):
        summary = RunSummary.from_row(summary)
    row = summary.row()
    name = run_file_name(summary.run_id, summary.target, summary.source)
    return write_table_file(root, RUNS, pl.DataFrame([row]), name)


def last_runs(root: Path | Root, n: int = 10) -> pl.DataFrame:
    return scan(root, RUNS).sort("started_at", descending=True).head(n).collect()
