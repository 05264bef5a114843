"""Hive-partitioned Parquet under the data root, written atomically and merged idempotently.

Layout: ``<root>/<table.path>/<key>=<value>/.../part-0.parquet``, zstd, the table's explicit Arrow
schema, partition columns only in the path (so PyArrow, DuckDB and Polars all read it as hive).
A partition is rewritten whole: the new file is written in ``<root>/.staging`` and renamed over
the old one, so a crash leaves either the old partition or the new one, never half of either.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.schema import Table

PART_FILE = "part-0.parquet"


def partition_dir(root: Path, table: Table, values: dict[str, str]) -> Path:
    path = Path(root) / table.path
    for key in table.partition_by:
        path = path / f"{key}={values[key]}"
    return path


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if absent) for the duration of the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def locked(root: Path) -> AbstractContextManager[None]:
    """One writer at a time per data root (two runs merging the same partition would race)."""
    return file_lock(Path(root) / ".lock")


def _commit(tmp: Path, dest: Path) -> None:
    """fsync ``tmp``, rename it over ``dest``, fsync the folder: the old file or the new one
    survives a crash or a power cut, never half of either."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, dest)
    dir_fd = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place (small state files, messages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        _commit(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(root: Path, table: Table, df: pl.DataFrame, dest: Path) -> None:
    """Write ``df`` (conformed to ``table``) to ``dest`` via a staging file and a rename."""
    arrow = table.conform(df).drop(list(table.partition_by)).to_arrow()
    arrow = arrow.cast(table.arrow_schema(with_partitions=False))
    staging = Path(root) / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    tmp = staging / f"{uuid.uuid4().hex}.parquet"
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        _commit(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def read_partition(root: Path, table: Table, values: dict[str, str]) -> pl.DataFrame:
    """One partition with its partition columns restored; empty (typed) when absent."""
    path = partition_dir(root, table, values) / PART_FILE
    if not path.exists():
        return table.empty()
    df = pl.read_parquet(path)
    df = df.with_columns([pl.lit(values[k]).alias(k) for k in table.partition_by])
    return table.conform(df)


def scan(root: Path, table: Table, columns: list[str] | None = None) -> pl.LazyFrame:
    """The whole table as a lazy frame (partition columns from the path)."""
    base = Path(root) / table.path
    schema = table.polars_schema()
    pattern = "**/" + PART_FILE if table.partition_by else "*.parquet"
    if not base.exists() or next(base.glob(pattern), None) is None:
        lf = table.empty().lazy()
    else:
        lf = pl.scan_parquet(
            base / pattern,
            hive_partitioning=bool(table.partition_by),
            hive_schema={k: schema[k] for k in table.partition_by} or None,
            schema=pl.Schema({c.name: schema[c.name] for c in table.file_columns}),
            # Files written before a nullable column was declared read it as null.
            missing_columns="insert",
        )
    return lf.select(columns) if columns else lf.select(table.names)


def merge_partitions(
    root: Path, table: Table, new: pl.DataFrame, sort_by: list[str]
) -> tuple[int, list[dict[str, str]]]:
    """Add ``new`` rows to their partitions, skipping rows whose key is already stored.

    Returns (rows written, partitions rewritten). Re-running with the same rows writes nothing.
    """
    dedupe_key = [k for k in table.key if k not in table.partition_by]
    written, touched = 0, []
    if new.is_empty():
        return 0, []
    new = new.unique(subset=list(table.key), keep="first", maintain_order=True)
    for values, part in new.partition_by(list(table.partition_by), as_dict=True).items():
        where = dict(zip(table.partition_by, (str(v) for v in values), strict=True))
        existing = read_partition(root, table, where)
        fresh = part.join(existing.select(dedupe_key), on=dedupe_key, how="anti", nulls_equal=True)
        if fresh.is_empty():
            continue
        merged = pl.concat([existing, table.conform(fresh)]).sort(sort_by, nulls_last=True)
        write_atomic(root, table, merged, partition_dir(root, table, where) / PART_FILE)
        written += fresh.height
        touched.append(where)
    return written, touched


def write_table_file(root: Path, table: Table, df: pl.DataFrame, name: str) -> Path:
    """A whole unpartitioned file (a run summary): written atomically."""
    dest = Path(root) / table.path / name
    write_atomic(root, table, df, dest)
    return dest


def arrow_schema_of(path: Path) -> pa.Schema:
    return pq.read_schema(path)
