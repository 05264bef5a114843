"""Bring your own model: a text-classification model already on this machine.

Nothing is downloaded, ever: the model must already be on disk (a directory saved with
``save_pretrained``: ``config.json``, the weights, the tokenizer files) and the ``transformers``
and ``torch`` packages installed by the operator — neither is a Tocsin dependency. Before
``transformers`` is imported, ``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE`` are set to 1 and
the pipeline is built with ``local_files_only``: a directory that lacks a file fails with the
library's error instead of fetching it.

Where the model comes from: ``--model DIR`` (``tocsin score``), ``model=`` (``get_scorer``), or
the ``transformer_model`` setting (``TOCSIN_TRANSFORMER_MODEL`` in the environment; the flows
and ``tocsin score`` pass ``Settings.scoring.options(name)`` to ``get_scorer``). This module
reads no setting itself: it sets the two offline switches of the Hugging Face libraries only. The model's labels are mapped to Tocsin's categories
(``LABELS``, or ``labels=`` for another model); a post is hostile when any mapped label scores
0.5 or more; its reasons are every label's score (``transformer.threat=0.91``). The version is
the directory's name and a digest of its config and weight files: another checkpoint is another
scorer version, and ``score_partitions`` re-scores. docs/scoring.md, "Bring your own model",
walks through it end to end.
"""

from __future__ import annotations

import hashlib
import os
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
SETTING = "transformer_model (TOCSIN_TRANSFORMER_MODEL)"
Pipeline = Callable[[list[str]], list[list[dict[str, Any]]]]

_HOW = (
    "install transformers and torch (pip install transformers torch) and save a "
    "text-classification model on this machine, then pass its directory with --model "
    f"(or set {SETTING}); "
    "Tocsin never downloads weights at run time"
)


# The files whose bytes make the version (config and weights; tokenizer files too).
_VERSIONED = ("config.json", "*.safetensors", "*.bin", "tokenizer.json", "vocab.txt")


def _load(model: Path) -> Pipeline:
    # Never a download at run time, whatever the cache or the environment says.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import transformers  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ScorerUnavailable(f"the transformer scorer is not installed: {_HOW}") from exc
    pipe = transformers.pipeline(
        "text-classification",
        model=str(model),
        tokenizer=str(model),
        top_k=None,
        **local_only_kwargs(transformers.__version__),
    )
    return lambda texts: pipe(texts, truncation=True)  # type: ignore[no-any-return]


def local_only_kwargs(version: str) -> dict[str, Any]:
    """``local_files_only`` as this release of ``transformers`` takes it: 5.x reads it among
    the pipeline's own arguments and refuses it in ``model_kwargs`` too ("got multiple values");
    4.x passes ``model_kwargs`` to the model's ``from_pretrained``."""
    major = version.split(".", 1)[0]
    if major.isdigit() and int(major) < 5:
        return {"model_kwargs": {"local_files_only": True}}
    return {"local_files_only": True}


def _digest(path: Path) -> str:
    """A digest of the model's config, weight and tokenizer files (names and bytes)."""
    h = hashlib.sha256()
    files = sorted({f for pattern in _VERSIONED for f in path.glob(pattern) if f.is_file()})
    for f in files:
        h.update(f.name.encode() + b"\0")
        with open(f, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()[:10]


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
        if not model:
            raise ScorerUnavailable(f"the transformer scorer needs a model directory: {_HOW}")
        path = Path(model)
        if not path.is_dir() or not (path / "config.json").is_file():
            raise ScorerUnavailable(
                f"the transformer scorer: {path} is not a saved model (no config.json): {_HOW}"
            )
        self.labels = {k.lower(): v for k, v in (labels or LABELS).items()}
        self.version = f"{path.name}+{_digest(path)}"
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
