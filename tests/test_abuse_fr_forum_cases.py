"""French abuse as forums write it, release 1.28 (eval/cases/own_abuse_fr_forum.tsv): a disease
wished on the target, impatience for a designated person's death, a call to be rid of people,
a blow given now, and insults ("gros lard", "des cassos comme toi"). Written for Tocsin (issue
18) from probes of our own, in the forms the rules missed among the training buckets of the
ToxiFrench forum set; no evaluation sentence is among them.

What every own case file must hold is checked in tests/test_own_case_files.py; here, each rule
with the look-alike it is written against."""

from __future__ import annotations

import pytest

from tests.support import own_cases


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param(
            "j'espère que tu finiras avec une mst", "fr", "fr.threat.wish_disease", id="disease"
        ),
        pytest.param("j'espère que tu n'auras pas le cancer", "fr", None, id="disease-not"),
        pytest.param("j'espère qu'elle aura pas le covid, la pauvre", "fr", None, id="disease-sms"),
        pytest.param("j'espère que t'as déjà eu le covid", "fr", None, id="disease-had"),
        pytest.param(
            "elle meurt quand cette vieille sorcière ?", "fr", "fr.threat.when_dies", id="when-dies"
        ),
        pytest.param("Il meurt quand, le héros, dans la saison 3 ?", "fr", None, id="when-plot"),
        pytest.param(
            "il faut se débarrasser de vous", "fr", "fr.threat.rid_of_you", id="rid-of-you"
        ),
        pytest.param(
            "il faut se débarrasser de lui aux prochaines élections", "fr", None, id="rid-vote"
        ),
        pytest.param(
            "je te mets un coup de poing dans la gueule", "fr", "fr.threat.blow_now", id="blow"
        ),
        pytest.param("je lui mets un coup de pied arrêté magnifique", "fr", None, id="blow-foot"),
        pytest.param("je lui colle un coup de fil ce soir", "fr", None, id="blow-phone"),
    ],
)
def test_forum_threats_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)


@pytest.mark.parametrize(
    ("text", "hostile"),
    [
        ("des cassos comme toi", True),
        ("t'es qu'un gros lard", True),
        ("c'est nul comme toi tu dis", False),
        ("un gros tas de linge à plier", False),
        ("les gens bien comme toi sont rares", False),
    ],
)
def test_forum_insults_and_look_alikes(text: str, hostile: bool) -> None:
    assert (own_cases.score_one(text, "fr")["stance"] == "hostile") == hostile


# release 1.29: violent verbs of things, criticism and the road (eval/cases/own_threats_fr_things.tsv)
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("on va défoncer ce gâteau", None),
        ("on va défoncer cette salope", "fr.threat.first_person_np"),
        ("je vais te démonter ton argument", None),
        ("je vais te démonter toi et ta famille", "fr.threat.street"),
        ("je vais la descendre en flèche dans ma critique", None),
        ("je vais la descendre, cette pute", "fr.threat.first_person"),
        ("je vais te griller la priorité", None),
        ("je vais te griller, tu vas voir", "fr.threat.ruin"),
        ("je vais te cramer ton secret", None),
        ("je vais te cramer ta voiture", "fr.threat.street"),
    ],
)
def test_violent_verbs_of_things_and_of_people(text: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, "fr", rule)
