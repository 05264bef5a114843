"""Raw pages → a staging frame of candidate mention rows, one per record, nothing dropped.

Each page goes to the parser of its format (``tasks/formats``); ``auto`` recognises the X shapes
(API v2 pages, stream lines, twarc's flattened tweets). The raw record of an element inside a page
is that element re-serialised canonically (keys sorted, no whitespace, UTF-8), so anyone can
re-derive it, and its hash, from the page kept as received; a one-record line is its own raw
record, byte for byte. Whatever cannot be read becomes a row with ``parse_errors`` set, and
validation sends it to quarantine with that reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import polars as pl

import tasks.formats.x_v2  # noqa: F401  (registers the "auto" format)
from config.targets import Target
from tasks.formats import FORMATS, Context, failure
from tasks.formats.fields import canonical_json, parse_timestamp, sha256_hex
from tasks.schema import MENTIONS
from tasks.sources.base import RawPage

__all__ = ["canonical_json", "parse_batches", "parse_pages", "parse_timestamp", "sha256_hex"]

# Columns the parser fills; ``date`` and ``run_id`` are set when the batch is stored.
PARSED_COLUMNS = [c for c in MENTIONS.names if c not in ("date", "run_id")]
STAGING_EXTRA = {
    "raw": pl.String,
    "parse_errors": pl.List(pl.String),
    "parse_error_count": pl.Int32,
    "date_hint": pl.Date,
}
# Problems travel as one string per row and are split in Polars: building a Python list object
# per row for Polars to convert cost a third of the parse time.
_SEP = "\x1f"
_DEFAULTS = {"mentions_target": False, "version": 0}


def staging_schema() -> pl.Schema:
    base = MENTIONS.polars_schema()
    return pl.Schema({**{n: base[n] for n in PARSED_COLUMNS}, **STAGING_EXTRA})


class _Builder:
    """Accumulates staging rows column by column (cheaper than a frame per page)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.ctx = Context.of(target)
        self.schema = staging_schema()
        self.cols: dict[str, list[Any]] = {n: [] for n in self.schema.names()}
        self.cols["parse_errors"] = []  # joined with _SEP until frame()
        self.field_names = [n for n in PARSED_COLUMNS if n not in _PROVENANCE]
        self.pages = 0
        self.api_errors = 0

    def add_page(self, page: RawPage) -> None:
        self.pages += 1
        parser = FORMATS.get(page.format)
        if parser is None:
            parsed = failure(
                page.body, f"unknown_format: {page.ref}: no parser for {page.format!r}"
            )
        else:
            parsed = parser(page, self.ctx)
        self.api_errors += parsed.api_errors
        common = {
            "target": self.target.name,
            "source": page.source,
            "source_ref": page.ref,
            "page_sha256": sha256_hex(page.body),
            "retrieved_at": parsed.retrieved_at or page.retrieved_at,
            "date_hint": page.date_hint,
        }
        cols = self.cols
        for rec in parsed.records:
            for name in self.field_names:
                cols[name].append(rec.fields.get(name, _DEFAULTS.get(name)))
            for name, value in common.items():
                cols[name].append(value)
            cols["raw"].append(rec.raw.decode("utf-8", errors="backslashreplace"))
            cols["raw_sha256"].append(sha256_hex(rec.raw))
            cols["parse_errors"].append(_SEP.join(rec.errors) if rec.errors else None)
            cols["parse_error_count"].append(len(rec.errors))

    def frame(self) -> pl.DataFrame:
        schema = {**self.schema, "parse_errors": pl.String}
        return pl.DataFrame(self.cols, schema=schema).with_columns(
            pl.col("parse_errors").str.split(_SEP).fill_null(pl.lit([], pl.List(pl.String)))
        )

    @property
    def size(self) -> int:
        return len(self.cols["raw"])

    def stats(self) -> dict[str, int]:
        return {"pages": self.pages, "api_errors": self.api_errors}


_PROVENANCE = {"target", "source", "source_ref", "page_sha256", "retrieved_at", "raw_sha256"}


def parse_pages(pages: Iterable[RawPage], target: Target) -> tuple[pl.DataFrame, dict[str, int]]:
    """Staging rows for every record in ``pages``, and counts (pages, api_errors)."""
    builder = _Builder(target)
    for page in pages:
        builder.add_page(page)
    return builder.frame(), builder.stats()


def parse_batches(
    pages: Iterable[RawPage], target: Target, batch_size: int
) -> Iterator[tuple[pl.DataFrame, dict[str, int]]]:
    """The same, cut into frames of about ``batch_size`` records so memory stays bounded."""
    builder = _Builder(target)
    for page in pages:
        builder.add_page(page)
        if builder.size >= batch_size:
            yield builder.frame(), builder.stats()
            builder = _Builder(target)
    if builder.pages:
        yield builder.frame(), builder.stats()
