"""Posts written in "fancy text" (the bold, italic, script, fullwidth, circled, small-caps or
superscript letters of the generators a raid uses to get past filters), or with combining marks
piled on their letters, are read as the plain letters they show (letters.compat_folded,
NORMALIZE_MAP): the same verdict, the same reasons, as the plain text."""

from __future__ import annotations

import polars as pl
import pytest

from tasks.scoring import get_scorer
from tasks.scoring.letters import compat_folded

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


STYLES = {
    "bold": lambda t: _styled(t, _BOLD),
    "italic-sans": lambda t: _styled(t, _ITALIC_SANS),
    "script-bold": lambda t: _styled(t, _SCRIPT_BOLD),
    "fullwidth": lambda t: _styled(t, _FULLWIDTH),
    "circled": lambda t: _styled(t, _CIRCLED),
    "small-caps": lambda t: _styled(t, _SMALL_CAPS),
    "struck-through": _struck,
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
    folded = pl.select(compat_folded(pl.lit(pl.Series(texts)))).to_series().to_list()
    # No letter to fold: the text as it was (NFKC would have made "..." and "1⁄2" of it).
    assert folded[0] == texts[0]
    assert folded[1] == "bravo 🇫🇷 ... 1⁄2"
    assert folded[2] == "tu es la"
    assert folded[3] == "été"
