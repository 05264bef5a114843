"""A gap (``~N``) after an elided token (``j'``, which SMS French writes glued: ``jvais``):
only its first filler, or the token after it, may touch the elided word; the fillers are whole
words, and the token after them starts a word (release 1.12). Before, each filler and the
token after the gap could start inside the word before: ``je|j' ~3 te tuer`` read ``juste
tuer`` as ``j`` + ``us`` + ``te`` + ``tuer``."""

from __future__ import annotations

import re

import pytest

from tasks.scoring.patterns import Compiler

PATTERN = "je|j'|on|qui ~3 te|t'|la tuer"


def _reads(text: str, pattern: str = PATTERN) -> bool:
    return re.search(Compiler({}).guarded(pattern), text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "je vais te tuer",
        "j'vais te tuer",
        "jvais te tuer",  # the first filler glued to the elided word
        "jte tuer",  # no filler: the token after the gap glued to it
        "jvais vraiment te tuer",
        "j vais vraiment la tuer",
        "on va la tuer",
        "je t'tuer",
    ],
)
def test_sms_forms_still_read(text: str) -> None:
    assert _reads(text)


@pytest.mark.parametrize(
    "text",
    [
        "juste tuer",  # j + us + te: the token after the gap inside a filler
        "qui blate tuer",  # qui + b + la + te: fillers and token inside one word
        "jvaiste tuer",  # the token after the gap glued to the first filler
        "on vasyte tuer",
    ],
)
def test_a_filler_or_the_next_token_never_starts_inside_a_word(text: str) -> None:
    assert not _reads(text)


def test_without_an_elided_token_the_gap_compiles_as_before() -> None:
    # What no elided token precedes is written the way every release wrote it (the scorer's
    # unions, and so its speed and its scancache, are unchanged there).
    rx = Compiler({}).phrase("je ~2 te tuer")
    assert "(?:[^a-z0-9.!?;]+[a-z0-9'*]+){0,2}" in rx


def test_an_optional_token_after_the_gap_is_read_with_or_without_it() -> None:
    pattern = "je|j' ~1 [ne|n'] sais pas"
    assert _reads("je ne sais pas", pattern)
    assert _reads("je sais pas", pattern)
    assert _reads("jvraiment ne sais pas", pattern)
    assert _reads("j vraiment sais pas", pattern)


def test_a_gap_after_an_elided_token_may_not_end_a_phrase() -> None:
    with pytest.raises(ValueError, match="gap"):
        Compiler({}).phrase("je|j' ~2")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("jte tuer", True),  # "j'": elided, may touch the next word
        ("on te tuer", True),
        ("ont tuer", False),  # "on" is not elided: "ont" is not "on" + "t'"
        ("quit tuer", False),
        ("qui t'tuer", True),
    ],
)
def test_an_alternative_touches_the_next_word_only_if_it_is_elided(text: str, read: bool) -> None:
    # A token holding both kinds ("je|j'|on|qui"): each alternative takes its own separator
    # (release 1.13), where before the whole token was elided because one alternative was.
    assert _reads(text) is read


def test_a_mixed_token_last_or_before_a_raw_regex_is_written_whole() -> None:
    compiler = Compiler({})
    assert compiler.mixed("je|j'", ["je|j'"], 0) is None
    assert compiler.mixed("je|j'", ["je|j'", "re:\\s*$"], 0) is None
    assert compiler.mixed("je|j'", ["je|j'", "tuer"], 0) is not None
    assert compiler.mixed("je|tu", ["je|tu", "tuer"], 0) is None
