"""The linear model beside the rules: word counts over the normalized text, a weight per word.

The weights ship in ``model/hostile.json`` (written by ``python -m eval.train``, which says how
they were learned and from which openly licensed data). Applying them needs no machine-learning
library: the text the rules read (normalized, with quotes, reported speech, negated and
figurative violence already blanked) is split into words, the words are joined to the weight
table, and a row's logit is the intercept plus the sum of its words' weights; its probability is
``1 / (1 + exp(-logit))``. All of it runs over whole columns in Polars.

Explainable: a row's evidence is a sum, so the words that contributed most, with their weights,
are the reason (``model.hostile 0.91: «connard» +2.10, «degage» +0.84``). Reproducible: the
digest of the weights file goes into the scorer version.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import orjson
import polars as pl

WEIGHTS = Path(__file__).resolve().parent / "model" / "hostile.json"
FORMAT = 2
# Word boundaries for the model: what normalize() leaves besides letters, digits and emoji.
# Apostrophes split too, so the French elisions ("l'idiot", "t'es") give the bare word.
SEPARATORS = list(".,;:!?\"'()[]{}*/\\|<>=+#&%~^_«»“”…-\n\t\r")


def words(text: pl.Expr) -> pl.Expr:
    """The list of words of a normalized text, as the model was trained on (empty strings left in:
    they match no weight). Aho-Corasick then a plain split: 2-3x faster than a regex."""
    return text.str.replace_many(SEPARATORS, [" "] * len(SEPARATORS)).str.split(" ")


@dataclass(frozen=True)
class LangModel:
    """One language's weights and thresholds."""

    intercept: float
    add: float  # probability from which the model alone makes a post hostile
    weights: dict[str, float]


@dataclass(frozen=True)
class LinearModel:
    """Weights learned offline, one set per language, applied column-wise."""

    langs: dict[str, LangModel]
    digest: str

    @staticmethod
    def load(path: Path = WEIGHTS) -> LinearModel:
        raw = path.read_bytes()
        doc = orjson.loads(raw)
        if doc.get("format") != FORMAT:
            raise ValueError(f"{path}: model format {doc.get('format')!r}, expected {FORMAT}")
        langs = {
            lang: LangModel(
                intercept=float(m["intercept"]),
                add=float(m["add"]),
                weights={str(k): float(v) for k, v in m["weights"].items()},
            )
            for lang, m in doc["languages"].items()
        }
        return LinearModel(langs, hashlib.sha256(raw).hexdigest()[:10])

    @cached_property
    def tables(self) -> dict[str, pl.LazyFrame]:
        """Per language, the weight of each word."""
        schema = {"_word": pl.String, "_w": pl.Float64}
        return {
            lang: pl.LazyFrame({"_word": list(m.weights), "_w": list(m.weights.values())}, schema)
            for lang, m in self.langs.items()
        }

    @cached_property
    def params(self) -> pl.DataFrame:
        """Per language: the intercept, and the add threshold as a logit."""
        return pl.DataFrame(
            [(lang, m.intercept, logit(m.add)) for lang, m in self.langs.items()],
            schema={"_mlang": pl.String, "_z0": pl.Float64, "_zadd": pl.Float64},
            orient="row",
        )

    def _contributions(self, frame: pl.LazyFrame, text: str) -> pl.LazyFrame:
        """``_row, _mlang, _word, _w``: one row per weighted word of each post (a join on the
        word alone, language by language: faster than on both keys)."""
        return pl.concat(
            [
                frame.filter(pl.col("_mlang") == lang)
                .select("_row", "_mlang", _word=words(pl.col(text)))
                .explode("_word")
                .join(table, on="_word", how="inner")
                for lang, table in self.tables.items()
            ]
        )

    def logits(self, frame: pl.LazyFrame, text: str) -> pl.LazyFrame:
        """``_row, _z``: the logit of the rows (``_row, _mlang, <text>``) with at least one
        weighted word; the others have their language's intercept alone."""
        return (
            self._contributions(frame, text)
            .group_by("_row", "_mlang")
            .agg(_zw=pl.col("_w").sum())
            .join(self.params.lazy(), on="_mlang")
            .select("_row", _z=pl.col("_zw") + pl.col("_z0"))
        )

    def reasons(self, frame: pl.DataFrame, text: str, top: int = 3) -> pl.DataFrame:
        """``_row, _model_words``: the ``top`` words that pushed hardest towards hostile, their
        weights summed over repeats, as shown in a reason."""
        if frame.is_empty():
            return pl.DataFrame(schema={"_row": pl.UInt32, "_model_words": pl.String})
        return (
            self._contributions(frame.lazy(), text)
            .group_by("_row", "_word")
            .agg(_w=pl.col("_w").sum())
            .filter(pl.col("_w") > 0)
            .sort(["_row", "_w", "_word"], descending=[False, True, False])
            .group_by("_row", maintain_order=True)
            .agg(
                _model_words=pl.format("«{}» {}", "_word", _signed(pl.col("_w")))
                .head(top)
                .str.join(", ")
            )
            .collect()
        )


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


def _signed(w: pl.Expr) -> pl.Expr:
    """A weight as shown in a reason: ``+2.10``, ``-0.85``."""
    return pl.when(w < 0).then(pl.lit("-")).otherwise(pl.lit("+")) + two_decimals(w.abs())


def sigmoid(z: pl.Expr) -> pl.Expr:
    return 1.0 / (1.0 + (-z).exp())


def logit(p: float) -> float:
    """The logit of ``p``; 0 and 1 give -inf and +inf (a threshold never or always met)."""
    if p <= 0.0 or p >= 1.0:
        return -math.inf if p <= 0.0 else math.inf
    return math.log(p / (1.0 - p))
