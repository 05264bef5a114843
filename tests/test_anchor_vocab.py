"""The prefilter decided on a call's vocabulary (``scan.anchor_flags``) sets the flags the plain
one sets (every anchor on every text: ``scan.anchor_flags_text``, the scorer's path before), so
every post scores the same.

Where each anchor is decided is read from its regex alone (``vocab``): the tokens that can match
across a character outside a unit (an apostrophe or a hyphen that may be a space, a phrase, a
raw regex, a letter outside a-z) are not word-local. Both paths are then compared on texts
written to hit those edges, on texts generated from the lexicon's own words and separators, on
our written cases and the demo's weeks, and on the labelled real sets (../shared/fixtures,
skipped where absent): the flags, and every post's stance, categories, severity, score and
reasons (with their spans, in order).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from eval.datasets import real_datasets, synthetic
from tasks.scoring import scan
from tasks.scoring.patterns import Compiler
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet
from tasks.scoring.vocab import LEFT, RIGHT, gate, local, split_anchor

CASES = sorted((Path(__file__).resolve().parents[1] / "eval" / "cases").glob("*.tsv"))
LISTS = {"kin": ["ta mère", "ta sœur", "toute ta famille"], "place": ["à la morgue"]}


def _where(pattern: str) -> str:
    split = split_anchor(Compiler(LISTS).anchor(pattern))
    kinds = [k for k, part in (("local", split.local), ("gated", split.gated)) if part]
    return "+".join(kinds + (["text"] if split.text else []))


@pytest.mark.parametrize(
    ("pattern", "where"),
    [
        pytest.param("salope", "local", id="plain-word-with-starred-vowels"),
        pytest.param("tu(er|é)", "local", id="inflections"),
        pytest.param("crev*", "local", id="stem-and-any-letters"),
        pytest.param("!je|j' vais", "local", id="elision-apostrophe-is-a-unit-char"),
        pytest.param("4chan", "local", id="digits"),
        pytest.param("t'es", "gated", id="apostrophe-that-may-be-a-space"),
        pytest.param("tue-les", "gated", id="hyphen-that-may-be-a-space"),
        pytest.param("je vais !@place", "gated", id="list-of-phrases"),
        pytest.param("!@kin|toi", "local+gated", id="list-mixing-words-and-phrases"),
        pytest.param("straße", "gated", id="letter-outside-a-z-gated-by-the-others"),
        pytest.param("re:💀", "text", id="raw-regex"),
        pytest.param('re:"[^"\\n]+"', "text", id="raw-quote"),
        pytest.param("[vraiment]", "text", id="guarded-phrase-of-optional-words"),
    ],
)
def test_where_each_anchor_is_decided(pattern: str, where: str) -> None:
    assert _where(pattern) == where


def test_word_locality_is_read_from_the_regex() -> None:
    assert local("s+[a*]+l+[o*]+p+[e*]+") and local("j+'?") and local("[a-z]*x")
    assert not local("t+(?:'\\s?|\\s)?[e*]+s+")  # \s: may cross a space
    assert not local("[^a-z]+") and not local("a.b") and not local("(?i)abc")
    assert not local("x?") and not local("")  # may match nothing: between two spaces
    assert not local("\\bab") and not local("ab$")  # assertions read the unit's edges
    assert not local("[[:alpha:]]")  # a Rust class Python reads otherwise: holds "["


def test_gates_are_pieces_a_unit_holds() -> None:
    # A phrase: its longest word, guarded (spaces or the phrase's guards around it).
    alt = "(?:[a*]+)[^a-z0-9.!?;]+(?:l+[a*]+)[^a-z0-9.!?;]+(?:m+[o*]+r+g+[u*]+[e*]+)"
    assert gate(alt) == f"{LEFT}(?:(?:m+[o*]+r+g+[u*]+[e*]+)){RIGHT}"
    # An apostrophe that may be a space or nothing: the whole word, or one of its pieces.
    found = gate("q+[u*]+(?:'\\s?|\\s)?[i*]+l+") or ""
    assert f"{LEFT}(?:q+[u*]+[i*]+l+){RIGHT}" in found
    assert f"{LEFT}(?:[i*]+l+){RIGHT}" in found or f"{LEFT}(?:q+[u*]+){RIGHT}" in found
    # A repeated group: its first match is bounded on the left only ("abc" then "-abc").
    assert gate("(?:[^a-z0-9]+a+b+c+)+") == f"(?:{LEFT}(?:a+b+c+))"
    # Only non-local pieces: none.
    assert gate("[^a-z]+\\s+") is None


RULES = [
    ("fr.insult.word", 0.9, "salope|pute"),
    ("fr.threat.elided", 0.9, "je|j' vais ~2 te|t' !tuer|buter"),
    ("fr.threat.apostrophe", 0.9, "t'es mort(e)?"),
    ("fr.threat.hyphen", 0.9, "!tue-les"),
    ("fr.threat.place", 0.9, "je vais te mettre !@place"),
    ("fr.insult.kin", 0.9, "nique !@kin"),
    ("en.insult.stem", 0.9, "!retard* ass"),
    ("en.insult.digits", 0.9, "go back to 4chan"),
    ("any.threat.emoji", 0.6, "re:(?:🔪|🔫)"),
    ("fr.support.optional", 0.01, "[sale] [vraiment]"),
]
NEUTRALIZERS = [("quote", 're:"[^"\\n]+"'), ("reported", "!traiter ~2 de|d' re:[^.!?]*")]
TEXTS = [
    "",
    " ",
    "salope",
    "SALOPE!!",
    "s*lope et p*te",
    "**salope**",
    "'salope'",
    "sa lope",
    "s.a.l.o.p.e",
    "s a l o p e",
    "je vais te tuer",
    "j'vais t'buter",
    "jvais te buter demain",
    "j' vais\nte tuer",
    "t'es morte",
    "t es mort",
    "tes mort",
    "t'  es mort",
    "tue-les tous",
    "tue les",
    "tueles",
    "tue—les",
    "je vais te mettre à la morgue",
    "je vais te mettre a  la\tmorgue",
    "je vais te mettre a la morgues",
    "nique ta mère",
    "nique ta\u00a0mère",
    "niquetamère",
    "retarded ass",
    "retard*ass",
    "go back to 4chan",
    "go back to 4chan123",
    "🔪🔪 bientôt",
    "on va te traiter de salope",
    '"salope" a-t-elle dit',
    "vraiment sale",
    "straße salope straße",
    "mot_salope_mot",
    "salope123",
    "123salope",
]


@pytest.fixture(scope="module")
def small() -> RulesScorer:
    return RulesScorer(RuleSet(RULES, NEUTRALIZERS, LISTS), model=False)


def _flags(scorer: RulesScorer, posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The prefilter's flags and the scores, by the vocabulary and by the plain path."""
    fast = scorer.prepare(posts), scorer.score(posts)
    with monkeypatch.context() as m:
        m.setattr(scan, "anchor_flags", scan.anchor_flags_text)
        plain = scorer.prepare(posts), scorer.score(posts)
    return fast, plain


