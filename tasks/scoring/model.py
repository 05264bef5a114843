"""The learned layer beside the rules: hashed character n-grams, two linear heads per language.

The weights ship in ``model/hostile.json`` (written by ``python -m eval.train``, which says how
they were learned, from which openly licensed data, and which thresholds were chosen on a
validation split). Applying them needs no machine-learning library: the text the rules read
(normalized, with quotes, reported speech, negated and figurative violence already blanked) is
split into words; each word is cut into its character n-grams of 3 to 5 (``ngrams.py``), hashed
into ``2**18`` buckets, and the word's weight is the sum of its buckets' weights. A post's logit
is the intercept plus the sum of its words' weights; its probability ``1 / (1 + exp(-logit))``.
Each distinct word is weighed once (Python, cached across calls); the join of words to posts
and the sums run over whole columns in Polars.

Two heads per language, each with its own threshold:

- ``hostile``: abuse of any kind (the threshold ``add``: from which probability the model alone
  makes a post hostile);
- ``threat``: threats of harm, explicit or not ("tu vas finir dans un fossé", "on sait où tu
  habites"); ``combine.decide`` lets it name a threat only where the post has a target (addressed
  in the second person, designated by a pronoun or a demonstrative, or a handle).

Robust to respellings: ``teuber``, ``creuv``, ``fdp``-style variants share most n-grams with the
forms seen in training. Explainable: a post's evidence is a sum, so the words that weighed most,
each with its heaviest n-gram, are the reason (``model.hostile 0.91: «connard» +2.10 (onna)``).
Reproducible: the digest of the weights file goes into the scorer version.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson
import polars as pl

from tasks.scoring.ngrams import BITS, SIZES, bucket, buckets, grams

WEIGHTS = Path(__file__).resolve().parent / "model" / "hostile.json"
FORMAT = 3
HEADS = ("hostile", "threat")
# Word boundaries for the model: what normalize() leaves besides letters, digits and emoji.
# Apostrophes split too, so the French elisions ("l'idiot", "t'es") give the bare word.
SEPARATORS = list(".,;:!?\"'()[]{}*/\\|<>=+#&%~^_«»“”…-\n\t\r")
_CACHE_MAX = 500_000


def words(text: pl.Expr) -> pl.Expr:
    """The list of words of a normalized text, as the model was trained on (empty strings left in:
    they weigh nothing). Aho-Corasick then a plain split: 2-3x faster than a regex."""
    return text.str.replace_many(SEPARATORS, [" "] * len(SEPARATORS)).str.split(" ")


@dataclass(frozen=True)
class Head:
    """One linear head: an intercept, a threshold (a probability) and a weight per bucket."""

    intercept: float
    threshold: float
    weights: np.ndarray  # float64, 2**BITS

    @staticmethod
    def of(intercept: float, threshold: float, grams_weights: dict[str, float]) -> Head:
        """A head from n-gram weights (for tests and hand-made models)."""
        w = np.zeros(1 << BITS)
        for g, v in grams_weights.items():
            w[bucket(g)] += v
        return Head(intercept, threshold, w)


@dataclass(frozen=True)
class LangModel:
    """One language's two heads."""

    hostile: Head
    threat: Head

    @property
    def add(self) -> float:
        return self.hostile.threshold


