"""Our own written threat cases (eval/cases/own_threats_en.tsv, own_threats_fr_more.tsv,
own_threats_fr_street.tsv: teenage chat and street French; own_threats_fr_indirect.tsv and
own_threats_en_indirect.tsv: the implicit and indirect forms of issue 18 with their
look-alikes; all learned from by the model), scored by the default scorer: every threat row is named a threat by a rule span, every neutral
contrast (dating talk, sport, news, counter-speech, care) is not hostile at all. Sentences
written for Tocsin (issue 18); no evaluation sentence is among them (test_scoring_eval)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.support import own_cases

FILES = [
    "own_threats_en.tsv",
    "own_threats_fr_more.tsv",
    "own_threats_fr_street.tsv",
    "own_threats_fr_indirect.tsv",
    "own_threats_en_indirect.tsv",
]


@pytest.fixture(scope="module")
def scored() -> pl.DataFrame:
    return own_cases.scored(FILES)


def test_the_files_hold_both_sides(scored: pl.DataFrame) -> None:
    for f in FILES:
        rows = scored.filter(pl.col("file") == f)
        assert rows.filter(pl.col("threat") == 1).height >= 20, f
        assert rows.filter(pl.col("threat") == 0).height >= 10, f


def test_every_threat_is_named_by_a_rule_span(scored: pl.DataFrame) -> None:
    assert own_cases.unnamed_threats(scored) == []


def test_no_neutral_contrast_is_hostile(scored: pl.DataFrame) -> None:
    assert own_cases.hostile_look_alikes(scored) == []


# The look-alikes the indirect-threat rules and neutralizers are written against: the same
# words with no target, in games, sport, counter-speech, or ordinary use.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("tu vas finir au fond d'un trou", "fr.threat.end_up_indirect", id="hole"),
        pytest.param("la valise a fini dans la seine", None, id="no-target"),
        pytest.param("vivement ta mort", "fr.threat.await_death", id="await-death"),
        pytest.param("vivement ta venue à paris", None, id="await-visit"),
        pytest.param("on va t'éteindre", "fr.threat.street_kill_end", id="eteindre"),
        pytest.param("on va t'éteindre la lumière", None, id="lumiere"),
        pytest.param("on sait où habite ta mère", "fr.threat.know_where_street", id="kin"),
        pytest.param("on sait où habite le suspect", None, id="suspect"),
        pytest.param("ta maison va brûler cette nuit", "fr.threat.your_home_burns", id="home"),
        pytest.param("ta maison va brûler si tu laisses la bougie", None, id="warning"),
        pytest.param("arrêtez de souhaiter la mort aux gens", None, id="counter-speech"),
        pytest.param("personne ne mérite la mort", None, id="negated"),
        pytest.param("je suis crevé", None, id="tired"),
        pytest.param("je prie pour ta guérison", None, id="prayer"),
    ],
)
def test_indirect_threats_and_look_alikes(text: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, "fr", rule)


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
    own_cases.assert_named_threat(text, "en", rule)
