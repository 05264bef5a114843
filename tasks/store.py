"""Hive-partitioned Parquet under the data root, written atomically and merged idempotently.

Layout: ``<root>/<table.path>/<key>=<value>/.../part-0.parquet``, zstd, the table's explicit Arrow
schema, partition columns only in the path (so PyArrow, DuckDB and Polars all read it as hive).
A partition is rewritten whole: the new file is written in ``<root>/.staging`` and renamed over
the old one, so a crash leaves either the old partition or the new one, never half of either.

Everything under the data root is owner-only whatever the umask: folders 0700, files 0600,
sealed evidence 0400 (the posts are abuse aimed at a person, and their evidence). The modes are set
explicitly where files and folders are created (``private_dir``, ``private_file``), and
``private_root`` tightens a root made before this rule.

A merge writes many partitions (a batch spans ~30 days), so it commits them in groups: each
staging file is written and fsynced (in threads: PyArrow encodes without the GIL, fsync waits on
the disk), then all are renamed, then each folder that changed is fsynced once. A crash before
the renames leaves only staging files behind (never read); a crash during them leaves each
partition old or new, and re-running the batch completes it, since merging is idempotent.
"""

from __future__ import annotations

import fcntl
import functools
import os
import stat
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.errors import TocsinError
from tasks.tablekit import Table

PART_FILE = "part-0.parquet"
T = TypeVar("T")
R = TypeVar("R")
# Threads writing, reading and syncing partitions: Parquet encoding releases the GIL and fsync
# waits on the disk, so a few threads beat one even on two cores.
_THREADS = 4
# Partitions merged and committed together (see merge_partitions).
_CHUNK = 64
# Owner-only modes (see the module docstring). umask can only remove bits, and a umask of 0o277
# would even remove the owner's: each mode is set with chmod after creation, not left to it.
DIR_MODE = 0o700
FILE_MODE = 0o600
SEALED_MODE = 0o400


class CorruptFile(TocsinError):
    """A stored Parquet file cannot be read (truncated, overwritten, not Parquet)."""


# The folders scan() read from in this process: a lazy frame fails far from where it was built,
# without naming the file, so the CLI looks for the culprit here (see find_corrupt).
_scanned: set[Path] = set()


def find_corrupt(folders: list[Path] | None = None) -> CorruptFile | None:
    """The first Parquet file under ``folders`` (default: every folder scanned so far) that
    cannot be read, as an error naming it; None when all read."""
    for folder in sorted(folders if folders is not None else _scanned):
        for path in sorted(Path(folder).rglob("*.parquet")):
            if path.parent.name == ".staging":
                continue
            try:
                pq.ParquetFile(path).read()
            except (pa.ArrowException, OSError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                reason = reason.split(f"'{path}': ", 1)[-1]  # Arrow repeats the path
                return CorruptFile(f"corrupt Parquet file {path}: {reason}")
    return None


def _read_stored(path: Path, columns: list[str] | None = None) -> pl.DataFrame:
    """A stored file, or CorruptFile naming it (Polars' own error does not)."""
    try:
        return pl.read_parquet(path, columns=columns)
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError) as exc:
        if not path.exists():
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptFile(f"corrupt Parquet file {path}: {reason}") from None


def partition_dir(root: Path, table: Table, values: dict[str, str]) -> Path:
    path = Path(root) / table.path
    for key in table.partition_by:
        path = path / f"{key}={values[key]}"
    return path


def private_dir(folder: Path) -> Path:
    """Create ``folder`` and its missing parents, each owner-only (0700); returns ``folder``."""
    _mkdirs(Path(folder))
    return Path(folder)


def private_file(path: Path, mode: int = FILE_MODE) -> Path:
    """Give an existing file its owner-only mode (0600; SEALED_MODE for evidence)."""
    os.chmod(path, mode)
    return Path(path)


def private_tree(top: Path) -> None:
    """Make everything under ``top`` owner-only: folders 0700, files 0600, read-only files 0400
    (sealed evidence stays read-only). For files that others write (GX), and older data roots."""
    top = Path(top)
    if not top.is_dir() or top.is_symlink():
        return
    os.chmod(top, DIR_MODE)
    for folder, dirs, files in os.walk(top):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, DIR_MODE)
        for name in files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                os.chmod(path, FILE_MODE if st.st_mode & stat.S_IWUSR else SEALED_MODE)


def private_root(root: Path) -> Path:
    """The data root, created if absent, owner-only. A root found open to others (made before
    this rule, or by hand) has its whole tree tightened once."""
    root = Path(root)
    private_dir(root)
    if stat.S_IMODE(root.stat().st_mode) != DIR_MODE:
        private_tree(root)
    return root


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if absent) for the duration of the block."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    with os.fdopen(fd, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def locked(root: Path) -> AbstractContextManager[None]:
    """One writer at a time per data root (two runs merging the same partition would race).
    Every writer takes it, so it is also where the root is made owner-only."""
    return file_lock(private_root(root) / ".lock")


