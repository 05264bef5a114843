"""Which rule found each span: the first rule of the span's category, in the lexicon's order,
that matches the whole span (``RuleSet.rule_for``), read from the chunks' own unions.

``rule_for`` compiles the category's rules in Python's ``re``, one after the other, until one
matches: ~1-3 ms a rule, most of the lexicon on a process's first call (1.3-1.6 of its ~3 CPU
s on the demo's week; docs/benchmarks.md). Here each chunk's union, already compiled in its
lane by ``scan.rule_spans``, holds each rule in a named group (``Chunk.rx``), and Rust's
leftmost-first semantics answer for all the rules of a chunk at once: where the union's first
match in the span starts past its start, no rule of the chunk matches the whole span; where it
starts at the start, the group that matched is the chunk's first rule matching there at all,
so the rules before it match neither; if that match is the whole span, that rule is the
chunk's answer. The category's answer is the chunk answer earliest in the lexicon.

Python decides what Rust cannot, rule by rule (``Rule.py``, compiled on first use): a match
at the start that stops short (that rule and those after it in its chunk), a rule read with a flag
an earlier rule of its union leaves set (``Chunk.leaky``: checked), and the rules a span's
characters put in doubt. The engines read a character alike for a construct when they agree
on it under the construct's probes (``_PROBES``: ``\\s``, ``\\d``, ``\\w`` and so their
complements, the letters under ``(?i)``); a span in which some character is read apart puts in
doubt the rules using that construct (``uses``), a span ending with a line break those using
``$`` (Python's also matches before a final one). Where Rust finds no rule at all, ``rule_for``
answers. tests/test_span_naming.py holds the lexicon to the probed constructs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache

import polars as pl

from tasks.scoring import lanes
from tasks.scoring.language import reads_rule
from tasks.scoring.memo import Memo
from tasks.scoring.ruleset import LANE_REGEXES, Chunk, Rule, RuleSet

# Each construct the rules use besides literals and ranges, and the probes that read it.
_PROBES = {
    "s": [r"\s"],
    "d": [r"\d"],
    "w": [r"\w"],
    "i": [f"(?i){c}" for c in string.ascii_lowercase],
}
_APART: dict[str, frozenset[str]] = {}  # character -> the constructs the engines read apart


def disagree(chars: set[str]) -> dict[str, frozenset[str]]:
    r"""For each character, the constructs (``_PROBES``) Python's ``re`` and Polars' regex read
    differently on it (U+FE0F, a variation selector, is ``\w`` in Rust, not in Python)."""
    new = sorted(chars - _APART.keys())
    if new:
        found: list[set[str]] = [set() for _ in new]
        col = pl.Series(new, dtype=pl.String)
        for kind, probes in _PROBES.items():
            for probe in probes:
                py = re.compile(probe)
                rust = col.str.contains(f"^(?:{probe})$").to_list()
                for i, (ch, hit) in enumerate(zip(new, rust, strict=True)):
                    if bool(py.fullmatch(ch)) != hit:
                        found[i].add(kind)
        _APART.update(zip(new, map(frozenset, found), strict=True))
    return {ch: _APART[ch] for ch in chars}


@cache
def uses(rx: str) -> frozenset[str]:
    """The constructs of ``_PROBES`` a rule's regex may use, and ``$`` (Python's also matches
    before a final line break): read from its text, erring towards more."""
    found = {k for k, esc in (("s", "sS"), ("d", "dD"), ("w", "wW")) for e in esc if "\\" + e in rx}
    if re.search(r"\(\?[a-zA-Z-]*i", rx):
        found.add("i")
    return frozenset(found | ({"$"} if "$" in rx else set()))


def first_rules(rs: RuleSet, pairs: list[tuple[str, str]]) -> list[Rule | None]:
    """``rs.rule_for(category, span)`` for each pair, the same answers."""
    if not pairs:
        return []
    apart = disagree({ch for _, span in pairs for ch in span})
    todo: dict[str, list[str]] = {}
    for category, span in dict.fromkeys(pairs):
        todo.setdefault(category, []).append(span)
    series = {c: pl.Series(s, dtype=pl.String) for c, s in todo.items()}
    parts = [[rs.chunks[i] for i in lane] for lane in rs.chunk_lanes]
    runs = [lanes.run(f"chunks{k}", _read, part, series) for k, part in enumerate(parts)]
    reads = [
        (ch, r)
        for part, run in zip(parts, runs, strict=True)
        for ch, r in zip(part, run.result(), strict=True)
    ]
    best: dict[tuple[str, str], int | None] = {}
    for category, spans in todo.items():
        mine = [(ch, r) for ch, r in reads if ch.category == category and r is not None]
        used = [(i, uses(r.rx)) for i, r in enumerate(rs.rules) if r.category == category]
        for k, span in enumerate(spans):
            doubt = frozenset().union(*(apart[ch] for ch in span))
            doubt |= {"$"} if span.endswith("\n") else set()
            # Most spans put nothing in doubt: the category's rules are not gone through then.
            doubtful = [i for i, u in used if u & doubt] if doubt else []
            best[(category, span)] = _answer(rs, mine, k, span, doubtful)
    out: list[Rule | None] = []
    for key in pairs:
        at = best[key]
        out.append(rs.rules[at] if at is not None else rs.rule_for(*key))
    return out


# Per chunk: where its union first matches in each span, the group that matched, its text.
Read = tuple[list[int | None], list[int | None], list[str | None]]


def _read(chunks: list[Chunk], series: dict[str, pl.Series]) -> list[Read | None]:
    """In a chunk lane: each chunk's union on the spans of its category (compiled already)."""
    out: list[Read | None] = []
    for ch in chunks:
        col = series.get(ch.category)
        if col is None:
            out.append(None)
            continue
        at = col.str.find(ch.rx)
        # The groups only where a rule matches at the start (captures cost more than a find).
        start = (at == 0).fill_null(False).arg_true()
        if not start.len():  # most chunks of a category match no span at its start
            out.append((at.to_list(), [None] * col.len(), [None] * col.len()))
            continue
        found = col.gather(start).str.extract_groups(ch.rx).struct.unnest()
        names = [f"r{j}" for j in range(len(ch.rule_at))]
        which = found.select(
            g=pl.coalesce(
                [pl.when(pl.col(n).is_not_null()).then(pl.lit(j)) for j, n in enumerate(names)]
            ),
            text=pl.coalesce(names),
        )
        g: list[int | None] = [None] * col.len()
        text: list[str | None] = [None] * col.len()
        for pos, j, t in zip(start.to_list(), which["g"], which["text"], strict=True):
            g[pos], text[pos] = j, t
        out.append((at.to_list(), g, text))
    return out


