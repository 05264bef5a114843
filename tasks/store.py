"""Hive-partitioned Parquet under the data root, written atomically and merged idempotently.

Layout: ``<root>/<table.path>/<key>=<value>/.../part-0.parquet``, zstd, the table's explicit Arrow
schema, partition columns only in the path (so PyArrow, DuckDB and Polars all read it as hive).
A partition is rewritten whole: the new file is written in ``<root>/.staging`` and renamed over
the old one, so a crash leaves either the old partition or the new one, never half of either.
On an ``s3://`` root (tasks/storage) there is no staging and no rename: each partition file is
encoded in memory and stored in one single-part PUT, which S3 keeps whole or not at all; reads
and scans go to the objects in place (Polars with ``storage_options``).

Everything under the data root is owner-only (files.py: the modes, locks and durable renames;
their names are re-exported here for the store's callers).

A merge writes many partitions (a batch spans ~30 days), so it commits them in groups: each
staging file is written and fsynced (in threads: PyArrow encodes without the GIL, fsync waits on
the disk), then all are renamed, then each folder that changed is fsynced once. A crash before
the renames leaves only staging files behind (never read); a crash during them leaves each
partition old or new, and re-running the batch completes it, since merging is idempotent.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks import files as fileops
from tasks.errors import TocsinError
from tasks.files import (
    fsync_path,
    private_dir,
    private_file,
)
from tasks.rowkeys import absent_from, first_of_each_key
from tasks.storage import ObjectPath, Root, root_of
from tasks.storage.parquet import (
    RowGroups,
    exist_all,
    put_files,
    read_arrow,
    read_bytes_source,
    source_of,
    write_parquet,
)
from tasks.tablekit import Table

Where = Path | ObjectPath
"""A file or folder of the store: a local path, or an S3 object's (tasks/storage)."""
RootLike = Root | Path | str

PART_FILE = "part-0.parquet"
# Partitions merged and committed together (see merge_partitions).
CHUNK = 64


class CorruptFile(TocsinError):
    """A stored Parquet file cannot be read (truncated, overwritten, not Parquet)."""


# The folders scan() read from in this process: a lazy frame fails far from where it was built,
# without naming the file, so the CLI looks for the culprit here (see find_corrupt). An S3 folder
# is kept on an unopened copy of its root: the root itself holds its boto3 session and client,
# and a Dask worker gets a new root with every task (the settings are unpickled per task), so
# keeping it pinned a session and a client per target scanned, ~15 MB: a worker's RSS grew with
# the number of targets (issue 16, point 6). What is kept is now a few hundred bytes a folder.
_scanned: set[Where] = set()


def find_corrupt(folders: list[Where] | None = None) -> CorruptFile | None:
    """The first Parquet file under ``folders`` (default: every folder scanned so far) that
    cannot be read, as an error naming it; None when all read."""
    for folder in sorted(folders if folders is not None else _scanned, key=str):
        folder = folder if isinstance(folder, ObjectPath) else Path(folder)
        for path in sorted(folder.rglob("*.parquet"), key=str):
            if path.parent.name == ".staging":
                continue
            try:
                pq.ParquetFile(source_of(path)).read()
            except (pa.ArrowException, OSError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                reason = reason.split(f"'{path}': ", 1)[-1]  # Arrow repeats the path
                return CorruptFile(f"corrupt Parquet file {path}: {reason}")
    return None


def read_stored(path: Where, columns: list[str] | None = None) -> pl.DataFrame:
    """A stored file, or CorruptFile naming it (Polars' own error does not)."""
    try:
        return pl.read_parquet(read_bytes_source(path), columns=columns)
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError) as exc:
        if not path.exists():
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptFile(f"corrupt Parquet file {path}: {reason}") from None


def table_dir(root: RootLike, table: Table) -> Where:
    """Where ``table`` is stored under ``root`` (a local folder, or an S3 prefix)."""
    return root_of(root).location(table.path)


def partition_dir(root: RootLike, table: Table, values: dict[str, str]) -> Where:
    path = table_dir(root, table)
    for key in table.partition_by:
        path = path / f"{key}={values[key]}"
    return path


