"""Which anchors a call's vocabulary decides, read from the regexes' structure alone.

An anchor (``Compiler.anchor``) is a token's regex T between guards: ``(?:^|[^a-z0-9])`` T
``(?:$|[^a-z0-9])``. Cut a text into its *units*: the maximal runs of ``UNIT`` characters (the
letters and digits, the star a vowel may be, the apostrophe). Two facts, for any T:

1. **Local.** If every string T matches is non-empty and made of ``UNIT`` characters only, the
   text matches the guarded T if and only if one of its units does. A match of T lies inside
   one unit (it has no other character); a guard's character is either in the unit (a star, an
   apostrophe: not alphanumeric there either) or outside it, where the unit has its start or
   end, which the guard also accepts; and back, a unit's start or end is the text's or a
   character outside ``UNIT``, not alphanumeric. So the same guarded regex run on the distinct
   units of a call (its vocabulary, far fewer characters than its texts) gives the same flags.
2. **Gated.** If T is a concatenation one of whose mandatory pieces (a run of consecutive
   items, each made of ``UNIT`` characters, matching at least one character) is P, every text
   the guarded T matches has a unit in which P is found: P's match lies inside one unit, and
   P keeps a guard on each side where every match has a non-alphanumeric character or an edge
   (T's guard, a separator item), as in 1. Such an anchor still runs on the text, but only on
   the texts whose vocabulary has P (``_gates``).

Anything else (an alternative with no such piece, a raw regex, a regex with inline flags) runs
on every text, as before. What a regex matches is read from its structure: alternatives, groups,
items and their quantifiers by a small reader (``_top``, ``_items``), each atom (a character, an
escape, a class) by Python's parser (``re._parser``), which must find a literal or a class of
literals, ranges or ``\\s`` there, whose meaning is the same in Rust's ``regex`` that runs them.
Any other atom (``.``, ``^``, ``$``, ``\\b``, a look-around, a group with flags, an escape
Python cannot read such as ``\\p{L}``, a Rust-only class that Python reads otherwise: it then
holds ``[``, ``&`` or ``~``, outside ``UNIT``) makes what holds it neither local nor a
separator. No timing is involved.
"""

from __future__ import annotations

import re
import re._constants as sc  # type: ignore[import-not-found]
import re._parser as sp  # type: ignore[import-not-found]
import warnings
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from tasks.scoring.patterns import NON_ALNUM

UNIT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789*'")
UNIT = "[a-z0-9*']+"
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
LEFT = f"(?:^|{NON_ALNUM})"
RIGHT = f"(?:$|{NON_ALNUM})"


@dataclass(frozen=True)
class Split:
    """One anchor's alternatives, by how they are decided (see the module docstring)."""

    local: list[str]  # alternatives of T decided on units, to be guarded
    gated: list[tuple[str, str]]  # (alternative of T, its gate)
    text: list[str]  # full regexes (guarded alternatives, raw regexes) for every text


def split_anchor(anchor: str) -> Split:
    if "(?" in anchor.replace("(?:", "") or not (
        anchor.startswith(LEFT + "(?:") and anchor.endswith(")" + RIGHT)
    ):
        # Inline flags would not survive a cut; a raw regex has no guards to lean on.
        return Split([], [], [anchor])
    body = anchor[len(LEFT) : -len(RIGHT)]
    if _closing(body, 0) != len(body) - 1:
        return Split([], [], [anchor])
    split = Split([], [], [])
    for alt in alternatives(body):
        if local(alt):
            split.local.append(alt)
        elif found := gate(alt):
            split.gated.append((alt, found))
        else:
            split.text.append(f"{LEFT}(?:{alt}){RIGHT}")
    return split


