"""``eval/fair.py``: the fair batches' figures that ``python -m eval.run`` writes, computed from
the scorer's output on every call (never written by hand), and the same as the own-cases
helpers the case tests use count."""

from __future__ import annotations

import polars as pl
import pytest

from eval import fair
from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scores() -> pl.DataFrame:
    return fair.scores(RulesScorer())


def test_every_fair_file_batch_and_language_is_reported(scores: pl.DataFrame) -> None:
    for name in fair.files():
        cases = fair.read(name)
        expected = set(cases.select("batch", "lang").unique().iter_rows())
        got = set(scores.filter(pl.col("file") == name).select("batch", "lang").iter_rows())
        assert got == expected, name


def test_every_blind_batch_is_marked_and_only_those(scores: pl.DataFrame) -> None:
    blind = {(f, b) for f, b in scores.filter("blind").select("file", "batch").iter_rows()}
    assert blind == {(f, b) for f, batches in fair.BLIND.items() for b in batches}


@pytest.mark.parametrize("name", ["fair_threats_other.tsv", "fair_sexual.tsv"])
def test_the_counts_agree_with_the_case_helpers(scores: pl.DataFrame, name: str) -> None:
    category, positive = fair.MEASURED.get(name, ("threat", "threat"))
    scored = own_cases.scored([name])
    for (batch, lang), rows in scored.group_by("batch", "lang"):
        row = scores.filter(
            (pl.col("file") == name) & (pl.col("batch") == batch) & (pl.col("lang") == lang)
        ).row(0, named=True)
        missed = own_cases.unnamed(rows, category, positive)
        assert row["positives"] == rows.filter(pl.col(positive) == 1).height
        assert row["named"] == row["positives"] - len(missed)
        assert row["hostile"] == len(own_cases.hostile_look_alikes(rows))


def test_the_table_has_a_line_per_row(scores: pl.DataFrame) -> None:
    lines = fair.table(scores).splitlines()
    assert len(lines) == scores.height + 2
    assert any("| yes |" in line for line in lines) and any(
        "read for rules" in line for line in lines
    )
