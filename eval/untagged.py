"""The real sets scored again with no language tag, for ``python -m eval.run``: what our own
language identification (``tasks/scoring/language.py``) costs or saves where a platform gives
no ``lang`` (Bluesky and Mastodon posts often carry none, X's own tag is wrong on short posts).

Each set's held-out rows (the same as the main table's) are scored with ``lang`` null; the
table puts the hostile F1 and the threat precision and recall beside the tagged run's, and
counts the posts our identification was sure are in a language the rules do not read (their
reasons say ``language.unread``): every one of them is a French or English post read by the
universal rules alone.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from eval.datasets import SPLIT_OF
from eval.metrics import Scores, confusion, fmt
from tasks.scoring.base import Scorer
from tasks.scoring.language import unread_language

Predict = Callable[[pl.DataFrame], pl.DataFrame]


def rows(
    scorer: Scorer, frames: dict[str, pl.DataFrame], predict: Predict
) -> list[tuple[str, str, dict[str, Scores], dict[str, Scores], int]]:
    """(set, language, tagged scores, untagged scores, posts unread untagged) of each real set
    of ``frames`` (scored, with their labels) in French or English; scores for ``hostile`` and,
    where the set labels threats, ``threat``."""
    out = []
    for name, tagged in frames.items():
        lang = tagged["lang"][0]
        if name.startswith("synthetic") or lang not in ("fr", "en"):
            continue
        labels = [la for la in ("hostile", "threat") if la in tagged.columns and tagged[la].any()]
        if not labels:
            continue
        plain = tagged.select("text", *labels).with_columns(lang=pl.lit(None, pl.String))
        scored = predict(scorer.score(plain.select("text", "lang")))
        unread = scored.select(unread_language(pl.col("reasons")).is_not_null()).to_series()
        untagged = pl.concat([plain.select(labels), scored.drop("text", "lang")], how="horizontal")
        out.append(
            (
                name,
                lang,
                {la: confusion(tagged, la, f"p_{la}") for la in labels},
                {la: confusion(untagged, la, f"p_{la}") for la in labels},
                int(unread.sum()),
            )
        )
    return out


def table(found: list[tuple[str, str, dict[str, Scores], dict[str, Scores], int]]) -> str:
    out = [
        "| dataset | split | lang | n | hostile F1 tagged | untagged | threat P / R tagged "
        "| untagged | posts read as another language, untagged |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, lang, tagged, untagged, unread in sorted(found, key=lambda r: (r[1] != "fr", r[0])):
        threat = [
            f"{fmt(s['threat'].precision)} / {fmt(s['threat'].recall)}" if "threat" in s else "–"
            for s in (tagged, untagged)
        ]
        f1 = [fmt(s["hostile"].f1) if "hostile" in s else "–" for s in (tagged, untagged)]
        n = next(iter(tagged.values())).n
        out.append(
            f"| {name} | {SPLIT_OF.get(name, 'all')} | {lang} | {n} | {f1[0]} | {f1[1]} | "
            f"{threat[0]} | {threat[1]} | {unread} |"
        )
    return "\n".join(out)
