"""What is stored, as frames: for `tocsin status` and the demo's closing report. ``root``: a
local folder or an s3:// data root (tasks/storage: the tables are read in place, partitions
counted by listing the prefix)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.dictionary import all_tables
from tasks.schema import DAILY, QUARANTINE
from tasks.storage import Root, root_of
from tasks.store import PART_FILE, scan


def partitions(root: Root | Path | str, folder: str) -> int:
    """Partition files anywhere under ``folder`` (relative to the root)."""
    store = root_of(root)
    if store.remote:
        return sum(1 for key in store.list(folder) if key.rsplit("/", 1)[-1] == PART_FILE)
    return len(list(store.location(folder).rglob(PART_FILE)))


def table_overview(root: Root | Path | str) -> pl.DataFrame:
    """Rows and partitions per table and target."""
    root = root_of(root)
    rows = []
    for table in all_tables().values():
        if "target" not in table.partition_by:
            continue
        counts = scan(root, table, ["target"]).group_by("target").len().collect()
        for target, n in counts.iter_rows():
            parts = partitions(root, f"{table.path}/target={target}")
            rows.append({"table": table.name, "target": target, "rows": n, "partitions": parts})
    return pl.DataFrame(
        rows,
        schema={"table": pl.String, "target": pl.String, "rows": pl.Int64, "partitions": pl.Int64},
    )


def daily(root: Root | Path | str, target: str) -> pl.DataFrame:
    return scan(root, DAILY).filter(pl.col("target") == target).sort("day").collect()


def quarantine_reasons(root: Root | Path | str, target: str) -> pl.DataFrame:
    """Quarantined records per rule (the part of each reason before the first colon)."""
    return (
        scan(root, QUARANTINE, ["target", "reasons"])
        .filter(pl.col("target") == target)
        .explode("reasons")
        .with_columns(
            # "required: post_id is missing" → "required: post_id";
            # "parse: created_at: not a timestamp: 'x'" → "parse: created_at"
            rule=pl.when(pl.col("reasons").str.starts_with("parse: "))
            .then(pl.col("reasons").str.extract(r"^(parse: [^:]+)", 1))
            .otherwise(pl.col("reasons").str.extract(r"^([^:]+: \S+)", 1))
        )
        .group_by("rule")
        .len()
        .sort("len", descending=True)
        .collect()
    )
