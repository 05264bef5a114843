"""Text normalization and a tiny pattern language for the lexicon, compiled to regexes.

Obfuscation is undone in two places. ``letters.normalize`` (one vectorised pass) lowercases,
strips accents, maps leetspeak and homoglyphs to letters and removes zero-width characters,
after ``letters.letters_folded`` gave "fancy text" its plain letters and read Greek and Cyrillic
look-alikes among Latin letters as Latin ones; ``despace``
joins letters spelled out one by one ("k i l l", "s.a.l.o.p.e"). What is left to the patterns is
cheap: a letter may repeat ("saloooope") and a vowel may be a star ("s*lope"). Keeping the
patterns this plain is what keeps them fast: leet character classes and case-insensitive
matching in every word made the regex engine's DFA thrash (10x slower, measured).

Lexicon rules are written as readable phrases (``je|j' vais|va ~2 te|t' @kill_fr``) and compiled
once; the same regex runs in Polars (Rust ``regex``, over whole columns) and in Python's ``re``
(to name the rule behind each of the few distinct spans Polars found).

Token syntax (tokens are separated by spaces):

- ``word``: a letter may repeat, a vowel may be ``*``; ``'`` and ``-`` inside a word are
  optional (``t'es`` matches ``tes``). Accents in the lexicon are ignored (text has none left).
- ``word(a|b)?`` / ``tu(er|é)``: inflections; ``word*``: any letters after the stem;
  ``(two words|other)``: a group may hold a phrase.
- ``a|b|c``: one of several words (or ``@lists``, or groups); ``[tok]``: optional;
  ``~N``: up to N filler words; ``!tok``: the rule's anchor (see ``Compiler.anchor``).
- ``@name``: one of the phrases of list ``name``; ``re:...``: a raw regex (to the end).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from tasks.scoring.letters import base_letter

# One char that is neither a letter nor a digit, once the text is normalized (only a-z remain
# of the Latin letters). Not \p{L}: Unicode classes compile to large automata, one per guard.
NON_ALNUM = "[^a-z0-9]"
WORD_CHAR = "[a-z0-9'*]"
LETTERS = "[a-z]*"


def _misspellings(word: str) -> set[str]:
    """Two adjacent letters swapped; for words of five letters or more, one inner letter
    dropped (not the last: a truncated word is often a real one)."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    if len(word) >= 5:
        out |= {word[:i] + word[i + 1 :] for i in range(1, len(word) - 1)}
    return out - {word}


# What may follow a word in a normalized text (respell's patterns carry their right edge).
_EDGES = [" ", ".", ",", "!", "?", ";", ":", "'"]


def respell_map(
    misspelt: Mapping[str, list[str]], glued: Mapping[str, list[str]], exclude: set[str]
) -> dict[str, str]:
    """Patterns (with their left and right edges) -> replacement, for ``respell``."""
    words: dict[str, str] = {}
    for lang, keys in misspelt.items():
        for key in (_base(k) for k in keys):
            for v in sorted(_misspellings(key) - exclude):
                words.setdefault(v, key)
            for g in (_base(x) for x in glued[lang]):
                for glued_word, parts in ((key + g, f"{key} {g}"), (g + key, f"{g} {key}")):
                    if glued_word not in exclude:
                        words.setdefault(glued_word, parts)
    out: dict[str, str] = {}
    for typo, right in sorted(words.items()):
        for edge in _EDGES:
            out[f" {typo}{edge}"] = f" {right}{edge}"
    return out


def _base(word: str) -> str:
    return "".join(base_letter(c) for c in word)


def respell(text: pl.Expr, mapping: dict[str, str]) -> pl.Expr:
    """Undo misspelt and glued key words (one Aho-Corasick pass). The text is framed by spaces
    so that a word at either end has its edges too."""
    return (pl.lit(" ") + text + pl.lit(" ")).str.replace_many(
        list(mapping), list(mapping.values())
    )