def write_files(root: RootLike, files: list[tuple[Where, pa.Table | RowGroups]]) -> None:
    """Write each Arrow table (or ``RowGroups``) to its destination atomically (see the module
    docstring)."""
    if not files:
        return
    store = root_of(root)
    if store.remote:
        put_files(files)  # type: ignore[arg-type]
        pa.default_memory_pool().release_unused()
        return
    staging = private_dir(store.location(".staging"))
    tmps = [staging / f"{uuid.uuid4().hex}.parquet" for _ in files]
    try:

        def write(job: tuple[pa.Table, Path]) -> None:
            write_parquet(job[0], job[1])
            private_file(job[1])  # in .staging (0700) until then: never open to others
            fsync_path(job[1])

        fileops.each(write, [(arrow, tmp) for (_, arrow), tmp in zip(files, tmps, strict=True)])
        pa.default_memory_pool().release_unused()  # see rawstore.write_segment
        fileops.rename_all([(tmp, dest) for tmp, (dest, _) in zip(tmps, files, strict=True)])
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)


# Columns that can hold a whole post (a 50 MB one is kept whole).
LONG_TEXT = ("text", "raw")


def without(df: pl.DataFrame, names: list[str] | tuple[str, ...]) -> pl.DataFrame:
    """``df.drop(names)``, built from the other columns themselves. Polars holds each column of
    a one-row frame as a scalar and copies every value of it at each step, ``drop`` and
    ``select`` included: dropping a 50 MB post's text copied it (and its raw record) twice."""
    return pl.DataFrame([df.get_column(n) for n in df.columns if n not in names])


def conformed(table: Table, df: pl.DataFrame, **columns: pl.Expr) -> pl.DataFrame:
    """``table.conform(df.with_columns(**columns))``, with no step when ``df`` conforms already,
    and with the long text columns set aside meanwhile (see ``conformed_parts``): each is put
    back once, which copies it once in a one-row frame."""
    schema = table.polars_schema()
    if not columns and df.schema == schema:
        return df
    out, long = conformed_parts(table, df, **columns)
    for at, name in sorted((schema.names().index(n), n) for n in long):
        out.insert_column(at, long[name])
    return out


def conformed_parts(
    table: Table, df: pl.DataFrame, **columns: pl.Expr
) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """``conformed(table, df, **columns)`` in two parts: a frame of its columns but the long
    texts, and the long text columns themselves, which no step of a frame then copies (see
    ``without``); ``merge_parts`` stores them as they are."""
    schema = table.polars_schema()
    # Set aside even when the table has no such column (a batch's raw records, for mentions):
    # conform would drop it, after copying it at each step.
    aside = [n for n in LONG_TEXT if n in df.columns and n not in columns]
    names = [n for n in aside if n in schema]
    nulls = {n: pl.lit(None, schema[n]) for n in names}
    short = without(table.conform(without(df, aside).with_columns(**columns, **nulls)), names)
    long = {}
    for name in names:
        # An emptied one-row frame (``clear``) still holds its scalar's value: not taken along.
        value = df.get_column(name) if df.height else pl.Series(name, [], schema[name])
        long[name] = value.cast(schema[name])
    return short, long


@functools.cache
def file_schema(table: Table) -> pa.Schema:
    return table.arrow_schema(with_partitions=False)


def file_arrow(table: Table, df: pl.DataFrame) -> pa.Table:
    """``df`` as the Arrow table stored in a file: conformed, partition columns dropped."""
    return _arrow_of(table, *conformed_parts(table, df))


def _arrow_of(table: Table, short: pl.DataFrame, long: dict[str, pl.Series]) -> pa.Table:
    """The Arrow table stored in a file, from ``conformed_parts``. The long text columns go to
    Arrow as views of Polars' buffers, cast once to the file's type."""
    schema = file_schema(table)
    arrow = without(short, list(table.partition_by)).to_arrow()
    for name, values in long.items():
        view = values.to_arrow(compat_level=pl.CompatLevel.newest())
        arrow = arrow.append_column(name, view.cast(schema.field(name).type))
    return arrow.select(schema.names).cast(schema)


