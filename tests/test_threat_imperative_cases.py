"""Orders to harm, release 1.27 (eval/cases/own_threats_imperative.tsv): an imperative after the
clause that says when ("if she shows up again, shoot her", "quand il sort du tribunal,
tuez-le"), an order aimed at the target's kin ("shoot her husband", "tuez son mari"), a
designated person who "ought to be guillotined", and more ways of being put to death. Sentences
written for Tocsin (issue 18) from probes of our own, in the forms the rules missed among the
threats of EDOS's train split; no evaluation sentence is among them.

What every own case file must hold is checked in tests/test_own_case_files.py; here, each rule
with the look-alike it is written against."""

from __future__ import annotations

import pytest

from tests.support import own_cases


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param(
            "If she shows up at the office again, shoot her.",
            "en",
            "en.threat.imperative_after_if",
            id="after-if",
        ),
        pytest.param("If he calls tonight, shoot him a text.", "en", None, id="after-if-text"),
        pytest.param(
            "When the boss spawns, kill him with the sword.", "en", None, id="after-if-game"
        ),
        pytest.param(
            "once he's alone in the car park, beat him up",
            "en",
            "en.threat.imperative_after_if",
            id="after-if-beat-up",
        ),
        pytest.param(
            "Shoot her husband and see how she likes it",
            "en",
            "en.threat.imperative_kin",
            id="kin",
        ),
        pytest.param("shoot your family portrait in the park", "en", None, id="kin-portrait"),
        pytest.param("hang your family photos in the hallway", "en", None, id="kin-photos"),
        pytest.param(
            "That traitor ought to be guillotined",
            "en",
            "en.threat.designated_should_be",
            id="designated",
        ),
        pytest.param(
            "That guy should be hired, he is brilliant", "en", None, id="designated-hired"
        ),
        pytest.param(
            "this woman should be beaten in the next election", "en", None, id="designated-vote"
        ),
        pytest.param(
            "you need a bullet between the eyes", "en", "en.threat.due_harm", id="bullet-between"
        ),
        pytest.param("he deserves a bullet point in the report", "en", None, id="bullet-point"),
        pytest.param("I'd love to shoot her portrait for the magazine", "en", None, id="camera"),
        pytest.param(
            "he should be skinned alive", "en", "en.threat.should_be_person", id="skinned"
        ),
        # release 1.30
        pytest.param(
            "he should have smashed a bottle over her head",
            "en",
            "en.threat.smash_over_head",
            id="smash-over-head",
        ),
        pytest.param("he smashed a bottle over her head in the film", "en", None, id="smash-story"),
        pytest.param(
            "she should crack an egg over his head for the challenge", "en", None, id="egg"
        ),
        pytest.param(
            "quand il sort du tribunal, tuez-le",
            "fr",
            "fr.threat.imperative_after_when",
            id="fr-after-when",
        ),
        pytest.param("Si tu vois le boss, tue-le avec l'épée", "fr", None, id="fr-after-game"),
        pytest.param("si elle appelle, rappelle-la", "fr", None, id="fr-after-call"),
        pytest.param(
            "Tuez son mari, elle comprendra", "fr", "fr.threat.imperative_kin", id="fr-kin"
        ),
        pytest.param("Embrassez sa femme de ma part", "fr", None, id="fr-kin-kiss"),
        pytest.param("Un homme tue sa femme puis se rend", "fr", None, id="fr-kin-headline"),
        pytest.param(
            "cette traîtresse mérite d'être guillotinée",
            "fr",
            "fr.threat.deserves",
            id="fr-guillotine",
        ),
        pytest.param("le roi fut guillotiné en 1793", "fr", None, id="fr-guillotine-history"),
        pytest.param(
            "la directive devrait être démembrée en trois textes", "fr", None, id="fr-directive"
        ),
    ],
)
def test_orders_to_harm_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)


def test_i_would_smash_is_slang_of_a_person_not_of_a_bottle() -> None:
    assert (
        "sexual_harassment" in own_cases.score_one("damn, i would smash that", "en")["categories"]
    )
    for text in ("I'd smash a bottle of champagne on the hull", "I'd smash it if I were you"):
        assert own_cases.score_one(text, "en")["stance"] == "neutral", text
