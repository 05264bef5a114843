"""What the scorer reads of a text's letters: lowercase, accents off, leetspeak and look-alike
letters of other scripts to the letters they stand for, invisible characters off
(``normalize``), and letters written with compatibility characters ("fancy text") to their
plain form first (``compat_folded``)."""

from __future__ import annotations

import unicodedata

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


def compat_folded(text: pl.Expr) -> pl.Expr:
    """``text`` in Unicode's NFKC where it holds a compatibility letter (``COMPAT_RX``), as it
    is elsewhere (NFKC over every text would cost the throughput goal)."""
    return pl.when(text.str.contains(COMPAT_RX)).then(text.str.normalize("NFKC")).otherwise(text)


def normalize(text: pl.Expr, lowercase: bool = True) -> pl.Expr:
    """Lowercase, accents off, leetspeak and look-alikes to letters: one pass of Aho-Corasick.
    ``lowercase=False`` for a text already lowercased."""
    if lowercase:
        text = text.str.to_lowercase()
    return text.str.replace_many(list(NORMALIZE_MAP), list(NORMALIZE_MAP.values()))
