"""``tocsin score``: JSON Lines in, JSON Lines out, one bad line never stops the rest.

In: ``{"id": ..., "text": "..."[, "lang": "fr"]}`` per line. Out, in the same order:
``{"id", "stance", "categories", "severity", "score", "reasons"}``. A line that is not such an
object gets one message on stderr naming its line number; the others are still scored and the
exit code is 1. Blank lines are skipped.
"""

from __future__ import annotations

from typing import Any, TextIO

import orjson
import polars as pl

from tasks.scoring.base import Scorer

# Lines scored per call: big enough for the column-wise scorer to be efficient, small enough to
# stream a file of any size in bounded memory.
BATCH = 50_000


def _parse(line: str, lineno: int) -> tuple[dict[str, Any] | None, str | None]:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return None, f"line {lineno}: not JSON ({str(exc).split(',')[0]})"
    if not isinstance(obj, dict):
        return None, f"line {lineno}: expected an object with id and text, got {type(obj).__name__}"
    for key in ("id", "text"):
        if key not in obj:
            return None, f"line {lineno}: missing {key!r}"
    if not isinstance(obj["id"], str | int) or isinstance(obj["id"], bool):
        return None, f"line {lineno}: 'id' must be a string or an integer"
    if not isinstance(obj["text"], str):
        return None, f"line {lineno}: 'text' must be a string"
    lang = obj.get("lang")
    if lang is not None and not isinstance(lang, str):
        return None, f"line {lineno}: 'lang' must be a string or null"
    return {"id": obj["id"], "text": obj["text"], "lang": lang}, None


def _flush(batch: list[dict[str, Any]], scorer: Scorer, stdout: TextIO) -> None:
    if not batch:
        return
    frame = pl.DataFrame(
        {"text": [b["text"] for b in batch], "lang": [b["lang"] for b in batch]},
        schema={"text": pl.String, "lang": pl.String},
    )
    scored = scorer.score(frame)
    cols = ("stance", "categories", "severity", "score", "reasons")
    for item, row in zip(batch, scored.select(cols).iter_rows(), strict=True):
        out = {"id": item["id"], **dict(zip(cols, row, strict=True))}
        stdout.write(orjson.dumps(out).decode() + "\n")


def score_jsonl(stdin: TextIO, stdout: TextIO, stderr: TextIO, scorer_name: str = "rules") -> int:
    """Score every line; 0 when all were valid, 1 when any was not (each reported on stderr)."""
    from tasks.scoring.registry import get_scorer

    return score_with(get_scorer(scorer_name), stdin, stdout, stderr)


def score_with(scorer: Scorer, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``score_jsonl`` with a scorer already built (the CLI passes backend options)."""
    bad = 0
    batch: list[dict[str, Any]] = []
    for lineno, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        item, error = _parse(line, lineno)
        if error is not None:
            bad += 1
            stderr.write(f"error: {error}\n")
            continue
        assert item is not None
        batch.append(item)
        if len(batch) >= BATCH:
            _flush(batch, scorer, stdout)
            batch = []
    _flush(batch, scorer, stdout)
    if bad:
        stderr.write(f"{bad} bad line(s) not scored\n")
    return 1 if bad else 0
