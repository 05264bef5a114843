"""What `tocsin verify` keeps of the records it checks for the working tables' check, set aside
on disk by bucket rather than held.

The tables' check compares every row with the row its sealed record derives to. Held whole, the
derived rows and the sealed record hashes of a 10M-post target took verify past this machine's
24 GB (docs/benchmarks.md, "verify in buckets"). Here each segment's derived rows, and the
record hashes each manifest lists, go to one compressed Arrow stream per bucket (``Kept``) as
they are made; the check then reads one bucket at a time (crosscheck.py). A bucket is decided by
a hash of the record's hash (``raw_sha256``, as ``tasks.bounded.in_bucket`` reads it): a
record's derived rows, its listed hash and the table rows that name it fall in the same bucket.

The folder is a new owner-only one in the system's temporary directory (``TMPDIR``), never under
the data root: an investigator verifies a copy they may not write to. It is removed on ``close``.
It takes about 190 MB a million records (zstd; lz4 took twice the disk).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa

BUCKET_ROWS = 250_000
"""About the most sealed records a bucket holds: the check holds a bucket's derived rows and
table rows at once, and reads the tables' files once a bucket. A 1M-post target's verify peaked
at 1,944 MB in buckets of 400k, 1,501 MB in buckets of 250k; a 10M one at 1,483 MB in 250k
(docs/benchmarks.md, "verify in buckets")."""

MAX_BUCKETS = 128
"""Each bucket is an open file per kind while records are kept."""

LISTED_AT_ONCE = 500_000
"""Record hashes of a records.txt kept at a time, beyond its segments' parts (~60 MB as strings)."""

ORDER = "__order"
"""The derived rows' place in the order they were made (findings are listed in that order)."""

_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")


def buckets_for(records: int, rows: int = BUCKET_ROWS) -> int:
    """How many buckets for about ``records`` sealed records: each ~``rows``, at least one."""
    return min(MAX_BUCKETS, max(1, -(-records // rows)))


class Kept:
    """Derived rows (``add_rows``) and listed record hashes (``add_sealed``), by bucket."""

    def __init__(self, buckets: int, schema: pl.Schema) -> None:
        self.buckets = buckets
        self._schema = pl.Schema({**schema, ORDER: pl.UInt64})
        self._folder = Path(tempfile.mkdtemp(prefix="tocsin-verify-"))  # mode 0o700
        self._writers: dict[tuple[str, int], pa.ipc.RecordBatchStreamWriter] = {}
        self._made = 0

    def add_rows(self, rows: pl.DataFrame) -> None:
        """Rows derived from sealed pages, in the order they are made."""
        first = self._made
        self._made += rows.height
        self._write(
            "rows",
            rows.with_columns(pl.int_range(first, self._made, dtype=pl.UInt64).alias(ORDER)).select(
                pl.col(c).cast(t) for c, t in self._schema.items()
            ),
        )

    def add_sealed(self, hashes: list[str], checked: bool) -> None:
        """Record hashes a manifest lists; ``checked``: a manifest this verification checked."""
        if hashes:
            self._write(
                "sealed",
                pl.DataFrame(
                    {"raw_sha256": hashes, "checked": [checked] * len(hashes)},
                    schema={"raw_sha256": pl.String, "checked": pl.Boolean},
                ),
            )

    def _write(self, kind: str, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        if self.buckets == 1:
            parts = {(0,): frame}
        else:
            parts = frame.with_columns(
                (pl.col("raw_sha256").hash(seed=0) % self.buckets).alias("__bucket")
            ).partition_by("__bucket", as_dict=True, include_key=False)
        for (bucket, *_), part in parts.items():
            table = part.to_arrow()
            writer = self._writers.get((kind, bucket))
            if writer is None:
                path = self._folder / f"{kind}-{bucket}.arrows"
                writer = pa.ipc.new_stream(str(path), table.schema, options=_OPTIONS)
                self._writers[kind, bucket] = writer
            writer.write_table(table)

    def _read(self, kind: str, bucket: int, empty: pl.DataFrame) -> pl.DataFrame:
        writer = self._writers.pop((kind, bucket), None)
        if writer is not None:
            writer.close()
        path = self._folder / f"{kind}-{bucket}.arrows"
        if not path.exists():
            return empty
        return pl.read_ipc_stream(path).rechunk()

    def rows(self, bucket: int) -> pl.DataFrame:
        """The derived rows of ``bucket``, in the order they were added (with ``ORDER``)."""
        return self._read("rows", bucket, self._schema.to_frame())

    def sealed(self, bucket: int) -> pl.DataFrame:
        """The listed record hashes of ``bucket``: ``raw_sha256``, ``checked``."""
        empty = pl.DataFrame(schema={"raw_sha256": pl.String, "checked": pl.Boolean})
        return self._read("sealed", bucket, empty)

    def each(self) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        """(derived rows, listed hashes) of each bucket in turn, each file removed once read."""
        for bucket in range(self.buckets):
            rows, sealed = self.rows(bucket), self.sealed(bucket)
            for kind in ("rows", "sealed"):
                (self._folder / f"{kind}-{bucket}.arrows").unlink(missing_ok=True)
            yield rows, sealed

    def all_rows(self, records: pl.Series | None = None) -> pl.DataFrame:
        """The derived rows (None: all; else of these record hashes), in the order added,
        without ``ORDER`` (before ``each``), read a bucket at a time."""
        wanted = pl.lit(True) if records is None else pl.col("raw_sha256").is_in(records.implode())
        frames = [self.rows(b).filter(wanted) for b in range(self.buckets)]
        return pl.concat(frames).sort(ORDER).drop(ORDER)

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Kept:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