def write_atomic(root: RootLike, table: Table, df: pl.DataFrame, dest: Where) -> None:
    """Write ``df`` (conformed to ``table``) to ``dest`` via a staging file and a rename."""
    write_files(root, [(dest, file_arrow(table, df))])


@functools.cache
def _empty(table: Table) -> pl.DataFrame:
    return table.empty()


def read_partition(root: RootLike, table: Table, values: dict[str, str]) -> pl.DataFrame:
    """One partition with its partition columns restored; empty (typed) when absent."""
    path = partition_dir(root, table, values) / PART_FILE
    if not path.exists():
        return _empty(table).clone()
    df = read_stored(path).with_columns([pl.lit(values[k]).alias(k) for k in table.partition_by])
    # A file written before a nullable column was declared reads it as null (as ``scan`` does).
    late = [c for c in table.columns if c.nullable and c.name not in df.columns]
    return table.conform(df.with_columns(pl.lit(None).alias(c.name) for c in late))


def scan(
    root: RootLike,
    table: Table,
    columns: list[str] | None = None,
    *,
    where: dict[str, str] | None = None,
    row_index: str | None = None,
) -> pl.LazyFrame:
    """The whole table as a lazy frame (partition columns from the path).

    ``where`` fixes leading partition values (e.g. ``{"target": "alice"}``): only that folder is
    listed and read, instead of filtering the whole table's files. ``row_index``: a first
    column of that name numbering the rows in the order read (numbered by the reader: a
    ``with_row_index`` on the lazy frame made a filtered read of a 1M-row table hold it all).
    """
    store = root_of(root)
    base = store.location(table.path)
    schema = table.polars_schema()
    fixed = dict(where or {})
    if list(fixed) != list(table.partition_by[: len(fixed)]):
        raise ValueError(f"table {table.name!r}: where= must fix leading partition keys")
    for key in table.partition_by[: len(fixed)]:
        base = base / f"{key}={fixed[key]}"
    rest = table.partition_by[len(fixed) :]
    pattern = "/".join(["*"] * len(rest) + [PART_FILE]) if table.partition_by else "*.parquet"
    # (An S3 "folder" is only a prefix: listing it is how to know whether it holds files.)
    if (not store.remote and not base.exists()) or next(iter(base.glob(pattern)), None) is None:
        lf = table.empty().lazy()
        if row_index:
            lf = lf.with_row_index(row_index)
    else:
        _scanned.add(base.unopened() if isinstance(base, ObjectPath) else base)
        source, options = store.scan_source(base / pattern)
        lf = pl.scan_parquet(
            source,
            storage_options=options,
            hive_partitioning=bool(table.partition_by),
            hive_schema={k: schema[k] for k in table.partition_by} or None,
            schema=pl.Schema({c.name: schema[c.name] for c in table.file_columns}),
            # Files written before a nullable column was declared read it as null.
            missing_columns="insert",
            row_index_name=row_index,
        )
    index = [row_index] if row_index else []
    return lf.select(*index, *(columns or table.names))


def read_existing(dest: Where, table: Table, where: dict[str, str]) -> pa.Table:
    return as_stored(read_arrow(dest), table, where)


def as_stored(rows: pa.Table, table: Table, where: dict[str, str]) -> pa.Table:
    """Rows read from a stored file of partition ``where``, in the file schema of today."""
    if rows.schema.equals(file_schema(table)):
        return rows
    # An older file (a column declared since): conform names what is missing, or casts.
    df = pl.DataFrame(rows).with_columns([pl.lit(v).alias(k) for k, v in where.items()])
    return file_arrow(table, df)


def merge_partitions(
    root: RootLike, table: Table, new: pl.DataFrame, sort_by: list[str]
) -> tuple[int, list[dict[str, str]]]:
    """Add ``new`` rows to their partitions, skipping rows whose key is already stored.

    Returns (rows written, partitions rewritten). Re-running with the same rows writes nothing.
    Rows inside each partition are sorted by ``sort_by`` (nulls last).
    """
    if new.is_empty():
        return 0, []
    return merge_parts(root, table, *conformed_parts(table, new), sort_by)


