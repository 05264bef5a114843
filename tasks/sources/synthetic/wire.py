"""The X API v2 shapes the generator emits: snowflake ids, timestamps, user and tweet objects,
entities."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_TW_EPOCH_MS = 1288834974657  # X's snowflake epoch
HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
# Snowflake datacenter bits reserved for the target's and the designator's own posts, so that a
# post of the stream can never take one of their ids.
RESERVED_DC = 31


def epoch_ms(dt: datetime) -> int:
    """Milliseconds since the Unix epoch of an aware datetime."""
    return (dt - _EPOCH) // timedelta(milliseconds=1)


def snowflake(ms: int, low: int) -> int:
    """An X id of that instant, with `low` as its datacenter/worker/sequence bits."""
    return ((ms - _TW_EPOCH_MS) << 22) | low


def iso(ms: int) -> str:
    """X's created_at: 2020-01-31T18:47:12.345Z."""
    # isoformat on a naive UTC datetime is twice as fast as strftime; this runs ~3 times a post.
    return (_EPOCH_NAIVE + timedelta(milliseconds=ms)).isoformat(timespec="milliseconds") + "Z"


def new_tweet_id(rng: random.Random, ms: int, used: set[int]) -> int:
    """A stream post's id at that instant, outside the reserved bits and unique within `used`."""
    tid = snowflake(ms, rng.randrange(RESERVED_DC << 17))
    while tid in used:
        tid += 1
    used.add(tid)
    return tid


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    obj: dict[str, object]  # the X v2 user object
    suspended_ms: int | None


def account(
    uid: int | str,
    username: str,
    name: str,
    created_ms: int,
    followers: int,
    verified: bool,
    rng: random.Random,
    suspended_ms: int | None = None,
) -> Account:
    obj = {
        "created_at": iso(created_ms),
        "id": str(uid),
        "name": name,
        "username": username,
        "public_metrics": {
            "followers_count": followers,
            "following_count": int(math.exp(rng.gauss(5.5, 1.2))),
            "tweet_count": int(math.exp(rng.gauss(7.5, 1.5))),
            "listed_count": followers // 200,
        },
        "verified": verified,
    }
    return Account(str(uid), username, obj, suspended_ms)


def tweet(
    tid: int,
    text: str,
    ms: int,
    author_id: str,
    conv: int,
    lang: str,
    metrics: dict[str, int],
    entities: dict[str, list[dict[str, object]]] | None,
    refs: list[dict[str, str]] | None = None,
    reply_to: str | None = None,
    editable: bool = True,
) -> dict[str, object]:
    obj: dict[str, object] = {
        "id": str(tid),
        "text": text,
        "created_at": iso(ms),
        "author_id": author_id,
        "conversation_id": str(conv),
    }
    if reply_to:
        obj["in_reply_to_user_id"] = reply_to
    if refs:
        obj["referenced_tweets"] = refs
    if entities:
        obj["entities"] = entities
    obj["lang"] = lang
    obj["public_metrics"] = metrics
    obj["edit_history_tweet_ids"] = [str(tid)]
    obj["edit_controls"] = {
        "edits_remaining": 5,
        "is_edit_eligible": editable,
        "editable_until": iso(ms + 30 * 60_000),
    }
    return obj


_MENTION = re.compile(r"@(\w{1,15})")
_HASHTAG = re.compile(r"#(\w+)")


def entities(
    text: str, urls: list[tuple[str, str]], known: dict[str, Account]
) -> tuple[dict[str, list[dict[str, object]]], list[Account]]:
    """Entity offsets in code points, as X v2 gives them. Only known accounts become mentions."""
    ent: dict[str, list[dict[str, object]]] = {}
    mentioned: list[Account] = []
    if "#" in text:
        ent["hashtags"] = [
            {"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in _HASHTAG.finditer(text)
        ]
    if "@" in text:
        for m in _MENTION.finditer(text):
            acc = known.get(m.group(1).lower())
            if acc is not None:
                ent.setdefault("mentions", []).append(
                    {"start": m.start(), "end": m.end(), "username": acc.username, "id": acc.id}
                )
                mentioned.append(acc)
    for short, expanded in urls:
        i = text.find(short)
        if i >= 0:
            shown = expanded.split("://", 1)[-1]
            ent.setdefault("urls", []).append(
                {
                    "start": i,
                    "end": i + len(short),
                    "url": short,
                    "expanded_url": expanded,
                    "display_url": shown if len(shown) <= 26 else shown[:25] + "…",
                }
            )
    return ent, mentioned
