"""The lexicon compiled: its rules in small unions the scorer scans with, their anchors, the
neutralizers, the respelling map, and the digest that names them all in the scorer version."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from tasks.scoring import lexicon
from tasks.scoring.combine import HOSTILE_THRESHOLD, SUPPORT_THRESHOLD
from tasks.scoring.language import LANG_BITS, reads_rule
from tasks.scoring.patterns import Compiler, respell_map
from tasks.scoring.scancache import cached, cached_scans, strings
from tasks.scoring.vocab import LEFT, RIGHT, split_anchor

# Pattern characters per union (see _chunked): full phrases, and anchors (plain words).
CHUNK = 20_000
ANCHOR_CHUNK = 40_000
# Pattern characters per part of a chunk (``Chunk.parts``): small enough for the lazy DFA.
PART = 6_000
# Regexes per lane of chunks (Polars keeps the last 32 a thread used compiled).
LANE_REGEXES = 30


@dataclass(frozen=True)
class Rule:
    id: str
    lang: str
    category: str
    weight: float
    source: str  # "norm": phrases over the normalized text; "raw": emoji, digits (not mapped)
    rx: str
    anchor: str

    @cached_property
    def py(self) -> re.Pattern[str]:
        """The rule in Python's ``re``, compiled on first use: compiling all of them was most
        of the cost of building a RuleSet (~1.5 s), and a call names few distinct spans."""
        return re.compile(self.rx)


@dataclass(frozen=True)
class Lazy:
    """A neutralizer's regex in Python's ``re``, compiled on first use (0.1 s for all of them
    in every process; ``naming.neutral_kinds`` needs few)."""

    rx: str

    @cached_property
    def py(self) -> re.Pattern[str]:
        return re.compile(self.rx)


@dataclass(frozen=True)
class Scan:
    """One flag of the prefilter (``scan.anchor_flags``): a chunk's anchors (``_c<i>``) or the
    neutralizers' (``_neutral``), over ``source``. ``anchors``: their union as written (what
    the flag means). The same, cut by how each alternative is decided (``vocab``): ``words``
    over the call's units; ``gated`` over the texts holding a unit one of ``gates`` matches;
    ``rest`` over every text. Each a list of unions of at most ANCHOR_CHUNK characters."""

    name: str
    source: str
    anchors: list[str]
    words: list[str]
    gates: list[str]
    gated: list[str]
    rest: list[str]

    def on_units(self) -> list[tuple[str, str]]:
        """(kind, regex) for each regex run on the units: "w" (``words``), "g" (``gates``)."""
        return [("w", rx) for rx in self.words] + [("g", rx) for rx in self.gates]

    @staticmethod
    def of(name: str, source: str, anchors: list[str]) -> Scan:
        union = chunked(sorted(set(anchors)), ANCHOR_CHUNK)
        if source != "norm":  # units are cut from the normalized text only
            return Scan(name, source, union, [], [], [], union)
        words: set[str] = set()
        gated: dict[str, str] = {}
        rest: set[str] = set()
        for a in anchors:
            split = split_anchor(a)
            words.update(split.local)
            gated.update(split.gated)
            rest.update(split.text)

        def union_of(alts: set[str], guard: bool = False) -> list[str]:
            out = chunked(sorted(alts), ANCHOR_CHUNK) if alts else []
            return [LEFT + u + RIGHT for u in out] if guard else out

        return Scan(
            name,
            source,
            union,
            union_of(words, guard=True),
            union_of(set(gated.values())),
            union_of(set(gated), guard=True),
            union_of(rest),
        )


@dataclass(frozen=True)
class Chunk:
    category: str
    source: str
    # The language its rules are of, as the bits of the posts it reads (language.LANG_BITS;
    # 0: "any", every post): a rule of one language never shares a union with another's,
    # whose match, dropped for a post of the first language, would hide the first's.
    langs: int
    rx: str
    # Its rules, in order, in unions of at most PART characters: a post matches ``rx`` where
    # it matches one of them, and where it matches only one, ``rx`` finds that one's spans
    # (no other alternative matches anywhere in it). See ``scan.chunk_spans``.
    parts: list[str]
    rule_anchors: list[str]  # each rule's anchor, in order
    # Each rule's position in ``RuleSet.rules`` (ids may repeat), in order: in ``rx`` the j-th
    # is the group ``r<j>``, so the union, already compiled in its lane, also says which of its
    # rules a span came from (``naming``). ``leaky``: the position from which its rules read,
    # in the union, with a flag an earlier rule set (``(?i)``: Rust applies it to the end of
    # the enclosing group).
    rule_at: list[int]
    leaky: int

    @staticmethod
    def of(category: str, source: str, rules: list[Rule], at: list[int]) -> Chunk:
        # Each rule in a named group, the flags it leaves set written again after it: the
        # union matches what the plain union of the rules matched, and the lexicon's digest
        # (the rules' own regexes) does not change.
        flags = [leaked_flags(r.rx) for r in rules]
        alts = [
            f"(?P<r{j}>{r.rx})" + "".join(f)
            for j, (r, f) in enumerate(zip(rules, flags, strict=True))
        ]
        rx = "(?:" + "|".join(alts) + ")"
        leaky = next((j + 1 for j, f in enumerate(flags) if f), len(rules))
        parts = chunked([r.rx for r in rules], PART)
        langs = LANG_BITS.get(rules[0].lang, 0)
        return Chunk(category, source, langs, rx, parts, [r.anchor for r in rules], at, leaky)

    @property
    def regexes(self) -> int:
        return 1 if len(self.parts) == 1 else len(self.parts) + 1


# What a RuleSet's ``__init__`` compiles, and so what ``RuleSet.default`` keeps in the cache.
_DOC_FIELDS = ("rules", "neutralizers", "neutral_gates", "respell", "categories", "shielded")


class RuleSet:
    """The lexicon compiled, as the unions the scorer scans with."""

    def __init__(
        self,
        rules: list[lexicon.Rule] | None = None,
        neutralizers: list[tuple[str, str]] | None = None,
        lists: dict[str, list[str]] | None = None,
    ) -> None:
        comp = Compiler(lexicon.LISTS if lists is None else lists)
        self.rules: list[Rule] = []
        for rid, weight, pattern in lexicon.RULES if rules is None else rules:
            lang, category, _ = rid.split(".", 2)
            if category not in (*lexicon.CATEGORIES, "support"):
                raise ValueError(f"lexicon: rule {rid}: unknown category {category!r}")
            rx = comp.guarded(pattern)
            source = "raw" if pattern.startswith("re:") else "norm"
            self.rules.append(Rule(rid, lang, category, weight, source, rx, comp.anchor(pattern)))
        self.neutralizers = [
            (kind, comp.guarded(p), comp.anchor(p), Lazy(comp.guarded(p)))
            for kind, p in (lexicon.NEUTRALIZERS if neutralizers is None else neutralizers)
        ]
        # Per neutralizer, a regex it cannot match without (``Compiler.necessary``).
        self.neutral_gates = [
            comp.necessary(p)
            for _, p in (lexicon.NEUTRALIZERS if neutralizers is None else neutralizers)
        ]
        self.respell = respell_map(lexicon.MISSPELT, lexicon.GLUED, lexicon.NOT_MISSPELT)
        self.categories = [
            c for c in (*lexicon.CATEGORIES, "support") if any(r.category == c for r in self.rules)
        ]
        # The rules no neutralizer reads into (``shields``), by position.
        self.shielded = [
            i for i, r in enumerate(self.rules) if r.id in lexicon.SHIELDED and r.source == "norm"
        ]

    @classmethod
    def default(cls) -> RuleSet:
        """The shipped lexicon's RuleSet, read from the cache (``scancache``) when these sources
        compiled it before, else compiled and kept there."""
        return cached("ruleset", ["ruleset"], cls, cls._doc, cls._of_doc)

    def _doc(self) -> dict[str, object]:
        """What ``__init__`` compiled, as JSON values (``_DOC_FIELDS``)."""
        return {
            "rules": [dataclasses.astuple(r) for r in self.rules],
            "neutralizers": [[kind, rx, anchor] for kind, rx, anchor, _ in self.neutralizers],
            "neutral_gates": self.neutral_gates,
            "respell": self.respell,
            "categories": self.categories,
            "shielded": self.shielded,
        }

    @classmethod
    def _of_doc(cls, doc: object) -> RuleSet:
        """A RuleSet from ``_doc``'s output, every field checked: ValueError if it is not
        exactly that shape."""
        if not isinstance(doc, dict) or set(doc) != set(_DOC_FIELDS):
            raise ValueError("another shape")
        rules, neutralizers = doc["rules"], doc["neutralizers"]
        gates, respell, categories = doc["neutral_gates"], doc["respell"], doc["categories"]
        fields = [f.type for f in dataclasses.fields(Rule)]
        ok = (
            isinstance(rules, list)
            and all(isinstance(r, list) and len(r) == len(fields) for r in rules)
            and all(
                isinstance(v, float if t == "float" else str) and not isinstance(v, bool)
                for r in rules
                for v, t in zip(r, fields, strict=True)
            )
            and isinstance(neutralizers, list)
            and all(isinstance(n, list) and len(n) == 3 and strings(n) for n in neutralizers)
            and isinstance(gates, list)
            and len(gates) == len(neutralizers)
            and strings(gates)
            and isinstance(respell, dict)
            and strings(list(respell.values()))
            and strings(categories)
            and isinstance(categories, list)
            and isinstance(doc["shielded"], list)
            and all(type(i) is int and 0 <= i < len(rules) for i in doc["shielded"])
        )
        if not ok:
            raise ValueError("another shape")
        out = cls.__new__(cls)
        out.rules = [Rule(*r) for r in rules]
        out.neutralizers = [(k, rx, a, Lazy(rx)) for k, rx, a in neutralizers]
        out.neutral_gates = gates
        out.respell = respell
        out.categories = categories
        out.shielded = doc["shielded"]
        return out

    @cached_property
    def chunks(self) -> list[Chunk]:
        """The phrase rules in small unions, each with its rules' anchors (their union is its
        ``Scan``): a chunk runs only on the posts its own anchors selected."""
        out: list[Chunk] = []
        langs = list(dict.fromkeys(r.lang for r in self.rules))
        for c in self.categories:
            for source in ("norm", "raw"):
                for lang in langs:  # "any" apart: every post reads its rules, whatever its language
                    group: list[int] = []
                    size = 0
                    for i, r in enumerate(self.rules):
                        if (r.category, r.source, r.lang) != (c, source, lang):
                            continue
                        if group and size + len(r.rx) > CHUNK:
                            out.append(Chunk.of(c, source, [self.rules[j] for j in group], group))
                            group, size = [], 0
                        group.append(i)
                        size += len(r.rx)
                    if group:
                        out.append(Chunk.of(c, source, [self.rules[j] for j in group], group))
        return out

    @cached_property
    def norm_rules(self) -> pl.Series:
        """Per rule (by position), whether it reads the normalized text (``source`` "norm")."""
        return pl.Series([r.source == "norm" for r in self.rules], dtype=pl.Boolean)

    @cached_property
    def chunk_lanes(self) -> list[list[int]]:
        """The chunks in groups of at most LANE_REGEXES regexes (their parts and union), one
        lane each, so that each stays compiled in its lane."""
        out: list[list[int]] = [[]]
        held = 0
        for i, ch in enumerate(self.chunks):
            if out[-1] and held + ch.regexes > LANE_REGEXES:
                out.append([])
                held = 0
            out[-1].append(i)
            held += ch.regexes
        return out

    @cached_property
    def rule_index(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.rules)}

    @cached_property
    def neutral_rxs(self) -> list[str]:
        return chunked([n[1] for n in self.neutralizers])

    @cached_property
    def scans(self) -> list[Scan]:
        """The prefilter's flags: one per chunk (its rules' anchors), one for the
        neutralizers'. Kept between processes (``scancache``): computing them is ~0.65 s."""
        inputs = [(f"_c{i}", ch.source, ch.rule_anchors) for i, ch in enumerate(self.chunks)]
        inputs.append(("_neutral", "norm", [n[2] for n in self.neutralizers]))
        return cached_scans(inputs, Scan.of, Scan)

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for r in self.rules:
            h.update(f"{r.id}\t{r.weight}\t{r.rx}\n".encode())
        for kind, rx, _, _ in self.neutralizers:
            h.update(f"{kind}\t{rx}\n".encode())
        for typo, right in sorted(self.respell.items()):
            h.update(f"{typo}\t{right}\n".encode())
        h.update(f"shielded\t{self.shielded}\n".encode())
        h.update(f"{HOSTILE_THRESHOLD}\t{SUPPORT_THRESHOLD}".encode())
        return h.hexdigest()[:10]

    def rule_for(self, category: str, span: str, langs: int | None = None) -> Rule | None:
        """The first rule of ``category`` that matches the whole span Polars extracted, in
        Python's ``re`` rule by rule: what ``naming.first_rules`` answers (much cheaper), and
        its fallback. ``langs``: only the rules a post of those languages reads (bits)."""
        rules = [
            r
            for r in self.rules
            if r.category == category
            and (langs is None or reads_rule(langs, LANG_BITS.get(r.lang, 0)))
        ]
        for r in rules:
            if r.py.fullmatch(span):
                return r
        for r in rules:  # the engines disagree on an edge: take the first that matches
            if r.py.search(span):
                return r
        return None

    def neutralizer_kind(self, span: str) -> str:
        """The kind of the first neutralizer that matches the whole span, else of the first
        that matches in it, in Python's ``re``: what ``naming.neutral_kinds`` answers."""
        for matcher in (re.Pattern.fullmatch, re.Pattern.search):
            for kind, _, _, lazy in self.neutralizers:
                if matcher(lazy.py, span):
                    return kind
        return "quote"