def _same(scorer: RulesScorer, posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> tuple:
    (flags, scored), (plain_flags, plain_scored) = _flags(scorer, posts, monkeypatch)
    assert_frame_equal(flags, plain_flags)
    assert_frame_equal(scored, plain_scored)
    return flags, scored


def test_edge_texts_get_the_same_flags(small: RulesScorer, monkeypatch: pytest.MonkeyPatch) -> None:
    posts = pl.DataFrame({"text": TEXTS, "lang": ["fr"] * len(TEXTS)})
    flags, scored = _same(small, posts, monkeypatch)
    chunks: dict[tuple[str, str], list[str]] = {}  # a category's unions, one per language
    for i, ch in enumerate(small.rs.chunks):
        chunks.setdefault((ch.category, ch.source), []).append(f"_c{i}")

    def flag(category: str, source: str) -> pl.Series:
        return flags.select(pl.any_horizontal(chunks[category, source])).to_series()

    def selected(category: str) -> set[str]:
        return set(posts.filter(flag(category, "norm"))["text"])

    assert selected("support") == set(TEXTS)  # optional words only: the text decides
    threats = {"je vais te tuer", "j'vais t'buter", "j' vais\nte tuer", "t'es morte"}
    threats |= {"t es mort", "tue les", "tueles", "je vais te mettre a  la\tmorgue"}
    assert threats <= selected("threat")
    assert not {"tue—les", "je vais te mettre a la morgues"} & selected("threat")
    insults = {"s*lope et p*te", "**salope**", "s.a.l.o.p.e", "s a l o p e", "mot_salope_mot"}
    insults |= {"nique ta\u00a0mère", "straße salope straße", "retard*ass"}
    assert insults <= selected("insult")
    assert not {"sa lope", "salope123", "123salope", "niquetamère"} & selected("insult")
    assert flag("threat", "raw").sum() == 1 and flags["_neutral"].sum() == 2
    assert (scored["stance"] == "hostile").sum() >= 15


@pytest.mark.parametrize(
    "rules",
    [
        pytest.param([("en.insult.emoji", 0.9, "re:💩")], id="raw-rules-only"),
        pytest.param([("en.insult.word", 0.9, "idiot")], id="local-rules-only"),
        pytest.param([("en.insult.phrase", 0.9, "!@place")], id="gated-rules-only"),
    ],
)
def test_a_lexicon_of_one_kind(rules: list, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = RulesScorer(RuleSet(rules, [], LISTS), model=False)
    texts = ["💩 ok", "you idiot", "à la morgue", "", "no"]
    flags, _ = _same(scorer, pl.DataFrame({"text": texts, "lang": ["fr"] * 5}), monkeypatch)
    assert flags["_hit"].sum() == 1 and not flags["_neutral"].any()


_PIECES = (
    [w for t in TEXTS for w in t.split()]
    + ["te", "t'", "j'", "qu'il", "qu' il", "elle", "you", "the", "kill", "bitch", "die"]
    + ["va-t'en", "va t en", "vas-y", "😂", "💀", "à", "ça", "œ", "ß", "x" * 30]
)
_GLUE = [" ", "  ", "\n", "\t", "'", "-", "*", ".", ",", "!", "?", "\u00a0", "", "_", "’"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GLUE)), max_size=8).map(
            lambda parts: "".join(p + g for p, g in parts)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_generated_texts_get_the_same_flags(texts: list[str]) -> None:
    scorer = _real_scorer()
    flags = scorer.prepare(pl.DataFrame({"text": texts, "lang": ["fr"] * len(texts)}))
    gates = [name for name, _ in scan.unit_gates(scorer.rs)]  # decided on units too
    work = flags.drop([s.name for s in scorer.rs.scans] + gates + ["_hit"])
    assert_frame_equal(flags, scan.anchor_flags_text(work, scorer.rs))


_SCORER: list[RulesScorer] = []


def _real_scorer() -> RulesScorer:
    if not _SCORER:
        _SCORER.append(RulesScorer())
    return _SCORER[0]


@pytest.mark.slow  # ~20 s; test_generated_texts_get_the_same_flags compares the same paths by default
def test_our_cases_and_the_demo_score_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    frames += [synthetic(s).select("text", "lang") for s in ("seed-wave", "quiet")]
    flags, scored = _same(_real_scorer(), pl.concat(frames), monkeypatch)
    assert flags["_hit"].sum() > 10_000
    assert (scored["stance"] == "hostile").sum() > 1000


def test_real_sets_score_the_same(fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaders = real_datasets(fixtures_dir)
    if not loaders:
        pytest.skip(f"no labelled set under {fixtures_dir}")
    posts = pl.concat([load().select("text", "lang") for load in loaders.values()])
    flags, scored = _same(_real_scorer(), posts, monkeypatch)
    assert flags["_hit"].sum() > 20_000
    assert scored["reasons"].list.len().sum() > 10_000
