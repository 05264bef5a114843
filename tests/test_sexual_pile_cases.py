"""Release 1.48's sexual harassment rules (tasks/scoring/lexicon_sexual_pile.py), each with the
ordinary sentence it is written against, and the case file they are written with
(eval/cases/own_sexual_pile.tsv: a helper's development sentences and our probes): every
harassing post in it is named by a sexual harassment rule's span (tests/test_own_case_files.py
checks that no look-alike is hostile, and that none is an evaluation sentence or in a blind
batch)."""

from __future__ import annotations

import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


def test_every_harassing_post_of_the_file_is_named_by_a_rule_span() -> None:
    scored = own_cases.scored(["own_sexual_pile.tsv"])
    assert scored.filter(scored["hostile"] == 1).height >= 110
    assert own_cases.unnamed(scored, "sexual_harassment", label="hostile") == []


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("she got that promotion on her knees", "en", "en.sexual_harassment.job_on_knees"),
        ("she got the job after years on her knees in the garden, planting", "en", None),
        ("he gets his scoops by sucking off editors", "en", "en.sexual_harassment.job_on_knees"),
        (
            "your mouth is made for something other than talking",
            "en",
            "en.sexual_harassment.mouth_other",
        ),
        ("her mouth is dry after the surgery, bring water", "en", None),
        ("what color bra are you wearing today", "en", "en.sexual_harassment.panties"),
        ("what color bra should i wear under a white shirt?", "en", None),
        ("your thong was showing on camera", "en", "en.sexual_harassment.panties_seen"),
        ("is she dtf or what", "en", "en.sexual_harassment.dtf"),
        ("i'd smash ngl", "en", "en.sexual_harassment.smash"),
        ("how much for the night sweetheart", "en", "en.sexual_harassment.rate_night"),
        ("how much for the night at the hotel near the station?", "en", None),
        ("your daughter will be hot like you", "en", "en.sexual_harassment.daughter"),
        (
            "ur daughter sending pics yet? asking for a friend",
            "en",
            "en.sexual_harassment.daughter_pics",
        ),
        ("check your dms, dick pic incoming", "en", "en.sexual_harassment.dick_pic_incoming"),
        ("unsolicited dick pics are harassment and should be reported", "en", None),
        ("made a deepfake of you lol", "en", "en.sexual_harassment.deepfake"),
        ("the deepfake of the president was flagged by fact-checkers", "en", None),
        ("someone put her face on a porn star", "en", "en.sexual_harassment.face_on_porn"),
        ("she just needs to get laid", "en", "en.sexual_harassment.needs_laid"),
        ("the team needs to get paid on time", "en", None),
        ("whoever's banging her should try harder", "en", "en.sexual_harassment.whoever_fucks"),
        ("tie her up and show her who's boss", "en", "en.sexual_harassment.tie_up"),
        ("tie her up a nice ponytail before the match", "en", None),
        ("she's asking to get raped dressed like that", "en", "en.sexual_harassment.asking_for"),
        ("that dress is an invitation", "en", "en.sexual_harassment.outfit_invitation"),
        ("that dress is an invitation to summer", "en", None),
        ("feminists secretly want to be raped", "en", "en.sexual_harassment.by_force"),
        ("rape some respect into her", "en", "en.sexual_harassment.rape_sense"),
        ("we should run a train on her", "en", "en.sexual_harassment.train"),
        ("drop her onlyfans", "en", "en.sexual_harassment.onlyfans"),
        (
            "you'd change your mind after one night with me",
            "en",
            "en.sexual_harassment.night_with_me",
        ),
        ("spread your legs sweetheart", "en", "en.sexual_harassment.spread_legs"),
        ("spread your legs shoulder-width apart and squat", "en", None),
        ("your boyfriend can't satisfy you clearly", "en", "en.sexual_harassment.satisfy"),
        ("your angry voice is turning me on", "en", "en.sexual_harassment.turning_on"),
        ("bend over and i'll reconsider", "en", "en.sexual_harassment.bend_over_and"),
        (
            "elle a sûrement couché avec son chef pour avoir l'émission",
            "fr",
            "fr.sexual_harassment.had_to_suck",
        ),
        ("elle a dû coucher tôt les enfants pour avoir la paix", "fr", None),
        ("elle se fait tourner par toute la rédaction", "fr", "fr.sexual_harassment.passed_around"),
        ("elle se fait tourner la tête par ce livre", "fr", None),
        ("tu portes quoi comme string aujourd'hui ?", "fr", "fr.sexual_harassment.underwear"),
        ("tu portes quoi comme veste demain ?", "fr", None),
        ("son soutif dépassait pendant le débat", "fr", "fr.sexual_harassment.underwear_seen"),
        ("ton cul vaut plus que ton diplôme", "fr", "fr.sexual_harassment.body_worth"),
        ("les seins qu'elle a, ptn", "fr", "fr.sexual_harassment.body_she_has"),
        ("envoie des photos de tes fesses", "fr", "fr.sexual_harassment.photo_body"),
        ("je t'enverrai une photo de ma queue", "fr", "fr.sexual_harassment.dick_pic"),
        ("un deepfake porno de la journaliste circule", "fr", "fr.sexual_harassment.deepfake"),
        ("100 balles pour une nuit avec toi", "fr", "fr.sexual_harassment.night_price"),
        ("100 balles pour une nuit à l'hôtel, c'est trop cher", "fr", None),
        ("tu serais plus utile dans mon lit", "fr", "fr.sexual_harassment.my_bed"),
        ("elle mériterait de se faire violer", "fr", "fr.sexual_harassment.rape_deserved"),
        ("personne ne mérite d'être violée, jamais", "fr", None),
        ("elles aiment se faire prendre de force", "fr", "fr.sexual_harassment.like_forced"),
        ("qu'on l'attache au lit et on verra", "fr", "fr.sexual_harassment.tied_bed"),
        ("ta gamine sera aussi bonne que toi", "fr", "fr.sexual_harassment.daughter"),
        ("elle est aussi chaude que sa mère", "fr", "fr.sexual_harassment.hot_as_mother"),
        ("la soupe est aussi chaude que celle de sa mère", "fr", None),
        ("elle suce mieux qu'elle n'écrit", "fr", "fr.sexual_harassment.sucks_as_well"),
        (
            "avec des lèvres pareilles elle devrait faire autre chose que parler",
            "fr",
            "fr.sexual_harassment.mouth_other",
        ),
        (
            "avec une bouche pareille, elle devrait chanter plutôt que parler ? c'est une belle voix",
            "fr",
            None,
        ),
        ("elle cherche un mec pour la baiser", "fr", "fr.sexual_harassment.someone_to"),
        ("grosse chaudasse", "fr", "fr.sexual_harassment.chaudasse"),
        ("je vais te montrer ce que c'est un vrai homme", "fr", "fr.sexual_harassment.real_man"),
        ("jvais te pécho à la sortie", "fr", "fr.sexual_harassment.pecho"),
        ("jvais te pécho un billet pour le concert", "fr", None),
        (
            "ferait moins la maligne avec une gorge profonde",
            "fr",
            "fr.sexual_harassment.deep_throat",
        ),
        ("fais-toi refaire les seins", "fr", "fr.sexual_harassment.redo_breasts"),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    own_cases.assert_rule_or_look_alike(scorer, text, lang, rule, ".sexual_harassment.")