@dataclass(frozen=True)
class LinearModel:
    """Weights learned offline, one pair of heads per language, applied column-wise."""

    langs: dict[str, LangModel]
    digest: str
    _cache: dict[str, dict[str, tuple[float, float]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @staticmethod
    def load(path: Path = WEIGHTS) -> LinearModel:
        raw = path.read_bytes()
        doc = orjson.loads(raw)
        if doc.get("format") != FORMAT:
            raise ValueError(f"{path}: model format {doc.get('format')!r}, expected {FORMAT}")
        if doc.get("bits") != BITS or tuple(doc.get("sizes", ())) != SIZES:
            raise ValueError(f"{path}: hashed for other n-grams than tasks/scoring/ngrams.py")
        langs = {
            lang: LangModel(*(_head(m[h]) for h in HEADS)) for lang, m in doc["languages"].items()
        }
        return LinearModel(langs, hashlib.sha256(raw).hexdigest()[:10])

    def word_weights(self, lang: str, ws: list[str]) -> pl.DataFrame:
        """``_word, _wh, _wt``: each word's weight in the hostile and threat heads (cached)."""
        cache = self._cache.setdefault(lang, {})
        new = [w for w in ws if w not in cache]
        if new:
            if len(cache) + len(new) > _CACHE_MAX:
                cache.clear()
            m = self.langs[lang]
            idx = [buckets(w) for w in new]
            flat = np.fromiter((b for bs in idx for b in bs), dtype=np.int64)
            starts = np.cumsum([0] + [len(bs) for bs in idx[:-1]])
            wh = np.add.reduceat(m.hostile.weights[flat], starts)
            wt = np.add.reduceat(m.threat.weights[flat], starts)
            cache.update(zip(new, zip(wh.tolist(), wt.tolist(), strict=True), strict=True))
        pairs = [cache[w] for w in ws]
        return pl.DataFrame(
            {"_word": ws, "_wh": [p[0] for p in pairs], "_wt": [p[1] for p in pairs]},
            schema={"_word": pl.String, "_wh": pl.Float64, "_wt": pl.Float64},
        )

    def _contributions(self, frame: pl.DataFrame, text: str) -> pl.DataFrame:
        """``_row, _mlang, _word, _wh, _wt``: one row per word of each post."""
        long = (
            frame.select("_row", "_mlang", _word=words(pl.col(text)))
            .explode("_word")
            .filter(pl.col("_word") != "")
        )
        parts = []
        for lang in self.langs:
            part = long.filter(pl.col("_mlang") == lang)
            if part.height:
                table = self.word_weights(lang, part["_word"].unique().to_list())
                parts.append(part.join(table, on="_word", how="left"))
        if not parts:
            schema = {"_wh": pl.Float64, "_wt": pl.Float64}
            return pl.DataFrame(schema=dict(long.schema) | schema)
        return pl.concat(parts)

    def logits(self, frame: pl.DataFrame, text: str) -> pl.DataFrame:
        """``_row, _zh, _zt``: the hostile and threat logits of the rows (``_row, _mlang,
        <text>``) whose language the model has."""
        frame = frame.filter(pl.col("_mlang").is_in(list(self.langs)))
        sums = (
            self._contributions(frame, text)
            .group_by("_row")
            .agg(_sh=pl.col("_wh").sum(), _st=pl.col("_wt").sum())
        )
        return (
            frame.select("_row", "_mlang")
            .join(sums, on="_row", how="left")
            .join(self.params, on="_mlang")
            .select(
                "_row",
                _zh=pl.col("_sh").fill_null(0.0) + pl.col("_z0h"),
                _zt=pl.col("_st").fill_null(0.0) + pl.col("_z0t"),
            )
        )

    @property
    def params(self) -> pl.DataFrame:
        """Per language: the intercepts, and the thresholds as logits."""
        return pl.DataFrame(
            [
                (la, m.hostile.intercept, logit(m.hostile.threshold))
                + (m.threat.intercept, logit(m.threat.threshold))
                for la, m in self.langs.items()
            ],
            schema={
                "_mlang": pl.String,
                "_z0h": pl.Float64,
                "_zaddh": pl.Float64,
                "_z0t": pl.Float64,
                "_zaddt": pl.Float64,
            },
            orient="row",
        )

    def reasons(self, frame: pl.DataFrame, text: str, head: str, top: int = 3) -> pl.DataFrame:
        """``_row, _model_words``: the ``top`` words that pushed hardest towards ``head``, their
        weights summed over repeats, each with its heaviest n-gram, as shown in a reason."""
        schema = {"_row": pl.UInt32, "_model_words": pl.String}
        if frame.is_empty():
            return pl.DataFrame(schema=schema)
        col = "_wh" if head == "hostile" else "_wt"
        rows = []
        for (row, lang), part in self._contributions(frame, text).group_by(
            "_row", "_mlang", maintain_order=True
        ):
            weights = getattr(self.langs[str(lang)], head).weights
            summed: dict[str, float] = {}
            for w, v in part.select("_word", col).iter_rows():
                summed[w] = summed.get(w, 0.0) + v
            best = sorted(((v, w) for w, v in summed.items() if v > 0), key=lambda x: (-x[0], x[1]))
            shown = []
            for v, w in best[:top]:
                gram = max(grams(w), key=lambda g: (weights[bucket(g)], g)).replace(" ", "_")
                shown.append(f"«{w}» {_fmt_signed(v)} ({gram})")
            rows.append((row, ", ".join(shown) if shown else None))
        return pl.DataFrame(rows, schema=schema, orient="row")


def _head(doc: dict[str, object]) -> Head:
    w = np.zeros(1 << BITS)
    pairs = doc["weights"]
    assert isinstance(pairs, dict)
    if pairs:
        w[np.array([int(k) for k in pairs])] = np.array([float(v) for v in pairs.values()])
    return Head(float(doc["intercept"]), float(doc["threshold"]), w)  # type: ignore[arg-type]


def _fmt_signed(v: float) -> str:
    return f"{'-' if v < 0 else '+'}{abs(v):.2f}"


def two_decimals(x: pl.Expr) -> pl.Expr:
    """A non-negative number as shown in a reason: ``0.90``, ``2.10``."""
    text = x.round(2).cast(pl.String)
    return (
        pl.when(text.str.contains(r"\.\d$"))
        .then(text + "0")
        .when(~text.str.contains(r"\."))
        .then(text + ".00")
        .otherwise(text)
    )


def sigmoid(z: pl.Expr) -> pl.Expr:
    return 1.0 / (1.0 + (-z).exp())


def logit(p: float) -> float:
    """The logit of ``p``; 0 and 1 give -inf and +inf (a threshold always or never met)."""
    if p <= 0.0 or p >= 1.0:
        return -math.inf if p <= 0.0 else math.inf
    return math.log(p / (1.0 - p))
