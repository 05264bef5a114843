"""Precision, recall and F1 from boolean columns, as plain Polars."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Scores:
    n: int
    positives: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return (
            2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        )

    @property
    def f1_all_positive(self) -> float | None:
        """F1 of a scorer that calls every row positive: the floor a real scorer must beat when
        a set is mostly positive (MLMA, Davidson)."""
        if not self.n or not self.positives:
            return None
        p = self.positives / self.n
        return 2 * p / (1 + p)


def confusion(df: pl.DataFrame, gold: str, pred: str) -> Scores:
    """Over rows where ``gold`` is not null."""
    d = df.filter(pl.col(gold).is_not_null()).select(
        g=pl.col(gold).cast(pl.Boolean), p=pl.col(pred).cast(pl.Boolean)
    )
    row = d.select(
        n=pl.len(),
        pos=pl.col("g").sum(),
        tp=(pl.col("g") & pl.col("p")).sum(),
        fp=(~pl.col("g") & pl.col("p")).sum(),
        fn=(pl.col("g") & ~pl.col("p")).sum(),
    ).row(0)
    return Scores(*(int(x or 0) for x in row))


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"
