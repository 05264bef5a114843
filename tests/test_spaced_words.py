"""A lexicon word written with a hyphen or an apostrophe ("tue-toi", "va-t'en") is read when a
post types a space instead, as phones do (release 1.7). The rules read a text whose whitespace
is doubled (``scan.neutralize``), so one typed space is two characters there: before 1.7 the
compiled word allowed one, and "pends toi" was neutral while "pends-toi" was a threat."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tasks.scoring import get_scorer, lexicon
from tasks.scoring.letters import normalize
from tasks.scoring.patterns import compile_word
from tasks.scoring.scan import WHITESPACE

_WORD = re.compile(r"[a-zà-ÿ]+(?:[-'][a-zà-ÿ]+)+")


def _joined_words() -> list[str]:
    """Every plain word of the lexicon's phrases (not its raw regexes) that holds a hyphen or
    an apostrophe."""
    found: set[str] = set()
    patterns = [p for _, _, p in lexicon.RULES] + [p for _, p in lexicon.NEUTRALIZERS]
    patterns += [p for ps in lexicon.LISTS.values() for p in ps]
    for p in patterns:
        if not p.startswith("re:"):
            found.update(_WORD.findall(p))
    return sorted(found)


def test_the_lexicon_has_such_words() -> None:
    words = _joined_words()
    assert len(words) > 50 and {"tue-toi", "pends-toi", "casse-toi"} <= set(words)


def test_each_such_word_matches_typed_with_a_space_as_the_rules_read_it() -> None:
    words = _joined_words()
    typed = [t for w in words for t in (w, re.sub(r"[-']", " ", w))]
    # As the rules read it: normalized (accents off), each whitespace doubled.
    read = pl.select(normalize(pl.lit(pl.Series(typed)))).to_series().str.strip_chars()
    missed = []
    for k, text in enumerate(read.to_list()):
        doubled = "".join("  " if ch in WHITESPACE else ch for ch in text)
        if not re.fullmatch(compile_word(words[k // 2]), doubled):
            missed.append((typed[k], doubled))
    assert missed == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pends toi", "threat"),
        ("tue toi", "threat"),
        ("jette toi sous un train", "threat"),
        ("casse toi de là", "other_abuse"),
        ("va t en", "other_abuse"),
    ],
)
def test_a_post_typed_with_spaces_is_read_as_with_hyphens(text: str, category: str) -> None:
    scorer = get_scorer("rules")
    hyphened = {"pends toi": "pends-toi", "tue toi": "tue-toi", "va t en": "va-t'en"}
    other = hyphened.get(text, text.replace(" toi", "-toi", 1))
    out = scorer.score(pl.DataFrame({"text": [text, other], "lang": ["fr", "fr"]}))
    assert out["stance"].to_list() == ["hostile", "hostile"]
    assert all(category in cats for cats in out["categories"].to_list())


@pytest.mark.parametrize(
    "text", ["jette toi à l'eau, tu vas adorer", "casse toi pas la tête pour ça"]
)
def test_the_idioms_stay_neutral_typed_either_way(text: str) -> None:
    out = get_scorer("rules").score(
        pl.DataFrame({"text": [text, text.replace(" toi", "-toi", 1)], "lang": ["fr", "fr"]})
    )
    assert out["stance"].to_list() == ["neutral", "neutral"]
