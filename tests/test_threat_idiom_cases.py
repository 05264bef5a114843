"""Threats said through an idiom, release 1.43 (tasks/scoring/lexicon_threats_idioms.py;
eval/cases/own_threats_idioms.tsv): each rule with the look-alike it is written against.
Sentences written for Tocsin (issue 18); none is an evaluation sentence, nor in a blind fair
batch (tests/test_own_case_files.py checks both)."""

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
        ("profite bien de ton dernier noël, sale pute", "fr", "fr.threat.last_holiday"),
        ("profite bien de ton dernier jour de vacances", "fr", None),
        ("répète et tu mangeras avec une paille pendant des mois", "fr", "fr.threat.straw"),
        ("tu boiras à la paille pendant une semaine après le dentiste", "fr", None),
        ("elle va avoir besoin d'un nouveau visage", "fr", "fr.threat.new_face"),
        ("elle va avoir besoin d'un nouveau téléphone", "fr", None),
        (
            "tu ferais moins la fière avec une lame sous la gorge",
            "fr",
            "fr.threat.less_cocky_armed",
        ),
        ("tu feras moins la fière après ton premier marathon", "fr", None),
        ("juste cinq minutes dans une cave avec elle", "fr", "fr.threat.minutes_in_cellar"),
        ("on va faire en sorte qu'il ne remarche plus jamais", "fr", "fr.threat.never_walk_again"),
        ("on va s'assurer qu'elle ne manque plus jamais de rien", "fr", None),
        ("dommage si tes gosses ne reviennent pas vivants", "fr", "fr.threat.kin_not_home"),
        ("ce serait dommage que ta fille ne rentre pas pour noël", "fr", None),
        ("il mériterait une bonne correction ce bouffon", "fr", "fr.threat.needs_correction"),
        ("ce rapport a besoin d'une bonne correction avant lundi", "fr", None),
        ("tu mérites de te manger des baffes", "fr", "fr.threat.deserves_blows"),
        ("personne ne mérite de se prendre des coups", "fr", None),
        ("il faut aller chez lui et lui faire regretter", "fr", "fr.threat.make_regret"),
        ("on devrait te balancer dans le canal", "fr", "fr.threat.into_the_river"),
        ("tu dois te jeter à l'eau et postuler", "fr", None),
        ("brûlez sa baraque avec elle dedans", "fr", "fr.threat.direct_with_you_inside"),
        ("vous me le paierez tous", "fr", "fr.threat.pay_me"),
        ("vous me le paierez en liquide demain", "fr", None),
        ("il y a une corde qui t'attend", "fr", "fr.threat.waiting_for_you"),
        ("il y a un gâteau qui t'attend dans le frigo", "fr", None),
        ("j'ai aiguisé une machette exprès pour toi", "fr", "fr.threat.kept_for_you"),
        ("j'ai préparé un gâteau rien que pour toi", "fr", None),
        ("je m'occuperai personnellement de ta commande", "fr", None),
        ("t'attends quoi pour te jeter sous un train", "fr", "fr.threat.why_not_jump"),
        ("pourquoi tu sautes pas dans la piscine avec nous", "fr", None),
        # forms read by the rules of earlier releases, widened in 1.43
        ("pourquoi tu te jettes pas sous un train", "fr", "fr.threat.real_suicide_why"),
        (
            "je m'occuperai personnellement de sa petite famille",
            "fr",
            "fr.threat.real_deal_personally",
        ),
        ("elle mériterait une bonne raclée", "fr", "fr.threat.deserves_slap"),
        ("il faut brûler sa voiture avec elle dedans", "fr", "fr.threat.direct_with_you_inside"),
        ("we're kicking his head in", "en", "en.threat.progressive_break"),
        ("set her car alight while she's in it", "en", "en.threat.direct_with_you_inside"),
        ("tu vas finir estropiée", "fr", "fr.threat.end_up_maimed"),
        ("tu vas finir paralysé du dos si tu portes ça comme ça", "fr", None),
        ("enjoy your last christmas, bitch", "en", "en.threat.last_holiday"),
        ("enjoy your last day at work, we'll miss you", "en", None),
        ("keep it up and you'll be sipping through a straw", "en", "en.threat.straw_if"),
        ("you'll be drinking through a straw for a week after the dentist", "en", None),
        ("she's gonna need a face transplant", "en", "en.threat.new_face"),
        ("she's going to need a new laptop", "en", None),
        ("not so brave with a pistol to your head huh", "en", "en.threat.less_cocky_armed"),
        ("give me an hour in a locked room with that cow", "en", "en.threat.locked_room"),
        ("we had sixty minutes in a locked room with friends, great escape game", "en", None),
        ("i'll make sure you can't walk again", "en", "en.threat.never_walk_again"),
        ("the physio will make sure you can walk again", "en", None),
        ("pity if your wife didn't get home tonight", "en", "en.threat.kin_not_home"),
        ("i'm gonna slap that grin off your face", "en", "en.threat.smirk_off"),
        ("that news will knock the smile off her face", "en", None),
        ("someone needs to beat some sense into that bitch", "en", "en.threat.beat_sense"),
        ("drag that whore by the hair through the street", "en", "en.threat.by_the_hair"),
        ("he grabbed her by the hand and danced", "en", None),
        ("push her off the balcony", "en", "en.threat.off_a_roof"),
        ("throw the ball off the roof to the dog", "en", None),
        ("you need your jaw broke", "en", "en.threat.needs_smashed"),
        ("she needs her laptop fixed", "en", None),
        ("teach her a lesson with a belt", "en", "en.threat.put_in_place_with"),
        ("look up where he lives and show up at night", "en", "en.threat.find_and_visit"),
        ("you're one more tweet away from a body bag", "en", "en.threat.one_tweet_away"),
        ("one more tweet and i'm logging off", "en", None),
        ("we will have our revenge, believe me", "en", "en.threat.revenge_told"),
        ("someday i shall have my revenge!", "en", None),
        ("i'll get my revenge in the rematch next week", "en", None),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    own_cases.assert_named_threat(text, lang, rule, scorer)


def test_kicking_read_by_progressive_break_is_a_body_part_not_a_game(scorer: RulesScorer) -> None:
    # Rules only: the learned layer itself reads a threat here (threat head 0.98, before 1.43).
    row = own_cases.score_with(scorer, "we're kicking your ass tonight in the final", "en")
    assert not [r for r in own_cases.rules_of(row) if ".threat." in r], row["reasons"]


def test_a_fiction_that_writes_a_threat_is_reported_speech(scorer: RulesScorer) -> None:
    # lexicon_threats_fr_real's fiction neutralizer read "dit" and not "écrit" (1.43)
    row = own_cases.score_with(scorer, "dans le livre la sorcière écrit je sais où tu dors", "fr")
    assert row["stance"] == "neutral" and any(
        r.startswith("ignored.reported") for r in row["reasons"]
    )


def test_every_own_case_is_read_as_written() -> None:
    scored = own_cases.scored(["own_threats_idioms.tsv"])
    assert own_cases.unnamed_threats(scored) == []
    assert own_cases.hostile_look_alikes(scored) == []
