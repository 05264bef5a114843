"""Masking slurs in the email body (``digest_mask_slurs``); the evidence export keeps every word.

The people who read the digest include the target: the messages are quoted so they can judge
and act, and seeing every slur again adds nothing to that.

The words are the scorer's lists of strong insults (tasks/scoring/lexicon.py: the data, not its
matcher, which works on a normalised copy of the text and cannot say where a word sits in the
original) plus identity and sexist slurs named here (the scorer's identity lists also hold
neutral words such as "femme", which must stay readable). Matching runs on a copy of the text
normalised one character for one character (case, accents, leetspeak, Cyrillic look-alikes), so
a match is masked at the same place in the original: ``c0nnasse``, ``SALOPE``, ``saaalope``
and, collapsed first, ``s.a.l.o.p.e``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from tasks.scoring.letters import CONFUSABLES
from tasks.scoring.lexicon import LISTS

LIST_NAMES = ("insult_strong_fr", "insult_strong_en")
# Identity slurs (the scorer lists them among neutral group names; see module docstring).
IDENTITY_SLURS = [
    "bougnoule(s)?", "nègre(s)?", "négro(s)?", "pédé(s)?", "tarlouze(s)?", "gouine(s)?",
    "travelo(s)?", "youpin(e|s|es)?", "bicot(s)?", "bamboula(s)?", "faggot(s)?", "fag(s)?",
    "dyke(s)?", "nigger(s)?", "nigga(s)?", "kike(s)?", "spic(s)?", "chink(s)?", "paki(s)?",
    "raghead(s)?", "towelhead(s)?", "wetback(s)?", "muzzie(s)?", "tranny", "trannies",
    "mongoloid(s)?",
]  # fmt: skip
# Sexist slurs the scorer counts as weak insults (they need a target there; here, a slur is a
# slur whoever it is aimed at).
SEXIST_SLURS = ["chienne(s)?", "truie(s)?", "conne(s)?", "mégère(s)?"]

_LEET = {"4": "a", "@": "a", "3": "e", "€": "e", "1": "i", "0": "o", "$": "s", "5": "s", "7": "t"}  # fmt: skip
_VOWELS = set("aeiouy")
# Four or more single characters joined by one to three separators: "s.a.l.o.p.e", "p u t e".
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W_][.\s_*\-]{1,3}){3,}[^\W_](?![^\W_])")
_SEPARATORS = re.compile(r"[.\s_\-]")
_GROUP = re.compile(r"\(([^()]*)\)(\?)?")


def _fold(ch: str) -> str:
    """One character for one: lower case, no accent, leetspeak and look-alikes read as letters."""
    # Greek and Cyrillic look-alikes before lower case (Greek "Η" reads "h", "η" reads "n").
    low = CONFUSABLES.get(ch) or ch.lower()
    if len(low) != 1:
        return ch
    low = _LEET.get(low, low)
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isascii() else low


def normalise(text: str) -> str:
    return "".join(_fold(c) for c in text)


def _letters(word: str) -> str:
    """Letters as repeatable classes ("saaalope"); a vowel may be a star ("s*lope")."""
    out, prev = [], ""
    for ch in normalise(word):
        if ch == prev:
            continue  # "connasse" -> c+o+n+a+s+e+: "conasse" and "connnasse" match too
        if ch == " ":
            out.append(r"\s+")
        elif ch in "'’-":
            out.append(r"[\s'’\-]?")
        else:
            out.append(f"[{re.escape(ch)}*]+" if ch in _VOWELS else f"{re.escape(ch)}+")
        prev = ch
    return "".join(out)


def _word_regex(entry: str) -> str:
    """A lexicon entry (``connard(e|s|es)?``, ``fils de pute``) as a regex on normalised text."""
    parts, pos = [], 0
    for m in _GROUP.finditer(entry):
        parts.append(_letters(entry[pos : m.start()]))
        alts = "|".join(_letters(a) for a in m.group(1).split("|"))
        parts.append(f"(?:{alts})" + ("?" if m.group(2) else ""))
        pos = m.end()
    parts.append(_letters(entry[pos:]))
    return "".join(parts)


@functools.cache
def _body() -> str:
    words = [w for name in LIST_NAMES for w in LISTS.get(name, [])]
    words += IDENTITY_SLURS + SEXIST_SLURS
    # Longest first, so that "fils de pute" wins over "pute".
    return "|".join(_word_regex(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _pattern() -> re.Pattern[str]:
    # Word edges without consuming them, so that two slurs in a row are both found.
    return re.compile(rf"(?<![^\W_])(?:{_body()})(?![^\W_])")


def _star(word: str) -> str:
    # Keep the first letter (the reader knows what kind of word it was), star the rest, and keep
    # spaces so that a masked phrase still reads as words.
    return word[0] + "".join(" " if c.isspace() else "*" for c in word[1:])


def mask_slurs(text: str | None) -> str:
    """``text`` with every slur masked: ``salope`` -> ``s*****``."""
    if not text:
        return ""
    chars = list(text)
    folded = normalise(text)
    spans = [m.span() for m in _pattern().finditer(folded)]
    for m in _SPACED.finditer(folded):
        if _pattern().fullmatch(_SEPARATORS.sub("", m.group(0))):
            spans.append(m.span())
    for start, end in spans:
        chars[start:end] = _star(text[start:end])
    return "".join(chars)
