"""``python -m eval.train``: learn the default scorer's learned layer (hashed character n-grams,
a hostile head and a threat head per language), choose each head's threshold on out-of-fold
predictions, and write ``tasks/scoring/model/hostile.json``.

The recipe, deterministic from the fixtures to the file (``--check`` retrains and compares):

1. Read the openly licensed labelled sets of ``TRAIN_SETS`` from ``../shared/fixtures``, EDOS's
   official train and dev splits (``edos_train``) and our own written cases
   (``eval/cases/own_threats.tsv``: implicit and indirect threats in colloquial French and
   English, and their neutral contrasts: news, games, counter-speech; ``OWN_CASES``). Never HateCheck (a
   functional test suite: learning its templates would fake its scores), never OLID (licence
   unclear), never the OpenAI moderation set or ETHOS (evaluation only), never the synthetic
   incident (its texts are written by the lexicon's authors).
2. Split each hashed set by a stable hash of the text (``eval.datasets.with_split``): 20 % held
   out for the evaluation (``eval.run`` scores only that part), 80 % the pool to learn from;
   EDOS by its official splits (train and dev the pool, test held out); our own cases are all
   learned from.
3. Read each post as the scorer does (``RulesScorer.model_text``: handles and links blanked,
   normalized, quotes, reported speech, negated and figurative violence blanked), split it into
   words (``tasks.scoring.model.words``) and each word into hashed character n-grams of 3-5
   (``tasks.scoring.ngrams``); the features are the counts of the buckets.
4. Per language, two logistic regressions (scikit-learn, liblinear, L2, ``C``, balanced
   classes): ``hostile`` on every row with a hostile label; ``threat`` on the rows with a threat
   label and the rows labelled not hostile (not a threat either). Weights under ``MIN_WEIGHT``
   in absolute value are dropped, the rest rounded to 3 decimals. The heads shipped learn from
   the whole pool; to choose their thresholds, the pool is cut into ``FOLDS`` folds by the
   text's hash, and each fold is scored by heads learned from the other folds (and our own
   cases, which are never judged on): every row of the pool gets an out-of-fold probability.
   (Until release 1.3 one hash bucket, 10 %, chose the thresholds: 37 French threats, where
   one post moved precision by 0.03 and the chosen threshold swung between retrainings.)
5. Thresholds, per language and head, on the out-of-fold probabilities of the pool,
   **together with the rules** as
   the scorer combines them: hostile = the rules' verdict or ``p ≥ t``; threat = the rules'
   threat or (``p ≥ t``, the post has a target, ``patterns.TARGET_RX``, and abuse besides: a
   hostile rule fired or the hostile head is over its threshold). Precision and F1 are
   computed at a stream's prior (``PRIOR``: 20 % hostile, 10 % threats; negatives weighted
   up). The
   threshold kept is the one with the best F1 among those whose precision reaches
   ``PRECISION_FLOOR`` (or the rules alone's, where it is lower), the rules alone (the head
   off, threshold 1: never) included; a hostile head's F1 is read as the mean over the grid
   within ``SMOOTH`` of each threshold, and the middle of those within ``PLATEAU`` of the best
   is kept (its curve is flat near the best). The table of what each threshold gave is
   written into the file and, with ``--docs``, into docs/scoring.md.

scikit-learn is needed here only (``pip install -e '.[train]'``); the scorer applies the weights
with Polars and numpy.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import orjson
import polars as pl

from eval.datasets import (
    EDOS_LICENCE,
    TRAIN_SETS,
    bucket,
    edos_train,
    real_datasets,
    with_split,
)
from eval.fair import CASES_DIR
from eval.run import DEFAULT_FIXTURES
from tasks.scoring.model import FORMAT, HEADS, WEIGHTS, LinearModel, words
from tasks.scoring.ngrams import BITS, SIZES, buckets
from tasks.scoring.rules import RulesScorer, anchor

C = {"hostile": 0.1, "threat": 0.03}
MIN_WEIGHT = 0.02
SEED = 0
FOLDS = 4
# The precision a head may not bring the scorer below (rules and head together, out of fold).
# Threats: the goal's 0.90 (issue 18), or the rules' own precision where the rules alone are
# below it: a head never costs precision, and adds a threat only where it keeps that floor. At
# a fixed 0.90 the threat heads could never be turned on, whatever they added: out of fold the
# rules alone are at 0.83 in French (most of their "false" threats are Jigsaw-FR posts
# labelled not a threat: "je vais te buter", "tue-toi", "meurs") and 0.43 in English (EDOS,
# whose threat label is sexist threats and incitement only). Hostile: no floor, but see PRIOR.
PRECISION_FLOOR = {"hostile": 0.0, "threat": 0.90}
# The share of hostile posts the hostile head's precision and F1 are computed at: the pool's
# rows are 60-80 % hostile (the sets were collected around slurs and keywords), a watched
# account's ordinary day is mostly not, a raid mostly is. Negatives are weighted up to this
# prior, so that the threshold kept does not flag ordinary posts (the demo's quiet days: at
# the sample's own prior the best F1 was at 0.54, and the quiet mix's precision fell from 0.96
# to 0.63 on "quelqu'un a le papier en entier ?"). It was 0.1 while one hash bucket chose the
# threshold; out of fold, at 0.1, the French threshold went to 0.96 (recall on the French
# held-out sets fell by 0.05-0.15); at 0.2 it is 0.84, where the previous releases kept it,
# and the demo's quiet days and supportive posts are unchanged (at 0.3 and over, hundreds of
# the demo's supportive posts became hostile).
# Threats: 0.1, weighted up only, never down (EDOS is 2 % threats): the French rows are 14 %
# threats, a stream is not (the demo's raid is 6 %, an ordinary day far less). At the sample's
# own prior the French threat head's threshold swung between retrainings (0.88, then 0.74),
# and at 0.74 it named 631 of the demo's posts threats for their function words ("elle",
# "on", "devrais").
PRIOR = {"hostile": 0.2, "threat": 0.1}
GRID = [round(0.30 + 0.02 * i, 2) for i in range(35)] + [0.99]  # 0.30 .. 0.99
# The hostile heads' F1 is flat around its best (within 0.005 from 0.72 to 0.90 in English), so
# the single best point moved with every retraining (0.80, 0.82, 0.78, 0.84; French 0.84, 0.88,
# 0.86, 0.88, 0.86) though the rules changed a handful of rows. Each candidate is ranked by the
# mean F1 of the grid's thresholds within this distance of it. The threat heads keep the best
# point: their floor on precision leaves a few candidates, not a plateau.
SMOOTH = {"hostile": 0.04, "threat": 0.0}
# ... and which of the thresholds within this much of the best smoothed F1 is highest is noise
# (0.00006 between 0.80 and 0.82 in English): the middle of them is kept. On the tables of the
# last three retrainings (releases 1.19 to 1.21) both keep English 0.80 and French 0.88; the
# best smoothed point alone kept English 0.80, 0.80, 0.82.
PLATEAU = 0.0005
# Our own written cases: the first file's implicit threats, then English first-person,
# endorsed and wished harm with their neutral contrasts (dating talk, sport, news), then more
# French street forms (the body, "tu vas te prendre une balle"), then teenage chat and SMS
# French (implicit and indirect threats, with games, sport and self-talk as contrasts), then
# release 1.4's indirect threats (ruin, "au bord d'une route", paid third parties) and 1.5's
# doxxing cases (hostile or not; they say nothing about threats), then release 1.6's direct
# threats to the reader, release 1.20's threats of being watched, 1.27's orders to harm,
# 1.28's forum abuse, 1.29's violent verbs of things, 1.31's scenes of harm promised and
# 1.33's sexual harassment. All
# are learned from; the fair batches (fair_*.tsv), which measure what rules written before them
# catch, never are.
OWN_CASES = (
    CASES_DIR / "own_threats.tsv",
    CASES_DIR / "own_threats_en.tsv",
    CASES_DIR / "own_threats_fr_more.tsv",
    CASES_DIR / "own_threats_fr_street.tsv",
    CASES_DIR / "own_threats_fr_indirect.tsv",
    CASES_DIR / "own_threats_en_indirect.tsv",
    CASES_DIR / "own_doxxing.tsv",
    CASES_DIR / "own_threats_direct.tsv",
    CASES_DIR / "own_threats_wishes.tsv",
    CASES_DIR / "own_threats_incitement.tsv",
    CASES_DIR / "own_threats_fr_real.tsv",
    CASES_DIR / "own_threats_watching.tsv",
    CASES_DIR / "own_threats_imperative.tsv",
    CASES_DIR / "own_abuse_fr_forum.tsv",
    CASES_DIR / "own_threats_fr_things.tsv",
    CASES_DIR / "own_threats_scenes.tsv",
    CASES_DIR / "own_sexual.tsv",
    CASES_DIR / "own_dehumanising.tsv",
    CASES_DIR / "own_threats_other.tsv",
    CASES_DIR / "own_threats_idioms.tsv",
    CASES_DIR / "own_threats_questions.tsv",
    CASES_DIR / "own_threats_body.tsv",
    CASES_DIR / "own_threats_veiled.tsv",
    CASES_DIR / "own_sexual_pile.tsv",
)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
BEGIN, END = "<!-- thresholds: python -m eval.train --docs -->", "<!-- /thresholds -->"
_COLS = ["dataset", "lang", "text", "hostile", "threat", "split"]


def own_cases(paths: tuple[Path, ...] = OWN_CASES) -> pl.DataFrame:
    rows: list[dict[str, str]] = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh, delimiter="\t"))
    return pl.DataFrame(
        {
            "dataset": ["own-cases"] * len(rows),
            "lang": [r["lang"] for r in rows],
            "text": [r["text"] for r in rows],
            "hostile": [r["hostile"] == "1" for r in rows],
            # A file without a threat column (doxxing) says nothing about threats.
            "threat": [None if r.get("threat") is None else r["threat"] == "1" for r in rows],
            "split": ["train"] * len(rows),
        }
    )


def learned_with() -> dict[str, object]:
    """What in this repository the weights depend on, beside the fixtures: the rules'
    digest (thresholds are chosen together with the rules, and the model reads the text the
    neutralizers leave), our case files' SHA-256, and the scikit-learn release that fitted
    them. ``tests/test_scoring_model.py`` compares it with the shipped file's on every run, so
    a rule or case changed without retraining fails at once, not only under
    ``TOCSIN_RETRAIN=1``."""
    try:
        sklearn = version("scikit-learn")
    except PackageNotFoundError:
        sklearn = None
    return {
        "rules": RulesScorer(model=False).rs.digest,
        "own_cases": {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(OWN_CASES)
        },
        "scikit_learn": sklearn,
    }


def load(fixtures: Path) -> pl.DataFrame:
    """The training rows with their split, the text the model reads, whether the post has a
    target, and (for the validation rows) what the rules alone decide."""
    loaders = real_datasets(fixtures)
    missing = [n for n in TRAIN_SETS if n not in loaders]
    edos = fixtures / "edos/data/edos_labelled_aggregated.csv"
    if missing or not edos.is_file():
        raise SystemExit(f"training sets missing under {fixtures}: {', '.join(missing) or edos}")
    hashed = with_split(pl.concat([loaders[n]().select(_COLS[:-1]) for n in TRAIN_SETS]))
    df = pl.concat([hashed, edos_train(edos).select(_COLS), own_cases()])
    df = df.filter(pl.col("split") != "test")
    rules = RulesScorer(model=False)
    prepared = rules.prepare(df)
    scored = rules.score(df.select("text", "lang"))
    return df.with_columns(
        model_text=rules.model_text(df),
        anchor=prepared.select(anchor()).to_series(),
        rules_hostile=scored["stance"] == "hostile",
        rules_threat=scored["categories"].list.contains("threat"),
        rules_any=scored["score"] > 0,
    )


def features(texts: pl.Series) -> object:
    """The bucket counts of each text (a CSR matrix)."""
    import scipy.sparse as sp

    cache: dict[str, list[int]] = {}
    indices: list[int] = []
    indptr = [0]
    for ws in pl.select(words(pl.lit(texts))).to_series().to_list():
        for w in ws:
            if w:
                b = cache.get(w)
                if b is None:
                    b = cache[w] = buckets(w)
                indices.extend(b)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    x = sp.csr_matrix((data, np.array(indices), np.array(indptr)), shape=(len(texts), 1 << BITS))
    x.sum_duplicates()
    return x


def labelled(df: pl.DataFrame, head: str) -> tuple[np.ndarray, np.ndarray]:
    """Which rows a head learns from, and their ``y``: the hostile head every row with a
    hostile label; the threat head the rows with a threat label and the rows labelled not
    hostile (not a threat either)."""
    if head == "hostile":
        return df["hostile"].is_not_null().to_numpy(), df["hostile"].fill_null(False).to_numpy()
    known = df["threat"].is_not_null() | (df["hostile"] == False)  # noqa: E712
    return known.fill_null(False).to_numpy(), df["threat"].fill_null(False).to_numpy()


def fit(x: object, y: np.ndarray, head: str) -> tuple[float, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(
        C=C[head], solver="liblinear", class_weight="balanced", random_state=SEED, max_iter=2000
    )
    clf.fit(x, y)
    return float(clf.intercept_[0]), clf.coef_[0]


def prf(y: np.ndarray, p: np.ndarray, neg: float = 1.0) -> tuple[float, float, float]:
    """Precision, recall, F1; ``neg`` weighs each negative (a prior other than the sample's)."""
    tp = int((y & p).sum())
    fp, fn = neg * int((~y & p).sum()), int((y & ~p).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def _prob(x: object, intercept: float, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w + intercept)))  # type: ignore[operator]