# A target the post speaks to or points at (over the normalized text): the second person
# ("tu", "t'", "te", "toi", "vous", "you", "ur"), a person designated by a pronoun ("elle",
# "lui", "her", "him", "she") or a demonstrative ("cette", "celle", "this bitch"). Handles are
# checked apart, on the raw text (``rules._HANDLE``). The learned threat head names a threat
# only where one of them is present: "on va le buter" needs "le" read as a person, which is
# left to the rules; "la voiture a fini dans le fossé" has no target and stays neutral.
_TARGET_WORDS = (
    "tu|te|toi|ton|ta|tes|vous|votre|vos|ti|tes|toa|twa|vs|elle|elles|lui|eux|cette|celle|celui|"
    "cet|ces|you|your|yours|youre|yourself|yourselves|u|ur|ya|yall|she|shes|her|hers|herself|"
    "he|hes|him|his|himself|them|this|these"
)
TARGET_RX = rf"(?:^|[^\p{{L}}\p{{N}}])(?:{_TARGET_WORDS})(?:$|[^\p{{L}}\p{{N}}])|(?:^|\s)t'"

# Four or more single letters separated by spaces, dots or the like: "k i l l", "s.a.l.o.p.e".
SPACED_RX = r"(?:^|[^a-z0-9])[a-z](?:[ ._*\-]{1,3}[a-z]){3,}(?:$|[^a-z0-9])"
_SPACED_PY = re.compile(r"(?<![a-z0-9])[a-z](?:[ ._*\-]{1,3}[a-z]){3,}(?![a-z0-9])")


def despace(text: str) -> str:
    """Join letters spelled out one by one (run in Python, only on the rare rows that have
    them: Polars' regex cannot rewrite a match)."""
    return _SPACED_PY.sub(lambda m: re.sub(r"[ ._*\-]", "", m.group(0)), text)


def _char(ch: str) -> str:
    # A vowel may be starred out; any letter may be stretched ("saloooope").
    if ch in "aeiou":
        return f"[{ch}*]+"
    return re.escape(ch) + "+" if ch.isalpha() else re.escape(ch)


def _letters(text: str) -> str:
    out: list[str] = []
    prev = ""
    # A long word may lose a doubled letter ("conasse"); a short one may not: "ass" must not
    # match "as", nor "coon" "con".
    loose = sum(c.isalpha() for c in text) >= 6
    for raw in text:
        # The rules read their text with each whitespace doubled (scan.neutralize says why):
        # "tue toi" is "tue  toi" there, so a space written for a hyphen or an apostrophe is
        # one or two characters, never three.
        if raw in "'’":
            out.append(r"(?:'\s{0,2}|\s{1,2})?")
        elif raw == "-":
            out.append(r"[\s\-]{0,2}")
        elif raw == " ":
            out.append(r"\s+")
        else:
            for ch in base_letter(raw):
                # "connasse" -> c+o+n+a+s+e+: "conasse" and "connnasse" match too.
                if ch != prev or not ch.isalpha():
                    out.append(_char(ch))
                elif not loose:
                    out[-1] = re.escape(ch) + out[-1]  # "ss+": at least the two letters
                prev = ch
            continue
        prev = ""
    return "".join(out)


_GROUP = re.compile(r"\(([^()]*)\)(\?)?")
_SYNTAX = re.compile(r"[()|?]")  # what is left of them outside a group: refused


def compile_word(word: str) -> str:
    """One word token, with its inflection groups (one level: ``tu(er|erai)``, ``mort(e)?``)
    and optional trailing ``*``. Any other ``(``, ``)``, ``|`` or ``?`` is refused: read as
    letters it would match only itself (a nested group did, and its word never matched)."""
    stem_any = word.endswith("*")
    if stem_any:
        word = word[:-1]
    if _SYNTAX.search(_GROUP.sub("", word)):
        raise ValueError(f"lexicon: {word!r} holds a group the compiler does not read (nested?)")
    parts: list[str] = []
    pos = 0
    for m in _GROUP.finditer(word):
        parts.append(_letters(word[pos : m.start()]))
        alts = [_letters(a) for a in m.group(1).split("|")]
        parts.append("(?:" + "|".join(alts) + ")" + ("?" if m.group(2) else ""))
        pos = m.end()
    parts.append(_letters(word[pos:]))
    out = "".join(parts)
    return out + LETTERS if stem_any else out


