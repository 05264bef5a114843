"""Compare out-of-fold threat scores: n-gram head (eval.train recipe) vs fine-tuned encoder vs both.
Usage: eval_oof.py LANG [TAG]. Prints markdown tables. Metrics on the judged rows (not own cases,
with a threat label) of the folds the encoder has results for."""

import json
import sys
from types import SimpleNamespace

import numpy as np
import polars as pl
from sklearn.metrics import average_precision_score as aps
from work import WORK

PRIOR, FLOOR = 0.1, 0.90
GRID = [round(0.30 + 0.02 * i, 2) for i in range(35)] + [0.99]


def load(lang, tag=""):
    """The judged out-of-fold rows of LANG: labels, the three scores, the rules' verdicts and
    the shipped gate (target + abuse)."""
    pool = pl.read_parquet(f"{WORK}/pool.parquet").with_row_index("rid")
    ng = pl.read_parquet(f"{WORK}/ngram_oof_{lang}.parquet")
    enc = pl.read_parquet(f"{WORK}/enc_oof_{lang}{tag}.parquet")
    d = enc.join(pool, on="rid").join(ng, on="rid").sort("rid")
    y = d["threat"].to_numpy().astype(bool)

    def sig(z):
        return 1 / (1 + np.exp(-z))

    def lg(p):
        return np.log(np.clip(p, 1e-7, 1 - 1e-7) / np.clip(1 - p, 1e-7, 1))

    s_ng = d["p_threat"].to_numpy()
    s_enc = sig(d["logit_enc"].to_numpy())
    s_both = sig((lg(s_ng) + d["logit_enc"].to_numpy()) / 2)
    rules = d["rules_threat"].to_numpy()
    gate = d["anchor"].to_numpy() & (
        d["rules_any"].to_numpy() | (d["p_hostile"].to_numpy() >= d["t_hostile"].to_numpy())
    )

    return SimpleNamespace(d=d, y=y, s_ng=s_ng, s_enc=s_enc, s_both=s_both, rules=rules, gate=gate)


def negw(y):
    pos = y.sum()
    return (pos / max(len(y) - pos, 1)) * (1 - PRIOR) / PRIOR if pos / len(y) > PRIOR else 1.0


def prf(y, p, neg):
    tp = int((y & p).sum())
    fp = neg * int((~y & p).sum())
    fn = int((y & ~p).sum())
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def rec_at(y, s, neg, floor=FLOOR):
    """best recall over every threshold (each distinct score) whose precision >= floor; and that threshold"""
    o = np.argsort(-s, kind="stable")
    ys = y[o]
    ss = s[o]
    tp = np.cumsum(ys)
    fp = np.cumsum(~ys) * neg
    last = np.r_[ss[1:] != ss[:-1], True]  # cut only between distinct scores
    P = tp / (tp + fp)
    R = tp / y.sum()
    ok = last & (P >= floor)
    if not ok.any():
        return 0.0, None
    i = np.flatnonzero(ok)[np.argmax(R[ok])]
    return float(R[i]), float(ss[i])


def ap_w(y, s, neg):
    return aps(y, s, sample_weight=np.where(y, 1.0, neg))


def choose(y, s, base, g, neg, fine=False):
    """eval.train.choose for the threat head: best F1 among thresholds with P >= min(0.90, rules P)."""
    ts = GRID if not fine else sorted(set(np.round(s, 4)))
    table = [(t, *prf(y, base | (g & (s >= t)), neg)) for t in ts]
    table.append((1.0, *prf(y, base, neg)))
    floor = min(FLOOR, table[-1][1])
    ok = [r for r in table if r[1] >= floor]
    return max(ok, key=lambda r: (r[3], r[0])), floor


