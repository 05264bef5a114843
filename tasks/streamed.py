"""A big partition merged and written a row group at a time (the spool's commit, tasks/spool.py).

One person's pile-on puts 800k posts on one day. Merging such a day whole held its rows three to
four times over (the spooled batches read, the rows reordered, the file encoded): the commit of
a 3M-post import (busiest day 811k posts, 449 MB of Arrow), run alone, peaked at 1,827 MB; a row
group at a time, 971 MB, for the same CPU (docs/benchmarks.md, 2026-12-07).

Here the order of the partition's rows is found on the sort columns alone (``merge_order``), then
the file is written a row group at a time (``group_rows``: ~64 MB of rows). The sources (the
spooled batches, and the stored partition copied first into the spool's folder) are uncompressed
Arrow files, each sorted already: a row group's rows are taken out of each source through a
memory map, one source at a time, so a row group's rows are held about twice and the
partition's never at once. The rows, their order and their types are those of ``sorted_merge``
(a test); the file has several row groups where the whole merge wrote one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.storage.parquet import source_of
from tasks.store import Where, as_stored, file_schema
from tasks.tablekit import Table

ROW_GROUP_ROWS = 131_072
"""The most rows a streamed partition's file holds per row group."""

ROW_GROUP_BYTES = 64 * 1024 * 1024
"""About the most bytes of rows (as the uncompressed sources hold them) a streamed row group
holds: a row group's rows are held about twice while it is made (mapped, then copied in order),
and 131,072 of the generator's posts are ~330 MB (the raw record, the text): the commit of a
10M-post import reached 2,178 MB with 750 MB of mapped source pages (docs/benchmarks.md,
2026-12-07, night). A table of small rows (scores) still gets ``ROW_GROUP_ROWS``."""

STREAM_ROWS = ROW_GROUP_ROWS
"""A partition whose stored and spooled rows number more is merged a row group at a time."""


def merge_order(
    keys: list[pl.DataFrame],
    sort_by: list[str],
    new_rows: pl.Series | None = None,
    stored: bool = False,
) -> pl.Series:
    """Positions, in the tables' rows one after the other, of the rows kept in file order:
    sorted by ``sort_by`` (nulls last, stable). ``keys``: each table's ``sort_by`` columns;
    ``stored``: the first table is the partition as stored, kept whole; ``new_rows``: the row
    numbers to keep (increasing) of the other tables' rows, counted from the first of them
    (None: all kept)."""
    frame = pl.concat(keys).with_row_index("_row")
    if new_rows is not None:
        skip = keys[0].height if stored else 0
        kept = pl.concat(
            [pl.int_range(skip, eager=True, dtype=pl.UInt32), new_rows.cast(pl.UInt32) + skip]
        )
        frame = frame[kept]
    return frame.sort(sort_by, nulls_last=True, maintain_order=True).get_column("_row")


def spill_stored(dest: Where, table: Table, where: dict[str, str], folder: Path) -> Path:
    """The stored partition at ``dest`` copied, a row group at a time, to an uncompressed Arrow
    file in ``folder`` (in today's file schema, as ``read_existing`` reads it)."""
    schema = file_schema(table)
    out = folder / f"stored-{uuid.uuid4().hex}.arrow"
    parquet = pq.ParquetFile(source_of(dest))
    with pa.OSFile(str(out), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for group in range(parquet.num_row_groups):
            rows = as_stored(parquet.read_row_group(group), table, where)
            writer.write_table(rows)
            del rows
    return out


def read_arrow_file(path: Path) -> pa.Table:
    """An uncompressed Arrow file read into memory (not mapped: the file may go first)."""
    with pa.OSFile(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


def source_keys(path: Path, columns: list[str]) -> pl.DataFrame:
    """``columns`` of an uncompressed Arrow file, copied out of its memory map."""
    with pa.memory_map(str(path)) as mapped:
        rows = pa.ipc.open_file(mapped).read_all().select(columns)
        keys = pl.DataFrame(rows).rechunk()
        del rows
    return keys


def group_rows(rows: int, size: int) -> int:
    """Rows a row group holds, of sources holding ``rows`` rows in ``size`` bytes:
    ``ROW_GROUP_BYTES`` of them, at most ``ROW_GROUP_ROWS``, at least one."""
    if not rows:
        return ROW_GROUP_ROWS
    return max(1, min(ROW_GROUP_ROWS, ROW_GROUP_BYTES * rows // max(size, 1)))


def row_groups(sources: list[Path], order: pl.Series, schema: pa.Schema) -> Iterator[pa.Table]:
    """The rows at ``order`` (positions in the ``sources``' rows one after the other), in that
    order, ``group_rows`` at a time, cast to ``schema``. Each source is sorted as the
    partition is, so a row group's rows from one source are one contiguous run of it: only that
    run is read through the source's memory map, and copied out before the next row group."""
    sizes = []
    for path in sources:
        with pa.memory_map(str(path)) as mapped:
            reader = pa.ipc.open_file(mapped)
            sizes.append(
                sum(reader.get_batch(i).num_rows for i in range(reader.num_record_batches))
            )
    starts = np.concatenate([[0], np.cumsum(sizes)])
    positions = order.to_numpy()
    step = group_rows(sum(sizes), sum(os.path.getsize(path) for path in sources))
    for first in range(0, len(positions), step):
        at = positions[first : first + step].astype(np.int64)
        which = np.searchsorted(starts, at, side="right") - 1
        local = np.empty(len(at), dtype=np.int64)
        pieces, held = [], 0
        for source in np.unique(which):
            mine = which == source
            rows = at[mine] - starts[source]
            # Copied out and unmapped before the next source is mapped: mapped all at once, a
            # pile-on's day of 200 spooled batches held ~350 MB of their pages for a 56 MB row
            # group (each touched column maps the pages around the ones read).
            with pa.memory_map(str(sources[source])) as mapped:
                run = pa.ipc.open_file(mapped).read_all().take(pa.array(rows))
            pieces.append(run if run.schema.equals(schema) else run.cast(schema))
            local[mine] = np.arange(held, held + len(rows))
            held += len(rows)
            del run
        group = pa.concat_tables(pieces).take(pa.array(local))
        del pieces
        yield group
        del group
