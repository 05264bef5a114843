"""Score the held-out test rows once with the encoder learned from the whole pool, at the
thresholds chosen out of fold (thresholds_<lang>.json), with the rules. Usage: score_test.py LANG"""

import json
import os
import sys
import time

from work import WORK

os.environ["OMP_NUM_THREADS"] = "1"
import numpy as np  # noqa: E402 (threads set before torch loads)
import polars as pl
import torch  # noqa: E402 (threads set before torch loads)

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
from e5torch import Tok, batch_ids, build  # noqa: E402 (threads set before torch loads)

lang = sys.argv[1]
ck = torch.load(f"{WORK}/enc_full_{lang}.pt")
L = ck["args"]["L"]
maxlen = ck["args"]["maxlen"]
m, cfg = build()
tok = Tok()
m.eval()
top = m.layers[L:]
top.load_state_dict(ck["top"])
head = torch.nn.Linear(384, 1)
head.load_state_dict(ck["head"])
df = pl.read_parquet(f"{WORK}/test_{lang}.parquet")
seqs = [tok.ids(t, maxlen) for t in df["text"].to_list()]
logit = np.zeros(len(seqs))
o = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
t0 = time.time()
with torch.no_grad():
    for b in range(0, len(o), 32):
        ix = o[b : b + 32]
        ids, mask = batch_ids([seqs[i] for i in ix])
        logit[ix] = head(m.pool(m.run(m.embed(ids), mask), mask)).squeeze(-1).numpy()
print(f"scored {len(seqs)} test rows in {time.time() - t0:.0f}s")


def sig(z):
    return 1 / (1 + np.exp(-z))


def lg(p):
    return np.log(np.clip(p, 1e-7, 1 - 1e-7) / np.clip(1 - p, 1e-7, 1))


s = {
    "encoder": sig(logit),
    "n-gram": df["p_threat_ngram"].to_numpy(),
    "both": sig((lg(df["p_threat_ngram"].to_numpy()) + logit) / 2),
}
df.with_columns(logit_enc=pl.Series(logit)).write_parquet(f"{WORK}/test_{lang}_scored.parquet")
th = json.load(open(f"{WORK}/thresholds_{lang}.json"))
gate_shipped = df["anchor"].to_numpy() & (
    df["rules_any"].to_numpy() | (df["p_hostile"].to_numpy() >= df["t_hostile"].to_numpy())
)
rules = df["rules_threat"].to_numpy()
print(
    "| set | scorer | gate | threshold (chosen out of fold) | P | R | threats flagged / threats | false alarms |"
)
print("|---|---|---|---:|---:|---:|---|---:|")
for n in df["dataset"].unique(maintain_order=True).to_list():
    f = (df["dataset"] == n).to_numpy() & df["threat"].is_not_null().to_numpy()
    y = df["threat"].to_numpy().astype(bool)

    def row(name, gname, t, pred, f=f, y=y, n=n):
        p = pred[f]
        yy = y[f]
        tp = int((yy & p).sum())
        fp = int((~yy & p).sum())
        print(
            f"| {n} | {name} | {gname} | {t} | {tp / max(tp + fp, 1):.2f} | {tp / yy.sum():.2f} | {tp} / {int(yy.sum())} | {fp} |"
        )

    row(
        "shipped scorer (rules + n-gram heads)",
        "shipped",
        "fr threat head off" if lang == "fr" else "shipped",
        df["shipped_threat"].to_numpy(),
    )
    row("rules alone", "—", "—", rules)
    for name in ("encoder", "n-gram", "both"):
        for gname, g in (
            ("target+abuse (shipped)", gate_shipped),
            ("none", np.ones_like(gate_shipped)),
        ):
            for fine in ("False", "True", "alone90w", "alone90u"):
                t = (
                    th.get(f"{name}|{gname}|{fine}")
                    if fine in ("False", "True")
                    else th.get(f"{name}|{fine}")
                )
                if t is None:
                    continue
                lab = {
                    "False": "recipe grid ",
                    "True": "fine grid ",
                    "alone90w": "model alone P0.90 (10% prior) ",
                    "alone90u": "model alone P0.90 (unweighted) ",
                }[fine] + ("off" if t == 1.0 else f"{t:.4f}")
                pred = rules if t == 1.0 else rules | (g & (s[name] >= t))
                row(f"rules OR {name}", gname, lab, pred)
