"""How the rules and the learned layer decide together: stance, categories, severity, score and
reasons per row.

The rules decide most categories and the spans. The learned layer adds, never removes:

- its hostile head: a post no rule made hostile is hostile when the head's probability reaches
  its language's threshold and exceeds the supportive evidence; its categories are those of the
  weak rules that fired (a bare "stupid" is an insult), else ``other_abuse``;
- its threat head: a post the rules found no threat in is a threat (severity 4) when the head's
  probability reaches its language's threshold, exceeds the supportive evidence, the post has
  a target (``_anchor``) and abuse besides (a hostile rule, however weak, or the hostile head).

Its reasons come first: ``model.threat <p>: «word» +weight (n-gram), …``, ``model.hostile …``
(the words that pushed hardest). A veto of weak rule-only hits by the model was measured and
helped nowhere (docs/scoring.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl

from tasks.scoring import lexicon
from tasks.scoring.base import OUTPUT_SCHEMA
from tasks.scoring.model import two_decimals

HOSTILE_THRESHOLD = 0.5
SUPPORT_THRESHOLD = 0.5
_LIST = pl.List(pl.String)


# Per rule, as plain numbers: log(1 - w) when hostile (_lnh) or supportive (_lns), the
# severity when hostile, and the category as one bit (a row's categories are an OR of bits).
EVIDENCE_SCHEMA = {"_lnh": pl.Float64, "_lns": pl.Float64, "_sevh": pl.Int8, "_bit": pl.UInt16}
_BITS = {c: 1 << i for i, c in enumerate(lexicon.CATEGORIES)}


def evidence_of(category: str, weight: float) -> tuple[float, float, int, int]:
    ln = math.log(1.0 - weight) if weight < 1.0 else -math.inf
    if category == "support":
        return (0.0, ln, 0, 0)
    return (ln, 0.0, lexicon.SEVERITY[category], _BITS[category])


def _categories_of_bits() -> pl.DataFrame:
    masks = range(1 << len(lexicon.CATEGORIES))
    cats = [[c for c in lexicon.CATEGORIES if m & _BITS[c]] for m in masks]
    return pl.DataFrame(
        {"_mask": list(masks), "cats": cats}, schema={"_mask": pl.UInt16, "cats": _LIST}
    )


def rule_evidence(fired: pl.DataFrame) -> pl.DataFrame:
    """Per row: hostile and supportive scores (``1 - Π(1 - w)``: independent pieces of
    evidence; a rule counts once however many spans it matched), the highest severity, the
    hostile categories in lexicon order, and the reasons, strongest first."""
    row = pl.col("_row").cast(pl.UInt64) * (1 << 32)
    agg = (
        fired.with_columns(
            _once=(row + pl.col("_rid")).is_first_distinct(),
            _bfirst=(row + pl.col("_bit")).is_first_distinct(),
        )
        # Sorted once here rather than within each group: 4x faster.
        .sort("_row", "weight", descending=[False, True], maintain_order=True)
        .group_by("_row", maintain_order=True)
        .agg(
            hs=1.0 - pl.col("_lnh").filter("_once").sum().exp(),
            ss=1.0 - pl.col("_lns").filter("_once").sum().exp(),
            sev=pl.col("_sevh").max(),
            _mask=pl.col("_bit").filter("_bfirst").sum(),  # an OR of distinct bits
            reasons=pl.col("reason"),
        )
    )
    return agg.join(_categories_of_bits(), on="_mask", how="left").drop("_mask")


def rules_decide() -> pl.Expr:
    """Whether the rules alone make a row hostile (over ``rule_evidence``'s columns): the hostile
    evidence suffices and outweighs the supportive, or whatever the support when it is a threat,
    doxxing, incitement, hate or sexual harassment (severity 3+)."""
    sev = pl.col("sev").fill_null(0)
    hs, ss = pl.col("hs").fill_null(0.0), pl.col("ss").fill_null(0.0)
    return (hs >= HOSTILE_THRESHOLD) & ((sev >= 3) | (hs > ss))


def decide(
    rows: pl.DataFrame,
    evidence: pl.DataFrame,
    ignored: pl.DataFrame,
    model_words: Callable[[pl.DataFrame, str], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """``rows`` holds ``_row``; ``_p`` and ``_pt``, the model's hostile and threat probabilities
    (null where no model applies); ``_add`` and ``_addt``, the thresholds of the post's language;
    ``_anchor``, whether the post has a target (``patterns.TARGET_RX`` or a handle); a threat
    from the model also needs abuse besides (a hostile rule or the hostile head).
    ``evidence`` comes from ``rule_evidence``; ``ignored`` lists the neutralized spans shown.
    ``model_words`` gets the rows the model changed (``_row``) and a head, and returns the
    words behind its verdict (``_row, _model_words``)."""
    none = pl.lit([], dtype=_LIST)
    p, pt = pl.col("_p"), pl.col("_pt")
    sev = pl.col("sev").fill_null(0)
    rules_hostile = rules_decide()
    rules_threat = pl.col("cats").fill_null(none).list.contains("threat")
    out = (
        rows.join(evidence, on="_row", how="left")
        .join(ignored, on="_row", how="left")
        .with_columns(pl.col("hs", "ss").fill_null(0.0))
        .with_columns(
            _add=(~rules_hostile & (p >= pl.col("_add")) & (p > pl.col("ss"))).fill_null(False),
            # A threat from the model needs a target and abuse besides (a hostile rule, however
            # weak, or the hostile head over its threshold): two signals, so that "j'espère que
            # tu vas bien" or "je vais te détruire aux échecs" stay neutral.
            _addt=(
                ~rules_threat
                & pl.col("_anchor")
                & (pt >= pl.col("_addt"))
                & (pt > pl.col("ss"))
                & ((pl.col("hs") > 0) | (p >= pl.col("_add")))
            ).fill_null(False),
        )
        .with_columns(_hostile=rules_hostile | pl.col("_add") | pl.col("_addt"))
    )
    for head, flag, col in (("hostile", "_add", "_mw"), ("threat", "_addt", "_mwt")):
        changed = out.filter(pl.col(flag)).select("_row")
        if model_words is not None and changed.height:
            found = model_words(changed, head).rename({"_model_words": col})
            out = out.join(found, on="_row", how="left")
        else:
            out = out.with_columns(pl.lit(None, pl.String).alias(col))

    def reason(flag: str, head: str, prob: pl.Expr, col: str) -> pl.Expr:
        words = pl.when(pl.col(col).is_not_null()).then(pl.lit(": ") + pl.col(col))
        text = pl.lit(f"model.{head} ") + two_decimals(prob) + words.fill_null("")
        return pl.when(pl.col(flag)).then(pl.concat_list(text)).otherwise(none)

    cats = pl.col("cats").fill_null(none)
    threat_first = pl.concat_list(pl.lit(["threat"], dtype=_LIST), cats).list.unique(
        maintain_order=True
    )
    # lexicon order: threat is the first category
    out = out.with_columns(
        stance=pl.when(pl.col("_hostile"))
        .then(pl.lit("hostile"))
        .when(pl.col("ss") >= SUPPORT_THRESHOLD)
        .then(pl.lit("supportive"))
        .otherwise(pl.lit("neutral")),
        categories=pl.when(~pl.col("_hostile"))
        .then(none)
        .when(pl.col("_addt"))
        .then(threat_first)
        .when(cats.list.len() > 0)
        .then(cats)
        .otherwise(pl.lit(["other_abuse"], dtype=_LIST)),
        severity=pl.when(~pl.col("_hostile"))
        .then(0)
        .when(pl.col("_addt"))
        .then(lexicon.SEVERITY["threat"])
        .otherwise(pl.max_horizontal(sev, 1))
        .cast(pl.Int8),
        score=(
            1.0
            - (1.0 - pl.col("hs"))
            * pl.when(pl.col("_add")).then(1.0 - p).otherwise(1.0)
            * pl.when(pl.col("_addt")).then(1.0 - pt).otherwise(1.0)
        ).round(4),
        reasons=pl.concat_list(
            reason("_addt", "threat", pt, "_mwt"),
            reason("_add", "hostile", p, "_mw"),
            pl.col("reasons").fill_null(none),
            pl.col("ignored").fill_null(none),
        ),
    )
    return out.select("_row", *OUTPUT_SCHEMA)
