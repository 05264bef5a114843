"""great-expectations over a run's rows, cross-checked with the row rules' counts
(``RunValidation``), and a lone batch's validation (``validate_batch``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.errors import SelfCheckFailed
from tasks.files import private_dir, replace_file
from tasks.gx_suite import gx_counts, gx_rows, gx_validate
from tasks.storage import ObjectPath
from tasks.validate import split_counted


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
    result = _cross_checked(
        staging,
        ours,
        now,
        skew,
        gx_context_root,
        "this batch's failures",
        "the batch is not stored",
    )
    if validation_dir is not None:
        n = len(list(folder_of(validation_dir).glob("batch-*.json")))
        put_result(validation_dir / f"batch-{n:04d}.json", result)
    return valid, rejected, result


def folder_of(location: Path | ObjectPath) -> Path | ObjectPath:
    """A local folder, made (owner-only) first; an S3 prefix as it is (nothing to make)."""
    return location if isinstance(location, ObjectPath) else private_dir(location)


def put_result(dest: Path | ObjectPath, result: dict[str, Any]) -> None:
    """A validation result as JSON: a local file replaced whole (its folder owner-only), or one
    PUT under an s3:// data root."""
    text = json.dumps(result, indent=1, default=str)
    if isinstance(dest, ObjectPath):
        dest.write_bytes(text.encode())
        return
    replace_file(dest, text)


GX_GATHER_BYTES = 64 << 20
"""How much of a run's rule columns (tasks.gx_suite.gx_rows) is gathered before
great-expectations validates them: a run validates once unless its rows' rule columns exceed
this, which bounds the memory they take (3M posts of the benchmarks' mix: six validations).
GX's pandas copy of them takes several times their size while it runs: with 128 MB the checks
of a 3M-post import rose to 1,790 MB, with 64 MB they stayed under 1,400 MB, for two more
validations (~85 ms each; docs/benchmarks.md, "2026-12-07, evening")."""


class RunValidation:
    """A run's validation: each batch split by the row rules at once (``split``), and
    great-expectations run over the rows of the whole run, not once per batch (``check``): GX
    costs ~85 ms a validation whatever its size, and a result file per batch. GX's counts must
    equal the row rules' summed over the same batches, or the run stops.

    The split decides the quarantine; GX checks it. A disagreement stops the run before its
    valid rows are committed (they wait in the spool until the last batch was checked); what
    the row rules rejected in earlier batches is already in the quarantine, as rejected rows.
    """

    def __init__(
        self,
        now: datetime,
        skew: timedelta,
        validation_dir: Path | None = None,
        gx_context_root: Path | None = None,
        gather_bytes: int = GX_GATHER_BYTES,
    ) -> None:
        self.now, self.skew = now, skew
        self.validation_dir, self.gx_context_root = validation_dir, gx_context_root
        self.gather_bytes = gather_bytes
        self.rows: list[pl.DataFrame] = []
        self.counts: dict[str, int] = {}
        self.gathered = 0
        self.checked = 0  # GX validations done so far

    def split(self, staging: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(valid rows, rejected rows with reasons) of one batch; its rule columns kept for GX,
        which runs when enough are gathered (else at ``check``)."""
        valid, rejected, ours = split_counted(staging, self.now, self.skew)
        rows = gx_rows(staging)
        self.rows.append(rows)
        self.counts = {k: self.counts.get(k, 0) + v for k, v in ours.items()}
        self.gathered += rows.estimated_size()
        if self.gathered >= self.gather_bytes:
            self.check()
        return valid, rejected

    def check(self) -> dict[str, Any] | None:
        """Validate the rows gathered since the last check with GX; its result is written to
        ``validation_dir`` as ``result-NNNN.json`` and returned (None: nothing gathered)."""
        if not self.rows:
            return None
        rows, ours = pl.concat(self.rows, how="vertical", rechunk=False), self.counts
        self.rows, self.counts, self.gathered = [], {}, 0
        result = _cross_checked(
            rows,
            ours,
            self.now,
            self.skew,
            self.gx_context_root,
            f"the failures of the run's {rows.height:,} rows since the last check",
            "the run's valid rows are not committed",
        )
        del rows
        if self.validation_dir is not None:
            put_result(self.validation_dir / f"result-{self.checked:04d}.json", result)
        self.checked += 1
        return result


def _cross_checked(
    staging: pl.DataFrame,
    ours: dict[str, int],
    now: datetime,
    skew: timedelta,
    gx_context_root: Path | None,
    what: str,
    consequence: str,
) -> dict[str, Any]:
    """GX's result over ``staging``, whose failures per rule must be ``ours`` (the row
    rules'), or SelfCheckFailed saying on ``what`` and the ``consequence``."""
    # Data Docs are built once at the end of a run (flows), not after every validation.
    result = gx_validate(staging, now, skew, context_root=gx_context_root, build_docs=False)
    theirs = gx_counts(result)
    if ours != theirs:
        diff = {k: (ours.get(k), theirs.get(k)) for k in ours if ours.get(k) != theirs.get(k)}
        raise SelfCheckFailed(
            f"row rules and great-expectations disagree on {what} "
            f"(rule: (row rules, GX)): {diff}; both are built from tasks/validation_rules.py, "
            f"so one of them is wrong: {consequence}"
        )
    return result
