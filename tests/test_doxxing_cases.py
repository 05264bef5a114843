"""Our own written doxxing cases (eval/cases/own_doxxing.tsv), scored by the
default scorer: every doxxing row (a street address or phone number next to a word that says
whose it is, or a disclosure or possession aimed at the target: "on a ton adresse", "here's her
home address", "we have your number") is hostile doxxing named by a doxxing rule span; every
look-alike (a bare "chez toi", "ton numéro", "works at", an event's address, a shop's number) is
not hostile at all. Sentences written for Tocsin (issue 18), learned from by the model (eval.train's
OWN_CASES): test_scoring_eval checks that none is an evaluation sentence."""

from __future__ import annotations

import polars as pl
import pytest

from tests.support import own_cases

FILE = "own_doxxing.tsv"


@pytest.fixture(scope="module")
def scored() -> pl.DataFrame:
    return own_cases.scored([FILE])


def test_the_file_holds_both_sides_in_both_languages(scored: pl.DataFrame) -> None:
    for lang in ("fr", "en"):
        rows = scored.filter(pl.col("lang") == lang)
        assert rows.filter(pl.col("doxxing") == 1).height >= 10, lang
        assert rows.filter(pl.col("doxxing") == 0).height >= 10, lang


def test_every_doxxing_case_is_hostile_and_named_by_a_doxxing_rule(scored: pl.DataFrame) -> None:
    assert own_cases.unnamed(scored, "doxxing") == []
    not_hostile = scored.filter((pl.col("doxxing") == 1) & (pl.col("stance") != "hostile"))
    assert not_hostile["text"].to_list() == []


def test_no_look_alike_is_hostile(scored: pl.DataFrame) -> None:
    assert own_cases.hostile_look_alikes(scored) == []


@pytest.mark.parametrize(
    ("lang", "text", "rule"),
    [
        pytest.param("fr", "je sais où tu habites", "fr.threat.know_where", id="fr-know-where"),
        pytest.param("en", "we know your address", "en.threat.know_address", id="en-know"),
        pytest.param("en", "i know where you live", "en.threat.know_where", id="en-know-where"),
        pytest.param(
            "fr",
            "cette journaliste devrait faire attention en rentrant chez elle",
            "fr.threat.watch_out_home",
            id="fr-watch-out-home",
        ),
    ],
)
def test_knowing_where_the_target_lives_stays_a_threat_not_doxxing(
    lang: str, text: str, rule: str
) -> None:
    out = own_cases.score_one(text, lang)
    assert out["categories"] == ["threat"] and rule in own_cases.rules_of(out), out["reasons"]


def test_an_address_right_after_the_verb_is_read() -> None:
    # "vit au " once ended in a space, which left none for the number's left edge: "elle vit
    # au 7 rue …" was an address without whose it was (release 1.33 mends it).
    fired = own_cases.fired("elle vit au 7 rue des Acacias", "fr")
    assert "fr.doxxing.detail_given" in fired
