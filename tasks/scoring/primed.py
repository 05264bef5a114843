"""Scoring several targets' new posts in one call, while each target is still derived on its own.

A scorer call has a cost of its own beyond its posts (its regexes' passes, ~300 Polars steps,
naming the spans it found): measured on the 1M-post benchmark input, its 42 targets scored in
42 calls took 18.3 s and in one call 3.6 s (docs/benchmarks.md). ``Primed`` scores the posts of
all targets a worker is about to derive in one call of the real scorer (``prime``), then answers
each target's own call from those results, exactly as the scorer would have: a post's scores
depend only on its text and languages (``RulesScorer.score`` scores each distinct pair once and
gives the result back to every post holding it). A row it was not primed with is scored by the
real scorer then, so priming too little costs time, never a different score.
"""

from __future__ import annotations

import polars as pl

from tasks.scoring.base import OUTPUT_SCHEMA, Scorer, check_input

_KEY = ["text", "lang"]


class Primed:
    """``scorer``, answering from the results of one earlier call (``prime``) where it can."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.name = scorer.name
        self.version = scorer.version
        self._known = pl.DataFrame(schema={"text": pl.String, "lang": pl.String, **OUTPUT_SCHEMA})

    def prime(self, frames: list[pl.DataFrame]) -> int:
        """Score the distinct (text, lang) of ``frames`` (each with ``text``, and ``lang`` or
        not) in one call of the scorer, kept for the calls that follow; how many were scored."""
        rows = [check_input(f.select([c for c in _KEY if c in f.columns])) for f in frames]
        if not rows:
            return 0
        todo = pl.concat(rows).unique(_KEY, maintain_order=True)
        todo = todo.join(self._known.select(_KEY), on=_KEY, how="anti", nulls_equal=True)
        if todo.is_empty():
            return 0
        scored = self.scorer.score(todo).select(*_KEY, *OUTPUT_SCHEMA)
        self._known = pl.concat([self._known, scored])
        return todo.height

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        df = check_input(df)
        found = df.select(_KEY).join(
            self._known, on=_KEY, how="left", nulls_equal=True, maintain_order="left"
        )
        missing = found["stance"].is_null()
        if missing.any():  # not primed with these: scored now, by the scorer itself
            at = missing.arg_true()
            fresh = self.scorer.score(df[at].select(_KEY)).select(*OUTPUT_SCHEMA)
            found = found.drop(_KEY).with_row_index("_at")
            found = (
                pl.concat(
                    [found.filter(~missing), fresh.with_columns(_at=at.cast(pl.UInt32))],
                    how="diagonal_relaxed",
                )
                .sort("_at")
                .drop("_at")
            )
        else:
            found = found.drop(_KEY)
        return pl.concat([df, found.select(*OUTPUT_SCHEMA)], how="horizontal")
