"""``python -m eval.vectors_experiment --fr-wheel W --en-wheel W``: do static word vectors help
the learned layer? Out of fold, on the training pool ``eval.train`` learns from (never a test
split, HateCheck, OLID or an evaluation-only set), per language and head: the n-gram heads as
shipped, then the same logistic regression with each text's mean word vector (standardized,
times ``alpha``) appended to its n-gram counts. Prints, per variant, the head's own average
precision out of fold and the threshold ``eval.train.choose`` keeps with the rules' P / R / F1
there (the recipe's own figures). Figures only; nothing is written. See docs/scoring.md,
"Tried and not kept".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import polars as pl

from eval import train as tr
from eval.vectors import en_pieces, fr_vectors, mean_vectors, subword_table
from tasks.scoring.model import HEADS, words


def oof(part: pl.DataFrame, x: object, alpha_note: str) -> list[str]:
    """The recipe's out-of-fold loop (``eval.train.train``) over features ``x``."""
    from sklearn.metrics import average_precision_score

    own = (part["dataset"] == "own-cases").to_numpy()
    fold = tr.fold_of(part["text"])
    oofs: dict[str, tuple[np.ndarray, float]] = {}
    out = []
    for head in HEADS:
        known, y = tr.labelled(part, head)
        p = np.full(part.height, np.nan)
        for k in range(tr.FOLDS):
            learn = known & (own | (fold != k))
            judged = ~own & (fold == k)
            b, w = tr.fit(x[learn], y[learn], head)  # type: ignore[index]
            w = np.where(np.abs(w) >= tr.MIN_WEIGHT, np.round(w, 3), 0.0)  # as the recipe
            p[judged] = 1.0 / (1.0 + np.exp(-(x[judged] @ w + b)))  # type: ignore[index]
        judged = known & ~own
        if head == "threat":
            judged &= part["threat"].is_not_null().to_numpy()
        rows = part.filter(pl.Series(judged)).with_columns(y=pl.Series(y[judged]))
        gate = None if head == "hostile" else (oofs["hostile"][0][judged], oofs["hostile"][1])
        t, table = tr.choose(rows, head, p[judged], gate)
        oofs[head] = (p, t)
        ap = average_precision_score(y[judged], p[judged])
        best = next(r for r in table if r[0] == t)
        out.append(
            f"| {part['lang'][0]} | {head} | {alpha_note} | {ap:.3f} | {t:.2f} | "
            f"{best[1]:.3f} / {best[2]:.3f} / {best[3]:.3f} |"
        )
        print(out[-1], flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    import scipy.sparse as sp

    ap = argparse.ArgumentParser(prog="python -m eval.vectors_experiment", description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=tr.DEFAULT_FIXTURES)
    ap.add_argument("--fr-wheel", type=Path, required=True)
    ap.add_argument("--en-wheel", type=Path, required=True)
    ap.add_argument("--alphas", default="0.3,1,3")
    ap.add_argument("--cache", type=Path, help="a parquet file to keep the loaded pool in")
    args = ap.parse_args(argv)
    if args.cache and args.cache.is_file():
        df = pl.read_parquet(args.cache)
    else:
        df = tr.load(args.fixtures)
        if args.cache:
            df.write_parquet(args.cache)
    print("| lang | head | vectors | head AP (OOF) | threshold | rules + head P / R / F1 |")
    print("|---|---|---|---:|---:|---|")
    for lang in ("en", "fr"):
        part = df.filter(pl.col("lang") == lang)
        x = tr.features(part["model_text"])
        if lang == "fr":
            vocab, vecs = fr_vectors(args.fr_wheel)
        else:
            first, rest = en_pieces(args.en_wheel)
            ws = pl.select(words(pl.lit(part["model_text"]))).to_series().explode().unique()
            vocab, vecs = subword_table([w for w in ws.to_list() if w], first, rest)
        z = mean_vectors(part["model_text"], vocab, vecs)
        hit = (np.abs(z).sum(axis=1) > 0).mean()
        print(
            f"<!-- {lang}: {part.height} rows, {len(vocab)} words with a vector, "
            f"{hit:.3f} of rows with one -->",
            flush=True,
        )
        z = (z - z.mean(axis=0)) / (z.std(axis=0) + 1e-6)
        oof(part, x, "none (shipped)")
        for a in (float(s) for s in args.alphas.split(",")):
            oof(part, sp.hstack([x, sp.csr_matrix(a * z)]).tocsr(), f"mean, alpha {a:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
