"""Threats of harm and incitement as written in sexist pile-ons, release 1.9
(eval/cases/own_threats_incitement.tsv): every threat named by a rule span, every look-alike
(contact, praise, games, a pitch, care, counter-speech, a bill, news) not hostile at all.
Sentences written for Tocsin (issue 18); no evaluation sentence is among them, nor in the fair
batches 5 and 6 of eval/cases/fair_threats_direct.tsv (checked by
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
        pytest.param(
            "hope someone knocks your teeth out",
            "en",
            "en.threat.wish_third_party_harm",
            id="wish-third-party",
        ),
        pytest.param("hope someone hits you up tonight", "en", None, id="wish-contact"),
        pytest.param(
            "hope somebody puts you in your place with a fist",
            "en",
            "en.threat.place_with_fist",
            id="place-fist",
        ),
        pytest.param("someone put her in her place in the rankings", "en", None, id="place-rank"),
        pytest.param(
            "go find her and beat her", "en", "en.threat.incite_find_and_harm", id="find-and-harm"
        ),
        pytest.param("go find her and give her a hug", "en", None, id="find-and-hug"),
        pytest.param("let's find her and thank her", "en", None, id="find-and-thank"),
        pytest.param(
            "someone should teach this bitch a lesson",
            "en",
            "en.threat.teach_designated",
            id="teach",
        ),
        pytest.param("i teach the girl a lesson every week", "en", None, id="teach-tutor"),
        pytest.param(
            "show her what happens to bitches like her",
            "en",
            "en.threat.show_what_happens",
            id="what-happens",
        ),
        pytest.param(
            "i'll show you what happens when you mix baking soda and vinegar",
            "en",
            None,
            id="what-happens-science",
        ),
        pytest.param("throw her in a river", "en", "en.threat.throw_in", id="throw-in"),
        pytest.param("throw the ball in the river", "en", None, id="throw-ball"),
        pytest.param(
            "she should be locked in a basement",
            "en",
            "en.threat.should_be_locked_in",
            id="locked-in",
        ),
        pytest.param("lock her in a cage", "en", "en.threat.locked_in", id="lock-in"),
        pytest.param("i locked my keys in the car", "en", None, id="locked-keys"),
        pytest.param("wire her jaw shut", "en", "en.threat.mouth_shut", id="mouth-shut"),
        pytest.param("slap her around a bit", "en", "en.threat.slap_around", id="slap-around"),
        pytest.param("slap the bass around a bit", "en", None, id="slap-bass"),
        pytest.param("off with her head", "en", "en.threat.off_with_head", id="off-with-head"),
        pytest.param(
            "you deserve every punch you get", "en", "en.threat.every_blow", id="every-blow"
        ),
        pytest.param("you deserve every bit of praise", "en", None, id="every-praise"),
        pytest.param("she's asking to get slapped", "en", "en.threat.asking_for", id="asking-for"),
        pytest.param("she's asking to get hit.", "en", "en.threat.asking_hit", id="asking-hit"),
        pytest.param("he's asking to get hit by a pitch", "en", None, id="asking-pitch"),
        pytest.param(
            "this woman is a traitor, she needs to hang",
            "en",
            "en.threat.needs_to_hang_end",
            id="hang-end",
        ),
        pytest.param("we need to hang out soon", "en", None, id="hang-out"),
        pytest.param("you should hang in there", "en", None, id="hang-in-there"),
        pytest.param(
            "if i ever see her i'm slapping her",
            "en",
            "en.threat.first_person_ing_hit",
            id="ing-hit",
        ),
        pytest.param("i'm punching the bag at the gym", "en", None, id="ing-bag"),
        pytest.param("i'm shooting her a text later", "en", None, id="ing-text"),
        pytest.param(
            "she makes me want to punch her", "en", "en.threat.makes_me_want", id="makes-want"
        ),
        pytest.param("this song makes me want to dance", "en", None, id="makes-dance"),
        pytest.param("women should be beaten", "en", "en.threat.group_deserves_harm", id="group"),
        pytest.param(
            "any woman who says that needs to be exterminated",
            "en",
            "en.threat.group_who_deserves_harm",
            id="group-who",
        ),
        pytest.param(
            "i think all women should be shot",
            "en",
            "en.threat.group_deserves_harm",
            id="group-opinion",
        ),
        pytest.param("no woman should be beaten", "en", None, id="group-negated"),
        pytest.param(
            "anyone who says women should be beaten is wrong", "en", None, id="group-counter"
        ),
        pytest.param("women should be paid the same", "en", None, id="group-paid"),
        pytest.param("police say a man told her someone should shut her up", "en", None, id="news"),
        pytest.param(
            "elle mérite une bonne gifle cette pute",
            "fr",
            "fr.threat.deserves_slap",
            id="fr-slap",
        ),
        pytest.param("elle mérite une bonne note", "fr", None, id="fr-note"),
        pytest.param("faites-lui payer", "fr", "fr.threat.make_her_pay", id="fr-pay"),
        pytest.param("faites-lui payer l'addition", "fr", None, id="fr-pay-bill"),
        pytest.param(
            "allez la chercher et tabassez-la",
            "fr",
            "fr.threat.incite_find_and_harm",
            id="fr-find-and-harm",
        ),
        pytest.param("allez la chercher et ramenez-la à la maison", "fr", None, id="fr-fetch"),
    ],
)
def test_incitement_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)
