"""Posts written in "fancy text" (the bold, italic, script, fullwidth, circled, small-caps or
superscript letters of the generators a raid uses to get past filters), or with combining marks
piled on their letters, are read as the plain letters they show (letters.compat_folded,
NORMALIZE_MAP): the same verdict, the same reasons, as the plain text."""

from __future__ import annotations

import polars as pl
import pytest

from tasks.scoring import get_scorer
from tasks.scoring.letters import compat_folded, letters_folded

_BOLD = {c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
_ITALIC_SANS = {c: chr(0x1D622 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
_SCRIPT_BOLD = {c: chr(0x1D4EA + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
_FULLWIDTH = {c: chr(0xFF41 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
_CIRCLED = {c: chr(0x24D0 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
_SMALL_CAPS = dict(zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", strict=True))


def _styled(text: str, letters: dict[str, str]) -> str:
    return "".join(letters.get(c, c) for c in text)


def _struck(text: str) -> str:
    return "".join(c + "\u0336" if c.isalpha() else c for c in text)


# Cyrillic and Greek letters that pass for Latin ones (letters.CONFUSABLES), some of each kind
# in every word that has one to swap: a raid's way past keyword filters.
_CYRILLIC = dict(zip("aeopctxykmhi", "аеорстхукмні", strict=True))
_GREEK = dict(zip("aeiknoptuxz", "αεικηορτυχΖ", strict=True))


def _mixed(text: str, letters: dict[str, str]) -> str:
    """Every other swappable letter of each word swapped: Latin letters stay beside them."""
    out, flip = [], False
    for c in text:
        if c in letters and c != " ":
            flip = not flip
            out.append(letters[c] if flip else c)
        else:
            out.append(c)
    return "".join(out)


STYLES = {
    "bold": lambda t: _styled(t, _BOLD),
    "italic-sans": lambda t: _styled(t, _ITALIC_SANS),
    "script-bold": lambda t: _styled(t, _SCRIPT_BOLD),
    "fullwidth": lambda t: _styled(t, _FULLWIDTH),
    "circled": lambda t: _styled(t, _CIRCLED),
    "small-caps": lambda t: _styled(t, _SMALL_CAPS),
    "struck-through": _struck,
    "cyrillic-look-alikes": lambda t: _mixed(t, _CYRILLIC),
    "greek-look-alikes": lambda t: _mixed(t, _GREEK),
}

# Our own sentences: two threats, an insult, a message of support, and a neutral one.
POSTS = [
    ("fr", "je vais te tuer quand tu sortiras"),
    ("fr", "tu vas crever sale pute"),
    ("en", "i will kill you tonight"),
    ("fr", "bravo pour ton courage, on est avec toi"),
    ("fr", "le match de ce soir commence a vingt heures"),
]


def _verdicts(texts: list[str], langs: list[str]) -> list[dict]:
    out = get_scorer("rules").score(pl.DataFrame({"text": texts, "lang": langs}))
    return out.select("stance", "categories", "severity", "reasons").to_dicts()


@pytest.mark.parametrize("style", sorted(STYLES))
def test_fancy_letters_get_the_verdict_of_the_plain_text(style: str) -> None:
    langs = [lang for lang, _ in POSTS]
    plain = [text for _, text in POSTS]
    fancy = [STYLES[style](text) for text in plain]
    assert all(f != p for f, p in zip(fancy, plain, strict=True))
    got, want = _verdicts(fancy, langs), _verdicts(plain, langs)
    assert got == want
    assert [v["stance"] for v in got] == ["hostile", "hostile", "hostile", "supportive", "neutral"]
    assert "threat" in got[0]["categories"] and "threat" in got[2]["categories"]


def test_only_texts_holding_a_compatibility_letter_are_folded() -> None:
    texts = ["bravo 🇫🇷 … ½ !", "𝐛𝐫𝐚𝐯𝐨 🇫🇷 … ½", "ｔｕ ｅｓ ｌａ", "e\u0301te\u0301"]
    folded = compat_folded(pl.Series(texts)).to_list()
    # No letter to fold: the text as it was (NFKC would have made "..." and "1⁄2" of it).
    assert folded[0] == texts[0]
    assert folded[1] == "bravo 🇫🇷 ... 1⁄2"
    assert folded[2] == "tu es la"
    assert folded[3] == "été"


def test_look_alikes_are_read_only_in_posts_of_latin_letters() -> None:
    texts = [
        "je vais te тuеr",  # Cyrillic т and е among Latin letters: read "tuer"
        "ΒΙΤCΗ",  # Greek capitals and a Latin C: "bitCh" (a capital Η reads "h"; lowercased later)
        "Я тебя найду",  # Russian, with letters no Latin one looks like: kept
        "Θα σε βρούμε",  # Greek: kept
        "on va te trouver, Я тебя найду",  # Latin beside Russian: the Russian keeps its letters
        "сосок",  # look-alikes only, no Latin letter: not a Latin post
    ]
    folded = letters_folded(pl.Series(texts)).to_list()
    assert folded == ["je vais te tuer", "bitCh", *texts[2:]]


def test_a_russian_or_greek_post_is_not_read_as_latin_letters() -> None:
    # "убью" (I will kill) would read "y6bю"; only the language is said, nothing is found.
    texts = ["Я тебя убью", "Θα σε σκοτώσω"]
    out = get_scorer("rules").score(pl.DataFrame({"text": texts, "lang": ["ru", "el"]}))
    assert out["stance"].to_list() == ["neutral", "neutral"]
    assert out["reasons"].to_list() == [["language.unread: ru"], ["language.unread: el"]]
