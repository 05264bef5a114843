"""Parquet files of the store (store.py) on either kind of root: how a table file is encoded,
and how one is read back, from a local path or an S3 object.

On S3 a partition file is encoded in memory and stored in ONE single-part PUT (s3.py): S3
keeps the whole object or refuses it, so a crash leaves the old partition or the new one, with
no staging object and no rename (which S3 does not have)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tasks import files as fileops
from tasks.storage.s3 import ObjectPath

# Columns of free text no query filters by range: no min/max statistics. Computing them held two
# extra copies of a long value, and Parquet drops those over 4 KB from the file anyway.
UNSORTED_TEXT = frozenset({"text", "raw"})


def _options(names: list[str]) -> dict[str, Any]:
    """How the store writes every file: zstd, no dictionary pages (they cost more than they
    save on ids and text once zstd has run), statistics but on free text."""
    stats = [n for n in names if n not in UNSORTED_TEXT]
    return {"compression": "zstd", "use_dictionary": False, "write_statistics": stats}


@dataclass
class RowGroups:
    """A file's rows given a row group at a time (a big partition's merge: tasks/streamed.py),
    never held whole."""

    schema: pa.Schema
    groups: Iterator[pa.Table]


def write_parquet(table: pa.Table | RowGroups, where: Any) -> None:
    """``table`` as the store writes every file: one row group up to Arrow's 1Mi rows, or one
    for each of ``RowGroups``."""
    if isinstance(table, pa.Table):
        pq.write_table(table, where, **_options(table.column_names))
        return
    with pq.ParquetWriter(where, table.schema, **_options(table.schema.names)) as writer:
        for group in table.groups:
            writer.write_table(group, row_group_size=group.num_rows)


def encode_parquet(table: pa.Table | RowGroups) -> bytes:
    sink = pa.BufferOutputStream()
    write_parquet(table, sink)
    return sink.getvalue().to_pybytes()


def source_of(location: Path | ObjectPath) -> Any:
    """What a Parquet reader opens for ``location``: the path itself, or an S3 object's bytes
    (FileNotFoundError when there is none)."""
    if isinstance(location, ObjectPath):
        return pa.BufferReader(location.read_bytes())
    return location


def read_arrow(location: Path | ObjectPath, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(source_of(location), columns=columns)


def read_bytes_source(location: Path | ObjectPath) -> Any:
    """What Polars' ``read_parquet`` opens for ``location`` (a path, or the object's bytes)."""
    if isinstance(location, ObjectPath):
        return io.BytesIO(location.read_bytes())
    return location


def save_frame(frame: Any, location: Path | ObjectPath) -> None:
    """A Polars frame as Polars writes it, to a local file (its folder made) or one S3 PUT."""
    if isinstance(location, ObjectPath):
        sink = io.BytesIO()
        frame.write_parquet(sink)
        location.write_bytes(sink.getvalue())
        return
    location.parent.mkdir(parents=True)
    frame.write_parquet(location)


def put_files(files: list[tuple[ObjectPath, pa.Table | RowGroups]]) -> None:
    """Store each table at its S3 location, one whole PUT each (a few at a time)."""
    fileops.each(lambda job: job[0].write_bytes(encode_parquet(job[1])), files)


def exist_all(locations: list[Path | ObjectPath]) -> list[bool]:
    """Which of ``locations`` hold a file: on S3 one HEAD each, a few at a time (a batch spans
    ~30 partitions, and each request waits on the network); locally one stat each."""
    if any(isinstance(at, ObjectPath) for at in locations):
        return fileops.each(lambda at: at.exists(), locations)
    return [at.exists() for at in locations]
