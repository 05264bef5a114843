"""A span held by another rule's span of its category counts once, as the span holding it.

The rules of a category are scanned in unions of some (``RuleSet.chunks``): within a union,
where two of its rules match overlapping text, the match found first is kept and the other is
not found (``"is disgusting"`` and the bare ``"disgusting"`` inside it: one reason, one piece
of evidence); in two unions, both are. Which rules share a union follows the rules' sizes, so
adding a word to a list could move a rule into another union and make the same post count
the same words twice: a supportive post became hostile that way (docs/scoring.md, release
1.28). Here, wherever both are found, the span another rule's span of the same category holds
is dropped when that rule weighs as much or more, unless the span also occurs outside every
such span in the post's text: the verdict no longer depends on how the rules are cut into
unions in that case (a stronger span inside a weaker one is kept: evidence is never lost).
"""

from __future__ import annotations

import polars as pl


def without_held(fired: pl.DataFrame, hits: pl.DataFrame, norm_rules: pl.Series) -> pl.DataFrame:
    """``fired`` (``_row, category, span, _rid, weight, ...``) without the spans that a span of
    another rule of the same row and category, weighing as much or more, holds, where every
    occurrence of the span in the row's text (``hits``' ``_t``, what the normalized rules
    read) lies in those spans. A span weighing more than the one holding it stays: a strong
    rule's evidence is never lost to a weaker phrase around it. Only spans of rules over the
    normalized text are compared (a raw rule's span is of another text)."""
    if fired.height < 2:
        return fired
    cand = fired.with_row_index("_at").filter(norm_rules.gather(fired["_rid"]))
    key = ["_row", "category"]
    shared = cand.filter(pl.len().over(key) > 1)
    if shared.is_empty():
        return fired
    pairs = (
        shared.select("_at", *key, "span", "_rid", "weight")
        .join(shared.select(*key, outer="span", _orid="_rid", _ow="weight"), on=key)
        .filter(
            (pl.col("_rid") != pl.col("_orid"))
            & (pl.col("weight") <= pl.col("_ow"))
            & (pl.col("span") != pl.col("outer"))
            & pl.col("outer").str.contains(pl.col("span"), literal=True)
        )
    )
    if pairs.is_empty():
        return fired
    text = hits.select("_row", "_t")
    counted = (
        pairs.join(text, on="_row", how="left")
        .with_columns(
            inside=pl.col("_t").str.count_matches(pl.col("outer"), literal=True)
            * pl.col("outer").str.count_matches(pl.col("span"), literal=True),
            anywhere=pl.col("_t").str.count_matches(pl.col("span"), literal=True),
        )
        .group_by("_at")
        .agg(pl.col("inside").sum(), pl.col("anywhere").first())
    )
    held = counted.filter(pl.col("anywhere") <= pl.col("inside"))["_at"]
    if held.is_empty():
        return fired
    return fired.with_row_index("_at").filter(~pl.col("_at").is_in(held.implode())).drop("_at")
