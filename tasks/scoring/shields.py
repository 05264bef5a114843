"""Shielded rules: spans no neutralizer reads into (``lexicon.SHIELDED``, release 1.44).

A neutralizer blanks what it matches before the rules read a post: "je ne vais pas te tuer" is
taken back. A few threats wear a negation themselves ("why don't you just die", "pourquoi tu
crèves pas"), and the negations blanked them. Before the neutralizers run, each match of a
shielded rule is put behind a mark, a made-up word of letters (``_mark``), so that to the
neutralizers it is one opaque word; once they have run, each mark is replaced by the span it
hid. A neutralizer that matches around a mark (a quotation that holds the whole question, a
report of it) still blanks it with the rest, and the question stays ignored; one that would
read inside it (a negation) finds nothing there.

The mark is letters because a neutralizer's edges consume only what is not a letter or a digit:
a mark is never cut in two, and a blank (a space) never joins letters into one. Post text is
attacker-controlled and may spell a mark: such a post is not shielded at all (read as before
this release) rather than receive a span it never held.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from tasks.scoring.ruleset import RuleSet

_MARK = re.compile(" ?zqxshield(a+)zqx ?")
_SPELT = "zqxshield"


def union(rs: RuleSet) -> str:
    """The shielded rules' union ("" if none)."""
    return "|".join(rs.rules[i].rx for i in rs.shielded)


def chunks(rs: RuleSet) -> list[int]:
    """The chunks holding a shielded rule: a post none of them reads has nothing to shield."""
    held = set(rs.shielded)
    return [i for i, ch in enumerate(rs.chunks) if held.intersection(ch.rule_at)]


def _mark(k: int) -> str:
    return f" zqxshield{'a' * (k + 1)}zqx "


def _masked(text: str, spans: list[str]) -> str:
    parts, pos = [], 0
    for k, span in enumerate(spans):
        at = text.index(span, pos)
        parts += [text[pos:at], _mark(k)]
        pos = at + len(span)
    parts.append(text[pos:])
    return "".join(parts)


def hide(
    text: pl.Series, rx: str, where: pl.Series
) -> tuple[pl.Series, pl.Series, list[list[str]]]:
    """``text`` with each match of ``rx`` behind a mark, only in the rows ``where`` holds; the
    positions of the rows changed and, per row, the spans hidden (in the text's order). Nothing
    to hide: ``text`` itself."""
    none = pl.Series([], dtype=pl.UInt32)
    if not rx or not text.len():
        return text, none, []
    at = where.arg_true()
    if not at.len():
        return text, none, []
    some = text.gather(at)
    at = at.filter(some.str.contains(rx) & some.str.contains(_SPELT, literal=True).not_())
    if not at.len():
        return text, none, []
    rows = text.gather(at)
    held = rows.str.extract_all(rx).to_list()
    out = text.clone()
    out.scatter(at, [_masked(t, spans) for t, spans in zip(rows.to_list(), held, strict=True)])
    return out, at, held


def shown(text: str, spans: list[str]) -> str:
    """``text`` with each mark replaced by the span it hid."""
    return _MARK.sub(lambda m: spans[len(m.group(1)) - 1], text)


def restore(frame: pl.DataFrame, at: pl.Series, held: list[list[str]]) -> pl.DataFrame:
    """``frame`` (``_n``: the text the neutralizers left; ``_ignored``: the spans they blanked)
    with the spans ``hide`` hid put back at the rows ``at``: in the text where no neutralizer
    took them, else in the span that blanked them."""
    if not at.len():
        return frame
    rows = frame[at]
    fixed = pl.DataFrame(
        {
            "_at": at,
            "_n2": pl.Series(
                [shown(t, h) for t, h in zip(rows["_n"].to_list(), held, strict=True)],
                dtype=pl.String,
            ),
            "_i2": pl.Series(
                [
                    [shown(s, h) for s in spans]
                    for spans, h in zip(rows["_ignored"].to_list(), held, strict=True)
                ],
                dtype=frame.schema["_ignored"],
            ),
        }
    )
    return (
        frame.with_row_index("_at")
        .join(fixed, on="_at", how="left", maintain_order="left")
        .with_columns(_n=pl.coalesce("_n2", "_n"), _ignored=pl.coalesce("_i2", "_ignored"))
        .drop("_at", "_n2", "_i2")
    )
