"""A run's rows set aside per partition and merged into each partition once, after the run's
last batch (``Spool``): the store's batch-by-batch ``merge_parts`` rewrote a pile-on's growing
partitions at every batch."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import socket
import tempfile
import uuid
from pathlib import Path

import polars as pl
import pyarrow as pa

from tasks import files as fileops
from tasks.files import private_dir
from tasks.rowkeys import absent_from, first_of_each_key
from tasks.storage import Root, root_of
from tasks.storage.parquet import RowGroups
from tasks.store import (
    CHUNK,
    PART_FILE,
    Where,
    file_schema,
    ordered_runs,
    partition_dir,
    read_existing,
    read_stored,
    write_files,
)
from tasks.streamed import (
    STREAM_ROWS,
    merge_order,
    read_arrow_file,
    row_groups,
    source_keys,
    spill_stored,
)
from tasks.tablekit import Table

# Rows (in Arrow bytes) of the partitions one group of a spool's commit holds in memory at once.
_SPOOL_GROUP_BYTES = 128 * 1024 * 1024
_SPOOL_PREFIX = "spool-"


@functools.cache
def host_tag() -> str:
    """This machine, as a spool's name says it (a short hash of its host name)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:12]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_dir(root: Root) -> Path:
    """Where spools and other scratch files go: ``<root>/.staging``; for an object-storage
    root, a folder of this machine's temporary directory (only this process reads them, and S3
    needs no staging to commit: each partition is one PUT)."""
    if root.remote:
        return Path(tempfile.gettempdir()) / f"tocsin-staging-{os.getuid()}"
    return root.location(".staging")


