"""Release 1.37: dehumanisation said to the person ("t'es une sous-race", "you're subhuman"),
each rule with the ordinary sentence it is written against, and the case file they are
written with (eval/cases/own_dehumanising.tsv): every hostile post in it is named by an
identity-hate rule's span; no look-alike is hostile (tests/test_own_case_files.py)."""

from __future__ import annotations

import pytest

from tests.support import own_cases


def test_every_hostile_post_of_the_file_is_named_by_a_rule_span() -> None:
    scored = own_cases.scored(["own_dehumanising.tsv"])
    assert scored.filter(scored["hostile"] == 1).height >= 12
    assert own_cases.unnamed(scored, "identity_hate", label="hostile") == []


@pytest.mark.parametrize(
    ("text", "lang", "rule", "look_alike"),
    [
        (
            "t'es une sous-race",
            "fr",
            "fr.identity_hate.subhuman_you",
            "le régime traitait ces peuples de sous-race",
        ),
        (
            "espèce de sous-homme",
            "fr",
            "fr.identity_hate.subhuman_you",
            "l'idéologie du sous-homme a mené aux camps",
        ),
        (
            "you're subhuman",
            "en",
            "en.identity_hate.subhuman_you",
            "you can't let people live in subhuman conditions",
        ),
        (
            "you filthy untermensch",
            "en",
            "en.identity_hate.subhuman_you",
            "the word untermensch belongs to nazi propaganda",
        ),
    ],
)
def test_each_rule_and_its_look_alike(text: str, lang: str, rule: str, look_alike: str) -> None:
    assert rule in own_cases.fired(text, lang)
    assert own_cases.score_one(look_alike, lang)["stance"] != "hostile"
