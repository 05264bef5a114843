"""Raw pages → a staging frame of candidate mention rows, one per record, nothing dropped.

Each page goes to the parser of its format (``tasks/formats``); ``auto`` recognises the X shapes
(API v2 pages, stream lines, twarc's flattened tweets). The raw record of a tweet inside an X page
is its exact bytes in the page, so anyone can find it, and check its hash, in the page kept as
received; a one-record line is its own raw record, byte for byte; other formats re-serialise an
element canonically (keys sorted, no whitespace, UTF-8). Whatever cannot be read becomes a row with ``parse_errors`` set, and
validation sends it to quarantine with that reason.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import orjson
import polars as pl
import polars_hash  # noqa: F401 - registers .chash: SHA-256 of a whole column, in Rust

from config.targets import Target
from tasks.formats import (  # x_v2 registers the "auto" format
    FORMATS,
    Context,
    failure,
    x_columns,
    x_v2,
)
from tasks.formats.fields import ambiguity, canonical_json, parse_timestamp, sha256_hex
from tasks.pages import RawPage
from tasks.schema import MENTIONS

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


def unreadable(where: str, exc: BaseException) -> str:
    """The quarantine reason of a record no parser could read without failing."""
    return f"unreadable: {where}: {type(exc).__name__}: {str(exc)[:200]}"


def staging_schema() -> pl.Schema:
    base = MENTIONS.polars_schema()
    return pl.Schema({**{n: base[n] for n in PARSED_COLUMNS}, **STAGING_EXTRA})


class _Builder:
    """Accumulates staging rows: the parsers' field dicts as they come (Polars builds the columns
    from them in one call), page provenance once per page, expanded by index at the end.

    Records a parser leaves to be read column-wise (well-formed X tweets: ``Record.fields`` a
    tuple, or a whole page of them as ``Parsed.spans``, without a record object each) are read by
    ``x_columns`` all at once; the two kinds are put back in arrival order."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.ctx = Context.of(target)
        self.schema = staging_schema()
        self.field_schema = {n: self.schema[n] for n in PARSED_COLUMNS if n not in _PROVENANCE}
        self.fields: list[dict[str, Any]] = []
        self.fields_at: list[int] = []
        self.spans: list[bytes] = []
        self.nested: list[tuple[Any, ...]] = []
        self.spans_at: list[int] = []
        self.spans_page: list[int] = []
        self.includes: dict[int, bytes | None] = {}
        self.users: dict[str, list[Any]] = {n: [] for n in x_columns.USER_COLUMNS}
        self.page_of: list[int] = []
        self.page_cols: dict[str, list[Any]] = {n: [] for n in _PAGE_COLUMNS}
        self.raw: list[bytes] = []
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
            try:
                parsed = parser(page, self.ctx)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - a page can fail, a batch cannot
                # A hostile page (nested past every parser's limit, a value no type holds)
                # is one quarantined record, named with what failed; the batch goes on.
                parsed = failure(page.body, unreadable(page.ref, exc))
        self.api_errors += parsed.api_errors
        index = self.pages
        self.pages += 1
        for name, value in (
            ("source", page.source),
            ("source_ref", page.ref),
            ("page_sha256", page.sha256),
            ("retrieved_at", parsed.retrieved_at or page.retrieved_at),
            ("date_hint", page.date_hint),
        ):
            self.page_cols[name].append(value)
        if parsed.includes is not None:
            self.includes[index] = parsed.includes
        if parsed.users and parsed.users[0]:
            self.users["_page"] += [index] * len(parsed.users[0])
            for name, column in zip(x_columns.USER_COLUMNS[1:], parsed.users, strict=True):
                self.users[name] += column
        if parsed.spans:  # a page of tweets all read column-wise (and no records)
            n, k = len(self.raw), len(parsed.spans)
            self.raw += parsed.spans
            self.page_of += [index] * k
            self.errors += [None] * k
            self.error_count += [0] * k
            self.spans += parsed.spans
            self.nested += parsed.nested
            self.spans_at += range(n, n + k)
            self.spans_page += [index] * k
        records = parsed.records
        n, k = len(self.raw), len(records)
        # Column by column for the whole page: per-record Python is what parsing costs.
        raws = [rec.raw for rec in records]
        self.raw += raws  # hashed all at once in frame(), the exact bytes kept
        self.page_of += [index] * k
        if any(rec.errors for rec in records):
            self.errors += [_SEP.join(rec.errors) if rec.errors else None for rec in records]
            self.error_count += [len(rec.errors) for rec in records]
        else:
            self.errors += [None] * k
            self.error_count += [0] * k
        if all(type(rec.fields) is tuple for rec in records):
            self.spans += raws
            self.nested += [rec.fields for rec in records]
            self.spans_at += range(n, n + k)
            self.spans_page += [index] * k
            return
        for at, rec in enumerate(records, n):
            if type(rec.fields) is tuple:
                self.spans.append(rec.raw)
                self.nested.append(rec.fields)
                self.spans_at.append(at)
                self.spans_page.append(index)
            else:
                self.fields.append(rec.fields)
                self.fields_at.append(at)

    def _fields_frame(self, text: pl.Series | None = None) -> pl.DataFrame:
        """Every record's fields, in arrival order. ``text``: the spans as a String column, when
        the caller has it (see ``frame``)."""
        fast, redo = x_columns.read(
            self.spans, self.nested, self.spans_page, self.users, self.ctx, text
        )
        if redo:
            # Values the column rules cannot vouch for: the general path reads (and judges) them.
            keep = pl.Series(range(len(self.spans))).is_in(redo).not_()
            fast = fast.filter(keep)
            users_by_page: dict[int, dict[str, Any]] = {}
            for pos in redo:
                at, page = self.spans_at[pos], self.spans_page[pos]
                try:
                    errs = ambiguity(self.spans[pos])
                    tweet = orjson.loads(self.spans[pos])
                    if page not in users_by_page:  # a page's users are read once, not per tweet
                        users_by_page[page] = x_columns.users_of(self.includes.get(page))
                    users = users_by_page[page]
                    fields = x_v2.tweet_fields(tweet, users, self.ctx, errs)
                except MemoryError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a record can fail, a batch cannot
                    fields, errs = {}, [unreadable(f"record {at}", exc)]
                self.fields.append(fields)
                self.fields_at.append(at)
                self.errors[at] = _SEP.join(errs) if errs else None
                self.error_count[at] = len(errs)
            spans_at = [a for a, k in zip(self.spans_at, keep, strict=True) if k]
        else:
            spans_at = self.spans_at
        slow = self._slow_frame()
        fast = fast.select(list(self.field_schema))
        if slow.is_empty():
            return fast
        if fast.is_empty() and self.fields_at == sorted(self.fields_at):
            return slow
        return (
            pl.concat(
                [
                    fast.with_columns(_at=pl.Series(spans_at, dtype=pl.UInt32)),
                    slow.with_columns(_at=pl.Series(self.fields_at, dtype=pl.UInt32)),
                ]
            )
            .sort("_at")
            .drop("_at")
        )

    def _slow_frame(self) -> pl.DataFrame:
        """The field dicts as a frame. A value no column can hold (which a parser should have
        named) empties that record's fields and says why, instead of failing the batch."""
        if not self.fields:
            return pl.DataFrame(schema=self.field_schema)
        try:
            return pl.from_dicts(self.fields, schema=self.field_schema)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - find the records at fault, one by one
            pass
        for i, (at, fields) in enumerate(zip(self.fields_at, self.fields, strict=True)):
            try:
                pl.from_dicts([fields], schema=self.field_schema)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001
                self.fields[i] = {}
                reason = unreadable(f"record {at}", exc)
                self.errors[at] = _SEP.join(filter(None, [self.errors[at], reason]))
                self.error_count[at] += 1
        return pl.from_dicts(self.fields, schema=self.field_schema)

    def _raw_columns(self) -> tuple[pl.Series, pl.Series, bool]:
        """The raw records as text (bytes that are not UTF-8 kept as backslash escapes) and the
        SHA-256 of each one's exact bytes, hex, computed over the whole column at once (the
        same digests as hashlib's, ``sha256_hex``); and whether the text is the bytes as they
        are (every record UTF-8)."""
        raw = pl.Series("raw", self.raw, dtype=pl.Binary)
        if max(map(len, self.raw), default=0) > _LONG_RECORD:
            # A one-row frame step copies its long value (Polars 2.1): a 50 MB record is hashed
            # by hashlib instead, without one more copy of it at the parse's peak.
            digests = pl.Series("raw", [sha256_hex(r) for r in self.raw], dtype=pl.String)
        else:
            digests = raw.to_frame().select(pl.col("raw").chash.sha2_256()).to_series()
        try:  # nearly always valid UTF-8: Polars checks and converts the whole column at once
            return raw.cast(pl.String), digests.alias("raw_sha256"), True
        except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError):
            text = [r.decode("utf-8", errors="backslashreplace") for r in self.raw]
            return pl.Series("raw", text, dtype=pl.String), digests.alias("raw_sha256"), False

    def frame(self) -> pl.DataFrame:
        """The staging rows. Consumes what was accumulated: the builder is not used after."""
        s = self.schema
        if len(self.spans) == len(self.raw):
            # Every record read column-wise (the pages X sends): the spans are the raw records,
            # in order, so their String column is built once, for both (it cost a tenth of the
            # parse twice); none is longer than x_scan.FAST_SPAN_MAX.
            raw, raw_sha256, utf8 = self._raw_columns()
            fields = self._fields_frame(raw if utf8 else None)
        else:
            fields = self._fields_frame()
            self.fields = []  # the dicts hold each record's text: let it go once in the frame
            # The two columns that can be large (a post's text, its raw record) are set aside
            # and put in place at the end: Polars copies every value of a one-row frame at each
            # step.
            raw, raw_sha256, _ = self._raw_columns()
        self.fields = []
        content = {"text": fields.get_column("text"), "raw": raw}
        self.raw = []
        fields = fields.drop("text")
        pages = pl.DataFrame(self.page_cols, schema={n: s[n] for n in _PAGE_COLUMNS})
        per_record = pl.DataFrame(
            {
                "raw_sha256": raw_sha256,
                "parse_errors": self.errors,
                "parse_error_count": self.error_count,
            },
            schema={
                "raw_sha256": s["raw_sha256"],
                "parse_errors": pl.String,
                "parse_error_count": s["parse_error_count"],
            },
        )
        provenance = (
            pages[pl.Series(self.page_of, dtype=pl.UInt32)] if self.page_of else (pages.clear())
        )
        out = (
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
            .select([n for n in s.names() if n not in content])
        )
        for at, name in sorted((s.names().index(n), n) for n in content):
            out.insert_column(at, content.pop(name).cast(s[name]))
        return out

    @property
    def size(self) -> int:
        return len(self.raw)

    def stats(self) -> dict[str, int]:
        return {"pages": self.pages, "api_errors": self.api_errors}


