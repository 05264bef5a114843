"""Hand-built detection inputs (no tests here): posts with stances given directly, a steady
baseline with a daily cycle, and waves added on top. Used by the test_detect* modules."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import polars as pl

T0 = datetime(2021, 3, 1, tzinfo=UTC)
ZONE = "Europe/Paris"
CYCLE = [
    0.3,
    0.2,
    0.1,
    0.1,
    0.1,
    0.2,
    0.5,
    1,
    1.5,
    2,
    2,
    2,
    2,
    2,
    2,
    2,
    2,
    2,
    2.2,
    2.4,
    2.4,
    2,
    1.2,
    0.6,
]


def post(i: int, at: datetime, stance: str, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "platform": "x",
        "post_id": str(i),
        "version_id": str(i),
        "created_at": at,
        "author_id": f"a{i % 997}",
        "author_handle": f"user{i % 997}",
        "author_created_at": datetime(2015, 1, 1, tzinfo=UTC),
        "text": f"post number {i}",
        "lang": "fr",
        "kind": "mention",
        "in_reply_to_id": None,
        "quoted_id": None,
        "watched_post_id": None,
        "url": f"https://x.com/i/web/status/{i}",
        "stance": stance,
        "categories": ["insult"] if stance == "hostile" else [],
        "severity": 2 if stance == "hostile" else 0,
        "score": 0.9 if stance == "hostile" else 0.0,
        "unread": None,  # the language no rules read, for a post in one
    }
    row.update(kw)
    return row


def baseline_posts(days: int = 35, per_day: float = 200, seed: int = 1) -> list[dict[str, object]]:
    """``days`` of ordinary traffic: 5 % hostile, 10 % supportive, Poisson by hour."""
    rng = random.Random(seed)
    rows, total = [], sum(CYCLE)
    for h in range(days * 24):
        hour = T0 + timedelta(hours=h)
        lam = per_day * CYCLE[(hour.hour + 1) % 24] / total
        n = sum(1 for _ in range(int(lam * 3) + 5) if rng.random() < lam / (int(lam * 3) + 5))
        for _ in range(n):
            u = rng.random()
            stance = "hostile" if u < 0.05 else "supportive" if u < 0.15 else "neutral"
            at = hour + timedelta(seconds=rng.randrange(3600))
            rows.append(post(len(rows), at, stance))
    return rows


def wave(
    rows: list[dict[str, object]], start: datetime, per_hour: list[int], stance: str, share: float
) -> None:
    rng = random.Random(7)
    for k, n in enumerate(per_hour):
        for _ in range(n):
            s = stance if rng.random() < share else "neutral"
            at = start + timedelta(hours=k, seconds=rng.randrange(3600))
            rows.append(post(100_000 + len(rows), at, s))


def frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    overrides = {"categories": pl.List(pl.String), "unread": pl.String}
    return pl.DataFrame(rows, schema_overrides=overrides).sort("created_at")
