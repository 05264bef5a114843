"""The scorers by name: ``get_scorer`` builds the backend a setting or a command names."""

from __future__ import annotations

from typing import Any

from tasks.scoring.base import Scorer, ScorerUnavailable

SCORERS: tuple[str, ...] = ("rules", "perspective", "transformer")


def get_scorer(name: str = "rules", **options: Any) -> Scorer:
    """The scorer called ``name``. Options go to its backend: ``api_key``/``base_url`` for
    perspective, ``model`` for transformer. Raises ScorerUnavailable with what to do when the
    backend cannot run here."""
    if name == "rules":
        from tasks.scoring.rules import RulesScorer

        return RulesScorer()
    if name == "perspective":
        from tasks.scoring.perspective import PerspectiveScorer

        return PerspectiveScorer(**options)
    if name == "transformer":
        from tasks.scoring.transformer import TransformerScorer

        return TransformerScorer(**options)
    raise ScorerUnavailable(f"unknown scorer {name!r}: choose one of {', '.join(SCORERS)}")
