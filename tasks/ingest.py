"""One batch through validate → deduplicate → store, as plain functions over Polars frames."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.errors import SelfCheckFailed
from tasks.files import locked, private_dir, replace_file
from tasks.gx_suite import gx_counts, gx_validate
from tasks.schema import MENTIONS, PLATFORMS_EPOCH, QUARANTINE
from tasks.spool import Spool
from tasks.store import conformed, conformed_parts, merge_parts, scan
from tasks.validate import split_counted


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


def validate_batch(
    staging: pl.DataFrame,
    *,
    now: datetime,
    skew: timedelta,
    validation_dir: Path | None = None,
    gx_context_root: Path | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    """(valid rows, rejected rows with reasons, the GX result).

    The quarantine comes from the Polars rules; GX runs the suite built from the same rules and
    its counts must agree, or the run stops: two diverging copies of the rules would be a bug.
    """
    valid, rejected, ours = split_counted(staging, now, skew)
    # Data Docs are built once at the end of a run (flows), not after every batch.
    result = gx_validate(staging, now, skew, context_root=gx_context_root, build_docs=False)
    theirs = gx_counts(result)
    if ours != theirs:
        diff = {k: (ours.get(k), theirs.get(k)) for k in ours if ours.get(k) != theirs.get(k)}
        raise SelfCheckFailed(
            "row rules and great-expectations disagree on this batch's failures "
            f"(rule: (row rules, GX)): {diff}; both are built from tasks/validation_rules.py, "
            "so one of them is wrong: the batch is not stored"
        )
    if validation_dir is not None:
        private_dir(validation_dir)
        n = len(list(validation_dir.glob("batch-*.json")))
        replace_file(
            validation_dir / f"batch-{n:04d}.json", json.dumps(result, indent=1, default=str)
        )
    return valid, rejected, result


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
