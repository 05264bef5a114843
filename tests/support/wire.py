"""The tests' fixed clock and X API v2 payloads built inline (our own, not copies of real data).

Here rather than in tests/conftest.py so that tests/support/ can use them without importing
conftest, which imports tests/support/ (no tests here).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SKEW = timedelta(minutes=5)


def tweet(
    id: str,
    *,
    text: str = "@alice_reporter hello",
    author_id: str = "7",
    created_at: str = "2020-02-01T10:00:00.000Z",
    **extra: Any,
) -> dict[str, Any]:
    """A tweet object in the X API v2 shape (our own payload, not a copy of real data)."""
    t: dict[str, Any] = {
        "id": id,
        "text": text,
        "author_id": author_id,
        "created_at": created_at,
        "conversation_id": extra.pop("conversation_id", id),
        "edit_history_tweet_ids": extra.pop("edit_history_tweet_ids", [id]),
        "lang": extra.pop("lang", "fr"),
    }
    if "@alice_reporter" in text:
        t["entities"] = {
            "mentions": [{"start": 0, "end": 15, "username": "alice_reporter", "id": "42"}]
        }
    t.update(extra)
    return t


def user(
    id: str = "7", username: str = "troll7", created_at: str = "2020-01-25T00:00:00.000Z"
) -> dict[str, Any]:
    return {
        "id": id,
        "username": username,
        "name": f"User {id}",
        "created_at": created_at,
        "public_metrics": {"followers_count": 3, "following_count": 1, "tweet_count": 9},
    }


def page(
    tweets: list[dict[str, Any]], users: list[dict[str, Any]] | None = None, **extra: Any
) -> bytes:
    body: dict[str, Any] = {
        "data": tweets,
        "includes": {"users": users if users is not None else [user()]},
        "meta": {"result_count": len(tweets)},
    }
    body.update(extra)
    return orjson.dumps(body)
