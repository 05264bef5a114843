"""Release 1.51: insults the rules missed, seen in the counter-speech batches' hostile look-alikes
(eval/cases/fair_counter_speech.tsv, the read ones): the reader's own words or work judged in
French without an article ("tes réponses sont pathétiques": ``fr.insult.your_words``), "mytho",
and "the only pathetic one here is you". Someone else's words, people, and the same words
without an insult stay neutral. The full scorer is used."""

from __future__ import annotations

import pytest

from tests.support.own_cases import score_all

HOSTILE = [
    ("tes réponses sont pathétiques", "fr", "fr.insult.your_words"),
    ("ton article est nul", "fr", "fr.insult.your_words"),
    ("vos commentaires sont débiles", "fr", "fr.insult.your_words"),
    ("ton nouvel article est complètement ridicule", "fr", "fr.insult.your_words"),
    ("quelle grosse mytho", "fr", "fr.insult.vocative"),
    ("t'es qu'un mythomane", "fr", "fr.insult.directed"),
    ("the only pathetic one here is you", "en", "en.insult.only_you"),
    ("the only clown in this thread is u", "en", "en.insult.only_you"),
]
NEUTRAL = [
    ("ses réponses sont nulles", "fr"),  # someone else's
    ("tes détracteurs sont ridicules", "fr"),  # people, in her defence
    ("tes réponses sont justes", "fr"),
    ("ton article est remarquable", "fr"),
    ("the only thing that matters is you", "en"),
    ("the only one who showed up for her is you", "en"),
]


@pytest.fixture(scope="module")
def scored() -> dict[str, dict]:
    return score_all([(t, lang) for t, lang, _ in HOSTILE] + NEUTRAL)


@pytest.mark.parametrize(("text", "lang", "rule"), HOSTILE)
def test_the_insult_is_found_and_named(scored, text, lang, rule):
    row = scored[text]
    reasons = row["reasons"]
    assert row["stance"] == "hostile" and any(r.startswith(f"{rule}: «") for r in reasons), reasons


@pytest.mark.parametrize(("text", "lang"), NEUTRAL)
def test_the_same_shape_without_the_reader_insulted_stays_neutral(scored, text, lang):
    row = scored[text]
    assert row["stance"] == "neutral", row["reasons"]
