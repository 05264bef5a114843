"""Hook for a locally installed transformer model (for operators who have one).

Nothing is downloaded: the model must already be on disk (a directory saved with
``save_pretrained``) and the ``transformers`` and ``torch`` packages installed — neither is a
Tocsin dependency. The model's labels are mapped to Tocsin's categories (``LABELS``, or
``labels=`` for another model); a post is hostile when any mapped label scores 0.5 or more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from tasks.scoring.base import (
    OUTPUT_SCHEMA,
    ScorerUnavailable,
    check_input,
    order_categories,
    severity_of,
)

NAME = "transformer"
THRESHOLD = 0.5
# Labels of common toxicity classifiers (Jigsaw-style heads) -> Tocsin categories.
LABELS: dict[str, str] = {
    "toxic": "other_abuse",
    "toxicity": "other_abuse",
    "severe_toxic": "other_abuse",
    "severe_toxicity": "other_abuse",
    "obscene": "other_abuse",
    "insult": "insult",
    "threat": "threat",
    "identity_hate": "identity_hate",
    "identity_attack": "identity_hate",
    "sexual_explicit": "sexual_harassment",
    "offensive": "other_abuse",
    "hateful": "identity_hate",
    "hate": "identity_hate",
}
Pipeline = Callable[[list[str]], list[list[dict[str, Any]]]]

_HOW = (
    "install transformers and torch (pip install transformers torch) and save a "
    "text-classification model on this machine, then pass its directory with --model; "
    "Tocsin never downloads weights at run time"
)


def _load(model: Path) -> Pipeline:
    try:
        from transformers import pipeline  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ScorerUnavailable(f"the transformer scorer is not installed: {_HOW}") from exc
    pipe = pipeline(
        "text-classification",
        model=str(model),
        tokenizer=str(model),
        top_k=None,
        model_kwargs={"local_files_only": True},
    )
    return lambda texts: pipe(texts, truncation=True)  # type: ignore[no-any-return]


class TransformerScorer:
    """A local text-classification model behind the Scorer interface."""

    name = NAME

    def __init__(
        self,
        model: str | Path | None = None,
        labels: dict[str, str] | None = None,
        pipeline_factory: Callable[[Path], Pipeline] = _load,
        batch_size: int = 64,
    ) -> None:
        if model is None:
            raise ScorerUnavailable(f"the transformer scorer needs a model directory: {_HOW}")
        path = Path(model)
        if not path.is_dir() or not (path / "config.json").is_file():
            raise ScorerUnavailable(
                f"the transformer scorer: {path} is not a saved model (no config.json): {_HOW}"
            )
        self.labels = {k.lower(): v for k, v in (labels or LABELS).items()}
        digest = hashlib.sha256((path / "config.json").read_bytes()).hexdigest()[:10]
        self.version = f"{path.name}+{digest}"
        self.batch_size = batch_size
        self.pipe = pipeline_factory(path)

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        df = check_input(df)
        texts = [t or "" for t in df["text"].to_list()]
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(texts), self.batch_size):
            for preds in self.pipe(texts[i : i + self.batch_size]):
                rows.append(self._decide(preds))
        out = pl.DataFrame(rows, schema=OUTPUT_SCHEMA, orient="row")
        return pl.concat([df, out], how="horizontal")

    def _decide(self, preds: list[dict[str, Any]]) -> tuple[Any, ...]:
        mapped = [
            (p["label"], float(p["score"]), self.labels.get(str(p["label"]).lower())) for p in preds
        ]
        hits = [(label, s, c) for label, s, c in mapped if c and s >= THRESHOLD]
        categories = order_categories({c for _, _, c in hits if c})
        top = max((s for _, s, c in mapped if c), default=0.0)
        reasons = [
            f"transformer.{label}={s:.2f}" for label, s, _ in sorted(mapped, key=lambda m: -m[1])
        ]
        return (
            "hostile" if categories else "neutral",
            categories,
            severity_of(categories),
            round(top, 4),
            reasons,
        )
