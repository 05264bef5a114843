"""Every release's own case file and the fair batches that measure its rules, checked alike.

An own case file (``eval/cases/own_*.tsv``) holds threats and their look-alikes written for
Tocsin (issue 18): the model learns from it (``eval.train.OWN_CASES``), every threat in it is
named by a rule span, and no look-alike is hostile at all. Its fair batches (``fair_*.tsv``)
measure rules written before or after them and are never learned from, so no sentence is in
both. Neither holds an evaluation sentence (checked against ../shared/fixtures; skipped where
absent). Each release's own rules, with the look-alike each is written against, are pinned in
its own module (tests/test_threat_*_cases.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import pytest

from eval.fair import BLIND
from eval.train import OWN_CASES
from tests.support import own_cases

# (own case file, its fair batches, per language the fewest threats and look-alikes it holds)
FILES = [
    pytest.param(
        "own_threats_direct.tsv",
        "fair_threats_direct.tsv",
        {"fr": (30, 20), "en": (30, 20)},
        id="1.6-direct",
    ),
    pytest.param(
        "own_threats_wishes.tsv",
        "fair_threats_direct.tsv",
        {"fr": (25, 20), "en": (25, 20)},
        id="1.8-wishes",
    ),
    pytest.param(
        "own_threats_incitement.tsv",
        "fair_threats_direct.tsv",
        {"fr": (8, 6), "en": (35, 20)},
        id="1.9-incitement",
    ),
    pytest.param(
        "own_threats_fr_real.tsv", "fair_threats_fr.tsv", {"fr": (40, 25)}, id="1.9-fr-real"
    ),
    pytest.param(
        "own_threats_watching.tsv",
        "fair_threats_direct.tsv",
        {"fr": (20, 18), "en": (16, 14)},
        id="1.20-watching",
    ),
    pytest.param(
        "own_threats_imperative.tsv",
        "fair_threats_direct.tsv",
        {"fr": (20, 18), "en": (30, 25)},
        id="1.27-imperative",
    ),
    pytest.param(
        "own_abuse_fr_forum.tsv", "fair_threats_fr.tsv", {"fr": (20, 25)}, id="1.28-fr-forum"
    ),
    pytest.param(
        "own_threats_fr_things.tsv", "fair_threats_fr.tsv", {"fr": (10, 14)}, id="1.29-fr-things"
    ),
    pytest.param(
        "own_threats_scenes.tsv",
        "fair_threats_direct.tsv",
        {"fr": (15, 12), "en": (30, 20)},
        id="1.31-scenes",
    ),
    # sexual harassment: no threats, hostile posts and look-alikes (tests/test_sexual_cases.py)
    pytest.param(
        "own_sexual.tsv", "fair_sexual.tsv", {"fr": (0, 12), "en": (0, 12)}, id="1.33-sexual"
    ),
    # dehumanisation said to the person: no threats (tests/test_dehumanising_cases.py); no
    # fair batch of its own, so the threats' blind batches are the ones checked against it
    pytest.param(
        "own_dehumanising.tsv",
        "fair_threats_direct.tsv",
        {"fr": (0, 5), "en": (0, 5)},
        id="1.37-dehumanising",
    ),
    # the plainest threats in four more languages (tests/test_threat_other_cases.py)
    pytest.param(
        "own_threats_other.tsv",
        "fair_threats_other.tsv",
        {"de": (20, 14), "es": (20, 14), "it": (20, 14), "pt": (20, 14)},
        id="1.40-other-languages",
    ),
    # threats said through an idiom (tests/test_threat_idiom_cases.py)
    pytest.param(
        "own_threats_idioms.tsv",
        "fair_threats_direct.tsv",
        {"fr": (30, 25), "en": (25, 16)},
        id="1.43-idioms",
    ),
    # threats that wear a negation (tests/test_threat_question_cases.py)
    pytest.param(
        "own_threats_questions.tsv",
        "fair_threats_direct.tsv",
        {"fr": (30, 20), "en": (28, 20)},
        id="1.44-questions",
    ),
    # harm to the body ordered, incited or wished to be seen (tests/test_threat_body_cases.py)
    pytest.param(
        "own_threats_body.tsv",
        "fair_threats_direct.tsv",
        {"fr": (25, 20), "en": (30, 25)},
        id="1.46-body",
    ),
    # veiled threats, crews sent, the pile's calls; a helper's development sentences and ours
    # (tests/test_threat_veiled_cases.py)
    pytest.param(
        "own_threats_veiled.tsv",
        "fair_threats_direct.tsv",
        {"fr": (70, 45), "en": (70, 45)},
        id="1.47-veiled",
    ),
    # sexual harassment: a helper's development sentences and ours; no threats
    # (tests/test_sexual_pile_cases.py)
    pytest.param(
        "own_sexual_pile.tsv", "fair_sexual.tsv", {"fr": (0, 25), "en": (0, 25)}, id="1.48-sexual"
    ),
]


@cache
def _scored(file: str) -> pl.DataFrame:
    return own_cases.scored([file])


@pytest.mark.parametrize(("file", "fair", "least"), FILES)
def test_the_file_holds_both_sides(file: str, fair: str, least: dict[str, tuple[int, int]]) -> None:
    scored = _scored(file)
    assert set(scored["lang"]) == set(least)
    for lang, (threats, look_alikes) in least.items():
        rows = scored.filter(pl.col("lang") == lang)
        assert rows.filter(pl.col("threat") == 1).height >= threats, lang
        assert rows.filter(pl.col("threat") == 0).height >= look_alikes, lang


@pytest.mark.parametrize(("file", "fair", "least"), FILES)
def test_the_model_learns_from_the_file_and_never_from_its_fair_batches(
    file: str, fair: str, least: object
) -> None:
    names = {p.name for p in OWN_CASES}
    assert file in names and fair not in names


@pytest.mark.parametrize(("file", "fair", "least"), FILES)
def test_every_threat_is_named_by_a_rule_span(file: str, fair: str, least: object) -> None:
    assert own_cases.unnamed_threats(_scored(file)) == []


@pytest.mark.parametrize(("file", "fair", "least"), FILES)
def test_no_look_alike_is_hostile(file: str, fair: str, least: object) -> None:
    assert own_cases.hostile_look_alikes(_scored(file)) == []


@pytest.mark.parametrize(("file", "fair", "least"), FILES)
def test_no_own_case_is_in_a_blind_fair_batch(file: str, fair: str, least: object) -> None:
    batches = own_cases.read([fair])
    assert BLIND[fair] <= set(batches["batch"])
    blind = batches.filter(pl.col("batch").is_in(sorted(BLIND[fair])))
    theirs = {t.lower().strip() for t in blind["text"].to_list()}
    ours = {t.lower().strip() for t in own_cases.read([file])["text"].to_list()}
    assert ours & theirs == set()


@pytest.mark.parametrize(
    "file", sorted({p.values[0] for p in FILES} | {p.values[1] for p in FILES})
)
def test_the_cases_are_not_evaluation_sentences(file: str, fixtures_dir: Path) -> None:
    found = own_cases.evaluation_sentences_among([file], fixtures_dir)
    assert {name: ours for name, ours in found.items() if ours} == {}


def test_the_fair_batches_share_their_columns() -> None:
    columns = {fair: own_cases.read([fair]).columns for fair in {p.values[1] for p in FILES}}
    assert len(set(map(tuple, columns.values()))) == 1, columns
