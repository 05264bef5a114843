"""Wishes of death and illness, promised regret and revenge, mutilation, release 1.8
(eval/cases/own_threats_wishes.tsv): every threat named by a rule span, every look-alike (a
missed concert, a hen party, a parent cutting nails, games, news, negation, affection) not
hostile at all. Sentences written for Tocsin (issue 18); no evaluation sentence is among them,
nor in the fair batches 3 and 4 of eval/cases/fair_threats_direct.tsv (checked by
tests/test_threat_direct_cases.py).

What every own case file must hold (both sides; every threat named by a rule span; no
look-alike hostile; no evaluation sentence; no case in a blind fair batch) is checked in
tests/test_own_case_files.py; here, each rule with the look-alike it is written against."""

from __future__ import annotations

import pytest

from tests.support import own_cases


# Each new rule with the look-alike it is written against.
@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param("tu le regretteras.", "fr", "fr.threat.regret_end", id="regret"),
        pytest.param("tu vas regretter d'avoir raté le concert", "fr", None, id="regret-concert"),
        pytest.param("tu vas me regretter quand je serai loin", "fr", None, id="regret-miss-me"),
        pytest.param("tu me le paieras.", "fr", "fr.threat.pay_me", id="pay"),
        pytest.param("tu me le paieras en bonbons", "fr", None, id="pay-sweets"),
        pytest.param("je me vengerai de toi", "fr", "fr.threat.revenge_on_you", id="revenge"),
        pytest.param("je me vengerai au prochain tournoi", "fr", None, id="revenge-game"),
        pytest.param(
            "ma vengeance sera implacable", "fr", "fr.threat.revenge_terrible", id="vengeance"
        ),
        pytest.param("je vais t'arracher le foie", "fr", "fr.threat.tear_out", id="tear-out"),
        pytest.param("je vais te couper les testicules", "fr", "fr.threat.cut_off", id="cut-off"),
        pytest.param("je vais te couper les ongles des pieds", "fr", None, id="cut-nails"),
        pytest.param("on va te scalper", "fr", "fr.threat.mutilate_rare", id="scalp"),
        pytest.param(
            "j'espère que tu vas choper la grippe et y passer",
            "fr",
            "fr.threat.wish_pass_away",
            id="pass-away",
        ),
        pytest.param("j'espère que tu vas y passer un bon moment", "fr", None, id="spend-time"),
        pytest.param("vivement ta tombe", "fr", "fr.threat.await_grave", id="grave"),
        pytest.param("vivement ton enterrement de vie de garçon", "fr", None, id="hen-party"),
        pytest.param(
            "i'll make you regret this", "en", "en.threat.make_regret", id="en-make-regret"
        ),
        pytest.param("this will make you regret nothing", "en", None, id="en-regret-nothing"),
        pytest.param("you'll regret not buying it", "en", None, id="en-regret-not"),
        pytest.param(
            "i will get my revenge on you", "en", "en.threat.revenge_on_you", id="en-revenge"
        ),
        pytest.param(
            "my revenge will be merciless", "en", "en.threat.revenge_terrible", id="en-vengeance"
        ),
        pytest.param(
            "hope you catch covid and die", "en", "en.threat.wish_disease", id="en-disease"
        ),
        pytest.param("i hope you don't catch covid", "en", None, id="en-disease-negated"),
        pytest.param(
            "can't wait for you to die", "en", "en.threat.await_death", id="en-await-death"
        ),
        pytest.param("i can't kill you", "en", None, id="en-cant-kill"),
        pytest.param(
            "can't wait for your funeral", "en", "en.threat.await_funeral", id="en-funeral"
        ),
        pytest.param("i'll rip your fingernails out", "en", "en.threat.tear_out", id="en-tear-out"),
        pytest.param("i'll cut your nails tonight", "en", None, id="en-cut-nails"),
        pytest.param("i'll cut off your balls", "en", "en.threat.tear_out_first", id="en-cut-off"),
        pytest.param(
            "i'll break every bone in your body", "en", "en.threat.every_bone", id="en-bones"
        ),
        pytest.param("i'm going to break every record", "en", None, id="en-record"),
        pytest.param("i will never rip your heart out", "en", None, id="en-never-rip"),
    ],
)
def test_wishes_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)