def _answer(
    rs: RuleSet, mine: list[tuple[Chunk, Read]], k: int, span: str, doubtful: list[int]
) -> int | None:
    """The index of the first rule matching the whole ``span`` (the ``k``-th of its category)
    from the reads of its category's chunks (``mine``): Rust's answers where the engines
    agree, Python's for the rules in ``doubtful`` and for the rest of a chunk whose match at the
    span's start is not a plain whole match. None: none found (the caller asks ``rule_for``)."""
    best: int | None = None
    python: list[list[int]] = [doubtful]  # runs of rules to try in Python, each in order
    for ch, (at, g, text) in mine:
        j = g[k]
        if at[k] != 0 or j is None:
            continue  # no rule of the chunk matches at the span's start
        i = ch.rule_at[j]
        if text[k] == span and j < ch.leaky and i not in doubtful:
            best = i if best is None else min(best, i)
        else:
            python.append(ch.rule_at[j:])
    for run in python:
        for i in run:
            if best is not None and i >= best:
                break
            if rs.rules[i].py.fullmatch(span):
                best = i
                break
    return best


def neutral_kinds(rs: RuleSet, spans: list[str]) -> list[str]:
    """``rs.neutralizer_kind(span)`` for each span, the same answers, from the neutralizers'
    regexes in their lane (``scan.neutralize`` has just run them there): Python decides where
    a match at the start stops short and for the neutralizers a span's characters put in
    doubt (see the module's docstring)."""
    if not spans:
        return []
    apart = disagree({ch for span in spans for ch in span})
    col = pl.Series(spans, dtype=pl.String)
    n, size = len(rs.neutralizers), LANE_REGEXES
    runs = [
        lanes.run(f"neutral{k // size}", _read_neutral, rs, col, range(k, min(k + size, n)))
        for k in range(0, n, size)
    ]
    reads = [read for run in runs for read in run.result()]
    out = []
    for k, span in enumerate(spans):
        doubt = frozenset().union(*(apart[ch] for ch in span))
        doubt |= {"$"} if span.endswith("\n") else set()
        out.append(_kind(rs, reads, k, span, doubt))
    return out