def alternatives(rx: str) -> list[str]:
    """``rx`` cut at its top-level ``|``, groups ``(?:…)`` that are a whole alternative
    opened and cut in turn: the union of the pieces matches what ``rx`` matches. (One pass
    over ``rx``: the lexicon's anchors nest lists in lists.)"""
    close: dict[int, int] = {}
    bars: dict[int, list[int]] = {-1: []}
    stack = [-1]
    for m in _TOKEN.finditer(rx):
        if m.group() == "(":
            stack.append(m.start())
            bars[m.start()] = []
        elif m.group() == ")":
            close[stack.pop()] = m.start()
        elif m.group() == "|":
            bars[stack[-1]].append(m.start())
    out: list[str] = []

    def walk(start: int, end: int, group: int) -> None:
        cuts = [start - 1, *bars[group], end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            if rx.startswith("(?:", a + 1) and close.get(a + 1) == b - 1:
                walk(a + 4, b - 1, a + 1)
            else:
                out.append(rx[a + 1 : b])

    walk(0, len(rx), -1)
    return out


def local(rx: str) -> bool:
    """Every string ``rx`` matches is non-empty and made of ``UNIT_CHARS``."""
    width = _width(rx)
    return width is not None and width > 0


def gate(rx: str) -> str | None:
    """A regex some unit of every text ``rx`` matches in matches: the best of its candidates
    (``_gates``), or None."""
    best = max(_gates(rx, True, True), default=None, key=_score)
    return best[1] if best else None


@cache
def _gates(rx: str, left: bool, right: bool) -> tuple[tuple[int, str], ...]:
    """(score, gate) for each candidate of ``rx`` (a concatenation) between a
    non-alphanumeric character or an edge (``left``, ``right``) or not, in order; each a regex
    that some unit of every text ``rx`` matches in also matches, each from its own items:

    - a *word*: consecutive local items, and optional separators between them (items matching
      nothing or non-alphanumeric characters only: ``'``, ``-``, a space). Each way its
      separators may go (empty, or not: the word then in pieces, each bounded where a
      separator is) has its best piece: a run of local items (its match lies in one unit),
      guarded on a side where it is bounded, by ``rx``'s bound or a separator (a mandatory
      one: non-alphanumeric characters only, at least one). The word's gate: those pieces'
      union;
    - a mandatory group: its own best (a group of alternatives: the union of each
      alternative's best, if each has one).

    Scored by the characters the gate needs, and one more for each guarded side (a longer
    word, or a whole one, is rarer); the first of equals (a phrase's object pronoun, last, is
    commoner than its verb): a choice from the regex alone."""
    items = _items(rx)
    kinds = [_kind(atom + quant) for atom, quant in items]
    found: list[tuple[int, str]] = []

    def bounded(k: int, side: int) -> bool:
        j = k + side
        return (left if side < 0 else right) if not 0 <= j < len(items) else kinds[j] == "sep"

    def offer(gate: tuple[int, str] | None) -> None:
        if gate:
            found.append(gate)

    k = 0
    while k < len(items):
        if isinstance(kinds[k], int):
            j = k
            while j < len(items) and (isinstance(kinds[j], int) or kinds[j] == "opt"):
                j += 1
            while kinds[j - 1] == "opt":
                j -= 1
            word = [(a + q, kinds[i]) for i, (a, q) in enumerate(items[k:j], k)]
            offer(_word_gate(word, bounded(k, -1), bounded(j - 1, 1)))
            k = j
            continue
        atom, quant = items[k]
        if atom.startswith("(?:") and quant in ("", "+"):
            # Repeated, its first match has the group's left bound only.
            bounds = bounded(k, -1), bounded(k, 1) and not quant
            inner = [
                max(_gates(alt, *bounds), default=None, key=_score) for alt in _top(atom[3:-1], "|")
            ]
            if all(inner):
                score = min(g[0] for g in inner if g)
                offer((score, "(?:" + "|".join(g[1] for g in inner if g) + ")"))
        k += 1
    return tuple(found)


def _score(gate: tuple[int, str]) -> int:
    return gate[0]


# Optional separators in a word beyond which its ways are not each tried (2 ** _WAYS ways).
_WAYS = 4


def _word_gate(
    word: list[tuple[str, int | str | None]], left: bool, right: bool
) -> tuple[int, str] | None:
    """The gate of a word (see ``_gates``): local items and optional separators ("opt")."""
    opts = [i for i, (_, kind) in enumerate(word) if kind == "opt"]
    if len(opts) > _WAYS:  # each separator then ends a piece, unguarded on that side
        runs, cur = [], []
        for item, kind in word:
            if kind == "opt":
                runs.append(cur)
                cur = []
            else:
                cur.append(item)
        pieces = [
            ("".join(r), left and i == 0, right and i == len(runs))
            for i, r in enumerate([*runs, cur])
            if r
        ]
        return max(filter(None, (_piece(*p) for p in pieces)), default=None, key=_score)
    ways: list[tuple[int, str]] = []
    for way in range(2 ** len(opts)):
        split = {o for b, o in enumerate(opts) if way >> b & 1}
        pieces, cur, start = [], "", left
        for i, (item, kind) in enumerate(word):
            if i in split:
                pieces.append((cur, start, True))
                cur, start = "", True
            elif kind != "opt":
                cur += item
        pieces.append((cur, start, right))
        found = max(filter(None, (_piece(*p) for p in pieces)), default=None, key=_score)
        if found is None:
            return None
        ways.append(found)
    gates = sorted({g for _, g in ways})
    return min(s for s, _ in ways), gates[0] if len(gates) == 1 else "(?:" + "|".join(gates) + ")"


def _piece(rx: str, left: bool, right: bool) -> tuple[int, str] | None:
    width = _width(rx) if rx else None
    if not width:
        return None
    gate = (LEFT if left else "") + f"(?:{rx})" + (RIGHT if right else "")
    return width + left + right, gate


def _kind(item: str) -> int | str | None:
    """An item's fewest characters if it only matches ``UNIT_CHARS``; "sep" if it only
    matches non-alphanumeric characters, at least one; "opt" if it only matches those or
    nothing; else None."""
    p = _props(item)
    if p is None:
        return None
    if p.unit:
        return p.width
    return ("sep" if p.width else "opt") if p.sep else None


def _width(rx: str) -> int | None:
    """The fewest characters ``rx`` matches, or None unless it only matches ``UNIT_CHARS``."""
    p = _props(rx)
    return p.width if p is not None and p.unit else None


class _Props(NamedTuple):
    width: int  # the fewest characters matched
    unit: bool  # only UNIT_CHARS
    sep: bool  # only non-alphanumeric characters


@cache
def _props(rx: str) -> _Props | None:
    """What every string ``rx`` matches is made of (None: unknown, see the module docstring),
    from its alternatives, its items and their quantifiers."""
    alts = _top(rx, "|")
    if len(alts) > 1:
        each = [_props(a) for a in alts]
        if any(p is None for p in each):
            return None
        return _Props(
            min(p.width for p in each if p),
            all(p.unit for p in each if p),
            all(p.sep for p in each if p),
        )
    width, unit, sep = 0, True, True
    for atom, quant in _items(rx):
        if atom.startswith("(?:"):
            p = _props(atom[3:-1])
        elif atom.startswith("(?"):  # flags, look-arounds, named groups: not read
            p = None
        elif atom.startswith("("):
            p = _props(atom[1:-1])
        else:
            p = _atom(atom)
        if p is None:
            return None
        width += p.width * _least(quant)
        unit, sep = unit and p.unit, sep and p.sep
    return _Props(width, unit, sep)


def _least(quant: str) -> int:
    """The fewest repetitions ``quant`` allows."""
    if not quant or quant[0] == "+":
        return 1
    if quant[0] in "?*":
        return 0
    least = quant[1 : quant.index("}")].split(",")[0]
    return int(least) if least.isdigit() else 0


@cache
def _atom(atom: str) -> _Props | None:
    """A character, an escape or a class, read by Python's parser: a literal or a class of
    literals, ranges and ``\\s``; anything else is not read (None)."""
    try:
        with warnings.catch_warnings():  # "possible nested set": read as Python does
            warnings.simplefilter("ignore", FutureWarning)
            p = sp.parse(atom)
    except (re.error, OverflowError, RecursionError):
        return None
    if p.state.flags & ~sc.SRE_FLAG_UNICODE or len(p) != 1:
        return None
    op, av = p[0]
    if op is sc.LITERAL:
        return _Props(1, chr(av) in UNIT_CHARS, chr(av) not in _ALNUM)
    if op is not sc.IN:
        return None
    negated = av[0][0] is sc.NEGATE
    listed: set[str] = set()
    unit = not negated
    for iop, iav in av[1:] if negated else av:
        if iop is sc.LITERAL:
            listed.add(chr(iav))
            unit = unit and chr(iav) in UNIT_CHARS
        elif iop is sc.RANGE:
            span = range(iav[0], iav[1] + 1)
            unit = unit and all(chr(c) in UNIT_CHARS for c in span)
            listed |= {chr(c) for c in span if c < 0x80}
        elif iop is sc.CATEGORY and iav is sc.CATEGORY_SPACE:
            unit = False
        else:
            return None
    sep = _ALNUM <= listed if negated else not listed & _ALNUM
    return _Props(1, unit, sep)


@cache
def _items(rx: str) -> tuple[tuple[str, str], ...]:
    """``rx`` (no top-level ``|``) as its top-level items: (atom, quantifier)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(rx):
        a = _atom_end(rx, i)
        j = a
        while j < len(rx) and rx[j] in "*+?{":
            j = rx.index("}", j) + 1 if rx[j] == "{" else j + 1
        out.append((rx[i:a], rx[a:j]))
        i = j
    return tuple(out)


def _atom_end(rx: str, i: int) -> int:
    if rx[i] == "\\":
        return i + 2
    if rx[i] == "[":
        return _class_end(rx, i)
    if rx[i] == "(":
        end = _closing(rx, i)
        assert end is not None, rx
        return end + 1
    return i + 1


# What the reader steps over: an escape, a whole class (a "]" first in it is a literal), a
# parenthesis, a bar; every other character stands for itself.
_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]", re.S)
_TOKEN = re.compile(r"\\.|" + _CLASS.pattern + r"|[()|]", re.S)


def _class_end(rx: str, i: int) -> int:
    m = _CLASS.match(rx, i)
    assert m, rx
    return m.end()


def _closing(rx: str, i: int) -> int | None:
    """The index of the ``)`` closing the ``(`` at ``i``."""
    depth = 0
    for m in _TOKEN.finditer(rx, i):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def _top(rx: str, sep: str = "|") -> list[str]:
    """``rx`` cut at its top-level ``sep``."""
    out, depth, start = [], 0, 0
    for m in _TOKEN.finditer(rx):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
        elif m.group() == sep and depth == 0:
            out.append(rx[start : m.start()])
            start = m.end()
    out.append(rx[start:])
    return out
