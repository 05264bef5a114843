"""A post's verdict does not depend on how the rules are cut into unions (release 1.28).

The rules of a category are scanned in unions of a few (``RuleSet.chunks``), cut by size: a
word added to a list could move a rule into another union. Two fixes keep verdicts the same
whatever the cut: rules of different languages never share a union (a foreign rule's match,
dropped for the post, hid a rule of the post's language), and a span held by a span of another
rule of its category, weighing as much or more, counts once (``tasks/scoring/spans.py``).
Checked by cutting the same rules into unions of half and twice the shipped size, on the
demo's posts and our written cases (the demo's supportive posts once turned hostile that way).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from eval.datasets import synthetic
from tasks.scoring import ruleset, spans
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet

CASES = sorted((Path(__file__).resolve().parents[1] / "eval" / "cases").glob("*.tsv"))


@pytest.fixture(scope="module")
def posts() -> pl.DataFrame:
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    frames.append(synthetic("seed-wave").select("text", "lang"))
    return pl.concat(frames).unique(maintain_order=True)


def _verdicts(posts: pl.DataFrame, chunk: int) -> pl.DataFrame:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(ruleset, "CHUNK", chunk)
        rs = RuleSet()
    assert len(rs.chunks) > 1
    out = RulesScorer(rs, model=False).score(posts)
    return out.select("text", "stance", pl.col("categories").list.join(","), "severity")


@pytest.mark.parametrize("factor", [0.5, 2.0])
def test_verdicts_do_not_depend_on_how_rules_are_cut_into_unions(posts, factor) -> None:
    shipped = _verdicts(posts, ruleset.CHUNK)
    other = _verdicts(posts, int(ruleset.CHUNK * factor))
    changed = shipped.with_columns(other=other["stance"]).filter(
        (shipped["stance"] != other["stance"]) | (shipped["categories"] != other["categories"])
    )
    assert changed.is_empty(), changed.head(5).to_dicts()


def test_the_demo_outrage_stays_supportive_in_any_cut(posts) -> None:
    text = "What the reporter is going through is disgusting. Support."
    one = pl.DataFrame({"text": [text], "lang": ["en"]})
    for chunk in (ruleset.CHUNK // 2, ruleset.CHUNK, ruleset.CHUNK * 2):
        assert _verdicts(one, chunk)["stance"][0] == "supportive"


def _fired(rows: list[tuple[int, str, str, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "_row": pl.UInt32,
            "category": pl.String,
            "span": pl.String,
            "_rid": pl.UInt32,
            "weight": pl.Float64,
        },
        orient="row",
    )


def _kept(fired: pl.DataFrame, texts: list[str]) -> list[str]:
    hits = pl.DataFrame(
        {"_row": list(range(len(texts))), "_t": texts}, schema={"_row": pl.UInt32, "_t": pl.String}
    )
    norm = pl.Series([True] * 10)
    return spans.without_held(fired, hits, norm)["span"].to_list()


def test_a_span_held_by_a_stronger_or_equal_span_of_its_category_counts_once() -> None:
    text = " you  are  disgusting. "
    fired = _fired(
        [(0, "insult", " are  disgusting.", 1, 0.8), (0, "insult", " disgusting.", 2, 0.3)]
    )
    assert _kept(fired, [text]) == [" are  disgusting."]


def test_a_stronger_span_inside_a_weaker_one_stays() -> None:
    text = " un  jour  quelqu'un  va  la  faire  taire "
    fired = _fired(
        [
            (0, "threat", " un  jour  quelqu'un  va  la  faire  taire ", 1, 0.45),
            (0, "threat", " jour  quelqu'un  va  la  faire  taire ", 2, 0.95),
        ]
    )
    assert len(_kept(fired, [text])) == 2


def test_a_held_span_that_also_occurs_elsewhere_stays() -> None:
    text = " disgusting.  you  are  disgusting. "  # the first one is no other span's
    fired = _fired(
        [(0, "insult", " are  disgusting.", 1, 0.8), (0, "insult", " disgusting.", 2, 0.3)]
    )
    assert len(_kept(fired, [text])) == 2


def test_spans_of_other_categories_or_posts_are_not_compared() -> None:
    texts = [" are  disgusting. ", " disgusting. "]
    fired = _fired(
        [
            (0, "insult", " are  disgusting.", 1, 0.8),
            (0, "support", " disgusting.", 2, 0.3),
            (1, "insult", " disgusting.", 2, 0.3),
        ]
    )
    assert len(_kept(fired, texts)) == 3
