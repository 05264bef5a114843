"""The linear model beside the rules: how its words become reasons, where it may not reach, how
its weights name the scorer version, and that the recipe reproduces the shipped weights."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.scoring.model import WEIGHTS, LangModel, LinearModel
from tasks.scoring.rules import RulesScorer

# A made-up word, so the cases read the combination and not the shipped weights.
TOY = LinearModel(
    {
        "en": LangModel(intercept=-2.0, add=0.7, weights={"grumpkin": 3.5, "kind": -1.0}),
        "fr": LangModel(intercept=-2.0, add=0.7, weights={"grumpkin": 3.5}),
    },
    digest="toy",
)


@pytest.fixture(scope="module")
def toy() -> RulesScorer:
    return RulesScorer(model=TOY)


# (text, lang, stance, categories, reasons)
TOY_CASES = [
    (
        "what a grumpkin",
        "en",
        "hostile",
        ["other_abuse"],
        ["model.hostile 0.82: «grumpkin» +3.50"],
    ),
    # weak rule evidence (a bare "stupid", 0.3) gives the model-made hostile post its category
    (
        "stupid grumpkin",
        "en",
        "hostile",
        ["insult"],
        ["model.hostile 0.82: «grumpkin» +3.50", "en.insult.bare_weak: «stupid»"],
    ),
    # words pulling the other way count too
    ("a kind grumpkin", "en", "neutral", [], []),
    # the model reads the text the rules read: quoted and reported words are blanked first
    ('he called me "grumpkin" yesterday', "en", "neutral", [], []),
    # one model per language: a post in another language gets the rules alone
    ("what a grumpkin", "es", "neutral", [], []),
    ("quel grumpkin", "fr", "hostile", ["other_abuse"], ["model.hostile 0.82: «grumpkin» +3.50"]),
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
    toy: RulesScorer, text: str, lang: str, stance: str, categories: list[str], reasons: list[str]
) -> None:
    row = toy.score(pl.DataFrame({"text": [text], "lang": [lang]})).row(0, named=True)
    assert (row["stance"], row["categories"], row["reasons"]) == (stance, categories, reasons)


def test_a_model_made_hostile_post_is_other_abuse_at_most_its_rules_severity(
    toy: RulesScorer,
) -> None:
    out = toy.score(pl.DataFrame({"text": ["what a grumpkin"], "lang": ["en"]}))
    assert out.row(0, named=True) | {"text": None} == {
        "text": None,
        "lang": "en",
        "stance": "hostile",
        "categories": ["other_abuse"],
        "severity": 1,
        "score": 0.8176,
        "reasons": ["model.hostile 0.82: «grumpkin» +3.50"],
    }


def test_a_word_the_shipped_model_learned_drives_a_reason() -> None:
    """Pinned on the shipped weights: retraining may change it (then update the pin)."""
    row = RulesScorer().score(pl.DataFrame({"text": ["damn wtf is this"], "lang": ["en"]}))
    assert row["reasons"].to_list()[0] == [
        "model.hostile 0.90: «damn» +1.25, «wtf» +1.24",
        "en.other_abuse.profanity: «damn»",
    ]


def test_the_weights_digest_is_in_the_version(tmp_path: Path) -> None:
    shipped = LinearModel.load()
    assert RulesScorer().version.endswith(f".{shipped.digest}")
    rules_only = RulesScorer(model=False).version
    assert "." not in rules_only.split("+")[1]
    changed = tmp_path / "hostile.json"
    shutil.copy(WEIGHTS, changed)
    changed.write_bytes(changed.read_bytes().replace(b'"add": 0.7', b'"add": 0.75', 1))
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


def test_retraining_reproduces_the_shipped_weights(fixtures_dir: Path) -> None:
    pytest.importorskip("sklearn")
    from eval.train import train

    assert train(fixtures_dir) == WEIGHTS.read_bytes()


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
