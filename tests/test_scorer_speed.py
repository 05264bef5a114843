"""The scorer's speed-ups change no output: every post's stance, categories, severity, score
and reasons (rule ids with their spans, the neutralized spans shown) are those of the plain
paths they replaced, on texts the repository holds (our written cases, the demo's generated
posts) and on the labelled real sets (../shared/fixtures; skipped where absent).

The plain paths are kept here, as they were written before each speed-up:

- the test of a neutralized span ("did it hide something hostile?"): every hostile rule, in
  unions of the whole lexicon, in the calling thread (now: each chunk of rules in the lane that
  already holds it compiled);
- the rules' Python regexes compiled when the RuleSet is built (now: on first use).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from eval.datasets import real_datasets, synthetic
from tasks.scoring import scan
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet, chunked

CASES = sorted((Path(__file__).resolve().parents[1] / "eval" / "cases").glob("*.tsv"))


def _plain_hostile(spans: list[str], rs: RuleSet) -> set[str]:
    """``scan.hostile`` as it was: the unions of every hostile rule, one after the other."""
    if not spans:
        return set()
    left = pl.Series("s", spans, pl.String)
    hit = pl.Series([False] * len(spans), dtype=pl.Boolean)
    for rx in chunked([r.rx for r in rs.rules if r.category != "support"]):
        hit = hit | left.str.contains(rx)
    return {s for s, h in zip(spans, hit.to_list(), strict=True) if h}


def _plain_scorer(monkeypatch: pytest.MonkeyPatch) -> RulesScorer:
    rs = RuleSet()
    for r in rs.rules:
        assert r.py.pattern == r.rx  # compiled now, as the constructor used to
    monkeypatch.setattr(scan, "hostile", _plain_hostile)
    return RulesScorer(ruleset=rs)


def _shown_ignored(scored: pl.DataFrame) -> int:
    """Posts with a quote or reported speech shown as a reason: the hostile test decided them."""
    kinds = pl.element().str.starts_with("ignored.quote") | pl.element().str.starts_with(
        "ignored.reported"
    )
    return int(scored["reasons"].list.eval(kinds).list.any().sum())


def _both(posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> pl.DataFrame:
    fast = RulesScorer(ruleset=RuleSet()).score(posts)
    with monkeypatch.context() as m:
        plain = _plain_scorer(m).score(posts)
    assert_frame_equal(fast, plain)
    return fast


@pytest.fixture(scope="module")
def local_posts() -> pl.DataFrame:
    """Our written cases and the demo's generated posts (raid and quiet weeks)."""
    frames = [pl.read_csv(p, separator="\t", quote_char=None).select("text", "lang") for p in CASES]
    frames += [synthetic(s).select("text", "lang") for s in ("seed-wave", "quiet")]
    return pl.concat(frames)


# ~40k local texts scored twice, once on the plain paths (~25 s): with -m slow.
@pytest.mark.slow
def test_local_texts_score_as_on_the_plain_paths(
    local_posts: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _both(local_posts, monkeypatch)
    assert (fast["stance"] == "hostile").sum() > 1000
    assert _shown_ignored(fast) > 0


def test_real_sets_score_as_on_the_plain_paths(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaders = real_datasets(fixtures_dir)
    if not loaders:
        pytest.skip(f"no labelled set under {fixtures_dir}")
    # every 3rd post of every set: ~26k posts, French and English, quotes and reported speech
    posts = pl.concat([load().select("text", "lang") for load in loaders.values()])
    fast = _both(posts.gather_every(3), monkeypatch)
    assert _shown_ignored(fast) > 100


def test_hostile_spans_are_those_of_every_hostile_rule() -> None:
    rs = RuleSet()
    spans = [
        "« sale pute »",
        "il a dit 'je vais te tuer'",
        "'you are a stupid bitch'",
        "« bonne journee »",
        "they called her a whore",
        "'on sait ou tu habites 💀'",
        "",
        "'a lovely day'",
    ]
    found = scan.hostile(spans, rs)
    assert found == _plain_hostile(spans, rs)
    assert "« sale pute »" in found and "« bonne journee »" not in found


def test_rules_compile_their_python_regex_on_first_use() -> None:
    rs = RuleSet()
    assert not any("py" in vars(r) for r in rs.rules)
    rule = rs.rules[0]
    assert rule.py is rule.py and rule.py.pattern == rule.rx
    assert isinstance(rule.py, re.Pattern) and "py" in vars(rule)
