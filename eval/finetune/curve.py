"""Rules OR model (with and without the shipped gate): precision and recall at the 10 % prior as
the model adds its top-q rows the rules miss, out of fold. Usage: curve.py LANG"""

import sys

import numpy as np
from eval_oof import load, negw, prf


def main(lang: str) -> None:
    o = load(lang)
    y, rules, gate = o.y, o.rules, o.gate
    neg = negw(y)
    for name, s in (("n-gram", o.s_ng), ("encoder", o.s_enc), ("both", o.s_both)):
        for gname, g in (("shipped gate", gate), ("no gate", np.ones_like(gate))):
            print(f"\n{name}, {gname}: rules-alone P/R {prf(y, rules, neg)[:2]}")
            extra_pool = ~rules & g
            print(
                f"  rows the model could add: {int(extra_pool.sum())} "
                f"({int((extra_pool & y).sum())} threats)"
            )
            for q in (5, 10, 20, 30, 40, 60, 80):
                t = np.sort(np.where(extra_pool, s, -1))[::-1][q - 1]
                pred = rules | (g & (s >= t))
                p, r, f = prf(y, pred, neg)
                add = pred & ~rules
                print(
                    f"  add top {q:3d} (t={t:.4f}): +{int((add & y).sum())} threats, "
                    f"+{int((add & ~y).sum())} false; P {p:.3f} R {r:.3f} F1 {f:.3f}"
                )


if __name__ == "__main__":
    main(sys.argv[1])