@functools.cache
def _pool(pid: int) -> ThreadPoolExecutor:
    """A few threads for file work, kept for the process (``pid``: a forked child makes its own,
    its parent's threads do not exist there)."""
    return ThreadPoolExecutor(_THREADS, thread_name_prefix="tocsin-store")


def _each(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """``[fn(x) for x in items]``, on the threads when there is more than one item. Every call
    has finished when this returns or raises (the first error), so none outlives a cleanup."""
    if len(items) <= 1:
        return [fn(x) for x in items]
    pool = _pool(os.getpid())
    futures = [pool.submit(fn, x) for x in items]
    wait(futures)
    return [f.result() for f in futures]


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mkdirs(folder: Path) -> set[Path]:
    """Create ``folder`` and its missing parents; returns the folders whose entries changed
    (the parent of each created folder), which must be synced for the new folders to last."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for d in reversed(missing):
        d.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(d, DIR_MODE)
    return {d.parent for d in missing}


def _rename_all(renames: list[tuple[Path, Path]]) -> None:
    """Rename each (already synced) staging file over its destination, then fsync each folder
    changed: for every destination, the old file or the new one survives a power cut."""
    changed: set[Path] = set()
    for tmp, dest in renames:
        changed |= _mkdirs(dest.parent)
        os.replace(tmp, dest)
        changed.add(dest.parent)
    _each(fsync_path, sorted(changed))


def _commit(tmp: Path, dest: Path) -> None:
    """fsync ``tmp``, rename it over ``dest``, fsync the folder: the old file or the new one
    survives a crash or a power cut, never half of either."""
    fsync_path(tmp)
    _rename_all([(tmp, dest)])


def replace_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place (small state files, messages)."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        # Created 0600 (O_EXCL: a fresh name), so it is never readable by others, even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        private_file(tmp)
        _commit(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# Columns of free text no query filters by range: no min/max statistics. Computing them held two
# extra copies of a long value, and Parquet drops those over 4 KB from the file anyway.
_UNSORTED_TEXT = frozenset({"text", "raw"})


def _write_files(root: Path, files: list[tuple[Path, pa.Table]]) -> None:
    """Write each Arrow table to its destination atomically (see the module docstring)."""
    if not files:
        return
    staging = private_dir(Path(root) / ".staging")
    tmps = [staging / f"{uuid.uuid4().hex}.parquet" for _ in files]
    try:

        def write(job: tuple[pa.Table, Path]) -> None:
            # Dictionary pages cost more than they save on ids and text once zstd has run.
            table = job[0]
            stats = [n for n in table.column_names if n not in _UNSORTED_TEXT]
            pq.write_table(
                table, job[1], compression="zstd", use_dictionary=False, write_statistics=stats
            )
            private_file(job[1])  # in .staging (0700) until then: never open to others
            fsync_path(job[1])

        _each(write, [(arrow, tmp) for (_, arrow), tmp in zip(files, tmps, strict=True)])
        pa.default_memory_pool().release_unused()  # see rawstore.write_segment
        _rename_all([(tmp, dest) for tmp, (dest, _) in zip(tmps, files, strict=True)])
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
def _file_schema(table: Table) -> pa.Schema:
    return table.arrow_schema(with_partitions=False)


def _file_arrow(table: Table, df: pl.DataFrame) -> pa.Table:
    """``df`` as the Arrow table stored in a file: conformed, partition columns dropped."""
    return _arrow_of(table, *conformed_parts(table, df))


def _arrow_of(table: Table, short: pl.DataFrame, long: dict[str, pl.Series]) -> pa.Table:
    """The Arrow table stored in a file, from ``conformed_parts``. The long text columns go to
    Arrow as views of Polars' buffers, cast once to the file's type."""
    schema = _file_schema(table)
    arrow = without(short, list(table.partition_by)).to_arrow()
    for name, values in long.items():
        view = values.to_arrow(compat_level=pl.CompatLevel.newest())
        arrow = arrow.append_column(name, view.cast(schema.field(name).type))
    return arrow.select(schema.names).cast(schema)


def write_atomic(root: Path, table: Table, df: pl.DataFrame, dest: Path) -> None:
    """Write ``df`` (conformed to ``table``) to ``dest`` via a staging file and a rename."""
    _write_files(root, [(dest, _file_arrow(table, df))])


@functools.cache
def _empty(table: Table) -> pl.DataFrame:
    return table.empty()


def read_partition(root: Path, table: Table, values: dict[str, str]) -> pl.DataFrame:
    """One partition with its partition columns restored; empty (typed) when absent."""
    path = partition_dir(root, table, values) / PART_FILE
    if not path.exists():
        return _empty(table).clone()
    df = _read_stored(path)
    df = df.with_columns([pl.lit(values[k]).alias(k) for k in table.partition_by])
    return table.conform(df)


def scan(
    root: Path,
    table: Table,
    columns: list[str] | None = None,
    *,
    where: dict[str, str] | None = None,
) -> pl.LazyFrame:
    """The whole table as a lazy frame (partition columns from the path).

    ``where`` fixes leading partition values (e.g. ``{"target": "alice"}``): only that folder is
    listed and read, instead of filtering the whole table's files.
    """
    base = Path(root) / table.path
    schema = table.polars_schema()
    fixed = dict(where or {})
    if list(fixed) != list(table.partition_by[: len(fixed)]):
        raise ValueError(f"table {table.name!r}: where= must fix leading partition keys")
    for key in table.partition_by[: len(fixed)]:
        base = base / f"{key}={fixed[key]}"
    rest = table.partition_by[len(fixed) :]
    pattern = "/".join(["*"] * len(rest) + [PART_FILE]) if table.partition_by else "*.parquet"
    if not base.exists() or next(base.glob(pattern), None) is None:
        lf = table.empty().lazy()
    else:
        _scanned.add(base)
        lf = pl.scan_parquet(
            base / pattern,
            hive_partitioning=bool(table.partition_by),
            hive_schema={k: schema[k] for k in table.partition_by} or None,
            schema=pl.Schema({c.name: schema[c.name] for c in table.file_columns}),
            # Files written before a nullable column was declared read it as null.
            missing_columns="insert",
        )
    return lf.select(columns) if columns else lf.select(table.names)


def _read_existing(dest: Path, table: Table, where: dict[str, str]) -> pa.Table:
    existing = pq.read_table(dest)
    if existing.schema.equals(_file_schema(table)):
        return existing
    # An older file (a column declared since): conform names what is missing, or casts.
    df = pl.DataFrame(existing).with_columns([pl.lit(v).alias(k) for k, v in where.items()])
    return _file_arrow(table, df)


def merge_partitions(
    root: Path, table: Table, new: pl.DataFrame, sort_by: list[str]
) -> tuple[int, list[dict[str, str]]]:
    """Add ``new`` rows to their partitions, skipping rows whose key is already stored.

    Returns (rows written, partitions rewritten). Re-running with the same rows writes nothing.
    Rows inside each partition are sorted by ``sort_by`` (nulls last).
    """
    if new.is_empty():
        return 0, []
    return merge_parts(root, table, *conformed_parts(table, new), sort_by)


def merge_parts(
    root: Path,
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
    parts = list(table.partition_by)
    dedupe_key = [k for k in table.key if k not in table.partition_by]
    # Sorted by partition then by sort_by, each partition is one run of rows, already in order:
    # a partition that does not exist yet is written from its slice as is.
    # The order is found on the key and sort columns alone and the rows moved once (not at all
    # when they are already in it).
    ordered = list(dict.fromkeys([*table.key, *parts, *sort_by]))
    order = (
        without(short, [n for n in short.columns if n not in ordered])
        .select(ordered)
        .with_row_index("_row")
        .unique(subset=list(table.key), keep="first", maintain_order=True)
        .sort([*parts, *sort_by], nulls_last=True, maintain_order=True)
        .get_column("_row")
    )
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
    plan = []
    for row in runs.iter_rows(named=True):
        where = {k: str(row[k]) for k in parts}
        dest = partition_dir(root, table, where) / PART_FILE
        plan.append((where, dest, row["_start"], row["_len"], dest.exists()))

    def fresh_of(item: tuple) -> tuple[int, pa.Table | None]:
        where, dest, start, length, exists = item
        if not exists:
            return length, arrow.slice(start, length)
        stored = _read_stored(dest, columns=dedupe_key)
        part = short.slice(start, length).with_row_index("_at", offset=start)
        fresh = part.join(
            stored, on=dedupe_key, how="anti", nulls_equal=True, maintain_order="left"
        )
        if fresh.is_empty():
            return 0, None
        stored_rows = _read_existing(dest, table, where)
        rows = arrow.take(fresh.get_column("_at").to_arrow())
        merged = pl.DataFrame(pa.concat_tables([stored_rows, rows]))
        merged = merged.sort(sort_by, nulls_last=True, maintain_order=True)
        return fresh.height, merged.to_arrow().cast(_file_schema(table))

    written, touched = 0, []
    # A chunk of partitions at a time: a backfill reads and rewrites whole stored partitions, and
    # memory must not grow with the number a batch touches.
    for i in range(0, len(plan), _CHUNK):
        chunk = plan[i : i + _CHUNK]
        # Reading what is stored only matters for partitions that exist (a backfill, a re-run).
        if any(item[-1] for item in chunk):
            outcomes = _each(fresh_of, chunk)
        else:
            outcomes = [fresh_of(item) for item in chunk]
        files = []
        for (where, dest, *_), (count, data) in zip(chunk, outcomes, strict=True):
            if data is not None:
                written += count
                touched.append(where)
                files.append((dest, data))
        _write_files(root, files)
    return written, touched


def write_table_file(root: Path, table: Table, df: pl.DataFrame, name: str) -> Path:
    """A whole unpartitioned file (a run summary): written atomically."""
    dest = Path(root) / table.path / name
    write_atomic(root, table, df, dest)
    return dest
