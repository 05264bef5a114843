"""The learned layer beside the rules: hashed character n-grams, two linear heads per language.

The weights ship in ``model/hostile.json`` (written by ``python -m eval.train``, which says how
they were learned, from which openly licensed data, and which thresholds were chosen on a
validation split). Applying them needs no machine-learning library: the text the rules read
(normalized, with quotes, reported speech, negated and figurative violence already blanked) is
split into words; each word is cut into its character n-grams of 3 to 5 (``ngrams.py``), hashed
into ``2**18`` buckets, and the word's weight is the sum of its buckets' weights. A post's logit
is the intercept plus the sum of its words' weights; its probability ``1 / (1 + exp(-logit))``.
Each distinct word is weighed once (its n-grams hashed in numpy, ``ngrams.buckets_many``;
cached across calls); the join of words to posts, the sums and the reasons run over whole
columns in Polars.

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

from tasks.scoring.ngrams import BITS, SIZES, bucket, buckets_many, grams

WEIGHTS = Path(__file__).resolve().parent / "model" / "hostile.json"
FORMAT = 3
HEADS = ("hostile", "threat")
# Word boundaries for the model: what normalize() leaves besides letters, digits and emoji.
# Apostrophes split too, so the French elisions ("l'idiot", "t'es") give the bare word.
SEPARATORS = list(".,;:!?\"'()[]{}*/\\|<>=+#&%~^_«»“”…-\n\t\r")
_CACHE_MAX = 500_000
_WEIGHED = {"_word": pl.String, "_wh": pl.Float64, "_wt": pl.Float64}


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
    _cache: dict[str, pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)
    _grams: dict[tuple[str, str, str], str] = field(default_factory=dict, compare=False, repr=False)

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
        table = self._weighed(lang, pl.Series("_word", ws, pl.String).unique())
        return pl.DataFrame({"_word": ws}, schema={"_word": pl.String}).join(
            table, on="_word", how="left", maintain_order="left"
        )

    def _weighed(self, lang: str, ws: pl.Series) -> pl.DataFrame:
        """The cache of ``lang``'s weighed words (``_word, _wh, _wt``), with the distinct
        words ``ws`` in it: each new word's n-grams hashed in numpy (``ngrams.buckets_many``),
        its weights the sums of its buckets' (one ``reduceat`` per head)."""
        cache = self._cache.get(lang)
        new = ws if cache is None else ws.filter(~ws.is_in(cache["_word"].implode()))
        if new.len():
            if cache is not None and cache.height + new.len() > _CACHE_MAX:
                cache = None
            m = self.langs[lang]
            flat, count = buckets_many(new.to_list())
            starts = np.zeros(count.size, dtype=np.int64)
            np.cumsum(count[:-1], out=starts[1:])
            fresh = pl.DataFrame(
                {
                    "_word": new,
                    "_wh": np.add.reduceat(m.hostile.weights[flat], starts),
                    "_wt": np.add.reduceat(m.threat.weights[flat], starts),
                },
                schema=_WEIGHED,
            )
            cache = fresh if cache is None else pl.concat([cache, fresh])
            self._cache[lang] = cache
        assert cache is not None
        return cache

    def _weigh_words(self, lang: str, part: pl.DataFrame) -> pl.DataFrame:
        """``part`` (``_word`` one a row) with ``_wh, _wt``: one join with the cache, then only
        the words it did not hold are weighed and filled in."""
        cache = self._cache.get(lang)
        if cache is None:
            return part.join(
                self._weighed(lang, part["_word"].unique()),
                on="_word",
                how="left",
                maintain_order="left",
            )
        out = part.join(cache, on="_word", how="left", maintain_order="left")
        missing = out["_wh"].is_null()
        if not missing.any():
            return out
        idx = missing.arg_true()
        table = self._weighed(lang, out["_word"].gather(idx).unique())
        fill = (
            out.select("_word")
            .gather(idx)
            .join(table, on="_word", how="left", maintain_order="left")
        )
        wh, wt = out["_wh"].clone(), out["_wt"].clone()
        wh.scatter(idx, fill["_wh"])
        wt.scatter(idx, fill["_wt"])
        return out.with_columns(_wh=wh, _wt=wt)

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
                parts.append(self._weigh_words(lang, part))
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
        weights summed over repeats, each with its heaviest n-gram, as shown in a reason (null
        where no word pushed towards it)."""
        schema = {"_row": pl.UInt32, "_model_words": pl.String}
        if frame.is_empty():
            return pl.DataFrame(schema=schema)
        col = "_wh" if head == "hostile" else "_wt"
        per_word = (
            self._contributions(frame, text)
            .group_by("_row", "_mlang", "_word")
            .agg(_v=pl.col(col).first(), _k=pl.len())
        )
        # A word's weight summed over its repeats, added one at a time as floats (the same
        # bits whatever the count): Python, over the few distinct (weight, count) pairs.
        repeats = per_word.filter(pl.col("_k") > 1).select("_v", "_k").unique()
        sums = pl.DataFrame(
            [(v, k, _repeated(v, k)) for v, k in repeats.iter_rows()],
            schema={"_v": pl.Float64, "_k": pl.UInt32, "_s": pl.Float64},
            orient="row",
        )
        summed = per_word.join(sums, on=["_v", "_k"], how="left").with_columns(
            _s=pl.coalesce("_s", "_v")
        )
        best = (
            summed.filter(pl.col("_s") > 0)
            .sort("_row", "_s", "_word", descending=[False, True, False])
            .group_by("_row", maintain_order=True)
            .head(top)
        )
        shown = self._shown(best.select("_mlang", "_word", "_s").unique(), head)
        joined = (
            best.join(shown, on=["_mlang", "_word", "_s"], how="left", maintain_order="left")
            .group_by("_row", maintain_order=True)
            .agg(_model_words=pl.col("_piece").str.join(", "))
        )
        return (
            per_word.select("_row")
            .unique()
            .join(joined, on="_row", how="left")
            .select(pl.col("_row").cast(pl.UInt32), "_model_words")
        )

    def _shown(self, items: pl.DataFrame, head: str) -> pl.DataFrame:
        """``_mlang, _word, _s, _piece``: each word as shown, ``«word» +weight (heaviest
        n-gram)``."""
        pieces = [
            f"«{w}» {_fmt_signed(v)} ({self._heaviest(str(lang), head, w)})"
            for lang, w, v in items.iter_rows()
        ]
        return items.with_columns(_piece=pl.Series(pieces, dtype=pl.String))

    def _heaviest(self, lang: str, head: str, word: str) -> str:
        """The word's n-gram of greatest weight in ``head`` (the greatest n-gram among equals),
        spaces shown as ``_`` (cached)."""
        key = (lang, head, word)
        hit = self._grams.get(key)
        if hit is None:
            weights = getattr(self.langs[lang], head).weights
            gram = max(grams(word), key=lambda g: (weights[bucket(g)], g))
            hit = self._grams[key] = gram.replace(" ", "_")
            if len(self._grams) > _CACHE_MAX:
                self._grams.clear()
                self._grams[key] = hit
        return hit


def _repeated(v: float, k: int) -> float:
    total = 0.0
    for _ in range(k):
        total += v
    return total


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
