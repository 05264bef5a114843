"""The scorer's fast paths give exactly what the plain ones give, on the real labelled sets
(read from ../shared/fixtures; skipped where that folder is absent): the neutralizers gated
by the word they cannot match without, the model's reasons built over columns, and a result
that does not depend on what the scorer scored before."""

from __future__ import annotations

import copy
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from eval.datasets import real_datasets
from tasks.scoring import scan
from tasks.scoring.model import LinearModel
from tasks.scoring.ngrams import bucket, grams
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet

SETS = ("hatecheck-fr", "hatecheck-en", "rtplx-fr", "openai-moderation", "ethos")


@pytest.fixture
def posts(fixtures_dir: Path) -> pl.DataFrame:
    loaders = real_datasets(fixtures_dir)
    frames = [loaders[n]().select("text", "lang") for n in SETS if n in loaders]
    if not frames:
        pytest.skip(f"none of {SETS} under {fixtures_dir}")
    # every 4th post: a few thousand, French and English, quotes, reported speech, threats
    return pl.concat(frames).gather_every(4)


def test_gated_neutralizers_find_what_ungated_ones_do(posts: pl.DataFrame) -> None:
    plain = copy.copy(RulesScorer().rs)
    plain.neutral_gates = [""] * len(plain.neutralizers)  # "" is in every text: no gate
    fast = RulesScorer().score(posts)
    assert_frame_equal(fast, RulesScorer(ruleset=plain).score(posts))
    assert fast["reasons"].list.eval(pl.element().str.starts_with("ignored.")).list.any().sum()


def test_a_gate_run_ahead_is_run_again_where_a_blank_joined_its_phrase() -> None:
    # The gates spanning words run over the texts as they came, ahead of the neutralizers; one
    # that "foo xyz bar" does not match matches once the first neutralizer blanked "xyz".
    rs = RuleSet(
        rules=[("en.insult.x", 2.0, "idiot")],
        neutralizers=[("quote", "xyz"), ("quote", "foo bar idiot")],
    )
    rs.neutral_gates = [rs.neutral_gates[0], "f+o+o+[^a-z0-9.!?;]+b+a+r+"]
    assert scan.unit_gates(rs) == [("_g0", rs.neutral_gates[0])]  # the second runs on texts
    texts = ["foo xyz bar idiot", "foo bar idiot", "idiot", "foo xyz bar"]
    out = RulesScorer(ruleset=rs, model=False).score(
        pl.DataFrame({"text": texts, "lang": ["en"] * len(texts)})
    )
    assert out["stance"].to_list() == ["neutral", "neutral", "hostile", "neutral"]
    assert out["reasons"][0].to_list() == ["ignored.quote: «foo bar idiot»"]


def test_scores_do_not_depend_on_what_was_scored_before(posts: pl.DataFrame) -> None:
    # (the ignored.* reasons once came out in an order set by the scorer's caches)
    some = posts.head(1500)
    fresh = RulesScorer().score(some)
    seasoned = RulesScorer()
    seasoned.score(posts.reverse())
    assert_frame_equal(seasoned.score(some), fresh)


def _plain_reasons(model: LinearModel, frame: pl.DataFrame, head: str) -> dict[int, str | None]:
    """The reasons as the model used to build them: one post at a time, in Python."""
    col = "_wh" if head == "hostile" else "_wt"
    out: dict[int, str | None] = {}
    for (row, lang), part in model._contributions(frame, "_m").group_by(
        "_row", "_mlang", maintain_order=True
    ):
        weights = getattr(model.langs[str(lang)], head).weights
        summed: dict[str, float] = {}
        for w, v in part.select("_word", col).iter_rows():
            summed[w] = summed.get(w, 0.0) + v
        best = sorted(((v, w) for w, v in summed.items() if v > 0), key=lambda x: (-x[0], x[1]))
        shown = []
        for v, w in best[:3]:
            gram = max(grams(w), key=lambda g: (weights[bucket(g)], g)).replace(" ", "_")
            shown.append(f"«{w}» {'-' if v < 0 else '+'}{abs(v):.2f} ({gram})")
        out[int(row)] = ", ".join(shown) if shown else None  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("head", ["hostile", "threat"])
def test_model_reasons_over_columns_match_the_plain_loop(posts: pl.DataFrame, head: str) -> None:
    model = RulesScorer().model
    assert model is not None
    frame = (
        RulesScorer()
        .prepare(posts.head(1500))
        .filter(pl.col("_mlang").is_not_null())
        .select("_row", "_mlang", _m="_norm")
    )
    got = model.reasons(frame, "_m", head)
    assert dict(got.iter_rows()) == _plain_reasons(model, frame, head)
    assert got["_model_words"].drop_nulls().len() > 100


def test_lanes_work_again_in_a_forked_child() -> None:
    """A forked child has none of its parent's lane threads: it starts its own, rather than
    waiting for ever on a thread that does not exist there."""
    import os
    import signal

    from tasks.scoring import lanes

    assert lanes.run("test", lambda: 1).result() == 1
    pid = os.fork()
    if pid == 0:  # the child: exit 0 if the lane answers within 10 s
        signal.alarm(10)
        os._exit(0 if lanes.run("test", lambda: 2).result() == 2 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
