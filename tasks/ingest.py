"""A run's pages through parse → validate → deduplicate → store (``load_pages``), batch after
batch, as plain functions over Polars frames; great-expectations over the run's rows
(tasks.run_validation); the retries of the writes inside it (``retried``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from tasks.ahead import read_ahead
from tasks.errors import TocsinError
from tasks.evidence import keep_pages
from tasks.evidence.rawstore import MAX_SEGMENT_BYTES
from tasks.files import locked
from tasks.memory import release_freed_memory
from tasks.parse import parse_batches
from tasks.run_validation import RunValidation
from tasks.schema import MENTIONS, PLATFORMS_EPOCH, QUARANTINE
from tasks.spool import Spool
from tasks.storage import root_of
from tasks.store import conformed, conformed_parts, merge_parts, scan

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target
    from tasks import progress
    from tasks.runs import RunSummary
    from tasks.sources.base import Source

T = TypeVar("T")
log = logging.getLogger("tocsin.ingest")


@dataclass
class BatchOutcome:
    records_in: int = 0
    valid: int = 0
    quarantined: int = 0
    duplicates: int = 0
    written: int = 0
    touched_mentions: list[str] = field(default_factory=list)
    touched_quarantine: list[str] = field(default_factory=list)

    def add(self, other: BatchOutcome) -> BatchOutcome:
        return BatchOutcome(
            self.records_in + other.records_in,
            self.valid + other.valid,
            self.quarantined + other.quarantined,
            self.duplicates + other.duplicates,
            self.written + other.written,
            sorted(set(self.touched_mentions) | set(other.touched_mentions)),
            sorted(set(self.touched_quarantine) | set(other.touched_quarantine)),
        )


def _mention_columns(run_id: str) -> dict[str, pl.Expr]:
    return {"date": pl.col("created_at").dt.strftime("%Y-%m-%d"), "run_id": pl.lit(run_id)}


def to_mentions(valid: pl.DataFrame, run_id: str) -> pl.DataFrame:
    return conformed(MENTIONS, valid, **_mention_columns(run_id))


def to_quarantine(rejected: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """Rejected rows filed under the date they were meant for, so a re-run finds them again:
    the source's own date for the page, else the post's date if it is plausible (a timestamp in
    2099 or 0001 is the defect, not a date to file under), else the day it was received."""
    return conformed(QUARANTINE, rejected, **_quarantine_columns(run_id))


def _quarantine_columns(run_id: str) -> dict[str, pl.Expr]:
    plausible = pl.when(
        pl.col("created_at").is_between(pl.lit(PLATFORMS_EPOCH), pl.col("retrieved_at"))
    ).then(pl.col("created_at").dt.date())
    when = pl.coalesce(pl.col("date_hint"), plausible, pl.col("retrieved_at").dt.date())
    return {"date": when.dt.strftime("%Y-%m-%d"), "run_id": pl.lit(run_id)}


MENTION_ORDER = ["created_at", "platform", "post_id", "version"]
"""How the rows of a mentions partition are sorted."""


def mention_spool(root: Path) -> Spool:
    """Where a run's valid rows wait, batch after batch, to be merged into their partitions once
    (``store_batch(..., spool=)``, then ``commit_mentions``)."""
    return Spool(root, MENTIONS, MENTION_ORDER)


def store_batch(
    root: Path,
    valid: pl.DataFrame,
    rejected: pl.DataFrame,
    run_id: str,
    spool: Spool | None = None,
) -> BatchOutcome:
    """Deduplicate (within the batch and against storage) and merge into the partitions.

    With a ``spool`` (``mention_spool``) the valid rows are set aside in it instead, and
    ``commit_mentions`` merges all the run's at once (each partition rewritten once, not once
    per batch): until then this batch's outcome counts them neither written nor duplicates.
    The quarantine is merged at once either way.
    """
    # The rows and their long texts apart (see store.conformed_parts): the texts are stored as
    # they are, not copied into one more frame (in a one-row one, Polars copies each).
    mentions, texts = conformed_parts(MENTIONS, valid, **_mention_columns(run_id))
    quarantine, records = conformed_parts(QUARANTINE, rejected, **_quarantine_columns(run_id))
    if spool is not None:
        spool.add(mentions, texts)
        del mentions, texts
    with locked(root):
        if spool is None:
            written, touched = merge_parts(root, MENTIONS, mentions, texts, sort_by=MENTION_ORDER)
        else:
            written, touched = 0, []
        # A quarantined record is known by its raw hash wherever it was filed before.
        # Only the batch's targets' folders are listed and read, not the whole table.
        fresh = quarantine.with_row_index("_row")
        for name in quarantine["target"].unique().to_list():
            seen = scan(root, QUARANTINE, ["target", "raw_sha256"], where={"target": name})
            fresh = fresh.join(
                seen.collect(), on=["target", "raw_sha256"], how="anti", maintain_order="left"
            )
        if fresh.height < quarantine.height:
            rows = fresh.get_column("_row")
            quarantine = quarantine[rows]
            records = {n: values.gather(rows) for n, values in records.items()}
        q_written, q_touched = merge_parts(
            root, QUARANTINE, quarantine, records, sort_by=["raw_sha256"]
        )
    return BatchOutcome(
        records_in=valid.height + rejected.height,
        valid=valid.height,
        quarantined=q_written,
        duplicates=valid.height - written if spool is None else 0,
        written=written,
        touched_mentions=sorted({p["date"] for p in touched}),
        touched_quarantine=sorted({p["date"] for p in q_touched}),
    )


def commit_mentions(root: Path, spool: Spool, valid: int) -> BatchOutcome:
    """Merge the valid rows set aside in ``spool`` (``store_batch(..., spool=)``) into their
    partitions, each rewritten once; ``valid``: how many were given to it. The outcome counts
    only what this adds to the batches' (written, duplicates, the partitions touched)."""
    with locked(root):
        written, touched = spool.commit()
    return BatchOutcome(
        duplicates=valid - written,
        written=written,
        touched_mentions=sorted({p["date"] for p in touched}),
    )


