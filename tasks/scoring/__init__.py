"""Abuse, threat and support scoring: which posts are hostile, supportive or neutral, and why.

``get_scorer`` returns one of the backends behind the same interface (``base.Scorer``):

- ``rules`` (default): local, no network, nothing downloaded; French and English lexicon rules
  run column-wise with Polars, every decision explained by rule and span (``rules.py``).
- ``perspective``: Google's Perspective API over HTTP. **Perspective stops serving at the end
  of 2026**; it also sends each post to a third party. For comparison only (``perspective.py``).
- ``transformer``: a locally installed text-classification model, if the operator has one
  (``transformer.py``). Nothing is ever downloaded at run time.

Storage (``store.py``): ``score_partitions`` scores what a scorer version has not seen yet into
the ``scores`` table (``table.py``); ``stance_daily`` counts stances per local day.
"""

from __future__ import annotations

from tasks.scoring.base import Scorer, ScorerUnavailable
from tasks.scoring.jsonl import score_jsonl
from tasks.scoring.registry import SCORERS, get_scorer
from tasks.scoring.store import score_partitions, stance_daily
from tasks.scoring.table import SCORES

__all__ = [
    "SCORERS",
    "SCORES",
    "Scorer",
    "ScorerUnavailable",
    "get_scorer",
    "score_jsonl",
    "score_partitions",
    "stance_daily",
]
