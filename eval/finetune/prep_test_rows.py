"""Run in the project's venv (from the repository root, PYTHONPATH=.). For the held-out test rows of the
French threat sets, what the rules and the shipped scorer decide, whether the post has a target,
and the shipped hostile head's probability; written to $FT_WORK/test_<lang>.parquet. Prints
only counts and P/R, never a text."""

import sys
from pathlib import Path

import numpy as np
import orjson
import polars as pl
from work import WORK

from eval import train as tr
from eval.datasets import real_datasets, with_split
from tasks.scoring.rules import RulesScorer, anchor

lang = sys.argv[1]
names = sys.argv[2].split(",")
loaders = real_datasets(Path("../shared/fixtures"))
parts = []
for n in names:
    d = with_split(loaders[n]()).filter(pl.col("split") == "test")
    parts.append(d.select("dataset", "lang", "text", "hostile", "threat"))
df = pl.concat(parts)
rules = RulesScorer(model=False)
full = RulesScorer()
prepared = rules.prepare(df)
r = rules.score(df.select("text", "lang"))
s = full.score(df.select("text", "lang"))
doc = orjson.loads(Path("tasks/scoring/model/hostile.json").read_bytes())
x = tr.features(rules.model_text(df))


def headp(lang, h):
    m = doc["languages"][lang][h]
    w = np.zeros(x.shape[1])
    for k, v in m["weights"].items():
        w[int(k)] = v
    return 1 / (1 + np.exp(-(x @ w + m["intercept"]))), m["threshold"]


ph, th = headp(lang, "hostile")
pt, tt = headp(lang, "threat")
out = df.with_columns(
    anchor=prepared.select(anchor()).to_series(),
    rules_threat=r["categories"].list.contains("threat"),
    rules_any=r["score"] > 0,
    shipped_threat=s["categories"].list.contains("threat"),
    p_hostile=pl.Series(ph),
    t_hostile=pl.lit(th),
    p_threat_ngram=pl.Series(pt),
)
out.write_parquet(f"{WORK}/test_{lang}.parquet")
for n in names:
    o = out.filter((pl.col("dataset") == n) & pl.col("threat").is_not_null())
    y = o["threat"].to_numpy().astype(bool)
    for c in ("shipped_threat", "rules_threat"):
        p = o[c].to_numpy()
        tp = (y & p).sum()
        print(
            n,
            c,
            "rows",
            len(y),
            "threats",
            y.sum(),
            f"P {tp / max(p.sum(), 1):.2f} R {tp / y.sum():.2f}",
        )