def main(lang, tag=""):
    o = load(lang, tag)
    d, y, s_ng, s_enc, s_both, rules, gate = o.d, o.y, o.s_ng, o.s_enc, o.s_both, o.rules, o.gate
    folds = sorted(d["fold"].unique().to_list())
    print(f"## {lang}{tag}: folds judged {folds}; {len(y)} judged rows, {int(y.sum())} threats\n")
    neg = negw(y)
    print(f"negative weight for the {PRIOR:.0%} prior: {neg:.3f}\n")
    print("| scorer | AP | AP (10 % prior) | R at P≥0.90 | R at P≥0.90 (10 % prior) |")
    print("|---|---:|---:|---:|---:|")
    for name, s in (
        ("n-gram head (recipe)", s_ng),
        ("fine-tuned encoder", s_enc),
        ("mean of the two logits", s_both),
    ):
        print(
            f"| {name} | {aps(y, s):.3f} | {ap_w(y, s, neg):.3f} | {rec_at(y, s, 1.0)[0]:.3f} | {rec_at(y, s, neg)[0]:.3f} |"
        )
    print()
    miss = ~rules
    print(
        f"Only the rows the rules do not call threats ({int(miss.sum())} rows, {int(y[miss].sum())} threats), where a head could add anything:\n"
    )
    print("| scorer | AP | R at P≥0.90 | R at P≥0.50 |")
    print("|---|---:|---:|---:|")
    for name, s in (
        ("n-gram head (recipe)", s_ng),
        ("fine-tuned encoder", s_enc),
        ("mean of the two logits", s_both),
    ):
        print(
            f"| {name} | {aps(y[miss], s[miss]):.3f} | {rec_at(y[miss], s[miss], 1.0)[0]:.3f} | {rec_at(y[miss], s[miss], 1.0, 0.5)[0]:.3f} |"
        )
    mg = miss & gate
    print(
        f"\n... and of those, the rows with the shipped gate (target + abuse) ({int(mg.sum())} rows, {int(y[mg].sum())} threats): AP n-gram {aps(y[mg], s_ng[mg]):.3f}, encoder {aps(y[mg], s_enc[mg]):.3f}, both {aps(y[mg], s_both[mg]):.3f}\n"
    )
    print()
    print("Per fold (AP unweighted; threats in fold):\n")
    print("| fold | threats | rows | n-gram AP | encoder AP | both AP |")
    print("|---|---:|---:|---:|---:|---:|")
    for k in folds:
        f = d["fold"].to_numpy() == k
        print(
            f"| {k} | {int(y[f].sum())} | {int(f.sum())} | {aps(y[f], s_ng[f]):.3f} | {aps(y[f], s_enc[f]):.3f} | {aps(y[f], s_both[f]):.3f} |"
        )
    print()
    P, R, F = prf(y, rules, neg)
    P1, R1, _ = prf(y, rules, 1.0)
    print(
        f"Rules alone (rules_threat): P {P:.3f} / R {R:.3f} / F1 {F:.3f} at the 10 % prior; unweighted P {P1:.3f} / R {R1:.3f}\n"
    )
    print(
        "Rules OR model, threshold chosen as eval.train.choose does (best F1 with P ≥ min(0.90, rules-alone P), on these out-of-fold rows; grid 0.30..0.99, and a fine grid of every distinct score):\n"
    )
    print("| scorer | gate | grid | threshold | P / R / F1 (10 % prior) | P / R unweighted |")
    print("|---|---|---|---:|---|---|")
    out = {}
    for name, s in (("n-gram", s_ng), ("encoder", s_enc), ("both", s_both)):
        for gname, g in (("target+abuse (shipped)", gate), ("none", np.ones_like(gate))):
            for fine in (False, True):
                (t, p, r, f), floor = choose(y, s, rules, g, neg, fine)
                pu, ru, _ = prf(y, rules | (g & (s >= t)), 1.0)
                th = "off (rules alone)" if t == 1.0 else f"{t:.4f}"
                print(
                    f"| {name} | {gname} | {'fine' if fine else 'recipe'} | {th} | {p:.3f} / {r:.3f} / {f:.3f} | {pu:.3f} / {ru:.3f} |"
                )
                out[f"{name}|{gname}|{fine}"] = t
    print(f"\n(floor = {floor:.3f})")
    # strict 0.90 floor too
    print("\nRules OR model with the strict 0.90 floor (10 % prior), fine grid:\n")
    print("| scorer | gate | threshold | P / R / F1 (10 % prior) |")
    print("|---|---|---:|---|")
    for name, s in (("n-gram", s_ng), ("encoder", s_enc), ("both", s_both)):
        for gname, g in (("target+abuse (shipped)", gate), ("none", np.ones_like(gate))):
            ts = sorted(set(np.round(s, 4)))
            table = [(t, *prf(y, rules | (g & (s >= t)), neg)) for t in ts]
            ok = [r for r in table if r[1] >= 0.90]
            if ok:
                t, p, r, f = max(ok, key=lambda r: (r[3], r[0]))
                print(f"| {name} | {gname} | {t:.4f} | {p:.3f} / {r:.3f} / {f:.3f} |")
            else:
                print(f"| {name} | {gname} | none reaches 0.90 | — |")
    for name, s in (("n-gram", s_ng), ("encoder", s_enc), ("both", s_both)):
        out[f"{name}|alone90w"] = rec_at(y, s, neg)[1]
        out[f"{name}|alone90u"] = rec_at(y, s, 1.0)[1]
    print(
        "\nthresholds where each model alone reaches P 0.90 out of fold (10 % prior / unweighted):",
        {k: v for k, v in out.items() if "alone" in k},
    )
    json.dump(out, open(f"{WORK}/thresholds_{lang}{tag}.json", "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
