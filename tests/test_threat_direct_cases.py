"""Direct threats aimed at the reader, release 1.6 (eval/cases/own_threats_direct.tsv, learned
from): every threat named by a rule span, every look-alike (law, affection, games, warnings,
negation, news, counter-speech) not hostile at all. Sentences written for Tocsin
(issue 18); no evaluation sentence is among them, nor among the fair batches
(eval/cases/fair_threats_direct.tsv: written to measure the rules, never fitted to).

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
        pytest.param("je vais te démembrer", "fr", "fr.threat.direct_harm", id="harm"),
        pytest.param("je ne vais pas te démembrer", "fr", None, id="harm-negated"),
        pytest.param("je vais t'étouffer de bisous", "fr", None, id="affection"),
        pytest.param("je te ferai souffrir", "fr", "fr.threat.direct_will_make", id="make"),
        pytest.param("je te ferai goûter ma tarte", "fr", None, id="make-taste"),
        pytest.param(
            "je te ferai avaler ton portable", "fr", "fr.threat.direct_swallow", id="swallow"
        ),
        pytest.param("je vais te faire ravaler tes paroles", "fr", None, id="swallow-words"),
        pytest.param(
            "je te casserai les deux bras", "fr", "fr.threat.direct_two_limbs", id="two-limbs"
        ),
        pytest.param("je t'attaquerai si tu reviens", "fr", "fr.threat.direct_attack", id="attack"),
        pytest.param("je vais t'attaquer en justice", "fr", None, id="attack-law"),
        pytest.param("on va pirater ton compte", "fr", "fr.threat.direct_hack", id="hack"),
        pytest.param("je vais pirater ton wifi pour le jeu", "fr", None, id="hack-help"),
        pytest.param(
            "je vais trouver ton adresse.", "fr", "fr.threat.direct_find_address", id="find"
        ),
        pytest.param(
            "tu vas être traquée comme un animal", "fr", "fr.threat.direct_passive", id="passive"
        ),
        pytest.param("tu vas être chassé du groupe", "fr", None, id="passive-group"),
        pytest.param(
            "ta caisse va être incendiée cette nuit",
            "fr",
            "fr.threat.direct_home_harmed",
            id="home",
        ),
        pytest.param("ta caisse va être réparée cette nuit", "fr", None, id="home-repair"),
        pytest.param(
            "son appart va être attaqué au cocktail molotov",
            "fr",
            "fr.threat.direct_home_molotov",
            id="molotov",
        ),
        pytest.param("i'll poison you.", "en", "en.threat.direct_harm", id="en-harm"),
        pytest.param("i'll poison you with my cooking", "en", None, id="en-cooking"),
        pytest.param("i will never attack you", "en", None, id="en-negated"),
        pytest.param("we will mutilate him", "en", "en.threat.direct_harm_rare", id="en-rare"),
        pytest.param("i'll carve you up", "en", "en.threat.direct_cut_up", id="en-cut-up"),
        pytest.param("i'll cut you some slack", "en", None, id="en-slack"),
        pytest.param(
            "we'll set your house on fire", "en", "en.threat.direct_set_fire", id="en-fire"
        ),
        pytest.param("i'll set your heart on fire", "en", None, id="en-heart"),
        pytest.param(
            "i'll make you swallow your teeth", "en", "en.threat.direct_swallow", id="en-swallow"
        ),
        pytest.param("i'll make you eat your words", "en", None, id="en-words"),
        pytest.param("i'm gonna hack your phone.", "en", "en.threat.direct_hack", id="en-hack"),
        pytest.param("i'll dox you", "en", "en.threat.direct_dox", id="en-dox"),
        pytest.param("i will trace your ip.", "en", "en.threat.direct_trace", id="en-trace"),
        pytest.param("you will be hunted down", "en", "en.threat.direct_passive", id="en-passive"),
        pytest.param("you'll be shot by a photographer", "en", None, id="en-photo"),
        pytest.param(
            "your car is going to be torched", "en", "en.threat.direct_home_harmed", id="en-home"
        ),
        pytest.param("your car will be broken into if you park there", "en", None, id="en-warning"),
    ],
)
def test_direct_threats_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)
