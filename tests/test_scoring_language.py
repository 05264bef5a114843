"""Language identification on our side: a platform's wrong or missing ``lang`` no longer hides
a threat, a German post stays German, and the shipped model is never downloaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tasks.scoring import language
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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # fastText: German, 0.89 to 0.98 (the English "die"); the second identifier: English
        ("i hope you die", "en.threat.wish_death: «hope you die»"),
        ("why dont u just die", "en.threat.why_dont_you_die: «why dont u just die»"),
        ("go die bitch", "en.threat.kill_yourself: «go die»"),
        # fastText: Portuguese, 0.95; the second: French
        ("mais quelle crevure, crève", "fr.threat.die_imperative: «creve»"),
    ],
)
@pytest.mark.parametrize("lang", [None, "und", "de"])
def test_a_threat_fasttext_takes_for_another_language_is_read_on_a_second_opinion(
    scorer: RulesScorer, text: str, reason: str, lang: str | None
) -> None:
    row = own_cases.score_with(scorer, text, lang)
    assert row["stance"] == "hostile" and "threat" in row["categories"]
    assert reason in row["reasons"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # German both identifiers agree on, English threat words inside ("die", "tot")
        ("halt die Klappe, du Lügnerin", "de"),
        ("die katze ist tot", "de"),
        ("die Journalistin lügt", "de"),
        ("du bist so dick", "de"),  # "dick", an English insult; the second: German 0.46
        ("voy a la playa con mis amigos, eres una persona increíble", "es"),
    ],
)
def test_a_post_both_identifiers_put_in_another_language_stays_unread(
    scorer: RulesScorer, text: str, lang: str
) -> None:
    row = own_cases.score_with(scorer, text, None)
    assert (row["stance"], row["reasons"]) == ("neutral", [f"language.unread: {lang}"])


def test_the_second_opinion_chooses_among_french_english_and_fasttexts_language() -> None:
    assert language.second_opinion("i hope you die", "de")[0] == "en"
    assert language.second_opinion("halt die Klappe, du Lügnerin", "de")[0] == "de"
    # A language the second identifier has no model of: no second opinion
    assert language.second_opinion("Dawg ass hoes", "lb") is None
    assert language.second_opinion("i hope you die", "nds") is None
    # No letters it reads: every language 0, no opinion
    assert language.second_opinion("🔪🔪 !!!", "de") is None


def test_the_second_opinion_is_asked_only_where_fasttext_is_sure_of_another_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str]] = []
    real = language.second_opinion

    def spy(text: str, lang: str) -> tuple[str, float] | None:
        asked.append((text, lang))
        return real(text, lang)

    monkeypatch.setattr(language, "second_opinion", spy)
    scorer = RulesScorer()
    texts = ["i hope you die", "je vais te tuer", "on va te buter sale pute", "hope you die"]
    # tagged French (taken as is); fastText unsure (Catalan 0.20); English 0.98 for the last
    scorer.score(pl.DataFrame({"text": texts * 2, "lang": [None, "fr", None, "en"] * 2}))
    assert asked == [("i hope you die", "de")]


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
        "texts = ['on va te buter', 'i hope you die']\n"
        "out = RulesScorer().score(pl.DataFrame({'text': texts, 'lang': ['de', None]}))\n"
        "print(*out['stance'])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FTLANG") and "PROXY" not in k}
    env |= {"HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    env |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # the second post is read on the second identifier's word (its models, inside its wheel)
    assert done.stdout.strip() == "hostile hostile"
    assert list(home.iterdir()) == [] and list(tmp.iterdir()) == []
