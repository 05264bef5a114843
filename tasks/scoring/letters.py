"""What the scorer reads of a text's letters: lowercase, accents off, leetspeak and look-alike
letters of other scripts to the letters they stand for, invisible characters off
(``normalize``); first, letters written with compatibility characters ("fancy text") to their
plain form (``compat_folded``) and, in posts of Latin letters, the Greek and Cyrillic ones that
pass for Latin letters to those (``confusables_folded``), both through ``letters_folded``."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import polars as pl

# What normalize() maps, char for char: leetspeak, look-alike letters from other scripts,
# typographic apostrophes. Accented letters are added below from Unicode's decomposition.
_LEET = {"4": "a", "@": "a", "3": "e", "€": "e", "1": "i", "0": "o", "$": "s", "5": "s", "7": "t"}
_HOMOGLYPHS = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i"}
_APOSTROPHES = {"’": "'", "`": "'", "´": "'", "‘": "'"}
_INVISIBLE = {"\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\u00ad": ""}
# "Small caps" text (ᴊᴇ ᴠᴀɪs ᴛᴇ ᴛᴜᴇʀ): Latin letters Unicode gives no plain form to (see COMPAT_RX).
_SMALL_CAPS = dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz", strict=True))
# Combining marks NFKC could not join to their letter: a strikethrough (t̶u̶e̶r̶), an underline,
# a pile of them ("zalgo" text).
_COMBINING = {chr(c): "" for c in range(0x300, 0x370)}

# Texts holding a letter written with a compatibility character: the bold, italic, script and
# double-struck letters of "fancy text" generators (𝐭𝐮𝐞𝐫, 𝓽𝓾ℯ𝓻), fullwidth (ｔｕｅｒ), circled
# (ⓣⓤⓔⓡ) and squared ones, superscript and modifier letters (ᵗᵘᵉʳ), ligatures (ﬁ), and letters
# followed by combining marks. Unicode's NFKC gives each its plain letter (``compat_folded``);
# the rules saw none of them: "𝐣𝐞 𝐯𝐚𝐢𝐬 𝐭𝐞 𝐭𝐮𝐞𝐫" was neutral. Flags (regional indicators) are
# left out: NFKC has nothing for them, and they are common.
COMPAT_RX = (
    r"[\x{0300}-\x{036F}\x{02B0}-\x{02FF}\x{1D00}-\x{1DBF}\x{2070}-\x{209F}"
    r"\x{2100}-\x{214F}\x{2460}-\x{24FF}\x{FB00}-\x{FB06}\x{FF01}-\x{FF5E}"
    r"\x{1D400}-\x{1D7FF}\x{1F100}-\x{1F1AF}]"
)
_ACCENTED = "àâäáãåçéèêëîïíìñôöóòõùûüúÿ"

# Cyrillic and Greek letters that pass for Latin ones in a word of Latin letters ("тuеr",
# "ѕаlоре", "κill"), capitals and small letters apart (Greek "Η" reads "h", "η" reads "n").
# ``confusables_folded`` maps them only in a post where every Cyrillic or Greek letter is one
# of them and Latin letters are present: a Russian or Greek post keeps its letters (it holds
# others: д, л, ж, λ, π…). The eight of _HOMOGLYPHS are mapped in every post, as before.
CONFUSABLES: dict[str, str] = dict(
    zip(
        "АВЕКМНОРСТХУІЈЅԀҮавекмнорстхуіјѕԁһԛԝгпьΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβγεικνορτυχωημ",
        "abekmhopctxyijsdyabekmhopctxyijsdhqwrnbabezhikmnoptyxabyeikvoptuxwnu",
        strict=True,
    )
)
_OTHER_SCRIPTS_RX = r"[\p{Cyrillic}\p{Greek}]"
# Any character ``compat_folded`` or ``confusables_folded`` may change (Greek and Cyrillic:
# U+0370 to U+052F).
_ODD_RX = COMPAT_RX[:-1] + r"\x{0370}-\x{052F}]"
_NOT_CONFUSABLE_RX = r"[\p{Cyrillic}\p{Greek}&&[^" + "".join(CONFUSABLES) + "]]"


def base_letter(ch: str) -> str:
    """'é' -> 'e', 'œ' -> 'oe': the lexicon is written with accents, the text loses them."""
    if ch in "œæ":
        return {"œ": "oe", "æ": "ae"}[ch]
    return unicodedata.normalize("NFKD", ch)[0].lower()


NORMALIZE_MAP: dict[str, str] = {
    **{c: base_letter(c) for c in _ACCENTED},
    "œ": "oe",
    "æ": "ae",
    **_LEET,
    **_HOMOGLYPHS,
    **_SMALL_CAPS,
    **_APOSTROPHES,
    **_INVISIBLE,
    **_COMBINING,
}


def _changed_where(
    text: pl.Series, where: pl.Series, change: Callable[[pl.Series], pl.Series]
) -> pl.Series:
    """``text`` with ``change`` applied to the rows ``where`` selects, the others as they are:
    a new series (``scatter`` would change its own series in place)."""
    where = where.fill_null(False)
    if not where.any():
        return text
    at = where.arg_true()
    return text.clone().scatter(at, change(text.gather(at)))


def _on(text: pl.Series, expr: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """An expression of this module (written for whole columns) applied to a series."""
    return text.to_frame("t").select(expr(pl.col("t"))).to_series()


def compat_folded(text: pl.Series) -> pl.Series:
    """``text`` in Unicode's NFKC where it holds a compatibility letter (``COMPAT_RX``), as it
    is elsewhere (NFKC over every text would cost the throughput goal)."""
    return _changed_where(text, text.str.contains(COMPAT_RX), lambda t: t.str.normalize("NFKC"))


def mixed_script(text: pl.Expr) -> pl.Expr:
    """Whether a post holds Latin letters and Greek or Cyrillic ones that all pass for Latin
    letters (``CONFUSABLES``): the posts whose look-alikes are read as Latin letters."""
    return (
        text.str.contains(_OTHER_SCRIPTS_RX)
        & text.str.contains(r"\p{Latin}")
        & ~text.str.contains(_NOT_CONFUSABLE_RX)
    )


def latin_lookalikes(text: pl.Expr) -> pl.Expr:
    """``text`` with every ``CONFUSABLES`` letter replaced by the Latin letter it passes for
    (for the posts ``mixed_script`` selects)."""
    return text.str.replace_many(list(CONFUSABLES), list(CONFUSABLES.values()))


def confusables_folded(text: pl.Series) -> pl.Series:
    """``text`` with its Cyrillic and Greek look-alikes read as the Latin letters they pass for
    (``CONFUSABLES``), where the post mixes them with Latin letters and holds no other letter
    of those scripts; as it is elsewhere. Before lowercasing: capitals read otherwise."""
    return _changed_where(text, _on(text, mixed_script), lambda t: _on(t, latin_lookalikes))


def letters_folded(text: pl.Series) -> pl.Series:
    """``compat_folded`` then ``confusables_folded``, both on the posts one scan finds holding a
    character either may change (a compatibility letter, a Greek or Cyrillic one): the scan of
    every post costs ~0.2 CPU s per 100 MB, the checks after it only the posts it found."""
    odd = text.str.contains(_ODD_RX)
    return _changed_where(text, odd, lambda t: confusables_folded(compat_folded(t)))


def normalize(text: pl.Expr, lowercase: bool = True) -> pl.Expr:
    """Lowercase, accents off, leetspeak and look-alikes to letters: one pass of Aho-Corasick.
    ``lowercase=False`` for a text already lowercased."""
    if lowercase:
        text = text.str.to_lowercase()
    return text.str.replace_many(list(NORMALIZE_MAP), list(NORMALIZE_MAP.values()))
