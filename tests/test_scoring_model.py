"""The linear model beside the rules: how its words become reasons, where it may not reach, how
its weights name the scorer version, and that the recipe reproduces the shipped weights."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.scoring.model import WEIGHTS, Head, LangModel, LinearModel
from tasks.scoring.ngrams import grams
from tasks.scoring.rules import RulesScorer


def _word(word: str, weight: float) -> dict[str, float]:
    """Weights spread over the n-grams of a made-up word, summing to ``weight``."""
    gs = grams(word)
    return {g: weight / len(gs) for g in gs}


# Made-up words, so the cases read the combination and not the shipped weights.
_HOSTILE = Head.of(-2.0, 0.7, _word("grumpkin", 3.5) | _word("nice", -1.0))
_THREAT = Head.of(-3.0, 0.7, _word("zorglub", 5.0))
TOY = LinearModel(
    {"en": LangModel(_HOSTILE, _THREAT), "fr": LangModel(_HOSTILE, _THREAT)}, digest="toy"
)


@pytest.fixture(scope="module")
def toy() -> RulesScorer:
    return RulesScorer(model=TOY)


_G = "«grumpkin» +3.50 (umpki)"
# (text, lang, stance, categories, reasons)
TOY_CASES = [
    ("what a grumpkin", "en", "hostile", ["other_abuse"], [f"model.hostile 0.82: {_G}"]),
    # weak rule evidence (a bare "stupid", 0.3) gives the model-made hostile post its category
    (
        "stupid grumpkin",
        "en",
        "hostile",
        ["insult"],
        [f"model.hostile 0.82: {_G}", "en.insult.bare_weak: «stupid»"],
    ),
    # words pulling the other way count too
    ("a nice grumpkin", "en", "neutral", [], []),
    # a respelling shares most n-grams with the word: still over the threshold
    (
        "what a grumpkinz",
        "en",
        "hostile",
        ["other_abuse"],
        ["model.hostile 0.73: «grumpkinz» +3.00 (umpki)"],
    ),
    # the model reads the text the rules read: quoted and reported words are blanked first
    ('he called me "grumpkin" yesterday', "en", "neutral", [], []),
    # one model per language: a post in another language gets the rules alone
    ("what a grumpkin", "es", "neutral", [], ["language.unread: es"]),
    ("quel grumpkin", "fr", "hostile", ["other_abuse"], [f"model.hostile 0.82: {_G}"]),
    # the threat head names a threat only where the post has a target and abuse besides (a
    # hostile rule, however weak: a bare "stupid"; or the hostile head)
    (
        "@bob zorglub soon, stupid",
        "en",
        "hostile",
        ["threat", "insult"],
        ["model.threat 0.88: «zorglub» +5.00 (zorgl)", "en.insult.bare_weak: «stupid»"],
    ),
    (
        "she will zorglub, what a grumpkin",
        "en",
        "hostile",
        ["threat"],
        ["model.threat 0.88: «zorglub» +5.00 (zorgl)", f"model.hostile 0.82: {_G}"],
    ),
    ("the storm will zorglub the coast, stupid", "en", "neutral", [], None),
    ("tu vas zorglub", "fr", "neutral", [], []),
    # ... and never in reported speech
    ('il a écrit "tu vas zorglub" connard', "fr", "hostile", ["insult"], None),
    # the model never overrules a rule, nor adds a reason where the rules decided
    ("je vais te tuer", "fr", "hostile", ["threat"], ["fr.threat.first_person: «je vais te tuer»"]),
    (
        "courage, tiens bon",
        "fr",
        "supportive",
        [],
        ["fr.support.support: «courage»", "fr.support.support: «tiens bon»"],
    ),
]


@pytest.mark.parametrize(
    ("text", "lang", "stance", "categories", "reasons"),
    [pytest.param(*c, id=f"{c[1]}:{c[0][:30]}") for c in TOY_CASES],
)
def test_model_and_rules_together(
    toy: RulesScorer,
    text: str,
    lang: str,
    stance: str,
    categories: list[str],
    reasons: list[str] | None,
) -> None:
    row = toy.score(pl.DataFrame({"text": [text], "lang": [lang]})).row(0, named=True)
    assert (row["stance"], row["categories"]) == (stance, categories)
    if reasons is not None:
        assert row["reasons"] == reasons


def test_a_model_made_threat_has_the_threat_severity_and_its_score(toy: RulesScorer) -> None:
    out = toy.score(pl.DataFrame({"text": ["@bob zorglub soon, stupid"], "lang": ["en"]}))
    row = out.row(0, named=True)
    assert (row["categories"], row["severity"], row["score"]) == (["threat", "insult"], 4, 0.9166)


def test_the_shipped_threat_heads_and_the_rules_read_the_respelling() -> None:
    """Pinned on the shipped weights: retraining may change it (then update the pin). Out of
    fold, at a stream's prior of threats, every threshold of the French head costs the rules'
    precision (eval/train.py, PRECISION_FLOOR), so it is off (threshold 1); the English head
    adds threats at the rules' precision from 0.99 (since release 1.48: its threshold sits on
    the edge of that floor, so a few cases move it; 0.96 in releases 1.46 and 1.47, 0.99 in
    1.44 and 1.45, 0.96 from 1.8 to 1.43, 0.94 before). The verlan the French head once caught
    is a rule."""
    shipped = LinearModel.load()
    assert {lang: shipped.langs[lang].threat.threshold for lang in ("fr", "en")} == {
        "fr": 1.0,
        "en": 0.99,
    }
    frame = pl.DataFrame({"text": ["on va te teuber fdp"], "lang": ["fr"]})
    row = RulesScorer().score(frame).row(0, named=True)
    assert "threat" in row["categories"]
    assert row["reasons"][0] == "fr.threat.street: «on va te teuber»"


def test_the_weights_digest_is_in_the_version(tmp_path: Path) -> None:
    shipped = LinearModel.load()
    assert RulesScorer().version.endswith(f".{shipped.digest}")
    rules_only = RulesScorer(model=False).version
    assert "." not in rules_only.split("+")[1]
    changed = tmp_path / "hostile.json"
    doc = orjson.loads(WEIGHTS.read_bytes())
    doc["languages"]["fr"]["threat"]["threshold"] = 0.99
    changed.write_bytes(orjson.dumps(doc))
    other = LinearModel.load(changed)
    assert other.digest != shipped.digest
    assert RulesScorer(model=other).version == f"{rules_only}.{other.digest}"


def test_repeated_texts_are_scored_once_and_given_back_to_each_post(toy: RulesScorer) -> None:
    texts = ["what a grumpkin", "merci", "@a what a grumpkin", "je vais te tuer", "merci"]
    langs = ["en", "fr", "en", "fr", None]
    together = toy.score(pl.DataFrame({"text": texts, "lang": langs}))
    one_by_one = pl.concat(
        [
            toy.score(pl.DataFrame({"text": [t], "lang": [la]}))
            for t, la in zip(texts, langs, strict=True)
        ]
    )
    assert_frame_equal(together, one_by_one)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("I want to klil all of you", "en.threat.first_person: «i want to kill all»"),
        pytest.param("Deaht to all of them", "en.threat.death_to: «death to»"),
        pytest.param("you deserve todie", "en.threat.deserves: «deserve to die»"),
    ],
)
def test_misspelt_and_glued_threat_words_are_undone(text: str, reason: str) -> None:
    row = RulesScorer(model=False).score(pl.DataFrame({"text": [text], "lang": ["en"]}))
    assert reason in row["reasons"].to_list()[0]


def test_respelling_leaves_real_words_alone() -> None:
    scorer = RulesScorer(model=False)
    texts = ["download the strange report", "ce marché va dépendre de tout", "il tuera le temps"]
    out = scorer.prepare(pl.DataFrame({"text": texts, "lang": ["en", "fr", "fr"]}))
    assert [t.strip() for t in out["_norm"].to_list()] == [
        "download the strange report",
        "ce marche va dependre de tout",
        "il tuera le temps",
    ]


def test_a_training_is_the_same_whatever_scikit_learn_release_fitted_it() -> None:
    from eval.train import same_training

    doc = orjson.loads(WEIGHTS.read_bytes())
    other = {**doc, "learned_with": {**doc["learned_with"], "scikit_learn": "0.0"}}
    assert same_training(WEIGHTS.read_bytes(), orjson.dumps(other))
    moved = {**doc, "languages": {**doc["languages"], "fr": {}}}
    assert not same_training(WEIGHTS.read_bytes(), orjson.dumps(moved))
    assert not same_training(b"", WEIGHTS.read_bytes())


def test_the_shipped_weights_were_learned_with_these_rules_and_cases() -> None:
    """The shipped weights depend on the rules (thresholds are chosen with them; the model
    reads what the neutralizers leave) and on our case files: changing either without
    ``python -m eval.train`` left weights no retraining gives (release 1.4 and 1.5 did)."""
    from eval.train import learned_with

    shipped = orjson.loads(WEIGHTS.read_bytes()).get("learned_with", {})
    now = learned_with()
    assert {k: shipped.get(k) for k in ("rules", "own_cases")} == {
        k: now[k] for k in ("rules", "own_cases")
    }, "rules or eval/cases changed since the weights were learned: run python -m eval.train --docs"


@pytest.mark.slow
# Five fits per head (four folds and the shipped one): 160 CPU seconds, 13 minutes of wall
# time on this shared machine under load.
@pytest.mark.timeout(2400)
@pytest.mark.skipif(
    not os.environ.get("TOCSIN_RETRAIN"),
    reason="retraining takes 5-10 minutes: TOCSIN_RETRAIN=1, or python -m eval.train --check",
)
def test_retraining_reproduces_the_shipped_weights(fixtures_dir: Path) -> None:
    pytest.importorskip("sklearn")
    from eval.train import same_training, train

    assert same_training(WEIGHTS.read_bytes(), train(fixtures_dir)[0])


def _threat_rows(rules: list[int], positives: list[int], n: int = 40) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "y": [i in positives for i in range(n)],
            "rules_threat": [i in rules for i in range(n)],
            "rules_any": [True] * n,
            "anchor": [True] * n,
        }
    )


@pytest.mark.parametrize(
    ("rules", "head_flags", "kept"),
    [
        # the rules alone are at precision 0.50 (under the goal's 0.90): a head that adds a
        # threat and keeps 0.50 is turned on (the highest threshold among equals)...
        pytest.param([0, 10], [1, 11], 0.94, id="rules-under-the-floor:head-keeps-their-precision"),
        # ... one that brings precision under the rules' is not
        pytest.param([0, 10], [1, 11, 12], 1.0, id="rules-under-the-floor:head-costs-precision"),
        # over the floor, the floor is the goal's 0.90 (0.75 is refused)
        pytest.param([0, 1, 2], [3, 10], 1.0, id="rules-over-the-floor:head-under-it"),
        pytest.param([0, 1], [2], 0.94, id="rules-over-the-floor:head-over-it"),
    ],
)
def test_a_threat_head_never_costs_the_rules_precision(
    rules: list[int], head_flags: list[int], kept: float
) -> None:
    """eval.train.choose: a threat head's threshold keeps precision at the goal's 0.90, or at
    the rules' own where they are below it (4 threats in 40 rows: no prior weighting)."""
    import numpy as np

    from eval.train import choose

    rows = _threat_rows(rules, positives=[0, 1, 2, 3])
    prob = np.array([0.95 if i in head_flags else 0.0 for i in range(rows.height)])
    threshold, table = choose(rows, "threat", prob, (np.zeros(rows.height), 0.5))
    assert threshold == kept
    assert table[-1][0] == 1.0  # the rules alone are always a candidate


