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


def staging_schema() -> pl.Schema:
    base = MENTIONS.polars_schema()
    return pl.Schema({**{n: base[n] for n in PARSED_COLUMNS}, **STAGING_EXTRA})


class _Builder:
    """Accumulates staging rows: the parsers' field dicts as they come (Polars builds the columns
    from them in one call), page provenance once per page, expanded by index at the end."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.ctx = Context.of(target)
        self.schema = staging_schema()
        self.field_schema = {n: self.schema[n] for n in PARSED_COLUMNS if n not in _PROVENANCE}
        self.fields: list[dict[str, Any]] = []
        self.page_of: list[int] = []
        self.page_cols: dict[str, list[Any]] = {n: [] for n in _PAGE_COLUMNS}
        self.raw: list[str] = []
        self.raw_sha256: list[str] = []
        self.errors: list[str | None] = []
        self.error_count: list[int] = []
        self.pages = 0
        self.api_errors = 0

    def add_page(self, page: RawPage) -> None:
        parser = FORMATS.get(page.format)
        if parser is None:
            parsed = failure(
                page.body, f"unknown_format: {page.ref}: no parser for {page.format!r}"
            )
        else:
            parsed = parser(page, self.ctx)
        self.api_errors += parsed.api_errors
        index = self.pages
        self.pages += 1
        for name, value in (
            ("source", page.source),
            ("source_ref", page.ref),
            ("page_sha256", sha256_hex(page.body)),
            ("retrieved_at", parsed.retrieved_at or page.retrieved_at),
            ("date_hint", page.date_hint),
        ):
            self.page_cols[name].append(value)
        for rec in parsed.records:
            self.fields.append(rec.fields)
            self.page_of.append(index)
            self.raw.append(rec.raw.decode("utf-8", errors="backslashreplace"))
            self.raw_sha256.append(sha256_hex(rec.raw))
            self.errors.append(_SEP.join(rec.errors) if rec.errors else None)
            self.error_count.append(len(rec.errors))

    def frame(self) -> pl.DataFrame:
        s = self.schema
        fields = (
            pl.from_dicts(self.fields, schema=self.field_schema)
            if self.fields
            else (pl.DataFrame(schema=self.field_schema))
        )
        pages = pl.DataFrame(self.page_cols, schema={n: s[n] for n in _PAGE_COLUMNS})
        per_record = pl.DataFrame(
            {
                "raw": self.raw,
                "raw_sha256": self.raw_sha256,
                "parse_errors": self.errors,
                "parse_error_count": self.error_count,
            },
            schema={
                "raw": s["raw"],
                "raw_sha256": s["raw_sha256"],
                "parse_errors": pl.String,
                "parse_error_count": s["parse_error_count"],
            },
        )
        provenance = (
            pages[pl.Series(self.page_of, dtype=pl.UInt32)] if self.page_of else (pages.clear())
        )
        return (
            pl.concat([fields, provenance, per_record], how="horizontal")
            .with_columns(
                target=pl.lit(self.target.name, pl.String),
                # A record the parser could not read has no fields at all: these two still hold.
                mentions_target=pl.col("mentions_target").fill_null(False),
                version=pl.col("version").fill_null(0),
                parse_errors=pl.col("parse_errors")
                .str.split(_SEP)
                .fill_null(pl.lit([], pl.List(pl.String))),
            )
            .select(s.names())
        )

    @property
    def size(self) -> int:
        return len(self.raw)

    def stats(self) -> dict[str, int]:
        return {"pages": self.pages, "api_errors": self.api_errors}


_PAGE_COLUMNS = ("source", "source_ref", "page_sha256", "retrieved_at", "date_hint")
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
