"""The evaluation harness: metrics, and the label mappings of docs/scoring.md on the real sets
(read from ../shared/fixtures; skipped where that folder is absent)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from eval.datasets import bucket, real_datasets, with_split
from eval.metrics import confusion


def test_confusion_and_f1() -> None:
    df = pl.DataFrame(
        {"gold": [True, True, False, False, None], "pred": [True, False, True, False, True]}
    )
    s = confusion(df, "gold", "pred")
    assert (s.n, s.positives, s.tp, s.fp, s.fn) == (4, 2, 1, 1, 1)
    assert (s.precision, s.recall, s.f1, s.f1_all_positive) == (0.5, 0.5, 0.5, 2 * 0.5 / 1.5)


# dataset -> (rows, hostile positives, rows without a hostile label, threat positives)
EXPECTED = {
    "hatecheck-fr": (3718, 2730, 0, 705),
    "hatecheck-en": (3728, 2690, 0, 681),
    "mlma-fr": (4014, 2654, 539, 0),
    "mlma-en": (5647, 4260, 726, 0),
    "olid-ind": (13240, 2407, 1993, 0),
    "olid-off": (13240, 4400, 0, 0),
    "davidson": (24783, 20620, 0, 0),
    "jigsaw-sample": (101, 13, 0, 1),
    # the new sets (SOURCES.md's counts: 112 RTP-LX threats, 244 Jigsaw-FR threats; EDOS's
    # test split holds 89 of its 443; OpenAI rows without an H, V or HR key have no label)
    "rtplx-fr": (1038, 540, 154, 112),
    "toxifrench-forum": (1388, 694, 0, 0),
    "toxifrench-jigsaw": (1381, 1146, 0, 244),
    "edos-test": (4000, 970, 0, 89),
    "openai-moderation": (1680, 252, 906, 52),
    "ethos": (998, 433, 0, 136),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_label_mapping(fixtures_dir: Path, name: str) -> None:
    loaders = real_datasets(fixtures_dir)
    if name not in loaders:
        pytest.skip(f"{name} not under {fixtures_dir}")
    df = loaders[name]()
    got = (
        df.height,
        int(df["hostile"].sum()),
        df["hostile"].null_count(),
        int(df["threat"].sum() or 0),
    )
    assert got == EXPECTED[name]


def test_hatecheck_individual_abuse_is_hostile_but_not_hate(fixtures_dir: Path) -> None:
    """HateCheck labels abuse aimed at one person non-hateful; for Tocsin it is harassment."""
    df = real_datasets(fixtures_dir)["hatecheck-en"]()
    row = df.filter(pl.col("text") == "I want to kill him.").row(0, named=True)
    assert (row["hostile"], row["threat"], row["identity_hate"]) == (True, True, False)
    quoted = df.filter(
        pl.col("text").str.starts_with("You deserve to be in prison for threats like")
    )
    assert not quoted["hostile"].any() and not quoted["threat"].any()


def test_the_split_is_fixed_by_the_text() -> None:
    """The model's hold-out: a text's bucket depends on the text alone (sha256), so the split
    is the same on every machine, in any row order, and a repeated text never straddles it."""
    assert (bucket("je vais te tuer"), bucket("merci")) == (3, 0)
    df = pl.DataFrame({"text": [f"post {i}" for i in range(2000)] + ["post 7"]})
    split = with_split(df)
    again = with_split(df.reverse()).reverse()
    assert split["split"].to_list() == again["split"].to_list()
    assert split["split"][7] == split["split"][2000]
    counts = dict(split["split"].value_counts().iter_rows())
    assert (counts["test"], counts["valid"], counts["train"]) == (395, 209, 1397)


def test_the_goals_say_language_split_and_met_or_not() -> None:
    from eval.metrics import Scores
    from eval.run import goals

    rows = [
        ("rtplx-fr", "fr", "threat", Scores(n=100, positives=10, tp=9, fp=1, fn=1)),
        ("edos-test", "en", "threat", Scores(n=100, positives=10, tp=2, fp=8, fn=8)),
        ("edos-test", "en", "hostile", Scores(n=100, positives=50, tp=45, fp=5, fn=5)),
    ]
    bench = {"raid mix": {"per_s": 400_000.0, "per_cpu_s": 600_000.0}}
    lines = goals(rows, bench).splitlines()[2:]
    assert lines == [
        "| threat recall ≥ 0.90 at precision ≥ 0.90 | FR | rtplx-fr (test (hash buckets 0-1)) "
        "| P 0.90 / R 0.90 | met |",
        "| threat recall ≥ 0.90 at precision ≥ 0.90 | EN | edos-test (official test split) "
        "| P 0.20 / R 0.20 | not met |",
        "| hostile-vs-not F1 ≥ 0.80 | EN | edos-test (official test split) | F1 0.90 "
        "(P 0.90 / R 0.90; all-positive floor 0.67) | met |",
        "| ≥ 500,000 posts/s | – | raid mix | 400,000/s wall, 600,000 per CPU-second | not met |",
    ]


def test_own_cases_are_not_evaluation_sentences(fixtures_dir: Path) -> None:
    """Our own written cases (training only) share no sentence with any set scored by
    eval.run."""
    from eval.train import own_cases

    ours = {t.lower().strip() for t in own_cases()["text"].to_list()}
    for name, load in real_datasets(fixtures_dir).items():
        theirs = {str(t).lower().strip() for t in load()["text"].to_list()}
        assert not ours & theirs, name


def test_the_synthetic_set_comes_in_the_same_order_in_every_process() -> None:
    """Two processes load the synthetic incident and print a digest of its rows in order: the
    same digest (Polars' unordered unique and join gave each process its own order)."""
    import subprocess
    import sys

    code = (
        "import hashlib; from eval.datasets import synthetic; "
        "print(hashlib.sha256(synthetic('quiet').write_csv().encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[1]
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(digests) == 1 and len(digests.pop()) == 65


def test_the_untagged_table_scores_each_set_again_with_no_language_tag() -> None:
    from eval.run import predictions
    from eval.untagged import rows, table
    from tasks.scoring.rules import RulesScorer

    scorer = RulesScorer()
    texts = ["i hope you die", "you are an idiot", "thanks for the article", "Dawg ass hoes"]
    labels = {"hostile": [True, True, False, True], "threat": [True, False, False, False]}
    frame = pl.DataFrame({"text": texts, "lang": ["en"] * 4, **labels})
    frames = {
        "mini": predictions(scorer.score(frame.select("text", "lang"))).with_columns(
            **{k: pl.Series(v) for k, v in labels.items()}
        )
    }
    [(name, lang, tagged, untagged, unread)] = rows(scorer, frames, predictions)
    assert (name, lang) == ("mini", "en")
    assert (tagged["hostile"].tp, tagged["threat"].tp) == (3, 1)
    # Untagged, fastText is sure of German for the first (the second identifier says English)
    # and of Luxembourgish for the last, which the second has no model of: read as unread.
    assert (untagged["hostile"].tp, untagged["hostile"].fn, untagged["threat"].tp) == (2, 1, 1)
    assert unread == 1
    assert "| mini | all | en | 4 | 1.00 | 0.80 | 1.00 / 1.00 | 1.00 / 1.00 | 1 |" in table(
        [(name, lang, tagged, untagged, unread)]
    )
