"""Rows told apart by their key, comparing the key's columns only where their hashes meet.

Keys are strings (platform, post id, version id, scorer...). Polars' ``unique`` over five of them
on a pile-on's day of scores (2.7M rows) took 874 MB more while it ran, and the anti-join with a
stored partition's keys nearly as much: a partition's commit peaked on it. Here each row gets one
64-bit hash of its key columns (``row_hashes``, ~21 MB for those 2.7M rows), and rows are
compared on their columns only when their hashes are equal: none at all when no hash repeats,
the usual case (+~200 MB for the same day). The answers are exactly those of ``unique`` and of
the anti-join: a hash only selects which rows are compared, never decides alone
(``tests/test_rowkeys.py`` forces every hash to collide).
"""

from __future__ import annotations

from functools import reduce
from operator import xor

import polars as pl

_ROW = "__rowkeys_row"


def row_hashes(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """A 64-bit hash of each row's ``columns``: each column's own hash, seeded by its place,
    xored (equal keys, equal hashes; nulls hash alike, as ``unique`` and ``nulls_equal`` read
    them). Polars' hash, the same within a process: never stored."""
    hashed = reduce(xor, [pl.col(c).hash(seed=i) for i, c in enumerate(columns)])
    return frame.select(hashed.alias("hash")).get_column("hash")


def first_of_each_key(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """``frame.unique(subset=columns, keep="first", maintain_order=True)``."""
    hashes = row_hashes(frame, columns)
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del ordered
    if repeated.is_empty():
        return frame
    suspects = _numbered(frame).filter(hashes.is_in(repeated.implode()))
    kept = suspects.unique(subset=columns, keep="first", maintain_order=True)
    dropped = suspects.get_column(_ROW).filter(
        ~suspects.get_column(_ROW).is_in(kept[_ROW].implode())
    )
    return _without_rows(frame, dropped)


def absent_from(frame: pl.DataFrame, other: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """``frame``'s rows whose key is not in ``other``: ``frame.join(other, on=columns,
    how="anti", nulls_equal=True, maintain_order="left")``."""
    ours, theirs = row_hashes(frame, columns), row_hashes(other, columns)
    maybe = ours.is_in(theirs.implode())
    if not maybe.any():
        return frame
    rivals = other.select(columns).filter(theirs.is_in(ours.filter(maybe).implode()))
    del theirs
    suspects = _numbered(frame).filter(maybe)
    there = suspects.join(rivals, on=columns, how="semi", nulls_equal=True).get_column(_ROW)
    return _without_rows(frame, there)


def _numbered(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias(_ROW))


def _without_rows(frame: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """``frame`` but the rows at positions ``rows``, in order."""
    if rows.is_empty():
        return frame
    at = pl.int_range(frame.height, dtype=pl.UInt32, eager=True)
    return frame.filter(~at.is_in(rows.implode()))