# A record this long is hashed by hashlib rather than over the column (see _raw_columns).
_LONG_RECORD = 1 << 20

_PAGE_COLUMNS = ("source", "source_ref", "page_sha256", "retrieved_at", "date_hint")
_PROVENANCE = {"target", "source", "source_ref", "page_sha256", "retrieved_at", "raw_sha256"}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a page is read or a batch built. Parsing allocates
    hundreds of thousands of tuples and lists that hold no cycles, and each allocation burst made
    the collector walk every object alive (a tenth of the parse). Back on afterwards, as it was:
    the sources' and callers' own work between pages runs with it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_pages(pages: Iterable[RawPage], target: Target) -> tuple[pl.DataFrame, dict[str, int]]:
    """Staging rows for every record in ``pages``, and counts (pages, api_errors)."""
    builder = _Builder(target)
    for page in pages:
        with _collector_paused():
            builder.add_page(page)
    with _collector_paused():
        return builder.frame(), builder.stats()


def parse_batches(
    pages: Iterable[RawPage], target: Target, batch_size: int, *, overlap: bool = True
) -> Iterator[tuple[pl.DataFrame, dict[str, int]]]:
    """The same, cut into frames of about ``batch_size`` records so memory stays bounded.

    ``overlap``: a full batch's frame is built in a thread while the next batch's pages are
    read. Reading pages is Python that holds the GIL; building the frame is mostly Polars, which
    releases it (column reads, hashes, casts: ~40 % of the parse). A batch then reaches the
    caller once the next one is read (or the pages end), one batch's pages more in memory; an
    error of ``pages`` still reaches the caller after every batch completed before it."""
    builder = _Builder(target)
    built: Future[tuple[pl.DataFrame, dict[str, int]]] | None = None
    pool = ThreadPoolExecutor(1, thread_name_prefix="parse-frame") if overlap else None
    it = iter(pages)
    try:
        while True:
            try:
                page = next(it)
            except StopIteration:
                break
            except BaseException:
                if built is not None:  # completed before the error: the caller gets it first
                    batch, built = built.result(), None
                    yield batch
                raise
            with _collector_paused():
                builder.add_page(page)
            del page  # its body is not held here while the batch is validated and stored
            if builder.size < batch_size:
                continue
            if pool is None:
                with _collector_paused():
                    batch = builder.frame(), builder.stats()
            elif built is None:
                built, batch = pool.submit(_built, builder), None
            else:
                batch, built = built.result(), pool.submit(_built, builder)
            builder = _Builder(target)
            if batch is not None:
                yield batch
                del batch
        if built is not None:
            batch, built = built.result(), None
            yield batch
        if builder.pages:
            with _collector_paused():
                batch = builder.frame(), builder.stats()
            yield batch
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _built(builder: _Builder) -> tuple[pl.DataFrame, dict[str, int]]:
    """A full batch's frame, built in ``parse_batches``' thread (the collector as it is: the
    reading thread pauses it page by page)."""
    return builder.frame(), builder.stats()
