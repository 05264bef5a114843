"""``python -m eval.train``: learn the default scorer's word weights and write
``tasks/scoring/model/hostile.json``.

The recipe, deterministic from the fixtures to the file (``--check`` retrains and compares):

1. Read the openly licensed labelled sets of ``TRAIN_SETS`` from ``../shared/fixtures`` (never
   HateCheck: it is a functional test suite, and learning its templates would fake its scores;
   never OLID, whose licence is unclear; never the synthetic incident: its texts are written by
   the lexicon's authors).
2. Split each by a stable hash of the text (``eval.datasets.with_split``): 20 % held out for the
   evaluation (``eval.run`` scores only that part of these sets), 10 % kept aside to study the
   threshold (docs/scoring.md), 70 % to learn from.
3. Read each post as the scorer does (``RulesScorer.model_text``: handles and links blanked,
   normalized, quotes, reported speech, negated and figurative violence blanked) and split it
   into words as the scorer does (``tasks.scoring.model.words``).
4. One model per language (French from mlma-fr; English from davidson and mlma-en): a logistic
   regression on word counts (scikit-learn, liblinear, L2, ``C``, balanced classes: the sets are
   75-85 % hostile, a harassment stream is not), over the words seen in at least ``MIN_DF``
   posts; weights under ``MIN_WEIGHT`` in absolute value are dropped, the rest rounded to 4
   decimals.
5. ``ADD``, the probability from which the model alone makes a post hostile, is a constant
   (see below), written into the file with the weights.

scikit-learn is needed here only (``pip install -e '.[train]'``); the scorer applies the weights
with Polars.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson
import polars as pl

from eval.datasets import TRAIN_SETS, real_datasets, with_split
from eval.run import DEFAULT_FIXTURES
from tasks.scoring.model import FORMAT, WEIGHTS, LinearModel, words
from tasks.scoring.rules import RulesScorer

C = 0.5
MIN_DF = 3
MIN_WEIGHT = 0.05
SEED = 0
# From which probability the model alone makes a post hostile: chosen by a person from what it
# costs (docs/scoring.md, "The model's threshold", measured on the 10 % kept aside and on sets
# never trained on): at 0.7 the quiet synthetic mix and the seed-wave keep their precision
# (0.96, 1.00) while the model finds hostile posts the rules miss; at 0.6 the quiet mix drops
# to 0.79.
ADD = 0.7


def load(fixtures: Path) -> pl.DataFrame:
    """The training sets, labelled rows only, with their split and the text the model reads."""
    loaders = real_datasets(fixtures)
    missing = [n for n in TRAIN_SETS if n not in loaders]
    if missing:
        raise SystemExit(f"training sets missing under {fixtures}: {', '.join(missing)}")
    df = pl.concat(
        [loaders[n]().select("dataset", "lang", "text", "hostile") for n in TRAIN_SETS]
    ).filter(pl.col("hostile").is_not_null())
    df = with_split(df)
    return df.with_columns(model_text=RulesScorer(model=False).model_text(df))


def fit(train: pl.DataFrame) -> tuple[float, dict[str, float]]:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = train.select(
        words(pl.col("model_text")).list.eval(pl.element().filter(pl.element() != ""))
    )
    vec = CountVectorizer(analyzer=lambda ws: ws, min_df=MIN_DF, lowercase=False)
    x = vec.fit_transform(docs.to_series().to_list())
    clf = LogisticRegression(
        C=C, solver="liblinear", class_weight="balanced", random_state=SEED, max_iter=1000
    )
    clf.fit(x, train["hostile"].to_numpy())
    vocab = vec.get_feature_names_out()
    weights = {
        str(w): round(float(c), 4)
        for w, c in sorted(zip(vocab, clf.coef_[0], strict=True))
        if abs(c) >= MIN_WEIGHT
    }
    return round(float(clf.intercept_[0]), 4), weights


def train(fixtures: Path) -> bytes:
    df = load(fixtures)
    languages: dict[str, object] = {}
    for lang in sorted(df["lang"].unique()):
        part = df.filter(pl.col("lang") == lang)
        intercept, weights = fit(part.filter(pl.col("split") == "train"))
        languages[lang] = {
            "trained_on": {
                n: {
                    "licence": TRAIN_SETS[n],
                    "rows": part.filter(
                        (pl.col("dataset") == n) & (pl.col("split") == "train")
                    ).height,
                }
                for n in sorted(part["dataset"].unique())
            },
            "intercept": intercept,
            "add": ADD,
            "weights": weights,
        }
    doc = {
        "format": FORMAT,
        "recipe": "python -m eval.train (eval/train.py)",
        "hyperparameters": {"C": C, "min_df": MIN_DF, "min_weight": MIN_WEIGHT, "seed": SEED},
        "languages": languages,
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.train", description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="retrain and compare with --out")
    args = ap.parse_args(argv)
    blob = train(args.fixtures)
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == blob
        print(f"{args.out}: {'reproduced' if same else 'DIFFERS from a fresh training'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    model = LinearModel.load(args.out)
    for lang, m in model.langs.items():
        print(f"{lang}: {len(m.weights)} weights, intercept {m.intercept}, add {m.add}")
    print(f"wrote {args.out}, digest {model.digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
