"""Each span is named by the rule ``RuleSet.rule_for`` names (the first rule of its category, in
the lexicon's order, that Python's ``re`` matches over the whole span), though ``naming``
reads it from the chunks' unions in Polars: on the spans of our written cases, on spans where
two rules match, where the first match at the start stops short, and where the two engines
read a character or a line break apart. A chunk's union, each rule in a named group, extracts
what the plain union of its rules extracts. (The demo's weeks and the real sets were compared
post by post with the previous revision once, docs/benchmarks.md: too slow for a test.)
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.scoring import naming, ruleset, scan
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import Rule, RuleSet, chunked, leaked_flags

CASES = sorted((Path(__file__).resolve().parents[1] / "eval" / "cases").glob("*.tsv"))

# Rules written to make naming hard; their order is the lexicon's order.
TRICKY = [
    ("fr.insult.sale_connard", 0.5, "sale connard"),
    ("fr.insult.sale_gap_connard", 0.5, "sale ~1 connard"),  # matches what the first does
    ("fr.insult.sale_connard", 0.9, "sale ~2 connard"),  # an id used twice: the first one counts
    ("any.insult.raw_ab", 0.5, "re:ab"),  # matches the start of "abc" only
    ("any.insult.raw_abc", 0.5, "re:abc"),
    ("en.threat.imperative", 0.6, "re:(?i)kill you"),  # its flag leaks to the next rules
    ("en.threat.long_s", 0.6, "re:\u017ftab"),  # "ſtab": Rust, with the leaked (?i), reads "stab"
    ("en.threat.stab", 0.6, "re:stab"),
    ("en.threat.die", 0.6, "re:die(?:$|[\\W_])"),  # U+FE0F: \W in Python, not in Rust
    ("en.threat.die_any", 0.6, "re:die."),
    ("en.threat.kill_s", 0.6, "re:kill\\s+him"),  # U+001C: \s in Python, not in Rust
    ("en.threat.kill_any", 0.6, "re:kill.him"),
    ("en.threat.die_eol", 0.6, "re:dead$\\s"),  # Python's $ also before a final line break
    ("en.threat.dead_any", 0.6, "re:dead\\s"),
]
SPANS = [
    ("insult", " sale connard "),  # both phrase rules match: the first
    ("insult", " sale gros connard "),  # only the second and third
    ("insult", " sale gros gros connard "),  # only the third
    ("insult", "abc"),  # "ab" is the union's first match at the start, too short
    ("insult", "xab"),  # no rule matches it whole: rule_for searches
    ("threat", "kill you"),
    ("threat", "KILL YOU"),
    ("threat", "stab"),  # the leaked flag reads it as "ſtab" in Rust
    ("threat", "\u017ftab"),
    ("threat", "die\ufe0f"),  # Python: en.threat.die; Rust: en.threat.die_any
    ("threat", "kill\x1chim"),  # Python: kill_s; Rust: kill_any
    ("threat", "dead\n"),  # Python: die_eol; Rust: dead_any
    ("threat", "nothing here"),  # no rule at all
]


def _names(rs: RuleSet, pairs: list[tuple[str, str]]) -> tuple[list[str | None], list[str | None]]:
    """Each pair's rule as ``naming`` names it and as ``rule_for`` does: its id and position in
    the lexicon (an id may be used twice)."""
    at = {id(r): i for i, r in enumerate(rs.rules)}

    def label(r: Rule | None) -> str | None:
        return None if r is None else f"{r.id}@{at[id(r)]}"

    got = [label(r) for r in naming.first_rules(rs, pairs)]
    want = [label(rs.rule_for(c, s)) for c, s in pairs]
    return got, want


@pytest.mark.parametrize("chunk", [ruleset.CHUNK, 1], ids=["shared-chunks", "a-chunk-a-rule"])
def test_tricky_spans_are_named_as_rule_for_names_them(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruleset, "CHUNK", chunk)
    rs = RuleSet(rules=TRICKY, neutralizers=[], lists={})
    assert (len(rs.chunks) > 4) == (chunk == 1)
    got, want = _names(rs, SPANS)
    assert got == want
    assert dict(zip(SPANS, got, strict=True)) == {
        ("insult", " sale connard "): "fr.insult.sale_connard@0",
        ("insult", " sale gros connard "): "fr.insult.sale_gap_connard@1",
        ("insult", " sale gros gros connard "): "fr.insult.sale_connard@2",
        ("insult", "abc"): "any.insult.raw_abc@4",
        ("insult", "xab"): "any.insult.raw_ab@3",
        ("threat", "kill you"): "en.threat.imperative@5",
        ("threat", "KILL YOU"): "en.threat.imperative@5",
        ("threat", "stab"): "en.threat.stab@7",
        ("threat", "\u017ftab"): "en.threat.long_s@6",
        ("threat", "die\ufe0f"): "en.threat.die@8",
        ("threat", "kill\x1chim"): "en.threat.kill_s@10",
        ("threat", "dead\n"): "en.threat.die_eol@12",
        ("threat", "nothing here"): None,
    }


def test_the_tricky_characters_are_read_apart_by_the_engines() -> None:
    # What makes the spans above tricky: Rust alone would name another rule.
    def rust(rx: str, span: str) -> bool:
        return bool(pl.Series([span]).str.contains(f"^(?:{rx})$")[0])

    assert re.fullmatch("die(?:$|[\\W_])", "die\ufe0f") and not rust("die(?:$|[\\W_])", "die\ufe0f")
    assert re.fullmatch("kill\\s+him", "kill\x1chim") and not rust("kill\\s+him", "kill\x1chim")
    assert re.fullmatch("dead$\\s", "dead\n") and not rust("dead$\\s", "dead\n")
    assert naming.disagree({"\ufe0f", "\x1c", "a", "é", "💀"}) == {
        "\ufe0f": {"w"},
        "\x1c": {"s"},
        "a": set(),
        "é": set(),
        "💀": set(),
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abcdeiklnostuy \n\x1c\ufe0f\u017fKS", max_size=12), max_size=8))
def test_any_span_over_the_tricky_alphabet(spans: list[str]) -> None:
    rs = _tricky()
    pairs = [(c, s) for s in spans for c in ("insult", "threat")]
    got, want = _names(rs, pairs)
    assert got == want


_RS: list[RuleSet] = []


def _tricky() -> RuleSet:
    if not _RS:
        _RS.append(RuleSet(rules=TRICKY, neutralizers=[], lists={}))
    return _RS[0]


def test_the_spans_of_our_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    seen: list[pl.DataFrame] = []
    scorer = RulesScorer(model=False)
    name_spans = scorer._name_spans
    monkeypatch.setattr(
        scorer, "_name_spans", lambda p, memo: seen.append(p) or name_spans(p, memo)
    )
    scorer.score(pl.concat(frames))
    pairs = list(dict.fromkeys(pl.concat(seen).iter_rows()))
    assert len(pairs) > 800 and {c for c, _ in pairs} >= {"threat", "insult", "support"}
    got, want = _names(scorer.rs, pairs)
    assert got == want
    assert None not in got


def test_a_chunk_union_extracts_what_the_plain_union_does() -> None:
    texts = pl.Series(["C", "xbx", "a b c", "ac", "B C"])
    rules = [
        ("any.insult.a", 0.5, "re:a"),
        ("any.insult.b", 0.5, "re:(?i)b"),
        ("any.insult.c", 0.5, "re:c"),
    ]
    rs = RuleSet(rules=rules, neutralizers=[], lists={})
    (ch,) = rs.chunks
    plain = chunked([r.rx for r in rs.rules], 10**9)[0]
    assert texts.str.extract_all(ch.rx).to_list() == texts.str.extract_all(plain).to_list()
    assert texts.str.extract_all(ch.rx).to_list()[0] == ["C"]  # the flag leaks, as before
    assert ch.leaky == 2 and ch.rule_at == [0, 1, 2]


def test_the_lexicon_uses_only_the_constructs_the_engines_are_probed_on() -> None:
    """``naming`` trusts Rust where each character of a span reads alike in both engines for
    ``\\s``, ``\\d``, ``\\w`` and the letters under ``(?i)``; anything else a rule could use
    (``\\b``, ``\\p{..}``, Rust's class operations, a flag that is not the rule's first
    token) would need a probe of its own."""
    rs = RuleSet()
    escapes = {m.group(0) for r in rs.rules for m in re.finditer(r"\\(?:u[0-9a-fA-F]{4}|.)", r.rx)}
    assert escapes <= {
        "\\s",
        "\\d",
        "\\W",
        "\\w",
        "\\n",
        *(f"\\{c}" for c in "()+-.[]{}*?|^$/'"),
    } | {e for e in escapes if e.startswith("\\u")}
    for r in rs.rules:
        assert not any(op in r.rx for op in ("[[", "&&", "~~", "--")), r.id
        flags = leaked_flags(r.rx)
        assert not flags or r.rx.startswith(flags[0]) and len(flags) == 1, r.id
        assert naming.uses(r.rx) >= ({"i"} if flags else set())


def test_leaked_flags_are_read_outside_groups_and_classes() -> None:
    assert leaked_flags("(?i)ab") == ["(?i)"]
    assert leaked_flags("x(?-i)y(?s)") == ["(?-i)", "(?s)"]
    assert leaked_flags("a(?:(?i)b)c") == []
    assert leaked_flags("a[(?i)]b") == [] and leaked_flags("a\\(?i)") == []
    assert leaked_flags("[]](?i)") == ["(?i)"]


TRICKY_NEUTRAL = [
    ("quote", 're:"[^"\\n]+"'),
    ("negation", "re:die(?:$|[\\W_])"),  # U+FE0F: \W in Python, not in Rust
    ("figurative", "re:die."),
    ("reported", "re:ab"),  # the start of "abc" only
    ("negation", "re:abc"),
    ("figurative", "re:dead$\\s"),  # Python's $ also before a final line break
    ("reported", "re:dead\\s"),
]


def test_tricky_neutralized_spans_get_the_kind_neutralizer_kind_gives() -> None:
    rs = RuleSet(rules=[("any.insult.x", 0.5, "re:x")], neutralizers=TRICKY_NEUTRAL, lists={})
    spans = ['"die"', "die\ufe0f", "so die\ufe0f", "abc", "xabc", "dead\n", "a dead\n", "none"]
    want = [rs.neutralizer_kind(s) for s in spans]
    assert naming.neutral_kinds(rs, spans) == want
    assert want == [
        "quote",
        "negation",
        "negation",
        "negation",
        "reported",
        "figurative",
        "figurative",
        "quote",
    ]


def test_the_neutralized_spans_of_our_cases() -> None:
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    scorer = RulesScorer(model=False)
    work = scorer.prepare(pl.concat(frames))
    _, neutral = scan.neutralize(work.filter(pl.col("_hit")), scorer.rs)
    spans = sorted(set(neutral["_ignored"].explode().drop_nulls().to_list()))
    want = [scorer.rs.neutralizer_kind(s) for s in spans]
    assert len(spans) > 100 and {"quote", "negation", "figurative"} <= set(want)
    assert naming.neutral_kinds(scorer.rs, spans) == want
