"""Row-level validation: every staging row either passes every rule or goes to quarantine with
the reasons of each rule it broke. Nothing is dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from tasks.validation_rules import MENTION_RULES, Rule

_NO_REASONS = pl.lit([], dtype=pl.List(pl.String))
# Parser messages meaning "this is not a post at all": the other rules would only add noise.
_UNREADABLE = r"^(not_json|unknown_format|api_error|not_a_post|unreadable|ambiguous):"


def _unreadable() -> pl.Expr:
    return (
        pl.col("parse_errors").list.eval(pl.element().str.contains(_UNREADABLE)).list.any()
    ).fill_null(False)


def flag(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES
) -> pl.DataFrame:
    """``staging`` with a ``reasons`` list column (empty when the row is valid)."""
    reasons = [
        pl.when(r.failing(now, skew).fill_null(False)).then(r.reason()).otherwise(_NO_REASONS)
        for r in rules
    ]
    parse_only = pl.col("parse_errors").list.eval(pl.lit("parse: ") + pl.element())
    return staging.with_columns(
        reasons=pl.when(_unreadable()).then(parse_only).otherwise(pl.concat_list(reasons))
    )


# The column of the checks frame saying the parser could not read the record (no rule's name).
_NOT_A_POST = "<unreadable>"


def _checks(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...]
) -> pl.DataFrame:
    """Every check in one pass: a boolean column per rule, true on the rows it rejects."""
    return staging.select(
        _unreadable().alias(_NOT_A_POST),
        *[r.failing(now, skew).fill_null(False).alias(r.name) for r in rules],
    )


def rule_counts(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES
) -> dict[str, int]:
    """How many rows each rule rejects (compared with great-expectations' counts each run)."""
    return _counts(_checks(staging, now, skew, rules))


def _counts(checks: pl.DataFrame) -> dict[str, int]:
    row = checks.drop(_NOT_A_POST).sum().row(0, named=True)
    return {k: int(v) for k, v in row.items()}


def split(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows, rejected rows with their ``reasons``), each in staging order."""
    valid, rejected, _ = split_counted(staging, now, skew, rules)
    return valid, rejected


def split_counted(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """``split`` and ``rule_counts`` from one pass of the checks over the rows.

    The reasons (text built per row) are only built for the few rows some rule flags: building
    them for every row and dropping the empty ones cost more than all the checks together.
    """
    checks = _checks(staging, now, skew, rules)
    counts = _counts(checks)
    suspects = checks.select(pl.any_horizontal(pl.all())).to_series()
    if not suspects.any():
        # A fresh empty frame, not ``staging.clear()``: Polars' cleared one-row frame still
        # holds each value (a 50 MB post's text), and every step after copied it.
        return staging, flag(pl.DataFrame(schema=staging.schema), now, skew, rules), counts
    flagged = flag(staging.filter(suspects), now, skew, rules)
    # A flagged row whose reasons came out empty is valid, as it always was.
    has_reasons = flagged.select(pl.col("reasons").list.len() > 0).to_series()
    if not has_reasons.all():
        where = suspects.arg_true().filter(~has_reasons)
        suspects = suspects.scatter(where, False)
    return staging.filter(~suspects), flagged.filter(has_reasons), counts