def scratch_folder(root: Root | Path | str) -> Path:
    """A new owner-only folder of ``staging_dir``, named after this machine and process: the
    folders of this machine's dead processes are removed first (a spool left by a killed
    process is removed by the next one made under the same root on the same machine)."""
    staging = private_dir(staging_dir(root_of(root)))
    # Only this machine's spools: another's process ids mean nothing here.
    mine = f"{_SPOOL_PREFIX}{host_tag()}-"
    for old in staging.glob(mine + "*"):
        pid = old.name[len(mine) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return private_dir(staging / f"{mine}{os.getpid()}-{uuid.uuid4().hex}")


class Spool:
    """A run's rows for one table, set aside per partition until the run has parsed them all,
    then merged into each partition once (``commit``).

    ``merge_parts`` batch after batch rewrites a partition each time a batch adds to it: one
    person's pile-on puts a million posts on a handful of days, and each batch of 50k rewrote
    more than the last (119 s of a 1M import's 370 s). Here each batch's rows, deduplicated
    within the batch and sorted as a partition keeps them, go to one Arrow file per partition
    under ``<root>/.staging/spool-<host>-<pid>-<id>/`` (owner-only; nothing reads it but this object;
    for an s3:// root, a folder of this machine's temporary directory: see ``staging_dir``);
    ``commit`` then reads each partition's files, keeps the first of each key across the batches
    and what the partition does not hold yet, and rewrites the partition once, in groups as
    ``merge_parts`` does. What is stored, and so what a crash leaves, is what ``merge_parts``
    of each batch in turn leaves: each partition old or new; the same command again completes
    it, since merging is idempotent. A spool left by a killed process is removed by the next
    one made under the same root on the same machine.
    """

    def __init__(self, root: Root | Path | str, table: Table, sort_by: list[str]) -> None:
        self.root, self.table, self.sort_by = root_of(root), table, list(sort_by)
        self.folder: Path | None = None
        # Partition values → (its spooled files in batch order, their rows' Arrow bytes).
        self.parts: dict[tuple[str, ...], tuple[list[Path], int]] = {}

    def _folder(self) -> Path:
        if self.folder is None:
            self.folder = scratch_folder(self.root)
        return self.folder

    def add(self, short: pl.DataFrame, long: dict[str, pl.Series]) -> int:
        """Set aside rows given as ``conformed_parts`` gives them; the rows kept (the batch's
        first of each key)."""
        if short.is_empty():
            return 0
        _, arrow, runs = ordered_runs(self.table, short, long, self.sort_by)
        folder = self._folder()

        def spill(item: tuple[dict[str, str], int, int]) -> tuple[tuple[str, ...], Path, int]:
            where, start, length = item
            values = tuple(where[k] for k in self.table.partition_by)
            rows = arrow.slice(start, length)
            path = folder / f"{uuid.uuid4().hex}.arrow"
            with pa.OSFile(str(path), "wb") as sink:
                # Uncompressed: a big partition's commit reads runs of rows of each file through
                # a memory map (tasks/streamed.py). It takes more disk while the run lasts: a
                # 3M-post import's spool, 1.7 GB (0.74 GB in lz4).
                with pa.ipc.new_file(sink, rows.schema) as writer:
                    writer.write_table(rows)
            return values, path, rows.nbytes

        for values, path, size in fileops.each(spill, runs):
            paths, total = self.parts.get(values, ([], 0))
            self.parts[values] = ([*paths, path], total + size)
        return arrow.num_rows

    def _merge(self, item: tuple[dict[str, str], Path, list[Path]]) -> tuple[int, pa.Table | None]:
        """A partition's rows merged: (rows written, the file's rows; None when nothing is new,
        or when the partition was big enough to be merged and written a row group at a time,
        which this has done: tasks/streamed.py)."""
        where, dest, paths = item
        dedupe_key = [k for k in self.table.key if k not in self.table.partition_by]
        keys = pl.concat([source_keys(path, dedupe_key) for path in paths])
        keys = keys.with_row_index("_at")
        spooled = keys.height
        if len(paths) > 1:  # the first of each key across the batches
            keys = first_of_each_key(keys, dedupe_key)
        exists = dest.exists()
        stored = 0
        if exists:
            held = read_stored(dest, columns=dedupe_key)
            stored = held.height
            keys = absent_from(keys, held, dedupe_key)
            del held
        if keys.is_empty():
            return 0, None
        at = keys.get_column("_at")
        del keys
        if spooled + stored > STREAM_ROWS:
            self._streamed(where, dest, paths, at, exists)
            return at.len(), None
        batches = [read_arrow_file(path) for path in paths]
        if not exists and len(paths) == 1:  # already sorted: written as it is
            rows = batches[0]
            if at.len() != rows.num_rows:
                rows = rows.take(at.to_arrow())
            return rows.num_rows, rows.cast(file_schema(self.table))
        if exists:
            batches.insert(0, read_existing(dest, self.table, where))
        return at.len(), sorted_merge(self.table, batches, self.sort_by, new_rows=at, stored=exists)

    def _streamed(
        self, where: dict[str, str], dest: Where, paths: list[Path], at: pl.Series, exists: bool
    ) -> None:
        """The partition merged and written a row group at a time (tasks/streamed.py)."""
        sources = list(paths)
        if exists:
            sources.insert(0, spill_stored(dest, self.table, where, self._folder()))
        try:
            order = merge_order(
                [source_keys(path, self.sort_by) for path in sources],
                self.sort_by,
                new_rows=at,
                stored=exists,
            )
            schema = file_schema(self.table)
            # Written whole and atomically as any partition, its rows a row group at a time.
            write_files(self.root, [(dest, RowGroups(schema, row_groups(sources, order, schema)))])
        finally:
            if exists:
                sources[0].unlink(missing_ok=True)

    def commit(self) -> tuple[int, list[dict[str, str]]]:
        """Merge what was set aside into the partitions, each rewritten once; (rows written,
        partitions rewritten), as ``merge_parts`` returns them. The spool is emptied once all
        is merged; on an error it is kept, and committing again completes the merge."""
        names = list(self.table.partition_by)
        plan, sizes = [], []
        for values in sorted(self.parts):
            paths, size = self.parts[values]
            where = dict(zip(names, values, strict=True))
            plan.append((where, partition_dir(self.root, self.table, where) / PART_FILE, paths))
            sizes.append(size)
        written, touched = 0, []
        i = 0
        while i < len(plan):
            # A group of partitions at a time: memory must not grow with a run's size.
            j, held = i, 0
            while (
                j < len(plan)
                and j - i < CHUNK
                and (j == i or held + sizes[j] <= _SPOOL_GROUP_BYTES)
            ):
                held += sizes[j]
                j += 1
            chunk = plan[i:j]
            outcomes = fileops.each(self._merge, chunk)
            files = []
            for (where, dest, _), (count, data) in zip(chunk, outcomes, strict=True):
                if count:
                    written += count
                    touched.append(where)
                if data is not None:
                    files.append((dest, data))
            del outcomes
            write_files(self.root, files)
            del files
            i = j
        self.discard()
        return written, touched

    def discard(self) -> None:
        """Remove what was set aside (the run failed, or it is committed)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.parts = {}


def sorted_merge(
    table: Table,
    tables: list[pa.Table],
    sort_by: list[str],
    new_rows: pl.Series | None = None,
    stored: bool = False,
) -> pa.Table:
    """File rows of ``tables`` one after the other, sorted by ``sort_by`` (nulls last, stable).
    ``stored``: the first table is the partition as stored, kept whole; ``new_rows``: the row
    numbers to keep (increasing) of the other tables' rows, counted from the first of them
    (None: all kept).

    The order is found on the sort columns alone, then the rows are moved once, a column at a
    time, each source column let go once it is moved: ``tables`` is emptied, so a partition's
    rows are held about once while they are reordered, not twice (a pile-on's day of 800k
    posts raised a commit's memory by about twice its rows). The result is the rows kept,
    taken in that order and cast to the file's schema, as when the whole table moved at once."""
    total = sum(t.num_rows for t in tables)
    keys = [pl.DataFrame(t.select(sort_by)) for t in tables]
    order = merge_order(keys, sort_by, new_rows=new_rows, stored=stored)
    del keys
    moved = None if order.equals(pl.int_range(total, eager=True, dtype=pl.UInt32)) else order
    columns = {
        name: pa.chunked_array(
            [chunk for t in tables for chunk in t.column(name).chunks],
            type=tables[0].schema.field(name).type,
        )
        for name in tables[0].column_names
    }
    tables.clear()
    schema = file_schema(table)
    out = []
    for field in schema:
        column = columns.pop(field.name)
        if moved is not None:
            column = column.take(moved.to_arrow())
        out.append(column.cast(field.type))
        del column
    return pa.Table.from_arrays(out, schema=schema)
