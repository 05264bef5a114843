"""Row-level validation: every staging row either passes every rule or goes to quarantine with
the reasons of each rule it broke. Nothing is dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from tasks.errors import SelfCheckFailed
from tasks.store import LONG_TEXT, without
from tasks.validation_rules import MENTION_RULES, NON_BLANK, Rule

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

# The rules read at most this many characters of a long text value (see rule_frame).
CHECKED_PREFIX = 20_000
# What the rules may check of a long text column: a stand-in keeps exactly these verdicts.
_BOUNDED_CHECKS = frozenset({"required", "non_blank"})
_VISIBLE = re.compile(NON_BLANK)


def rule_frame(
    staging: pl.DataFrame, columns: Iterable[str], rules: tuple[Rule, ...] = MENTION_RULES
) -> pl.DataFrame:
    """``staging.select(columns)``, where a text value longer than ``CHECKED_PREFIX`` characters
    (an attacker's 50 MB post) is replaced by a part of itself of that length which every rule
    judges the same: it starts at the value's first visible character (at its start when it
    has none), so it is present and non-blank exactly when the value is. Those are the only
    checks a long column may have; another one stops the run here.

    The rows themselves are stored and sealed whole; only what the checks read is bounded. In a
    one-row frame Polars copied the whole text at each step of the checks (and pandas once
    more for great-expectations), ~200 MB for a 50 MB post."""
    columns = list(dict.fromkeys(columns))
    for rule in rules:
        if rule.column in LONG_TEXT and rule.check not in _BOUNDED_CHECKS:
            raise SelfCheckFailed(
                f"rule {rule.name}: a {rule.check!r} check on {rule.column!r} cannot be made on "
                f"a bounded stand-in; only {sorted(_BOUNDED_CHECKS)} can"
            )
    frame = without(staging, [n for n in staging.columns if n not in columns or n in LONG_TEXT])
    for name in columns:
        if name in LONG_TEXT and name in staging.columns:
            frame.insert_column(frame.width, _bounded(staging.get_column(name)))
    return frame.select(columns)


def _bounded(values: pl.Series) -> pl.Series:
    """``values`` with each text over ``CHECKED_PREFIX`` characters replaced by its stand-in
    (see rule_frame); ``values`` itself when none is that long."""
    if values.dtype != pl.String:
        return values  # no text to bound (a column of nulls only, say)
    arrow = values.to_arrow()  # a copy, but the only one: Arrow's functions copy nothing more
    if not isinstance(arrow, pa.Array):
        arrow = arrow.combine_chunks()
    long = pc.fill_null(pc.greater(pc.utf8_length(arrow), CHECKED_PREFIX), False)
    if not pc.any(long).as_py():
        return values
    stand_ins = []
    for i in pc.indices_nonzero(long).to_pylist():
        text = arrow[i].as_py()
        found = _VISIBLE.search(text)
        start = found.start() if found else 0
        stand_ins.append(text[start : start + CHECKED_PREFIX])
        del text
    bounded = pc.replace_with_mask(arrow, long, pa.array(stand_ins, arrow.type))
    return pl.Series(values.name, bounded, dtype=values.dtype)


def _checks(
    staging: pl.DataFrame, now: datetime, skew: timedelta, rules: tuple[Rule, ...]
) -> pl.DataFrame:
    """Every check in one pass: a boolean column per rule, true on the rows it rejects."""
    read = rule_frame(staging, ["parse_errors", *(r.column for r in rules)], rules)
    return read.select(
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
    # The reasons come from the columns the rules read (long texts bounded, as for the checks):
    # the rows are only taken, whole, once it is known which go where.
    read = rule_frame(staging, ["parse_errors", *(r.column for r in rules)], rules)
    reasons = flag(read.filter(suspects), now, skew, rules).get_column("reasons")
    # A flagged row whose reasons came out empty is valid, as it always was.
    has_reasons = reasons.list.len() > 0
    if not has_reasons.all():
        where = suspects.arg_true().filter(~has_reasons)
        suspects = suspects.scatter(where, False)
        reasons = reasons.filter(has_reasons)
    rejected = _with_reasons(_rows(staging, suspects), reasons)
    return _rows(staging, ~suspects), rejected, counts


def _rows(staging: pl.DataFrame, keep: pl.Series) -> pl.DataFrame:
    """``staging.filter(keep)``, with no step when it keeps all rows or none: a one-row frame's
    filter copied its long texts (see store.without)."""
    if keep.all():
        return staging
    if not keep.any():
        return pl.DataFrame(schema=staging.schema)
    return staging.filter(keep)


def _with_reasons(rows: pl.DataFrame, reasons: pl.Series) -> pl.DataFrame:
    """``rows.with_columns(reasons=reasons)``, the long texts set aside meanwhile (each is put
    back once)."""
    long = [n for n in LONG_TEXT if n in rows.columns]
    out = without(rows, long)
    out.insert_column(out.width, reasons.alias("reasons"))
    for name in sorted(long, key=rows.get_column_index):
        out.insert_column(rows.get_column_index(name), rows.get_column(name))
    return out