def test_a_hostile_threshold_is_the_middle_of_its_plateau_not_a_lone_peak() -> None:
    """eval.train.plateau_middle: a candidate is ranked by the mean F1 of the grid within 0.04
    of it, and the middle of those within 0.0005 of the best is kept: a single point a hair
    above a flat stretch does not win, and moving it from one end of the stretch to the other
    does not move the threshold kept."""
    from eval.train import GRID, PLATEAU, SMOOTH, plateau_middle, smoothed

    assert (SMOOTH["hostile"], PLATEAU) == (0.04, 0.0005)
    plateau = {round(0.70 + 0.02 * i, 2) for i in range(10)}  # 0.70 .. 0.88: F1 0.64
    kept = set()
    for peak in (0.72, 0.86):  # the best single point, at either end of the plateau
        table = [(t, 0.5, 0.8, 0.641 if t == peak else 0.64 if t in plateau else 0.5) for t in GRID]
        table.append((1.0, 0.54, 0.74, 0.63))
        kept.add(plateau_middle(table, table, SMOOTH["hostile"])[0])
        # the best point alone follows the peak
        assert plateau_middle(table, table, 0.0)[0] == peak
    assert kept == {0.78}
    assert smoothed(table, 1.0, 0.04) == 0.63  # the head off is not a point of the grid


