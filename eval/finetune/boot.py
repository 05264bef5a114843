"""Paired bootstrap (rows resampled, 1000 times, seed 0) of the AP difference encoder - n-gram."""

import numpy as np
import polars as pl
from sklearn.metrics import average_precision_score as aps
from work import WORK

for lang in ("fr", "en"):
    pool = pl.read_parquet(f"{WORK}/pool.parquet").with_row_index("rid")
    d = (
        pl.read_parquet(f"{WORK}/enc_oof_{lang}.parquet")
        .join(pool, on="rid")
        .join(pl.read_parquet(f"{WORK}/ngram_oof_{lang}.parquet"), on="rid")
    )
    y = d["threat"].to_numpy().astype(bool)
    a = d["p_threat"].to_numpy()
    b = d["logit_enc"].to_numpy()
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(1000):
        i = rng.integers(0, len(y), len(y))
        diffs.append(aps(y[i], b[i]) - aps(y[i], a[i]))
    print(
        lang,
        "AP encoder - n-gram: {:.3f}, 95% bootstrap interval [{:.3f}, {:.3f}]".format(
            aps(y, b) - aps(y, a), *np.percentile(diffs, [2.5, 97.5])
        ),
    )