def _read_neutral(
    rs: RuleSet, col: pl.Series, which: range
) -> list[tuple[list[int | None], list[bool]]]:
    """Per neutralizer of ``which``: where it first matches in each span, and whether that
    match is the whole span; in the neutralizers' lane (``scan._neutralizers``), where they are
    still compiled."""
    out = []
    for i in which:
        rx = rs.neutralizers[i][1]
        at = col.str.find(rx)
        start = (at == 0).fill_null(False).arg_true()
        first = col.gather(start).str.extract(rx, 0)
        whole = [False] * col.len()
        for pos, span, text in zip(start, col.gather(start), first, strict=True):
            whole[pos] = text == span
        out.append((at.to_list(), whole))
    return out


def _kind(
    rs: RuleSet,
    reads: list[tuple[list[int | None], list[bool]]],
    k: int,
    span: str,
    doubt: frozenset[str],
) -> str:
    """The kind of the first neutralizer matching the whole ``span`` (the ``k``-th read), else
    of the first matching in it, else "quote"."""
    python = [bool(uses(rx) & doubt) for _, rx, _, _ in rs.neutralizers]
    for (kind, _, _, lazy), (at, whole), py in zip(rs.neutralizers, reads, python, strict=True):
        if py or (at[k] == 0 and not whole[k]):
            if lazy.py.fullmatch(span):
                return kind
        elif whole[k]:
            return kind
    for (kind, _, _, lazy), (at, _), py in zip(rs.neutralizers, reads, python, strict=True):
        if lazy.py.search(span) if py else at[k] is not None:
            return kind
    return "quote"


def in_post_langs(
    fired: pl.DataFrame,
    rs: RuleSet,
    memo: Memo,
    named: Callable[[Rule, str], tuple[object, ...]],
    columns: list[str],
) -> pl.DataFrame:
    """``fired`` (each span joined to the rule ``first_rules`` named for it: ``columns``) where
    that rule is of a language the post is not read in (``_rbits``, ``_langs``): named again
    by the first rule of the post's languages matching the whole span, or left for the caller
    to drop. "te mato, puta" is Spanish and Portuguese alike: the Spanish rule, listed first,
    named the span, and a Portuguese post lost its threat. Rare, so in Python's ``re``, each
    (category, span, languages) once per memo."""
    wrong = ~reads_rule(pl.col("_langs"), pl.col("_rbits"))
    keys = fired.filter(wrong).select("category", "span", "_langs").unique(maintain_order=True)
    rows = []
    for category, span, langs in keys.iter_rows():
        key = (category, span, langs)
        if key not in memo.relang:
            rule = rs.rule_for(category, span, langs)
            memo.relang[key] = None if rule is None else named(rule, span)
        if (again := memo.relang[key]) is not None:
            rows.append((category, span, langs, *again))
    if not rows:
        return fired
    keyed = ["category", "span", "_langs"]
    schema = {c: fired.schema[c] for c in keyed + columns}
    again = pl.DataFrame(rows, schema=schema, orient="row").rename({c: f"{c}~" for c in columns})
    return (
        fired.join(again, on=keyed, how="left", maintain_order="left")
        .with_columns(pl.coalesce(f"{c}~", c).alias(c) for c in columns)
        .drop(f"{c}~" for c in columns)
    )
