"""A phrase rule's raw tail (``… re:…``) runs on the text the phrase rules read, whose
whitespace is doubled (``scan.neutralize``: two adjacent words may then both match). A literal
space in the tail meets two there and never matches, though the same regex matches the post in
Polars and in Python: release 1.33's first ``open wide … for me`` was such a rule. Tails write
``\\s`` instead; fully raw rules (``re:`` from the start) read the text as it came, where a
space is one."""

from __future__ import annotations

import re

import polars as pl

from tasks.scoring import lexicon
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet

_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


def _tails() -> list[tuple[str, str]]:
    patterns = [(rid, p) for rid, _, p in lexicon.RULES]
    patterns += [(f"neutralizer {kind}", p) for kind, p in lexicon.NEUTRALIZERS]
    return [
        (rid, p.split(" re:", 1)[1])
        for rid, p in patterns
        if not p.startswith("re:") and " re:" in p
    ]


def test_no_phrase_rule_tail_holds_a_literal_space() -> None:
    tails = _tails()
    assert len(tails) > 50  # the threat modules' clause ends, among others
    spaced = [(rid, tail) for rid, tail in tails if " " in _CLASS.sub("", tail)]
    assert spaced == []


def _named(tail: str, text: str) -> list[str]:
    rules = [("en.sexual_harassment.probe", 0.7, "!(open up) " + tail)]
    scorer = RulesScorer(ruleset=RuleSet(rules=rules, neutralizers=[]), model=False)
    return scorer.score(pl.DataFrame({"text": [text], "lang": ["en"]}))["reasons"].to_list()[0]


def test_why_a_literal_space_in_a_tail_never_matches() -> None:
    literal, spaced = r"re:\s+for me(?:$|[^a-z])", r"re:\s+for\s+me(?:$|[^a-z])"
    rx = RuleSet(rules=[("en.sexual_harassment.probe", 0.7, "!(open up) " + literal)]).rules[0].rx
    assert re.search(rx, " open up for me ")  # the regex matches the post...
    assert _named(literal, "open up for me") == []  # ...but not the text the rules read
    assert _named(spaced, "open up for me") == ["en.sexual_harassment.probe: «open up for me»"]
