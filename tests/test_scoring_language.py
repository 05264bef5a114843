"""Language identification on our side: a platform's wrong or missing ``lang`` no longer hides
a threat, a German post stays German, and the shipped model is never downloaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


@pytest.mark.parametrize("lang", ["de", None, "und", "es"])
def test_a_french_threat_mistagged_is_read_as_french(scorer: RulesScorer, lang: str) -> None:
    row = own_cases.score_with(scorer, "on va te buter sale pute", lang)
    assert row["stance"] == "hostile"
    assert row["categories"] == ["threat", "insult"]
    assert row["reasons"] == [
        "fr.threat.first_person: «on va te buter»",
        "fr.insult.strong: «pute»",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ich gehe heute mit meinem Hund im Park spazieren, es ist schön",
        # German words that are French or English insults or threat words elsewhere
        "Der Film hat mich umgehauen, ich bin tot vor Lachen, so ein Mist",
    ],
)
def test_a_german_post_tagged_german_stays_neutral(scorer: RulesScorer, text: str) -> None:
    assert own_cases.score_with(scorer, text, "de")["stance"] == "neutral"


def test_a_post_surely_in_another_language_keeps_the_universal_rules_only(
    scorer: RulesScorer,
) -> None:
    # "con" is a French insult and Spanish for "with": read as Spanish, it is no insult, and
    # the post says it was read as Spanish, by the universal rules alone.
    row = own_cases.score_with(
        scorer, "voy a la playa con mis amigos, eres una persona increíble", None
    )
    assert (row["stance"], row["reasons"]) == ("neutral", ["language.unread: es"])


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        # (their threats are read since release 1.40: tests/test_threat_other_cases.py)
        ("wir sehen uns morgen im büro, du weißt wo", "de", "de"),
        ("nos vemos mañana en la oficina", "es-MX", "es"),
        # Selected by an anchor, our identification unsure, read by French and English rules
        # that found nothing: still unread (release 1.42; 1.40's "dich" anchors had made these
        # pass for checked, and "ya" had done so since release 1.34).
        ("@demo_journalist verpiss dich!", "de", "de"),
        ("cállate ya, idiota", "es", "es"),
        ("سنجدك", "AR", "ar"),
    ],
)
def test_a_post_no_rules_read_says_so_instead_of_passing_for_checked(
    scorer: RulesScorer, text: str, lang: str, said: str
) -> None:
    row = own_cases.score_with(scorer, text, lang)
    assert (row["stance"], row["reasons"]) == ("neutral", [f"language.unread: {said}"])


def test_a_universal_signal_in_an_unread_post_keeps_its_reason_first(scorer: RulesScorer) -> None:
    row = own_cases.score_with(scorer, "Sie wohnt da, ruf sie an: 06 12 34 56 78", "de")
    assert row["reasons"] == ["any.doxxing.phone_fr: «06 12 34 56 78»", "language.unread: de"]


def test_the_unread_language_is_ours_where_we_identified_it(scorer: RulesScorer) -> None:
    # Tagged "und", selected by the knife, and surely German by our identification.
    text = "Ich werde dich morgen besuchen und wir werden sehen, was passiert 🔪"
    row = own_cases.score_with(scorer, text, "und")
    assert row["categories"] == ["threat"]
    assert row["reasons"][-1] == "language.unread: de"


def test_posts_the_rules_read_carry_no_unread_reason(scorer: RulesScorer) -> None:
    texts = ["je te soutiens", "hello there", "🔥🔥", "merci", "wir wissen, wo du wohnst"] * 2
    langs = ["fr", "en", "und", None, "de"] * 2
    out = scorer.score(pl.DataFrame({"text": texts, "lang": langs}))
    unread = out["reasons"].list.eval(pl.element().str.starts_with("language.unread")).list.any()
    assert unread.to_list() == [False, False, False, False, True] * 2


def test_only_posts_not_tagged_fr_or_en_and_selected_by_an_anchor_are_identified() -> None:
    scorer = RulesScorer()
    texts = ["je vais te tuer", "you idiot", "merci beaucoup", "guten Morgen zusammen", "conne"]
    langs = ["fr", "en", None, "de", "de"]
    scorer.score(pl.DataFrame({"text": texts * 3, "lang": langs * 3}))
    # "merci beaucoup" and "guten Morgen" match no anchor; fr/en tags are taken as they are;
    # the repeated texts are identified once.
    assert list(scorer._langid._cache) == ["conne"]


@pytest.mark.parametrize(
    ("text", "tag", "reasons"),
    [
        (
            "on va te buter sale pute",
            "en",
            ["fr.threat.first_person: «on va te buter»", "fr.insult.strong: «pute»"],
        ),
        ("i will kill you", "fr", ["en.threat.first_person: «i will kill you»"]),
    ],
)
def test_a_post_tagged_in_the_other_language_is_read_in_its_own(
    scorer: RulesScorer, text: str, tag: str, reasons: list[str]
) -> None:
    # Only the other language's anchors selected it, and our identification ranks that
    # language above the tag's (the tag alone made both posts neutral).
    row = own_cases.score_with(scorer, text, tag)
    assert (row["stance"], row["categories"], row["reasons"]) == (
        "hostile",
        ["threat", *(["insult"] if tag == "en" else [])],
        reasons,
    )


@pytest.mark.parametrize(
    "text",
    [
        "the con artist was arrested",  # "con": a French anchor; surely English
        "dont forget im negro",  # German first (0.78), French far behind: the tag stands
    ],
)
def test_a_french_word_in_an_english_post_does_not_make_it_french(
    scorer: RulesScorer, text: str
) -> None:
    assert scorer._langid.recheck(text, 2, ["en", "fr"]) is None
    row = own_cases.score_with(scorer, text, "en")
    assert not [r for r in row["reasons"] if r.startswith("fr.")], row["reasons"]


def test_a_tagged_post_is_identified_only_when_the_other_languages_anchors_alone_select_it() -> (
    None
):
    scorer = RulesScorer()
    texts = ["je vais te tuer", "you idiot", "i will kill you", "on va te buter"]
    langs = ["fr", "en", "fr", "en"]
    scorer.score(pl.DataFrame({"text": texts, "lang": langs}))
    assert sorted(scorer._langid._cache) == ["i will kill you", "on va te buter"]


def test_the_shipped_model_loads_with_no_network_and_writes_nowhere(tmp_path: Path) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import polars as pl\n"
        "from tasks.scoring.rules import RulesScorer\n"
        "out = RulesScorer().score(pl.DataFrame({'text': ['on va te buter'], 'lang': ['de']}))\n"
        "print(out['stance'][0])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FTLANG") and "PROXY" not in k}
    env |= {"HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    env |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hostile"
    assert list(home.iterdir()) == [] and list(tmp.iterdir()) == []
