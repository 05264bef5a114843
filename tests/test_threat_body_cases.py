"""Harm to the body ordered, incited or wished to be seen, release 1.46
(tasks/scoring/lexicon_threats_body.py; eval/cases/own_threats_body.tsv): each rule with the
look-alike it is written against. Sentences written for Tocsin (issue 18); none is an evaluation
sentence, nor in a blind fair batch (tests/test_own_case_files.py checks both, and reads every
own case as written)."""

from __future__ import annotations

import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        # an order at the start of a sentence (English, over the raw text)
        ("smash her face in.", "en", "en.threat.imperative_body"),
        ("she smashed her face on the door, poor thing", "en", None),
        ("Just break his legs", "en", "en.threat.imperative_body"),
        ("break a leg tonight!", "en", None),
        ("she broke her leg skiing", "en", None),
        ("did he break her legs in the movie?", "en", None),
        ("rip his heart out", "en", "en.threat.imperative_body"),
        ("he ripped his jeans", "en", None),
        ("light her on fire", "en", "en.threat.imperative_body"),
        ("set the table on fire with those candles", "en", None),
        ("run him over", "en", "en.threat.imperative_body"),
        ("run her over to the station, she needs a ride", "en", None),
        ("hit her with a brick", "en", "en.threat.imperative_body"),
        ("hit her up with a text", "en", None),
        ("put her in the ground", "en", "en.threat.imperative_body"),
        ("put her in the car", "en", None),
        # a modal that calls for it; the past tense tells
        ("someone should set her on fire", "en", "en.threat.incite_fire"),
        ("he set her on fire in 2019", "en", None),
        ("they should bury her alive", "en", "en.threat.incite_ground"),
        ("they buried her in the family plot", "en", None),
        ("shove a broomstick up her ass", "en", "en.threat.shove_up"),
        ("shove it up your ass", "en", None),
        ("let them drown", "en", "en.threat.let_die"),
        ("let them drown in paperwork", "en", None),
        ("i want to see her get beaten up", "en", "en.threat.want_to_see_harm"),
        ("i want to see her get killed off in season 3", "en", None),
        ("i don't want to see anyone get hurt", "en", None),
        ("you need a bullet", "en", "en.threat.due_bullet"),
        ("you need a bullet point here", "en", None),
        # French orders, with their pronoun (hyphenated or not)
        ("cassez-lui les jambes", "fr", "fr.threat.imperative_body"),
        ("coupe lui les doigts", "fr", "fr.threat.imperative_body"),
        ("coupe-lui les cheveux", "fr", None),
        # street French: a possessive, "sa race", a dropped letter
        ("pète-lui sa gueule", "fr", "fr.threat.imperative_body"),
        ("défonce-lui sa race", "fr", "fr.threat.imperative_body"),
        ("cass lui les jambes", "fr", "fr.threat.imperative_body"),
        ("casse-lui sa tirelire", "fr", None),
        ("casse-lui les pieds avec tes questions", "fr", None),
        ("mettez-lui le feu", "fr", "fr.threat.incite_fire"),
        ("mets-lui le feu aux poudres", "fr", None),
        ("mets le feu au barbecue", "fr", None),
        ("brûlez-la vive", "fr", "fr.threat.burn_alive"),
        ("la facture, brûle-la", "fr", None),
        ("arrosez-la d'essence", "fr", "fr.threat.douse"),
        ("arrose-la d'eau, la plante", "fr", None),
        ("laissez-la crever", "fr", "fr.threat.leave_to_die"),
        ("laisse-la dormir", "fr", None),
        ("roulez-lui dessus", "fr", "fr.threat.run_over"),
        ("roule-lui dessus avec le ballon", "fr", None),
        ("écrase-le avec ta bagnole", "fr", "fr.threat.crush_vehicle"),
        ("écrasez-la avec une fourchette", "fr", None),
        ("frappez-la avec une batte", "fr", "fr.threat.hit_weapon"),
        ("frappe-la avec le pied, la balle", "fr", None),
        ("enterrez-la vivante", "fr", "fr.threat.bury"),
        ("enterre-la, cette histoire", "fr", None),
        ("mettez-la six pieds sous terre, cette salope", "fr", "fr.threat.six_feet"),
        ("mets-le au cimetière des éléphants", "fr", None),
        ("je veux la voir se faire tabasser", "fr", "fr.threat.want_to_see_harm"),
        # the intensifier no longer breaks the older first-person rules' phrase; a game's name
        # (no article) is a game
        ("i'd beat the living hell out of her", "en", "en.threat.first_person_hurt_c"),
        ("i will beat the fucking shit out of you", "en", "en.threat.first_person_hurt"),
        ("i will beat the shit out of you at fifa", "en", None),
        ("we beat the living hell out of them in the final", "en", None),
        # an older rule: "put" is its own past, so a plain subject needs an intent
        ("we'll put you in the ground", "en", "en.threat.first_person_put_down"),
        ("someone should put her down like a dog", "en", "en.threat.first_person_put_down"),
        ("we put him in the ground on tuesday, rest in peace", "en", None),
        ("j'ai hâte de voir le PSG se faire défoncer", "fr", None),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    own_cases.assert_rule_or_look_alike(scorer, text, lang, rule)