IO_RETRY_DELAYS = (2, 10)
"""Seconds before each new attempt of a step that reads or writes files, after a transient
error (flows.steps.IO_RETRIES gives a Prefect task the same)."""


def transient(exc: BaseException) -> bool:
    """An I/O hiccup worth retrying (a full disk, a lost mount, a timeout), never one of our
    own clear errors."""
    return isinstance(exc, OSError | TimeoutError) and not isinstance(exc, TocsinError)


def retried(fn: Callable[..., T], delays: tuple[float, ...] = IO_RETRY_DELAYS) -> Callable[..., T]:
    """``fn``, called again after each of ``delays`` seconds while it fails on a ``transient``
    error: the retries a Prefect task of its own had, for a step run inside a group."""

    def call(*args: Any, **kwargs: Any) -> T:
        for delay in delays:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                if not transient(exc):
                    raise
                log.warning("%s failed (%s), retrying in %s s", fn.__name__, exc, delay)
                time.sleep(delay)
        return fn(*args, **kwargs)

    return call


def load_pages(
    settings: Settings,
    target: Target,
    source: Source,
    start: datetime | None,
    end: datetime | None,
    run_id: str,
    now: datetime,
    summary: RunSummary,
    spool: Spool,
    shown: progress.Bar,
    ahead: bool = True,
) -> tuple[BatchOutcome, int]:
    """The pages ``source`` gives for ``target`` over [start, end): kept verbatim (the evidence
    copy), parsed in batches, each batch split by the row rules and stored (its valid rows into
    ``spool``, merged into their partitions after the last batch), great-expectations run over
    the run's rows (tasks.run_validation.RunValidation). ``summary``'s counts and timings follow
    as it goes, so a run that fails midway records what it did. Returns the outcome and how many GX
    validations were made (their results are in the GX context, for the Data Docs).

    ``ahead``: the evidence copy kept ahead in a thread, read back for the seal in a helper.

    One step for a flow (one task run a target and source, not two a batch): a source's pages
    cannot be pulled again, so the group has no retries of its own; its writes do (``retried``).
    """
    root = settings.data_dir
    timings = summary.timings
    total = BatchOutcome()
    validation = RunValidation(
        now,
        settings.clock_skew,
        validation_dir=root_of(root).location(f"validation/{run_id}/{target.name}"),
        gx_context_root=root / "gx" if settings.data_docs else None,
    )
    store, commit = retried(store_batch), retried(commit_mentions)
    clock = time.perf_counter()
    # The evidence copy: every page stored verbatim, append-only, before it is parsed; the media
    # its pages name held for the seal step's media stage (lifecycle.seal_kept_pages).
    # ``ahead``: the next segment received and kept in a thread while the last one's pages are
    # parsed (tasks.ahead). Not in a group's worker processes: both cores are busy there, and
    # the thread's glibc arena cost ~180 MB a worker (docs/benchmarks.md, "2026-12-05, evening").
    received = shown.count(source.pages(target, start, end))
    media = settings.evidence.evidence_media
    pages = keep_pages(received, root, run_id, target.name, media=media, seal_ahead=ahead)
    if ahead:
        pages = read_ahead(
            pages, lambda p: len(p.body), MAX_SEGMENT_BYTES, name=f"keep-{target.name}"
        )
    for staging, stats in parse_batches(pages, target, settings.batch_size):
        timings["parse"] += time.perf_counter() - clock
        summary.pages += stats["pages"]
        summary.api_errors += stats["api_errors"]
        clock = time.perf_counter()
        valid, rejected = validation.split(staging)
        timings["validate"] += time.perf_counter() - clock
        clock = time.perf_counter()
        total = total.add(store(root, valid, rejected, run_id, spool=spool))
        # Not held while the next batch is parsed, nor after the last one (scoring,
        # sealing): a batch can hold a 50 MB post, twice (its text, its raw record).
        del staging, valid, rejected
        release_freed_memory()
        summary.count(total)
        shown.advance(0, records=total.records_in, written=total.written)
        timings["store"] += time.perf_counter() - clock
        clock = time.perf_counter()
    clock = time.perf_counter()
    validation.check()  # before the commit: rows GX disputes are never merged
    timings["validate"] += time.perf_counter() - clock
    clock = time.perf_counter()
    total = total.add(commit(root, spool, total.valid))
    release_freed_memory()  # the commit's partitions, before scoring reads the rows again
    summary.count(total)
    # The rows wait in the spool until here: the line said "0 written" until the end otherwise.
    shown.advance(0, records=total.records_in, written=total.written)
    timings["store"] += time.perf_counter() - clock
    return total, validation.checked
