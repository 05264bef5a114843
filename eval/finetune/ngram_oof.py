"""Run in the project's venv (from the repository root, PYTHONPATH=.): out-of-fold probabilities of the
n-gram threat and hostile heads, exactly as eval/train.py's train() computes them, per language.
Writes $FT_WORK/ngram_oof_<lang>.parquet with rid (row index in pool.parquet)."""

import sys

import numpy as np
import polars as pl
from work import WORK

from eval import train as tr

lang = sys.argv[1]
df = pl.read_parquet(f"{WORK}/pool.parquet").with_row_index("rid")
part = df.filter(pl.col("lang") == lang)
x = tr.features(part["model_text"])
own = (part["dataset"] == "own-cases").to_numpy()
fold = part["fold"].to_numpy()
out = {"rid": part["rid"].to_numpy()}
for head in ("hostile", "threat"):
    known, y = tr.labelled(part, head)
    oof = np.full(part.height, np.nan)
    for k in range(tr.FOLDS):
        learn = known & (own | (fold != k))
        judged = ~own & (fold == k)
        b, w = tr.fit(x[learn], y[learn], head)
        oof[judged] = tr._prob(x[judged], b, tr._pruned(w))
    out[f"p_{head}"] = oof
    # the hostile head's threshold as the recipe chooses it (needed for the threat gate)
    if head == "hostile":
        judged = known & ~own
        rows = part.filter(pl.Series(judged)).with_columns(y=pl.Series(y[judged]))
        t, _ = tr.choose(rows, "hostile", oof[judged])
        print(lang, "hostile threshold (out of fold)", t)
        out["t_hostile"] = np.full(part.height, t)
pl.DataFrame(out).write_parquet(f"{WORK}/ngram_oof_{lang}.parquet")
print("done", lang)
