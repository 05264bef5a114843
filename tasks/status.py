"""What is stored, as frames: for `tocsin status` and the demo's closing report."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.dictionary import all_tables
from tasks.schema import DAILY, QUARANTINE
from tasks.store import PART_FILE, scan


def table_overview(root: Path) -> pl.DataFrame:
    """Rows and partitions per table and target."""
    rows = []
    for table in all_tables().values():
        if "target" not in table.partition_by:
            continue
        counts = scan(root, table, ["target"]).group_by("target").len().collect()
        for target, n in counts.iter_rows():
            parts = len(list((Path(root) / table.path / f"target={target}").rglob(PART_FILE)))
            rows.append({"table": table.name, "target": target, "rows": n, "partitions": parts})
    return pl.DataFrame(
        rows,
        schema={"table": pl.String, "target": pl.String, "rows": pl.Int64, "partitions": pl.Int64},
    )


def daily(root: Path, target: str) -> pl.DataFrame:
    return scan(root, DAILY).filter(pl.col("target") == target).sort("day").collect()


def quarantine_reasons(root: Path, target: str) -> pl.DataFrame:
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