def chunked(parts: list[str], limit: int | None = None) -> list[str]:
    """Unions of at most ``limit`` pattern characters each. A union of many phrase rules
    overflows the lazy DFA's cache and the engine falls back to a matcher 10-100x slower
    (measured: 16 rules 0.08 s, 64 rules 3 s on the same 95k posts); the whole lexicon in one
    union even exceeds the engine's 10 MB compiled-size limit."""
    limit = limit or CHUNK
    chunks: list[list[str]] = [[]]
    size = 0
    for p in parts:
        if size + len(p) > limit and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(p)
        size += len(p)
    return ["(?:" + "|".join(c) + ")" for c in chunks if c]


_FLAG = re.compile(r"\(\?[a-zA-Z-]+\)")


def leaked_flags(rx: str) -> list[str]:
    """The inline flag groups of ``rx`` outside any group of its own (``(?i)``, not ``(?i:x)``):
    in a union of rules, Rust keeps them set for the rules after it (to the end of the union).
    Every flag group found is a match of ``_FLAG``: a regex with none (all but one of the
    lexicon's 569 rules) is not read character by character (0.38 s of CPU a process)."""
    if not _FLAG.search(rx):
        return []
    out: list[str] = []
    depth, i, in_class = 0, 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            j = i + 1 + (rx[i + 1 : i + 2] == "^")
            if rx[j : j + 1] == "]":  # "[]...]" and "[^]...]": the first ] is a member
                i = j
        elif c == "(":
            m = _FLAG.match(rx, i)
            if m:
                out += [m.group()] if depth == 0 else []
                i = m.end()
                continue
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return out
