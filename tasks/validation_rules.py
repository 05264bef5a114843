"""Validation rules, declared once as data and derived from the table declaration.

Each rule knows how to become (a) a Polars expression that flags failing rows, with a per-row
reason, for the row-level quarantine, and (b) a great-expectations expectation for the recorded
validation result and Data Docs. Both come from the same ``Rule``; a test checks they flag the
same rows, and every run cross-checks their counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import polars as pl

from tasks import textsafe
from tasks.errors import SelfCheckFailed
from tasks.schema import MENTIONS
from tasks.tablekit import Table

Check = Literal[
    "parses", "required", "in_set", "non_blank", "not_future", "not_before", "min_value"
]

# Unicode White_Space, spelled out as the characters themselves. ``\s`` means three things here:
# Polars (Rust) takes these 25, Python's ``re`` (GX's pandas fallback) adds U+001C-U+001F, and
# pandas refuses to hand a pattern with ``\s``/``\S`` (or a ``\u`` escape) to pyarrow's regex
# engine, falling back to Python's per value. One explicit class means the same in all three.
WHITESPACE = "".join(
    chr(c)
    for c in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B))
    + (0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
)
# Characters that show nothing: zero-width ones, joiners, the byte-order mark, bidi controls.
# A text made only of them (and whitespace) is as blank as an empty one.
INVISIBLE = "".join(sorted(textsafe.INVISIBLE | textsafe.BIDI_CONTROLS))
# "Holds a character that is neither whitespace nor invisible."
NON_BLANK = f"[^{WHITESPACE}{INVISIBLE}]"


@dataclass(frozen=True)
class Rule:
    name: str
    column: str
    check: Check
    description: str
    allowed: tuple[str, ...] = ()
    min_value: int | None = None
    not_before: datetime | None = None

    def failing(self, now: datetime, skew: timedelta) -> pl.Expr:
        """True on the rows this rule rejects. Like GX, only ``required`` looks at nulls."""
        col = pl.col(self.column)
        match self.check:
            case "parses":
                return col > 0
            case "required":
                return col.is_null()
            case "in_set":
                return col.is_not_null() & ~col.is_in(list(self.allowed))
            case "non_blank":
                return col.is_not_null() & ~col.str.contains(NON_BLANK)
            case "not_future":
                return col.is_not_null() & (col > pl.lit(now + skew))
            case "not_before":
                return col.is_not_null() & (col < pl.lit(self.not_before))
            case "min_value":
                return col.is_not_null() & (col < self.min_value)
        raise SelfCheckFailed(f"rule {self.name}: check {self.check!r} is not implemented")

    def reason(self) -> pl.Expr:
        """The reason text for a failing row: rule name, column, and the offending value."""
        col = pl.col(self.column)
        match self.check:
            case "parses":
                # The parser's own messages name the field and the bad value.
                return pl.col("parse_errors").list.eval(pl.lit("parse: ") + pl.element())
            case "required":
                return pl.concat_list(pl.lit(f"required: {self.column} is missing"))
            case "in_set":
                return pl.concat_list(
                    pl.format(
                        f"in_set: {self.column} {{}} is not one of {', '.join(self.allowed)}",
                        col.cast(pl.String).str.slice(0, 40),
                    )
                )
            case "non_blank":
                return pl.concat_list(pl.lit(f"non_blank: {self.column} is empty"))
            case "not_future":
                return pl.concat_list(
                    pl.format(
                        f"not_future: {self.column} {{}} is after the run time",
                        col.dt.to_string("%Y-%m-%dT%H:%M:%SZ"),
                    )
                )
            case "not_before":
                # The date alone: strftime of year 0001 is not what a reader expects.
                return pl.concat_list(
                    pl.format(
                        f"not_before: {self.column} {{}} is before {self.not_before:%Y-%m-%d}, "
                        "when the oldest platform opened",
                        col.dt.to_string("%Y-%m-%dT%H:%M:%SZ"),
                    )
                )
            case "min_value":
                return pl.concat_list(
                    pl.format(f"min_value: {self.column} {{}} is below {self.min_value}", col)
                )
        raise SelfCheckFailed(f"rule {self.name}: check {self.check!r} is not implemented")

    def expectation_kwargs(self, now: datetime, skew: timedelta) -> tuple[str, dict[str, Any]]:
        """The great-expectations expectation class name and its arguments."""
        meta = {"rule": self.name}
        match self.check:
            case "parses":
                return "ExpectColumnValuesToBeBetween", dict(
                    column=self.column, max_value=0, meta=meta
                )
            case "required":
                return "ExpectColumnValuesToNotBeNull", dict(column=self.column, meta=meta)
            case "in_set":
                return "ExpectColumnValuesToBeInSet", dict(
                    column=self.column, value_set=list(self.allowed), meta=meta
                )
            case "non_blank":
                return "ExpectColumnValuesToMatchRegex", dict(
                    column=self.column, regex=NON_BLANK, meta=meta
                )
            case "not_future":
                return "ExpectColumnValuesToBeBetween", dict(
                    column=self.column, max_value=(now + skew).isoformat(), meta=meta
                )
            case "not_before":
                return "ExpectColumnValuesToBeBetween", dict(
                    column=self.column, min_value=self.not_before.isoformat(), meta=meta
                )
            case "min_value":
                return "ExpectColumnValuesToBeBetween", dict(
                    column=self.column, min_value=self.min_value, meta=meta
                )
        raise SelfCheckFailed(f"rule {self.name}: check {self.check!r} is not implemented")


def rules_for(table: Table) -> tuple[Rule, ...]:
    """The rules implied by a table's declaration, plus 'every field parsed with its type'."""
    rules = [
        Rule(
            "parses",
            "parse_error_count",
            "parses",
            "The record is JSON of a known shape and every field has its declared type.",
        )
    ]
    for c in table.columns:
        if c.derived:
            continue
        if not c.nullable:
            rules.append(Rule(f"{c.name}_required", c.name, "required", f"{c.name} is present."))
        if c.allowed:
            rules.append(
                Rule(
                    f"{c.name}_in_set",
                    c.name,
                    "in_set",
                    f"{c.name} is one of {', '.join(c.allowed)}.",
                    allowed=c.allowed,
                )
            )
        if c.non_blank:
            rules.append(
                Rule(f"{c.name}_non_blank", c.name, "non_blank", f"{c.name} is not blank.")
            )
        if c.not_future:
            rules.append(
                Rule(
                    f"{c.name}_not_future", c.name, "not_future", f"{c.name} is not in the future."
                )
            )
        if c.not_before is not None:
            rules.append(
                Rule(
                    f"{c.name}_not_before",
                    c.name,
                    "not_before",
                    f"{c.name} is not before {c.not_before:%Y-%m-%d}.",
                    not_before=c.not_before,
                )
            )
        if c.min_value is not None:
            rules.append(
                Rule(
                    f"{c.name}_min",
                    c.name,
                    "min_value",
                    f"{c.name} ≥ {c.min_value}.",
                    min_value=c.min_value,
                )
            )
    return tuple(rules)


MENTION_RULES = rules_for(MENTIONS)
