"""A stored mentions row, built by hand for the scoring and derive tests (no tests here)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from tests.support.wire import NOW


def mention(post_id: str, version: int, text: str, created_at: datetime, lang: str = "fr") -> dict:
    version_id = post_id if version == 0 else f"{post_id}-v{version}"
    return {
        "target": "alice",
        "date": created_at.strftime("%Y-%m-%d"),
        "platform": "x",
        "post_id": post_id,
        "version_id": version_id,
        "version": version,
        "edited_at": None,
        "url": f"https://x.com/i/status/{version_id}",
        "author_id": "7",
        "author_handle": "troll7",
        "author_name": "Troll",
        "author_created_at": datetime(2020, 1, 1, tzinfo=UTC),
        "author_followers": 3,
        "created_at": created_at,
        "text": text,
        "lang": lang,
        "kind": "mention",
        "in_reply_to_id": None,
        "quoted_id": None,
        "reposted_id": None,
        "conversation_id": post_id,
        "watched_post_id": None,
        "mentions_target": True,
        "retrieved_at": NOW,
        "source": "test",
        "source_ref": "test",
        "page_sha256": "0" * 64,
        "run_id": "run-1",
        "raw_sha256": hashlib.sha256(f"{version_id}".encode()).hexdigest(),
    }
