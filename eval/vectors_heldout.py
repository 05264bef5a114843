"""``python -m eval.vectors_heldout --fr-wheel W --en-wheel W --alpha A --out FILE``: the
held-out half of the word-vector experiment (``eval/vectors_experiment.py``). Learns the heads
by the recipe of ``eval.train`` (same pool, folds, thresholds chosen out of fold with the
rules) with each text's standardized mean word vector, times ``alpha``, appended to its
n-gram counts, then scores every set ``python -m eval.run`` scores with the rules scorer using
those heads, and writes eval.run's report to ``--out``. ``--alpha 0`` learns the shipped
heads (a check that this path gives eval.run's figures). Nothing in the repository is
written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson
import polars as pl

from eval import run
from eval import train as tr
from eval.vectors import en_pieces, fr_vectors, mean_vectors, subword_table
from tasks.scoring.model import HEADS, LinearModel, words
from tasks.scoring.ngrams import BITS
from tasks.scoring.rules import RulesScorer


@dataclass(frozen=True)
class VectorModel(LinearModel):
    """The n-gram heads plus, per language, ``(vocab, vecs, mu, sd, alpha, v_hostile,
    v_threat)``: the logit gains ``alpha * (mean vector - mu) / sd @ v``."""

    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def logits(self, frame: pl.DataFrame, text: str) -> pl.DataFrame:
        out = super().logits(frame, text)
        adds = []
        for lang, (vocab, vecs, mu, sd, alpha, vh, vt) in self.extra.items():
            part = frame.filter(pl.col("_mlang") == lang)
            if not part.height:
                continue
            z = alpha * (mean_vectors(part[text], vocab, vecs) - mu) / sd
            adds.append(pl.DataFrame({"_row": part["_row"], "_dh": z @ vh, "_dt": z @ vt}))
        if not adds:
            return out
        add = pl.concat(adds).with_columns(pl.col("_row").cast(out.schema["_row"]))
        return (
            out.join(add, on="_row", how="left", maintain_order="left")
            .with_columns(
                _zh=pl.col("_zh") + pl.col("_dh").fill_null(0.0),
                _zt=pl.col("_zt") + pl.col("_dt").fill_null(0.0),
            )
            .drop("_dh", "_dt")
        )


def main(argv: list[str] | None = None) -> int:
    import scipy.sparse as sp

    ap = argparse.ArgumentParser(prog="python -m eval.vectors_heldout", description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=tr.DEFAULT_FIXTURES)
    ap.add_argument("--fr-wheel", type=Path, required=True)
    ap.add_argument("--en-wheel", type=Path, required=True)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--langs", default="en,fr", help="the languages given vectors")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    with_vectors = set(args.langs.split(",")) if args.alpha else set()
    tables: dict[str, tuple[list[str], np.ndarray]] = {}
    stats: dict[str, tuple] = {}
    plain = tr.features
    order = iter(("en", "fr"))  # eval.train.train featurizes English, then French

    def features(texts: pl.Series) -> object:
        lang = next(order)
        x = plain(texts)
        if lang not in with_vectors:
            return x
        if lang == "fr":
            tables[lang] = fr_vectors(args.fr_wheel)
        else:
            first, rest = en_pieces(args.en_wheel)
            ws = pl.select(words(pl.lit(texts))).to_series().explode().unique().to_list()
            tables[lang] = subword_table([w for w in ws if w], first, rest)
        z = mean_vectors(texts, *tables[lang])
        mu, sd = z.mean(axis=0), z.std(axis=0) + 1e-6
        stats[lang] = (mu, sd)
        return sp.hstack([x, sp.csr_matrix(args.alpha * (z - mu) / sd)]).tocsr()

    tr.features = features  # type: ignore[assignment]
    blob, table = tr.train(args.fixtures)
    print(table)
    doc = orjson.loads(blob)
    extra = {}
    for lang, heads in doc["languages"].items():
        vs = []
        for head in HEADS:
            ws = heads[head]["weights"]
            dim = tables[lang][1].shape[1] if lang in tables else 0
            v = np.zeros(dim)
            for k in [k for k in ws if int(k) >= 1 << BITS]:
                v[int(k) - (1 << BITS)] = ws.pop(k)
            vs.append(v)
            nz = np.count_nonzero(v)
            print(f"{lang} {head}: {nz} vector weights, threshold {heads[head]['threshold']}")
        if lang in tables:
            extra[lang] = (*tables[lang], *stats[lang], args.alpha, *vs)
    with tempfile.NamedTemporaryFile(suffix=".json") as fh:
        fh.write(orjson.dumps(doc))
        fh.flush()
        base = LinearModel.load(Path(fh.name))
    scorer = RulesScorer(model=VectorModel(base.langs, base.digest, extra=extra))
    rows, frames = run.evaluate_real(scorer, args.fixtures)
    syn_rows, _ = run.evaluate_synthetic(scorer, "seed-wave")
    report = f"# alpha {args.alpha}, vectors for {sorted(with_vectors)}\n\n"
    report += run.goals(rows + syn_rows, {}) + "\n\n" + run.table(rows + syn_rows) + "\n"
    args.out.write_text(report + "\n## thresholds (out of fold)\n\n" + table + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
