"""A long chunk of rules read by its parts (``scan.chunk_spans``) finds the spans its whole
union finds, and the choice between the two is made from the posts alone (never timed).

The plain path kept here: every chunk extracting its spans with its whole union on every post
its anchors selected. Both paths are forced in turn on our written cases, the demo's posts and
the labelled real sets (../shared/fixtures; skipped where absent), and every post's stance,
categories, severity, score and reasons (rule ids with their spans) compared.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from eval.datasets import real_datasets, synthetic
from tasks.scoring import scan
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import LANE_REGEXES, PART, RuleSet

CASES = sorted((Path(__file__).resolve().parents[1] / "eval" / "cases").glob("*.tsv"))


@pytest.fixture(scope="module")
def local_posts() -> pl.DataFrame:
    """Our written cases and the demo's generated posts (raid and quiet weeks)."""
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    frames += [synthetic(s).select("text", "lang") for s in ("seed-wave", "quiet")]
    return pl.concat(frames)


def _real(fixtures_dir: Path) -> pl.DataFrame:
    loaders = real_datasets(fixtures_dir)
    if not loaders:
        pytest.skip(f"no labelled set under {fixtures_dir}")
    return pl.concat([load().select("text", "lang") for load in loaders.values()])


class _Count:
    """Counts the chunks read by their parts (wraps ``scan._by_parts``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._by_parts = scan._by_parts
        monkeypatch.setattr(scan, "_by_parts", self)

    def __call__(self, text: pl.Series, ch: object) -> object:
        self.calls += 1
        return self._by_parts(text, ch)  # type: ignore[arg-type]


def _scored(posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch, parts: bool) -> pl.DataFrame:
    """Every chunk of more than one part read by its parts (``parts``), or every chunk by its
    whole union, whatever the posts."""
    with monkeypatch.context() as m:
        if parts:
            m.setattr(scan, "_DIVERSE", 0.0)
            m.setattr(scan, "_POSTS", 0)
            m.setattr(scan, "_MATCHED", 2.0)
        else:
            m.setattr(scan, "_POSTS", 10**12)
        count = _Count(m)
        out = RulesScorer(ruleset=RuleSet()).score(posts)
    assert (count.calls > 0) == parts
    return out


def test_chunks_are_cut_into_parts_the_lazy_dfa_holds() -> None:
    rs = RuleSet()
    assert any(len(ch.parts) > 1 for ch in rs.chunks)
    for ch in rs.chunks:
        rxs = [rs.rules[i].rx for i in ch.rule_at]
        assert "|".join(p[3:-1] for p in ch.parts) == "|".join(rxs)  # the same rules, in order
        # next-fit packing: any two parts in a row hold more than PART characters
        assert len(ch.parts) <= 2 * (len(ch.rx) // PART + 1)
    assert sorted(i for lane in rs.chunk_lanes for i in lane) == list(range(len(rs.chunks)))
    for lane in rs.chunk_lanes:  # each lane keeps its regexes compiled: Polars keeps 32
        assert sum(rs.chunks[i].regexes for i in lane) <= LANE_REGEXES < 32


@pytest.mark.slow  # ~20 s on ~40k local texts, scored twice: with -m slow
def test_parts_find_the_unions_spans_on_local_posts(
    local_posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_parts = _scored(local_posts, monkeypatch, parts=True)
    assert_frame_equal(by_parts, _scored(local_posts, monkeypatch, parts=False))
    assert (by_parts["stance"] == "hostile").sum() > 1000


def test_parts_find_the_unions_spans_on_real_sets(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _real(fixtures_dir).gather_every(2)  # ~40k posts, French and English
    by_parts = _scored(posts, monkeypatch, parts=True)
    assert_frame_equal(by_parts, _scored(posts, monkeypatch, parts=False))
    assert by_parts["reasons"].list.len().sum() > 10_000


def test_demo_posts_are_read_by_the_unions(
    local_posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's posts repeat their words (its templates): the unions' caches hold them."""
    count = _Count(monkeypatch)
    RulesScorer(ruleset=RuleSet()).score(synthetic("seed-wave").select("text", "lang"))
    assert count.calls == 0


def test_real_posts_are_read_by_parts_the_same_way_each_call(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Varied texts, mostly matching no rule: most long chunks read by their parts, the same
    ones in every call of the same posts (the choice is counted, not timed)."""
    posts = _real(fixtures_dir)
    count = _Count(monkeypatch)
    scorer = RulesScorer(ruleset=RuleSet())
    first = scorer.score(posts)
    calls = count.calls
    assert calls >= 10
    assert_frame_equal(scorer.score(posts), first)
    assert count.calls == 2 * calls


@pytest.mark.slow  # ~20 s on ~40k local texts, scored twice: with -m slow
def test_chunks_selecting_no_post_are_skipped_with_the_same_outputs(
    local_posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watch's few posts leave most chunks with no post: those are not run (``_spans_of``),
    and every post scores as when every chunk runs on its empty selection."""
    calls: list[int] = []
    chunk_spans = scan.chunk_spans

    def counted(sub: pl.DataFrame, *args: object, **kw: object) -> pl.DataFrame:
        calls.append(sub.height)
        return chunk_spans(sub, *args, **kw)  # type: ignore[arg-type]

    posts = local_posts.gather_every(max(1, local_posts.height // 120))  # every file, the demo
    calls_of = [posts.slice(i, 4) for i in range(0, posts.height, 4)]
    scorer = RulesScorer(ruleset=RuleSet())
    monkeypatch.setattr(scan, "chunk_spans", counted)
    skipped = pl.concat([scorer.score(c) for c in calls_of])
    assert calls and min(calls) > 0  # never run on an empty selection...
    # ... and most selections were empty
    assert len(calls) < len(calls_of) * len(scorer.rs.chunks) // 2
    calls.clear()
    monkeypatch.setattr(scan, "_spans_of", lambda sub, ch, diverse: counted(sub, ch, diverse))
    every = pl.concat([scorer.score(c) for c in calls_of])
    assert 0 in calls
    assert_frame_equal(skipped, every)
    assert (skipped["stance"] == "hostile").sum() > 10
