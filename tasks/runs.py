"""Run ids, run summaries and per-source watermarks."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from tasks.schema import RUNS
from tasks.store import file_lock, replace_file, scan, write_table_file


def new_run_id(flow: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{flow}-{secrets.token_hex(3)}"


def record_run(root: Path, summary: dict[str, object]) -> Path:
    df = pl.DataFrame([summary])
    return write_table_file(root, RUNS, df, f"{summary['run_id']}--{summary['target']}.parquet")


def last_runs(root: Path, n: int = 10) -> pl.DataFrame:
    return scan(root, RUNS).sort("started_at", descending=True).head(n).collect()


def _watermark_file(root: Path) -> Path:
    return Path(root) / "state" / "watermarks.json"


def read_watermark(root: Path, target: str, source: str) -> datetime | None:
    path = _watermark_file(root)
    if not path.exists():
        return None
    value = json.loads(path.read_text()).get(f"{target}/{source}")
    return datetime.fromisoformat(value) if value else None


def write_watermark(root: Path, target: str, source: str, until: datetime) -> None:
    """Advance the watermark (never backwards: a backfill of an old window leaves it alone).

    One file holds every target's marks and targets run in parallel processes: the read, the
    change and the replace happen under a lock, so no worker's mark overwrites another's.
    """
    path = _watermark_file(root)
    with file_lock(path.with_name(".watermarks.lock")):
        marks = json.loads(path.read_text()) if path.exists() else {}
        key = f"{target}/{source}"
        if key in marks and datetime.fromisoformat(marks[key]) >= until:
            return
        marks[key] = until.isoformat()
        replace_file(path, json.dumps(marks, indent=1, sort_keys=True))
