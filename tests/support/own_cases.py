"""Our own written cases (eval/cases/*.tsv): scored by the default scorer, and checked against
the evaluation sets, for the test files that pin them (test_threat_cases,
test_threat_direct_cases, test_doxxing_cases)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from eval import fair
from tasks.scoring.rules import RulesScorer


def read(files: list[str]) -> pl.DataFrame:
    return pl.concat([fair.read(f).with_columns(file=pl.lit(f)) for f in files])


def scored(files: list[str]) -> pl.DataFrame:
    """The cases of ``files`` with the default scorer's stance, categories and reasons."""
    cases = read(files)
    out = RulesScorer().score(cases.select("text", "lang"))
    return cases.with_columns(
        stance=out["stance"], categories=out["categories"], reasons=out["reasons"]
    )


def unnamed(
    scored: pl.DataFrame, category: str, label: str | None = None
) -> list[tuple[str, list[str]]]:
    """(text, reasons) of every row labelled 1 in ``label`` (default: the category's own
    column) that the scorer does not put in ``category`` by a rule's span (a model's call, or
    none, is not enough)."""
    rows = scored.filter(pl.col(label or category) == 1).select("text", "categories", "reasons")
    return [
        (t, r)
        for t, c, r in rows.iter_rows()
        if category not in c or not any(f".{category}." in x and "«" in x for x in r)
    ]


def unnamed_threats(scored: pl.DataFrame) -> list[tuple[str, list[str]]]:
    """``unnamed`` threats: a threat must be named by a rule's span."""
    return unnamed(scored, "threat")


def hostile_look_alikes(scored: pl.DataFrame) -> list[tuple[str, list[str]]]:
    """(text, reasons) of every row labelled not hostile that the scorer calls hostile."""
    rows = scored.filter(pl.col("hostile") == 0).select("text", "stance", "reasons")
    return [(t, r) for t, s, r in rows.iter_rows() if s == "hostile"]


def evaluation_sentences_among(files: list[str], fixtures_dir: Path) -> dict[str, set[str]]:
    """Per labelled evaluation set, the cases of ``files`` it holds (lowercased, stripped)."""
    from eval.datasets import real_datasets

    ours = {t.lower().strip() for t in read(files)["text"].to_list()}
    sets = real_datasets(fixtures_dir)
    assert sets, "no labelled set under the fixtures"
    return {
        name: ours & {str(t).lower().strip() for t in load()["text"].to_list()}
        for name, load in sets.items()
    }


def score_one(text: str, lang: str) -> dict:
    """The default scorer's row for one post."""
    return score_with(RulesScorer(), text, lang)


def score_with(scorer: RulesScorer, text: str, lang: str | None) -> dict:
    """``scorer``'s row for one post (a test module's scorer, built once)."""
    return scorer.score(pl.DataFrame({"text": [text], "lang": [lang]})).row(0, named=True)


def score_all(posts: list[tuple[str, str]]) -> dict[str, dict]:
    """The default scorer's row for each (text, language), in one call, by text."""
    frame = pl.DataFrame({"text": [t for t, _ in posts], "lang": [lang for _, lang in posts]})
    out = RulesScorer().score(frame)
    return dict(zip(frame["text"], out.iter_rows(named=True), strict=True))


def rules_of(row: dict) -> list[str]:
    """The rule (or kind) of each reason of a scored row, without its span."""
    return [r.split(":")[0] for r in row["reasons"]]


def fired(text: str, lang: str) -> list[str]:
    """The rules behind the default scorer's reasons for one post."""
    return rules_of(score_one(text, lang))


def assert_named_threat(
    text: str, lang: str, rule: str | None, scorer: RulesScorer | None = None
) -> None:
    """``text`` is a threat named by ``rule``, or (``rule`` None) not a threat at all; scored by
    ``scorer`` (a test module's, built once) or the default one."""
    out = score_with(scorer or RulesScorer(), text, lang)
    if rule is None:
        assert "threat" not in out["categories"], out["reasons"]
    else:
        assert "threat" in out["categories"] and rule in rules_of(out), out["reasons"]


def assert_rule_or_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None, marker: str = ".threat."
) -> None:
    """``text`` is named by ``rule`` (one of the rules whose id holds ``marker``), or (``rule``
    None) a look-alike: no such rule fires and it is not hostile at all (stricter than
    ``assert_named_threat``, which asks only that it is not a threat)."""
    row = score_with(scorer, text, lang)
    named = [r.split(":")[0] for r in row["reasons"] if marker in r]
    if rule is None:
        assert named == [] and row["stance"] != "hostile", row["reasons"]
    else:
        assert rule in named, row["reasons"]