def fold_of(texts: pl.Series) -> np.ndarray:
    """Each row's fold for the out-of-fold predictions: the text's hash bucket modulo
    ``FOLDS`` (the same hash as the held-out split, so a text repeated across sets lands in
    one fold)."""
    return np.array([bucket(t or "") % FOLDS for t in texts.to_list()], dtype=np.int64)


def _pruned(w: np.ndarray) -> np.ndarray:
    return np.where(np.abs(w) >= MIN_WEIGHT, np.round(w, 3), 0.0)


def smoothed(table: list[tuple[float, ...]], t: float, within: float) -> float:
    """The mean F1 of ``table``'s grid thresholds within ``within`` of ``t`` (for 1.0, the head
    off, not a point of the grid: its own)."""
    if t == 1.0:
        return next(r[3] for r in table if r[0] == t)
    near = [r[3] for r in table if r[0] != 1.0 and abs(r[0] - t) <= within + 1e-9]
    return sum(near) / len(near)


def plateau_middle(
    table: list[tuple[float, ...]], ok: list[tuple[float, ...]], within: float
) -> tuple[float, ...]:
    """The row of ``ok`` kept: the best F1 (``within`` 0), or, smoothed over ``within``, the
    middle (the lower of two) of the candidates whose smoothed F1 is within ``PLATEAU`` of the
    best: on a curve flat to 0.0001, which of them is highest is noise."""
    if not within:
        return max(ok, key=lambda r: (r[3], r[0]))
    score = {r[0]: smoothed(table, r[0], within) for r in ok}
    top = max(score.values())
    near = sorted(r for r in ok if score[r[0]] >= top - PLATEAU)
    return near[(len(near) - 1) // 2]


def choose(
    rows: pl.DataFrame,
    head: str,
    prob: np.ndarray,
    hostile: tuple[np.ndarray, float] | None = None,
) -> tuple[float, list]:
    """The threshold kept, and per candidate threshold the P / R / F1 of the rules and the
    head together over ``rows`` (the pool's rows, with their out-of-fold ``prob``). For the
    threat head, ``hostile`` is the hostile head's out-of-fold probability of the same rows
    and its threshold: a threat needs a target and abuse besides (any hostile rule evidence,
    or the hostile head over its threshold), as ``combine.decide`` does."""
    y = rows["y"].to_numpy()
    if head == "hostile":
        base, gate = rows["rules_hostile"].to_numpy(), np.ones(rows.height, dtype=bool)
    else:
        assert hostile is not None
        abusive = rows["rules_any"].to_numpy() | (hostile[0] >= hostile[1])
        base, gate = rows["rules_threat"].to_numpy(), rows["anchor"].to_numpy() & abusive
    prior, pos = PRIOR[head], int(y.sum())
    # Negatives weighted up to the stream's prior, never down: EDOS is 2 % threats, rarer
    # than the prior, and is taken as it is.
    if prior and pos / max(len(y), 1) > prior:
        neg = (pos / max(len(y) - pos, 1)) * (1 - prior) / prior
    else:
        neg = 1.0
    table = [(t, *prf(y, base | (gate & (prob >= t)), neg)) for t in GRID]
    table.append((1.0, *prf(y, base, neg)))
    floor = min(PRECISION_FLOOR[head], table[-1][1])  # never below the rules alone
    ok = [r for r in table if r[1] >= floor]
    best = plateau_middle(table, ok, SMOOTH[head]) if ok else table[-1]
    return best[0], [(*r, int(y.sum()), rows.height) for r in table]


def train(fixtures: Path) -> tuple[bytes, str]:
    df = load(fixtures)
    languages: dict[str, object] = {}
    lines = [
        "| language | head | threshold | out-of-fold P / R / F1 (rules + head; P and F1 at 20 % "
        "hostile, 10 % threats where the rows hold more) | kept |",
        "|---|---|---:|---|---|",
    ]
    for lang in ("en", "fr"):
        part = df.filter(pl.col("lang") == lang)
        x = features(part["model_text"])
        own = (part["dataset"] == "own-cases").to_numpy()
        fold = fold_of(part["text"])
        heads: dict[str, object] = {}
        oofs: dict[str, tuple[np.ndarray, float]] = {}
        for head in HEADS:
            known, y = labelled(part, head)
            # Out-of-fold probabilities of every row of the pool: each fold's head learns from
            # the other folds and our own cases (never judged on: they are ours).
            oof = np.full(part.height, np.nan)
            for k in range(FOLDS):
                learn = known & (own | (fold != k))
                judged = ~own & (fold == k)
                intercept, w = fit(x[learn], y[learn], head)  # type: ignore[index]
                oof[judged] = _prob(x[judged], intercept, _pruned(w))  # type: ignore[index]
            intercept, w = fit(x[known], y[known], head)  # type: ignore[index]
            w = _pruned(w)
            judged = known & ~own
            if head == "threat":  # judged only where a set says whether it is a threat
                judged &= part["threat"].is_not_null().to_numpy()
            rows = part.filter(pl.Series(judged)).with_columns(y=pl.Series(y[judged]))
            gate = None if head == "hostile" else (oofs["hostile"][0][judged], oofs["hostile"][1])
            threshold, table = choose(rows, head, oof[judged], gate)
            oofs[head] = (oof, threshold)
            learned = part.filter(pl.Series(known))
            nz = np.flatnonzero(w)
            heads[head] = {
                "trained_on": {
                    n: int(learned.filter(pl.col("dataset") == n).height)
                    for n in sorted(learned["dataset"].unique())
                },
                "positives": int(y[known].sum()),
                "intercept": round(intercept, 4),
                "threshold": threshold,
                "validation": [
                    {"threshold": t, "precision": round(p, 4), "recall": round(r, 4)}
                    | {"f1": round(f, 4), "positives": pos, "rows": n}
                    for t, p, r, f, pos, n in table
                ],
                "weights": {str(int(i)): float(w[i]) for i in nz},
            }
            for t, p, r, f, pos, n in table:
                if t in (0.5, 0.6, 0.7, 0.8, 0.9, 0.96, 1.0) or t == threshold:
                    shown = "never (rules alone)" if t == 1.0 else f"{t:.2f}"
                    lines.append(
                        f"| {lang} | {head} | {shown} | {p:.2f} / {r:.2f} / {f:.2f} "
                        f"({pos} positives in {n}) | {'**yes**' if t == threshold else ''} |"
                    )
        languages[lang] = heads
    doc = {
        "format": FORMAT,
        "recipe": "python -m eval.train (eval/train.py)",
        "bits": BITS,
        "sizes": list(SIZES),
        "licences": {**TRAIN_SETS, "edos-train": EDOS_LICENCE, "own-cases": "Tocsin's own"},
        "hyperparameters": {"C": C, "min_weight": MIN_WEIGHT, "seed": SEED, "folds": FOLDS}
        | {"precision_floor": PRECISION_FLOOR, "prior": PRIOR}
        | {"smooth": SMOOTH, "plateau": PLATEAU},
        "learned_with": learned_with(),
        "languages": languages,
    }
    return orjson.dumps(doc) + b"\n", "\n".join(lines)


def same_training(shipped: bytes, fresh: bytes) -> bool:
    """Whether a fresh training gave the shipped file: the same bytes, but for the
    scikit-learn release it names (another release that fits the same weights reproduces them;
    one that fits others does not)."""

    def without_release(blob: bytes) -> object:
        doc = orjson.loads(blob)
        doc.get("learned_with", {}).pop("scikit_learn", None)
        return doc

    return shipped == fresh or (
        bool(shipped) and without_release(shipped) == without_release(fresh)
    )


def write_docs(table: str, path: Path = DOCS) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    path.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.train", description=__doc__)
    ap.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="retrain and compare with --out")
    ap.add_argument("--docs", action="store_true", help="write the threshold table into docs")
    args = ap.parse_args(argv)
    blob, table = train(args.fixtures)
    if args.check:
        shipped = args.out.read_bytes() if args.out.is_file() else b""
        same = same_training(shipped, blob)
        print(f"{args.out}: {'reproduced' if same else 'DIFFERS from a fresh training'}")
        if shipped:
            was = orjson.loads(shipped).get("learned_with", {})
            if was != learned_with():
                print(f"  shipped: learned with {was}\n  now:     {learned_with()}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    if args.docs:
        write_docs(table)
    model = LinearModel.load(args.out)
    print(table)
    for lang, m in model.langs.items():
        for head in HEADS:
            h = getattr(m, head)
            print(f"{lang} {head}: {np.count_nonzero(h.weights)} weights, threshold {h.threshold}")
    print(f"wrote {args.out} ({len(blob):,} bytes), digest {model.digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