def test_weights_hashed_otherwise_are_refused(tmp_path: Path) -> None:
    doc = orjson.loads(WEIGHTS.read_bytes())
    doc["bits"] = 16
    other = tmp_path / "hostile.json"
    other.write_bytes(orjson.dumps(doc))
    with pytest.raises(ValueError, match="hashed for other n-grams than tasks/scoring/ngrams.py"):
        LinearModel.load(other)


def test_missing_weights_are_an_error_not_a_silent_fall_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tasks.scoring import rules
    from tasks.scoring.base import ScorerUnavailable

    monkeypatch.setattr(rules, "WEIGHTS", tmp_path / "absent.json")
    rules._default_model.cache_clear()
    try:
        with pytest.raises(ScorerUnavailable, match="model weights are missing at .*absent.json"):
            RulesScorer()
    finally:
        rules._default_model.cache_clear()


def test_buckets_many_hashes_as_bucket_does() -> None:
    """The numpy hashing of many words gives each word's buckets in ``buckets``' order, for
    characters of one to four UTF-8 bytes and the empty word (its padded self)."""
    import numpy as np

    from tasks.scoring.ngrams import buckets, buckets_many

    ws = ["", "a", "tu", "tuer", "élève", "ça", "日本語", "😀x😀", "𝕏y", "zqvw" * 30, "a b"]
    flat, count = buckets_many(ws)
    expected = [buckets(w) for w in ws]
    assert count.tolist() == [len(b) for b in expected]
    assert flat.dtype == np.int64
    assert flat.tolist() == [b for bs in expected for b in bs]
