"""What every scorer promises, and the shape of what it returns.

A scorer takes a frame with ``text`` (str) and ``lang`` (nullable str) and returns the same rows,
in the same order, with five columns added:

- ``stance``: ``hostile``, ``supportive`` or ``neutral``;
- ``categories``: the kinds of abuse found (``lexicon.CATEGORIES``), empty unless hostile;
- ``severity``: 0 (nothing hostile) to 4 (threats, doxxing), the highest of the categories;
- ``score``: in [0, 1], how strong the evidence of hostility is (0 when none was found);
- ``reasons``: what decided, readable by a person: ``<rule>: «span»`` for the default scorer,
  ``<backend attribute>=<value>`` for the others.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import polars as pl

from tasks.errors import TocsinError
from tasks.scoring.lexicon import CATEGORIES, SEVERITY

STANCES: tuple[str, ...] = ("hostile", "supportive", "neutral")

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "stance": pl.String(),
    "categories": pl.List(pl.String()),
    "severity": pl.Int8(),
    "score": pl.Float64(),
    "reasons": pl.List(pl.String()),
}


class ScorerUnavailable(TocsinError):
    """A scorer backend cannot run here (not installed, no model, no API key, unreachable)."""


@runtime_checkable
class Scorer(Protocol):
    """Scores a frame of posts; ``name`` and ``version`` are recorded with every score."""

    name: str
    version: str

    def score(self, df: pl.DataFrame) -> pl.DataFrame: ...


# A scorer reads at most this many characters of a post. Posts are a few hundred characters;
# an attacker's 50 MB one is stored and sealed whole, but normalising and matching it cost
# ~80 bytes of memory a character (4 GB): what a person reads of it fits in the prefix anyway.
SCORED_PREFIX = 20_000


def check_input(df: pl.DataFrame) -> pl.DataFrame:
    """The two input columns, typed, ``text`` cut to ``SCORED_PREFIX`` characters; ``lang``
    may be absent (then unknown for every row)."""
    if "text" not in df.columns:
        raise TocsinError("scoring: the frame has no 'text' column")
    if "lang" not in df.columns:
        df = df.with_columns(lang=pl.lit(None, dtype=pl.String))
    return df.with_columns(
        pl.col("text").cast(pl.String).str.slice(0, SCORED_PREFIX), pl.col("lang").cast(pl.String)
    )


def severity_of(categories: list[str]) -> int:
    return max((SEVERITY[c] for c in categories), default=0)


def order_categories(found: set[str]) -> list[str]:
    return [c for c in CATEGORIES if c in found]
