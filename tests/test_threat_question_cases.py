"""Threats that wear a negation, release 1.44 (tasks/scoring/lexicon_threats_questions.py;
eval/cases/own_threats_questions.tsv): each rule with the look-alike it is written against, and
the shield that keeps the negation neutralizers out of them (tasks/scoring/shields.py).
Sentences written for Tocsin (issue 18); none is an evaluation sentence, nor in a blind fair
batch (tests/test_own_case_files.py checks both, and reads every own case as
written)."""

from __future__ import annotations

import polars as pl
import pytest

from tasks.scoring import shields
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("pourquoi tu crèves pas sale pute", "fr", "fr.threat.why_not_die"),
        ("pourquoi tu meurs pas de rire devant ce film", "fr", None),
        ("pourquoi il meurt pas à la fin du film ?", "fr", None),
        ("pourquoi je crève pas de faim avec ce régime", "fr", None),
        ("pourquoi tu ne te tues pas, connasse", "fr", "fr.threat.why_not_kill_self"),
        ("pourquoi tu ne te suicides pas, connasse", "fr", "fr.threat.real_suicide_why"),
        ("pourquoi tu tues pas le boss avec l'épée", "fr", None),
        ("pourquoi tu vas pas crever", "fr", "fr.threat.why_not_go_die"),
        ("pourquoi tu vas pas crever l'abcès avec lui", "fr", None),
        ("pourquoi t'es pas encore morte", "fr", "fr.threat.why_not_dead"),
        ("pourquoi t'es pas mort de rire", "fr", None),
        ("pourquoi t'es toujours en vie", "fr", "fr.threat.why_still_alive"),
        ("pourquoi tu es toujours en vie dans le jeu", "fr", None),
        ("pourquoi tu respires encore", "fr", "fr.threat.why_still_breathing"),
        ("on te tuera pas tout de suite", "fr", "fr.threat.kill_later"),
        ("je vais pas te buter maintenant", "fr", "fr.threat.kill_later_going"),
        ("on va pas te tuer tout de suite si tu perds au poker", "fr", None),
        ("why don't you just die", "en", "en.threat.why_dont_you_die"),
        ("why don't you die your hair blue", "en", None),
        ("why didn't he die in the crash?", "en", None),
        ("why don't you go kill yourself", "en", "en.threat.why_dont_you_kill_yourself"),
        ("why don't you kill the boss with the sword", "en", None),
        ("why not just kill yourself", "en", "en.threat.why_not_die"),
        ("why not kill two birds with one stone", "en", None),
        ("why haven't you killed yourself yet", "en", "en.threat.why_not_dead"),
        ("why aren't you dead tired after that shift", "en", None),
        ("why are you still breathing, loser", "en", "en.threat.why_still_alive"),
        ("why is she still alive in season 3?", "en", None),
        ("we won't kill you yet", "en", "en.threat.kill_later"),
        ("i won't kill you yet in the game, we need you for the raid", "en", None),
        ("tu crèves pas assez vite", "fr", "fr.threat.not_fast_enough"),
        ("tu cours pas assez vite pour le marathon", "fr", None),
        ("you can't die soon enough", "en", "en.threat.not_fast_enough"),
        ("the printer won't die soon enough lol", "en", None),
        ("you shouldn't be alive", "en", "en.threat.shouldnt_be_alive"),
        ("you shouldn't be alone tonight", "en", None),
        ("tu devrais pas être en vie", "fr", "fr.threat.shouldnt_be_alive"),
        ("tu devrais pas être en retard", "fr", None),
        ("nobody would care if you killed yourself", "en", "en.threat.nobody_would_care"),
        ("nobody would care if you dyed your hair", "en", None),
        ("personne ne te regretterait si tu crevais", "fr", "fr.threat.nobody_would_miss"),
        ("personne ne le regretterait si tu partais", "fr", None),
        # release 1.9's question, which "ne" negated until it was shielded
        ("pourquoi tu ne vas pas te pendre", "fr", "fr.threat.real_suicide_why"),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    own_cases.assert_named_threat(text, lang, rule, scorer)


@pytest.mark.parametrize(
    "text",
    [
        "je ne te tuerai pas, je te le promets",
        "je vais pas te tuer, calme toi",
        "personne ne va te tuer",
    ],
)
def test_the_negations_this_release_takes_back(scorer: RulesScorer, text: str) -> None:
    row = own_cases.score_with(scorer, text, "fr")
    assert row["stance"] == "neutral" and "ignored.negation" in own_cases.rules_of(row), row


def test_a_negation_before_a_threat_does_not_take_the_threat_back(scorer: RulesScorer) -> None:
    # the new SMS negation blanks its own words only, not the clause after it
    row = own_cases.score_with(scorer, "on va pas te tuer, juste te casser les jambes", "fr")
    assert "threat" in row["categories"], row["reasons"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("il m'a écrit « pourquoi tu crèves pas » et j'ai porté plainte", "fr"),
        ('she wrote "why don\'t you just die" to me, i reported it', "en"),
    ],
)
def test_a_quoted_question_is_still_reported_speech(
    scorer: RulesScorer, text: str, lang: str
) -> None:
    # the quotation holds the whole shielded span: it blanks it, and its span is shown whole
    row = own_cases.score_with(scorer, text, lang)
    assert row["stance"] != "hostile", row["reasons"]
    assert not any("zqxshield" in r for r in row["reasons"]), row["reasons"]


def test_without_the_shield_the_negation_takes_the_question_back(scorer: RulesScorer) -> None:
    # Without the shield (a RuleSet whose shield is empty), the negation takes the question.
    bare = RuleSet()
    bare.shielded = []
    text = "why don't you just die"
    assert (
        own_cases.score_with(RulesScorer(ruleset=bare, model=False), text, "en")["stance"]
        == "neutral"
    )
    assert "en.threat.why_dont_you_die" in own_cases.rules_of(
        own_cases.score_with(scorer, text, "en")
    )


def test_a_post_that_spells_a_mark_is_read_as_it_came(scorer: RulesScorer) -> None:
    # Post text is the attacker's: a mark written in it must not pull a span into the text.
    text = "zqxshieldazqx why don't you just die"
    row = own_cases.score_with(scorer, text, "en")
    assert row["stance"] == "neutral"
    assert any(r.startswith("ignored.negation") for r in row["reasons"]), row["reasons"]


def test_hide_and_restore_give_back_the_text_and_the_blanked_spans() -> None:
    rx = "(?:^|[^a-z])ab cd(?:$|[^a-z])"
    text = pl.Series(["x ab cd y ab cd", "nothing here", "q ab cd"])
    masked, at, held = shields.hide(text, rx, pl.Series([True, True, True]))
    assert at.to_list() == [0, 2]
    assert "ab" not in masked[0] and masked[1] == "nothing here"
    # a neutralizer blanked the first row's second mark with what surrounds it
    first = masked[0]
    second_mark = first[first.rindex(" zqxshield") :]
    left = first.replace(second_mark, " ")
    frame = pl.DataFrame(
        {
            "_n": [left, "nothing here", masked[2]],
            "_ignored": [[second_mark], [], []],
        },
        schema={"_n": pl.String, "_ignored": pl.List(pl.String)},
    )
    out = shields.restore(frame, at, held)
    assert out["_n"].to_list()[1:] == ["nothing here", "q ab cd"]
    assert "ab cd" in out["_n"][0] and out["_n"][0].count("ab cd") == 1
    assert out["_ignored"][0].to_list() == [held[0][1]]