def ordered_runs(
    table: Table, short: pl.DataFrame, long: dict[str, pl.Series], sort_by: list[str]
) -> tuple[pl.DataFrame, pa.Table, list[tuple[dict[str, str], int, int]]]:
    """The rows deduplicated on the table's key (the first kept), sorted by partition then by
    ``sort_by`` (nulls last): (the short rows, the file rows as Arrow, and each partition's
    values with the start and length of its run of rows)."""
    parts = list(table.partition_by)
    # Sorted by partition then by sort_by, each partition is one run of rows, already in order:
    # a partition that does not exist yet is written from its slice as is.
    # The order is found on the key and sort columns alone and the rows moved once (not at all
    # when they are already in it).
    ordered = list(dict.fromkeys([*table.key, *parts, *sort_by]))
    keys = without(short, [n for n in short.columns if n not in ordered]).select(ordered)
    order = (
        first_of_each_key(keys.with_row_index("_row"), list(table.key))
        .sort([*parts, *sort_by], nulls_last=True, maintain_order=True)
        .get_column("_row")
    )
    del keys
    if order.len() != short.height or not order.equals(pl.int_range(short.height, eager=True)):
        short = short[order]
        long = {name: values.gather(order) for name, values in long.items()}
    runs = (
        without(short, [n for n in short.columns if n not in parts])
        .with_row_index("_start")
        .group_by(parts, maintain_order=True)
        .agg(pl.first("_start"), pl.len().alias("_len"))
    )
    arrow = _arrow_of(table, short, long)
    del long
    plan = [
        ({k: str(row[k]) for k in parts}, row["_start"], row["_len"])
        for row in runs.iter_rows(named=True)
    ]
    return short, arrow, plan


def merge_parts(
    root: RootLike,
    table: Table,
    short: pl.DataFrame,
    long: dict[str, pl.Series],
    sort_by: list[str],
) -> tuple[int, list[dict[str, str]]]:
    """``merge_partitions`` of rows given as ``conformed_parts`` gives them: a batch never
    builds a frame holding its long texts just to store them (a 50 MB post's text and raw
    record were copied once more for it)."""
    if short.is_empty():
        return 0, []
    dedupe_key = [k for k in table.key if k not in table.partition_by]
    short, arrow, runs = ordered_runs(table, short, long, sort_by)
    dests = [partition_dir(root, table, where) / PART_FILE for where, _, _ in runs]
    plan = [
        (where, dest, start, length, there)
        for (where, start, length), dest, there in zip(runs, dests, exist_all(dests), strict=True)
    ]

    def fresh_of(item: tuple) -> tuple[int, pa.Table | None]:
        where, dest, start, length, exists = item
        if not exists:
            return length, arrow.slice(start, length)
        stored = read_stored(dest, columns=dedupe_key)
        part = short.slice(start, length).with_row_index("_at", offset=start)
        fresh = absent_from(part, stored, dedupe_key)
        if fresh.is_empty():
            return 0, None
        stored_rows = read_existing(dest, table, where)
        rows = arrow.take(fresh.get_column("_at").to_arrow())
        merged = pl.DataFrame(pa.concat_tables([stored_rows, rows]))
        merged = merged.sort(sort_by, nulls_last=True, maintain_order=True)
        return fresh.height, merged.to_arrow().cast(file_schema(table))

    written, touched = 0, []
    # A chunk of partitions at a time: a backfill reads and rewrites whole stored partitions, and
    # memory must not grow with the number a batch touches.
    for i in range(0, len(plan), CHUNK):
        chunk = plan[i : i + CHUNK]
        # Reading what is stored only matters for partitions that exist (a backfill, a re-run).
        if any(item[-1] for item in chunk):
            outcomes = fileops.each(fresh_of, chunk)
        else:
            outcomes = [fresh_of(item) for item in chunk]
        files = []
        for (where, dest, *_), (count, data) in zip(chunk, outcomes, strict=True):
            if data is not None:
                written += count
                touched.append(where)
                files.append((dest, data))
        write_files(root, files)
    return written, touched


def write_table_file(root: RootLike, table: Table, df: pl.DataFrame, name: str) -> Where:
    """A whole unpartitioned file (a run summary): written atomically."""
    dest = table_dir(root, table) / name
    write_atomic(root, table, df, dest)
    return dest
