"""Our own written threat cases (eval/cases/own_threats_en.tsv, own_threats_fr_more.tsv,
own_threats_fr_street.tsv: teenage chat and street French),
scored by the default scorer: every threat row is named a threat by a rule span, every neutral
contrast (dating talk, sport, news, counter-speech, care) is not hostile at all. Sentences
written for Tocsin (issue 18); no evaluation sentence is among them (test_scoring_eval)."""

from __future__ import annotations

import polars as pl
import pytest

from eval.train import CASES_DIR
from tasks.scoring.rules import RulesScorer

FILES = ["own_threats_en.tsv", "own_threats_fr_more.tsv", "own_threats_fr_street.tsv"]


@pytest.fixture(scope="module")
def scored() -> pl.DataFrame:
    frames = [
        pl.read_csv(CASES_DIR / f, separator="\t", quote_char=None).with_columns(file=pl.lit(f))
        for f in FILES
    ]
    cases = pl.concat(frames)
    out = RulesScorer().score(cases.select("text", "lang"))
    return cases.with_columns(
        stance=out["stance"], categories=out["categories"], reasons=out["reasons"]
    )


def test_the_files_hold_both_sides(scored: pl.DataFrame) -> None:
    for f in FILES:
        rows = scored.filter(pl.col("file") == f)
        assert rows.filter(pl.col("threat") == 1).height >= 20, f
        assert rows.filter(pl.col("threat") == 0).height >= 10, f


def test_every_threat_is_named_by_a_rule_span(scored: pl.DataFrame) -> None:
    missed = [
        (t, r)
        for t, c, r in scored.filter(pl.col("threat") == 1)
        .select("text", "categories", "reasons")
        .iter_rows()
        if "threat" not in c or not any(".threat." in x and "«" in x for x in r)
    ]
    assert missed == []


def test_no_neutral_contrast_is_hostile(scored: pl.DataFrame) -> None:
    flagged = [
        (t, r)
        for t, s, r in scored.filter(pl.col("hostile") == 0)
        .select("text", "stance", "reasons")
        .iter_rows()
        if s == "hostile"
    ]
    assert flagged == []


# The first-person rules need what says the harm is to come and a person as object: the
# forms they used to take for threats (a report, a confession, dating talk, sport) stay out.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("i'm going to strangle her", "en.threat.first_person", id="intent"),
        pytest.param("ill stab u", "en.threat.first_person_c", id="contracted"),
        pytest.param("i will beat you senseless", "en.threat.first_person_beat", id="beat"),
        pytest.param("we'll end you.", "en.threat.first_person_end", id="end-you"),
        pytest.param(
            "he should have punched her", "en.threat.should_have_harmed", id="should-have"
        ),
        pytest.param("it's ok to slap a girl", "en.threat.ok_to_harm", id="ok-to-harm"),
        pytest.param("the man who raped her got ten years", None, id="news-past"),
        pytest.param("i find her cute", None, id="find-her"),
        pytest.param("we beat them 3-0", None, id="sport"),
        pytest.param("i'll find you a seat", None, id="find-you-a"),
        pytest.param("hit her up tonight", None, id="dating"),
    ],
)
def test_first_person_and_endorsed_harm(text: str, rule: str | None) -> None:
    out = RulesScorer().score(pl.DataFrame({"text": [text], "lang": ["en"]})).row(0, named=True)
    fired = [r.split(":")[0] for r in out["reasons"]]
    if rule is None:
        assert "threat" not in out["categories"], out["reasons"]
    else:
        assert "threat" in out["categories"] and rule in fired, out["reasons"]