def _split_alternatives(token: str) -> list[str]:
    """Split a token on top-level ``|`` (not inside parentheses)."""
    out, depth, cur = [], 0, ""
    for ch in token:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _wrapped(token: str) -> bool:
    """Whether the whole token is one parenthesised group."""
    if not (token.startswith("(") and token.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(token):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(token) - 1:
            return False
    return True


def tokens(pattern: str) -> list[str]:
    """Split on spaces outside (...) and [...]; a ``re:`` token runs to the end."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern[i] == " ":
            i += 1
            continue
        if pattern.startswith("re:", i):
            out.append(pattern[i:])
            break
        depth, j = 0, i
        while j < n and (depth or pattern[j] != " "):
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(pattern[j], 0)
            j += 1
        out.append(pattern[i:j])
        i = j
    return out


class Compiler:
    """Compiles phrases against a set of named lists."""

    # Between two words of a phrase: not across a sentence ("Ils ne changeront jamais. Il
    # faudrait les éradiquer": the negation does not reach the second sentence).
    joiner = "[^a-z0-9.!?;]+"
    touching = "[^a-z0-9.!?;]*"  # after an elided word (``j'``): none, or any

    def __init__(self, lists: Mapping[str, list[str]]) -> None:
        self.lists = lists
        self._cache: dict[str, str] = {}
        self._tokens: dict[str, tuple[str, bool]] = {}

    def list_regex(self, name: str) -> str:
        if name not in self._cache:
            if name not in self.lists:
                raise KeyError(f"lexicon: unknown list @{name}")
            self._cache[name] = "(?:" + "|".join(self.phrase(p) for p in self.lists[name]) + ")"
        return self._cache[name]

    def token(self, tok: str) -> tuple[str, bool]:
        """(regex, elided): an elided token (``j'``) may touch the next word (``jvais``).

        Remembered per compiler: the lexicon repeats its tokens (20k calls, 4.4k distinct),
        and building their respelling regexes was most of a scorer's construction."""
        if tok not in self._tokens:
            self._tokens[tok] = self._token(tok)
        return self._tokens[tok]

    def _token(self, tok: str) -> tuple[str, bool]:
        if tok.startswith("re:"):
            return tok[3:], False
        alts = _split_alternatives(tok)
        rx = [self._alternative(a) for a in alts]
        return ("(?:" + "|".join(rx) + ")" if len(rx) > 1 else rx[0]), any(
            a.endswith("'") for a in alts
        )

    def _alternative(self, alt: str) -> str:
        if alt.startswith("@"):
            return self.list_regex(alt[1:])
        if _wrapped(alt):  # "(a real man|a man)": alternatives that are phrases
            return "(?:" + "|".join(self.phrase(p) for p in _split_alternatives(alt[1:-1])) + ")"
        return compile_word(alt.rstrip("'")) + ("'?" if alt.endswith("'") else "")

    def phrase(self, pattern: str) -> str:
        out = ""
        elided_prev = False
        glued = False  # the separator before the next token is already in ``out``
        toks = tokens(pattern)
        for k, tok in enumerate(toks):
            join = "" if glued else self.touching if elided_prev else self.joiner
            last = k == len(toks) - 1
            if tok.startswith("~"):
                # Up to N filler words: "je vais vraiment te tuer" matches "je vais ~2 te tuer".
                n = int(tok[1:])
                if join == self.joiner:
                    out += f"(?:{join}{WORD_CHAR}+){{0,{n}}}"
                    continue
                # After an elided token only the first filler, or the next token, may touch it
                # ("jvais te tuer"); the fillers are whole words ("juste" is not "j" + "us" +
                # "te"). The separator after the last filler is taken here (release 1.12).
                if last:
                    raise ValueError(f"lexicon: {pattern!r}: a gap after {toks[k - 1]!r} ends it")
                fill, sep = f"{WORD_CHAR}+", self.joiner
                out += f"(?:{join}{fill}(?:{sep}{fill}){{0,{n - 1}}}{sep}|{join})"
                glued = True
                continue
            optional = tok.startswith("[") and tok.endswith("]")
            tok = tok.lstrip("!")  # the anchor mark does not change the phrase
            rx, elided = self.token(tok[1:-1] if optional else tok)
            if tok.startswith("re:"):  # a raw tail brings its own separator
                join = ""
            parts = None if optional else self.mixed(tok, toks, k)
            if parts is not None:
                # Each kind of alternative with its own separator: "j'" may touch the next word
                # ("jvais"), "on" may not ("l'ont tabassé" is not "on" + "t"). Release 1.13.
                out += f"{join if out else ''}(?:(?:{parts[0]}){self.touching}|(?:{parts[1]}){self.joiner})"
                glued, elided_prev = True, True
                continue
            if not out:
                out = f"(?:{rx})?" if optional else f"(?:{rx})"
            elif optional and glued:
                # After a gap that took its separator: the token and the one it needs after it,
                # or nothing (the next token then follows the gap's separator).
                if last:
                    raise ValueError(f"lexicon: {pattern!r}: ends with {tok!r} after a gap")
                after = self.touching if elided else self.joiner
                out += f"(?:(?:{rx}){after})?"
                elided_prev = elided
                continue
            elif optional:
                out += f"(?:{join}(?:{rx}))?"
            else:
                out += f"{join}(?:{rx})"
            glued = False
            elided_prev = elided
        return out

    def mixed(self, tok: str, toks: list[str], k: int) -> tuple[str, str] | None:
        """For token ``k`` of ``toks`` if some of its alternatives are elided (``je|j'|on``) and
        some not: the regexes of the two kinds apart (each then takes its own separator), else
        None. None too for the last token (no separator follows it) and one before a raw regex
        (which brings its own)."""
        if k == len(toks) - 1 or toks[k + 1].startswith("re:") or tok.startswith("re:"):
            return None
        alts = _split_alternatives(tok)
        parts = [[a for a in alts if a.endswith("'")], [a for a in alts if not a.endswith("'")]]
        if not all(parts):
            return None
        elided, plain = ("(?:" + "|".join(map(self._alternative, part)) + ")" for part in parts)
        return elided, plain

    def guarded(self, pattern: str) -> str:
        """A phrase that starts and ends at word edges. No Unicode ``\\b``: it is 100x slower
        in Polars; an explicit non-alphanumeric guard is not."""
        if pattern.startswith("re:"):  # raw regexes (emoji, numbers) are used as written
            return pattern[3:]
        return f"(?:^|{NON_ALNUM})(?:{self.phrase(pattern)})(?:$|{NON_ALNUM})"

    def anchor(self, pattern: str) -> str:
        """A cheap necessary condition of ``pattern``: its most telling word, guarded.

        A post matching no anchor cannot match any rule, so the full phrases (slow: gaps and
        long alternations defeat the regex engine's DFA cache) run only on the posts that some
        anchor selected. The anchor is the token marked ``!``, else the last word.
        """
        words = [t for t in tokens(pattern) if not t.startswith(("~", "re:", "["))]
        if not words:
            return self.guarded(pattern)
        marked = [t[1:] for t in words if t.startswith("!")]
        rx, _ = self.token(marked[0] if marked else words[-1])
        return f"(?:^|{NON_ALNUM})(?:{rx})(?:$|{NON_ALNUM})"

    def necessary(self, pattern: str) -> str:
        """A regex every text ``guarded(pattern)`` matches in also matches: the anchor's token
        without its guards (the phrase holds it, unconditionally). Unlike ``anchor`` it is
        never wrong (an elided word before it, ``j'vais``, leaves no guard): for skipping a
        regex where it cannot match without changing what it finds."""
        words = [t for t in tokens(pattern) if not t.startswith(("~", "re:", "["))]
        if not words:
            return self.guarded(pattern)
        marked = [t[1:] for t in words if t.startswith("!")]
        return self.token(marked[0] if marked else words[-1])[0]


def anchor() -> pl.Expr:
    """Whether a post has a target (over ``_at`` and ``_norm``): a handle, the second person,
    a designating pronoun or demonstrative (``TARGET_RX``)."""
    return pl.col("_at") | pl.col("_norm").str.contains(TARGET_RX)
