"""Release 1.33's sexual harassment rules (tasks/scoring/lexicon_sexual.py), each with the
ordinary sentence it is written against, and the case file they are written with
(eval/cases/own_sexual.tsv): every harassing post in it is named by a sexual harassment rule's
span, and no look-alike is hostile at all (tests/test_own_case_files.py checks the second)."""

from __future__ import annotations

import pytest

from tests.support import own_cases


def test_every_harassing_post_of_the_file_is_named_by_a_rule_span() -> None:
    scored = own_cases.scored(["own_sexual.tsv"])
    assert scored.filter(scored["hostile"] == 1).height >= 38
    assert own_cases.unnamed(scored, "sexual_harassment", label="hostile") == []


@pytest.mark.parametrize(
    ("text", "lang", "rule", "look_alike"),
    [
        (
            "tu viens me sucer ce soir ?",
            "fr",
            "fr.sexual_harassment.suck_me",
            "le bébé suce son pouce",
        ),
        ("tu suces, toi", "fr", "fr.sexual_harassment.sucks", "tu suces des glaçons en été"),
        ("t'es bonne toi", "fr", "fr.sexual_harassment.youre_hot", "t'es bonne en anglais"),
        (
            "à genoux sous le bureau",
            "fr",
            "fr.sexual_harassment.on_all_fours",
            "à genoux sur le tapis de yoga",
        ),
        ("t'as des nudes ?", "fr", "fr.sexual_harassment.nudes", "un vernis nude pour l'été"),
        (
            "tu mouilles quand je t'insulte",
            "fr",
            "fr.sexual_harassment.wet",
            "elle mouille le maillot",
        ),
        ("combien la passe ?", "fr", "fr.sexual_harassment.priced", "combien la place de cinéma ?"),
        ("open wide, slut", "en", "en.sexual_harassment.open_wide", "open wide, said the nurse"),
        (
            "i'd bend her over the table",
            "en",
            "en.sexual_harassment.bend_over",
            "i'd bend over backwards for you",
        ),
        ("nice rack lol", "en", "en.sexual_harassment.rack", "nice rack of lamb"),
        ("i'd rail her", "en", "en.sexual_harassment.rail_her", "i'd rail against her policy"),
        (
            "how much for a blowjob",
            "en",
            "en.sexual_harassment.priced",
            "how much for a night at the hotel",
        ),
        ("take your top off", "en", "en.sexual_harassment.undress", "take your coat off"),
    ],
)
def test_a_rule_and_the_ordinary_sentence_it_is_written_against(
    text: str, lang: str, rule: str, look_alike: str
) -> None:
    assert rule in own_cases.fired(text, lang)
    out = own_cases.score_one(look_alike, lang)
    assert out["stance"] != "hostile", out["reasons"]
    assert not any(".sexual_harassment." in r for r in out["reasons"])
