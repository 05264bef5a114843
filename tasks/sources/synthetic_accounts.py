"""Synthetic accounts and tweet objects: account pools, the target and designator, ids."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from . import synthetic_texts as tx
from .synthetic_plan import (
    _DAY,
    _DESIGNATED_AT,
    _DESIGNATING_ID,
    _EVENT_START,
    _H,
    _RESERVED_DC,
    _WINDOWS,
    _iso,
    _local,
    _ms,
    _snowflake,
    scenario_window,
)


@dataclass(frozen=True, slots=True)
class _Account:
    id: str
    username: str
    obj: dict[str, object]
    suspended_ms: int | None


def _account(
    uid: int | str,
    username: str,
    name: str,
    created_ms: int,
    followers: int,
    verified: bool,
    rng: random.Random,
    suspended_ms: int | None = None,
) -> _Account:
    obj = {
        "created_at": _iso(created_ms),
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
    return _Account(str(uid), username, obj, suspended_ms)


_POOLS = (("regular", 2500), ("raider", 9000), ("supporter", 4000))
_SNOWFLAKE_USERS_MS = _ms(datetime(2010, 11, 4, tzinfo=UTC))
_OLDEST_MS = _ms(datetime(2009, 3, 1, tzinfo=UTC))


@lru_cache(maxsize=6)
def _pools(seed: int, scenario: str) -> dict[str, tuple[_Account, ...]]:
    """Account pools. Raiders are mostly strangers to the target, many created days before."""
    rng = random.Random(f"{seed}|{scenario}|accounts")
    ref = _EVENT_START.get(scenario, _ms(_WINDOWS[scenario][0]))
    fresh_share = {"seed-wave": 0.45, "flash": 0.6, "slow-burn": 0.3}.get(scenario, 0.0)
    used: set[str] = set()
    pools: dict[str, tuple[_Account, ...]] = {}
    for pool_no, (pool, size) in enumerate(_POOLS):
        accounts = []
        for i in range(size):
            fresh = pool == "raider" and rng.random() < fresh_share
            created = (
                ref - rng.randint(2 * _H, 29 * _DAY)
                if fresh
                else rng.randint(_OLDEST_MS, _ms(datetime(2019, 10, 1, tzinfo=UTC)))
            )
            if created >= _SNOWFLAKE_USERS_MS:
                uid = _snowflake(created, (pool_no << 18) | i)
            else:  # pre-snowflake accounts have small sequential ids
                legacy = 20_000_000 + (created - _OLDEST_MS) * 190_000_000 // (
                    _SNOWFLAKE_USERS_MS - _OLDEST_MS
                )
                uid = legacy - legacy % 65536 + ((pool_no << 14) | i)
            username, name = tx.account_names(rng, fresh, used)
            followers = rng.randint(0, 40) if fresh else int(math.exp(rng.gauss(5.2, 1.6)))
            suspended = None
            if pool == "raider" and rng.random() < (0.10 if fresh else 0.03):
                suspended = ref + rng.randint(6 * _H, 20 * _DAY)
            verified = rng.random() < {"regular": 0.01, "raider": 0.002, "supporter": 0.03}[pool]
            accounts.append(
                _account(uid, username, name, created, followers, verified, rng, suspended)
            )
        pools[pool] = tuple(accounts)
    return pools


def _tweet(
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
        "created_at": _iso(ms),
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
        "editable_until": _iso(ms + 30 * 60_000),
    }
    return obj


_MENTION = re.compile(r"@(\w{1,15})")
_HASHTAG = re.compile(r"#(\w+)")


def _entities(
    text: str, urls: list[tuple[str, str]], known: dict[str, _Account]
) -> tuple[dict[str, list[dict[str, object]]], list[_Account]]:
    """Entity offsets in code points, as X v2 gives them. Only known accounts become mentions."""
    ent: dict[str, list[dict[str, object]]] = {}
    mentioned: list[_Account] = []
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


@dataclass(frozen=True)
class _Ctx:
    scenario: str
    seed: int
    handle: str
    target: _Account
    designator: _Account | None
    designating: dict[str, object] | None
    known: dict[str, _Account]
    pools: dict[str, tuple[_Account, ...]]


@lru_cache(maxsize=6)
def _context(scenario: str, seed: int, handle: str, user_id: str) -> _Ctx:
    scenario_window(scenario)
    if not re.fullmatch(r"\w{1,15}", handle, re.ASCII):
        raise ValueError(f"handle must be an X username (1-15 letters, digits, _): {handle!r}")
    if not user_id.isdigit():
        raise ValueError(f"user_id must be a numeric X user id: {user_id!r}")
    rng = random.Random(f"{scenario}|fixed-accounts")
    target = _account(
        user_id, handle, "Camille Démo ✍️", _ms(_local(2012, 5, 14, 9, 12)), 48_213, True, rng
    )
    known = {handle.lower(): target}
    designator = designating = None
    if scenario == "seed-wave":
        created = _ms(_local(2016, 3, 25, 18, 2, 41))
        designator = _account(
            _snowflake(created, _RESERVED_DC << 17),
            "demo_influencer",
            "Influenceur Démo 📣",
            created,
            412_000,
            True,
            rng,
        )
        known[designator.username] = designator
        link = ("https://t.co/dEs1gNaT0r", "https://news.example.com/2020/01/31/tribune")
        text = f"{tx.DESIGNATING_TEXT} {link[0]}"
        designating = _tweet(
            _DESIGNATING_ID,
            text,
            _ms(_DESIGNATED_AT),
            designator.id,
            _DESIGNATING_ID,
            "fr",
            {"retweet_count": 3412, "reply_count": 5120, "like_count": 18_230, "quote_count": 904},
            _entities(text, [link], {})[0],
        )
    return _Ctx(
        scenario, seed, handle, target, designator, designating, known, _pools(seed, scenario)
    )


@lru_cache(maxsize=512)
def _target_posts(
    seed: int, scenario: str, user_id: str, day: date
) -> tuple[tuple[int, dict[str, object]], ...]:
    """The target's own posts of one Paris day (what replies and quotes point at)."""
    rng = random.Random(f"{seed}|{scenario}|target|{day.isoformat()}")
    midnight = _ms(_local(day.year, day.month, day.day))
    times = sorted(
        midnight + rng.randint(8 * _H, 22 * _H) for _ in range(tx.pick(rng, (1, 2, 2, 3)))
    )
    posts = []
    for k, ms in enumerate(times):
        filler = tx.Filler(rng, "fr", "neutral", None, "", False)
        text = filler.fill(tx.pick(rng, tx.TARGET_POSTS))
        tid = _snowflake(ms, (_RESERVED_DC << 17) | (2 << 12) | k)
        metrics = {
            "retweet_count": rng.randint(5, 300),
            "reply_count": rng.randint(5, 400),
            "like_count": rng.randint(20, 2000),
            "quote_count": rng.randint(0, 60),
        }
        posts.append(
            (
                ms,
                _tweet(
                    tid, text, ms, user_id, tid, "fr", metrics, _entities(text, filler.urls, {})[0]
                ),
            )
        )
    return tuple(posts)


def _new_id(rng: random.Random, ms: int, used: set[int]) -> int:
    tid = _snowflake(ms, rng.randrange(_RESERVED_DC << 17))
    while tid in used:
        tid += 1
    used.add(tid)
    return tid


def _designator(ctx: _Ctx) -> _Account:
    if ctx.designator is None:
        raise AssertionError(f"scenario {ctx.scenario} has no designating account")
    return ctx.designator
