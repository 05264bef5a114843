"""Deterministic synthetic harassment incidents, emitted as X API v2 search pages.

Tocsin's embedded default source: it lets the pipeline run with no account and no network, and it
is the ground truth for tests and benchmarks of detection. Pages have
the wire shape of `GET /2/tweets/search/recent` with the expansions the X connector asks for, so
the same parsing code runs on synthetic and real data.

Each hour is generated from its own RNG, seeded with (seed, scenario, hour): any window of hours
yields exactly the pages of the full run for those hours, and hours can be generated in any order.
Everything an hour needs from outside itself (account pools, the target's own posts of a day, the
designating post) is derived from scenario-level or day-level seeds, never from earlier hours.

Within an hour, posts come newest first and are paged backwards, as the search endpoint does.
Duplicate emissions (the same post fetched twice) go to a second, re-fetch query at the end of
the hour, so a duplicate always sits in a later page than its first emission.

Scenarios (Paris dates; windows start and end at Paris midnight):
- seed-wave    2020-01-20 -> 02-17. Designating post 01-31 19:47 (never names the target), raid
               01-31 evening to 02-04 (~6,400/day on 02-01 and 02-02, >= 80 % hostile), support
               peak 02-05 (~3,000, ~75 % supportive), baseline (~200/day) around it.
- quiet        2021-03-01 -> 04-30. Baseline only, weekly seasonality, six small news bumps.
- flash        2021-10-04 -> 11-01. ~2,100 posts, 95 % hostile, 2021-10-25 20:00-23:00, then
               nothing more than the baseline.
- slow-burn    2022-05-02 -> 06-01. From 05-23 volume grows 1.5x a day for 5 days while the
               day's hostile share climbs 8 % -> 60 %; decays over 05-28 and 05-29.
- support-wave 2022-09-05 -> 10-03. A spike on 09-26 (~2,800, ~75 % supportive) and its tail.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

import orjson
import polars as pl

from . import synthetic_texts as tx

SCENARIOS: tuple[str, ...] = ("seed-wave", "quiet", "flash", "slow-burn", "support-wave")

PARIS = ZoneInfo("Europe/Paris")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_TW_EPOCH_MS = 1288834974657  # X's snowflake epoch
_H = 3_600_000
_DAY = 24 * _H
# Snowflake datacenter bits reserved for the target's and the designator's own posts, so that a
# post of the stream can never take one of their ids.
_RESERVED_DC = 31


def _ms(dt: datetime) -> int:
    return (dt - _EPOCH) // timedelta(milliseconds=1)


def _local(y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0, ms: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, ms * 1000, tzinfo=PARIS).astimezone(UTC)


def _snowflake(ms: int, low: int) -> int:
    return ((ms - _TW_EPOCH_MS) << 22) | low


def _iso(ms: int) -> str:
    # isoformat on a naive UTC datetime is twice as fast as strftime; this runs ~3 times a post.
    return (_EPOCH_NAIVE + timedelta(milliseconds=ms)).isoformat(timespec="milliseconds") + "Z"


def _cum(weights: dict[str, float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    total, acc, cum = sum(weights.values()), 0.0, []
    for w in weights.values():
        acc += w / total
        cum.append(acc)
    return tuple(weights), tuple(cum)


def _pick(rng: random.Random, table: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    keys, cum = table
    return keys[min(bisect.bisect_right(cum, rng.random()), len(keys) - 1)]


@dataclass(frozen=True)
class _Component:
    episode: str | None
    hostile: float
    supportive: float
    kinds: tuple[tuple[str, ...], tuple[float, ...]]


# Scenario tables: kept aligned as data, so the formatter leaves them alone.
# fmt: off
_WINDOWS: dict[str, tuple[datetime, datetime]] = {
    "seed-wave": (_local(2020, 1, 20), _local(2020, 2, 17)),
    "quiet": (_local(2021, 3, 1), _local(2021, 4, 30)),
    "flash": (_local(2021, 10, 4), _local(2021, 11, 1)),
    "slow-burn": (_local(2022, 5, 2), _local(2022, 6, 1)),
    "support-wave": (_local(2022, 9, 5), _local(2022, 10, 3)),
}
_DESIGNATED_AT = _local(2020, 1, 31, 19, 47, 12, 345)
_DESIGNATING_ID = _snowflake(_ms(_DESIGNATED_AT), (_RESERVED_DC << 17) | (1 << 12))
# No event post exists before this instant; "fresh" raider accounts are dated relative to it.
_EVENT_START: dict[str, int] = {
    "seed-wave": _ms(_DESIGNATED_AT),
    "flash": _ms(_local(2021, 10, 25, 20)),
    "slow-burn": _ms(_local(2022, 5, 23)),
    "support-wave": _ms(_local(2022, 9, 26)),
}

# Relative activity by Paris hour: evening peak, quiet 02:00-07:00.
_CYCLE = (2.6, 1.5, 0.5, 0.25, 0.2, 0.25, 0.45, 1.6, 3.2, 4.3, 4.8, 5.0,
          5.4, 5.3, 4.9, 4.8, 4.9, 5.2, 5.7, 6.0, 6.3, 6.0, 5.2, 4.0)
# A raid keeps going late into the night: its daily shape is flatter.
_FLAT = tuple(math.sqrt(x) for x in _CYCLE)
_WEEKDAY = (1.06, 1.08, 1.06, 1.04, 1.0, 0.86, 0.90)  # Monday first
_BASELINE_PER_DAY = 200.0

# Event volumes: expected posts per Paris day, spread over the day's hours with _FLAT.
_DAY_PLANS: dict[str, dict[date, dict[str, float]]] = {
    "seed-wave": {
        date(2020, 2, 1): {"wave": 6300}, date(2020, 2, 2): {"wave": 6250},
        date(2020, 2, 3): {"wave": 1300}, date(2020, 2, 4): {"wave": 600},
        date(2020, 2, 5): {"support": 2650, "wave": 150},
        date(2020, 2, 6): {"support": 30, "wave": 10},
    },
    "slow-burn": {date(2022, 5, 23) + timedelta(days=i): {"campaign": v}
                  for i, v in enumerate((100, 250, 475, 813, 1319, 600, 150))},
    "support-wave": {date(2022, 9, 26): {"support": 2600}, date(2022, 9, 27): {"support": 900},
                     date(2022, 9, 28): {"support": 250}},
}
# The campaign's own hostile share by day: with the baseline beside it, the day's hostile share
# climbs 8 % -> 60 % while volume grows 1.5x a day.
_CAMPAIGN_HOSTILE = {date(2022, 5, 23) + timedelta(days=i): s
                     for i, s in enumerate((0.14, 0.23, 0.36, 0.51, 0.68, 0.55, 0.35))}
# Events pinned to given hours (UTC hour start -> expected posts in that hour).
_HOUR_PLANS: dict[str, dict[datetime, dict[str, float]]] = {
    "seed-wave": {_local(2020, 1, 31, h): {"wave": v}
                  for h, v in ((19, 25), (20, 110), (21, 200), (22, 260), (23, 300))},
    "flash": {_local(2021, 10, 25, h): {"raid": v} for h, v in ((20, 650), (21, 900), (22, 550))},
}


_BASE_CATS = _cum({"insult": 40, "other_abuse": 40, "identity_hate": 8, "sexual_harassment": 6,
                   "threat": 4, "death_threat": 1, "incitement": 1})
_WAVE_CATS = _cum({"threat": 5, "death_threat": 3, "incitement": 12, "insult": 36,
                   "identity_hate": 12, "sexual_harassment": 8, "doxxing": 2, "other_abuse": 22})
_ONSET_KINDS = _cum({"reply_d": 45, "quote_d": 20, "mention": 18, "reply": 10, "quote": 3,
                     "repost": 4})
_COMPONENTS: dict[str, _Component] = {
    "baseline": _Component(None, 0.05, 0.10, _cum({"mention": 62, "reply": 26, "quote": 8,
                                                   "repost": 4})),
    "news": _Component("news", 0.05, 0.12, _cum({"mention": 70, "quote": 20, "repost": 10})),
    "wave": _Component("wave", 0.88, 0.06, _cum({"mention": 30, "reply": 20, "reply_d": 25,
                                                 "quote_d": 10, "quote": 8, "repost": 7})),
    "raid": _Component("wave", 0.95, 0.02, _cum({"mention": 55, "reply": 35, "quote": 5,
                                                 "repost": 5})),
    "campaign": _Component("wave", 0.5, 0.08, _cum({"mention": 50, "reply": 38, "quote": 7,
                                                    "repost": 5})),
    "support": _Component("support", 0.04, 0.86, _cum({"mention": 55, "reply": 30, "quote": 10,
                                                       "repost": 5})),
}
_LANGS = _cum({"fr": 75, "en": 22, "es": 1, "de": 1, "ar": 1})
_MALFORMED = ("missing_id", "bad_timestamp", "future_timestamp", "empty_text", "wrong_type")
# fmt: on


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


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam >= 30:  # normal approximation: exact enough here, and O(1)
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


@lru_cache(maxsize=4096)
def _day_sums(day: date) -> tuple[float, float]:
    """Sums of the hourly shapes over a Paris day's real hours (23 or 25 on DST days)."""
    start = _local(day.year, day.month, day.day)
    nxt = day + timedelta(days=1)
    n = (_local(nxt.year, nxt.month, nxt.day) - start) // timedelta(hours=1)
    hours = [(start + timedelta(hours=k)).astimezone(PARIS).hour for k in range(n)]
    return sum(_CYCLE[h] for h in hours), sum(_FLAT[h] for h in hours)


@lru_cache(maxsize=4096)
def _baseline_per_day(seed: int, scenario: str, day: date) -> float:
    rng = random.Random(f"{seed}|{scenario}|day|{day.isoformat()}")
    return _BASELINE_PER_DAY * _WEEKDAY[day.weekday()] * math.exp(rng.gauss(0.0, 0.07))


@lru_cache(maxsize=16)
def _bumps(seed: int, scenario: str) -> dict[datetime, float]:
    """Small news-driven bumps of the quiet scenario: neutral chatter, nothing to alert on."""
    if scenario != "quiet":
        return {}
    rng, out = random.Random(f"{seed}|{scenario}|bumps"), {}
    first = _WINDOWS[scenario][0].astimezone(PARIS).date()
    for _ in range(6):
        day, size = first + timedelta(days=rng.randrange(60)), rng.uniform(60, 220)
        h0 = _local(day.year, day.month, day.day, rng.randint(8, 20))
        for k, share in enumerate((0.5, 0.3, 0.2)):
            hour = h0 + timedelta(hours=k)
            out[hour] = out.get(hour, 0.0) + size * share
    return out


def _plan(seed: int, scenario: str, hour: datetime) -> list[tuple[str, float]]:
    """Expected posts of each component in this hour."""
    local = hour.astimezone(PARIS)
    day = local.date()
    cycle_sum, flat_sum = _day_sums(day)
    plan = [("baseline", _baseline_per_day(seed, scenario, day) * _CYCLE[local.hour] / cycle_sum)]
    for comp, vol in _DAY_PLANS.get(scenario, {}).get(day, {}).items():
        plan.append((comp, vol * _FLAT[local.hour] / flat_sum))
    plan.extend(_HOUR_PLANS.get(scenario, {}).get(hour, {}).items())
    bump = _bumps(seed, scenario).get(hour)
    if bump:
        plan.append(("news", bump))
    return plan


@dataclass(slots=True)
class _Post:
    """One emitted tweet object plus what the pages never show (its ground truth)."""

    id: int
    ms: int
    obj: dict[str, object]
    author: _Account
    users: list[_Account]  # for includes.users: author, mentioned and referenced accounts
    refs: list[dict[str, object]]  # for includes.tweets
    stance: str
    category: str | None
    episode: str | None
    kind: str
    lang: str
    urls: list[tuple[str, str]]
    defect: str | None = None
    deleted_ms: int | None = None
    edit_of: int | None = None


def _new_id(rng: random.Random, ms: int, used: set[int]) -> int:
    tid = _snowflake(ms, rng.randrange(_RESERVED_DC << 17))
    while tid in used:
        tid += 1
    used.add(tid)
    return tid


def _author(ctx: _Ctx, rng: random.Random, comp: str, stance: str) -> _Account:
    if comp in ("baseline", "news"):
        pool = "regular"
    elif stance == "hostile":  # a few regulars join in; most raiders are strangers to the target
        pool = "regular" if comp != "support" and rng.random() < 0.1 else "raider"
    else:
        pool = "supporter" if rng.random() < (0.75 if comp == "support" else 0.6) else "regular"
    accounts = ctx.pools[pool]
    n, r = len(accounts), rng.random()
    if pool == "raider":  # a hard core of 400 accounts posts a quarter of the raid
        i = int(400 * r / 0.25) if r < 0.25 else int(n * (r - 0.25) / 0.75)
    else:  # a few regulars post often, most rarely
        i = int(n * r ** (2.2 if pool == "regular" else 1.5))
    return accounts[min(i, n - 1)]


def _make_posts(
    ctx: _Ctx,
    rng: random.Random,
    ms: int,
    comp_name: str,
    end_ms: int,
    hour_posts: list[_Post],
    used: set[int],
    parents: list[tuple[int, dict[str, object]]],
    campaign_hostile: float,
) -> list[_Post]:
    comp = _COMPONENTS[comp_name]
    h = campaign_hostile if comp_name == "campaign" else comp.hostile
    u = rng.random()
    stance = "hostile" if u < h else "supportive" if u < h + comp.supportive else "neutral"
    onset = comp_name == "wave" and ms < _EVENT_START["seed-wave"] + 3 * _H
    kind = _pick(rng, _ONSET_KINDS if onset else comp.kinds)
    cats = _WAVE_CATS if comp.episode == "wave" else _BASE_CATS
    category = _pick(rng, cats) if stance == "hostile" else None
    lang = _pick(rng, _LANGS)
    author = _author(ctx, rng, comp_name, stance)
    tid = _new_id(rng, ms, used)
    if kind == "repost":
        sources = [
            p
            for p in hour_posts[-60:]
            if p.stance == stance and p.kind != "repost" and p.defect in (None, "duplicate")
        ]
        if sources:
            post = _repost(ctx, tid, ms, author, tx.pick(rng, sources[-5:]), comp.episode)
            return _finish(rng, post, end_ms, used)
        kind = "mention"
    parent: dict[str, object] | None = None
    if kind in ("reply", "quote"):
        candidates = [p for p in parents if p[0] < ms - 60_000]
        if candidates:
            parent = candidates[-1][1] if rng.random() < 0.6 else tx.pick(rng, candidates)[1]
        else:
            kind = "mention"
    elif kind in ("reply_d", "quote_d"):
        parent = ctx.designating
    text, category, lang, urls = _text(ctx, rng, kind, parent, stance, category, lang, comp)
    users, ref_list, conv, reply_to = [author], None, tid, None
    if parent is not None:
        owner = ctx.designator if kind.endswith("_d") else ctx.target
        assert owner is not None
        users.append(owner)
        ref_type = "replied_to" if kind.startswith("reply") else "quoted"
        ref_list = [{"type": ref_type, "id": str(parent["id"])}]
        if ref_type == "replied_to":
            conv, reply_to = int(str(parent["conversation_id"])), owner.id
    entities, mentioned = _entities(text, urls, ctx.known)
    users.extend(mentioned)
    r = rng.random()
    metrics = {
        "retweet_count": int(r**4 * 30),
        "reply_count": int(r**3 * 8),
        "like_count": int(r**2 * 60),
        "quote_count": int(r**5 * 5),
    }
    obj = _tweet(tid, text, ms, author.id, conv, lang, metrics, entities, ref_list, reply_to)
    refs = [parent] if parent is not None else []
    post = _Post(
        tid, ms, obj, author, users, refs, stance, category, comp.episode, kind, lang, urls
    )
    return _finish(rng, post, end_ms, used)


def _text(
    ctx: _Ctx,
    rng: random.Random,
    kind: str,
    parent: dict[str, object] | None,
    stance: str,
    category: str | None,
    lang: str,
    comp: _Component,
) -> tuple[str, str | None, str, list[tuple[str, str]]]:
    """(text, category, lang, links) of a post of this kind."""
    # Replies to the target carry her handle; posts around the designating post talk about her
    # without it, which is what makes them hard to collect and to attribute.
    names = kind in ("mention", "reply") or (kind == "quote" and rng.random() < 0.3)
    if kind == "reply" or (names and kind == "quote"):
        person = "you"
    elif kind == "mention":
        person = "they" if rng.random() < 0.3 else "you"
    else:
        person = "they"
    at = "@" + ctx.handle
    referent = (at if names else tx.pick_referent(rng, lang, stance)) if person == "they" else ""
    campaign = comp.episode == "wave" and stance == "hostile" and lang in tx.CAMPAIGN
    if campaign and rng.random() < 0.12:  # copy-paste campaign: verbatim texts, many accounts
        body, category = tx.pick(rng, tx.CAMPAIGN[lang])
        urls: list[tuple[str, str]] = []
    else:
        body, category, urls = tx.compose(rng, lang, stance, category, person, referent)
    if not any(c.isalpha() for c in body):
        lang = "und"  # emoji-only posts (🔪⚰️): X gives them no language
    if kind == "reply":
        text = f"{at} {body}"
    elif kind == "reply_d":
        text = f"@{_designator(ctx).username} {body}"
    elif names and at.lower() not in body.lower():
        text = f"{at} {body}" if kind != "mention" or rng.random() < 0.7 else f"{body} {at}"
    else:
        text = body
    if kind in ("quote", "quote_d") and parent is not None and rng.random() < 0.5:
        owner = ctx.target if kind == "quote" else _designator(ctx)
        short = tx.tco(rng)
        urls = [*urls, (short, f"https://twitter.com/{owner.username}/status/{parent['id']}")]
        text = f"{text} {short}"
    return text, category, lang, urls


def _designator(ctx: _Ctx) -> _Account:
    if ctx.designator is None:
        raise AssertionError(f"scenario {ctx.scenario} has no designating account")
    return ctx.designator


def _repost(
    ctx: _Ctx, tid: int, ms: int, author: _Account, src: _Post, episode: str | None
) -> _Post:
    so = src.obj
    text = f"RT @{src.author.username}: {so['text']}"
    if len(text) > 140:  # X truncates the text of a repost; the full one is in includes.tweets
        text = text[:139] + "…"
    known = {**ctx.known, src.author.username.lower(): src.author}
    entities, mentioned = _entities(text, src.urls, known)
    retweets = cast(dict[str, int], so["public_metrics"])["retweet_count"] + 1
    metrics = {"retweet_count": retweets, "reply_count": 0, "like_count": 0, "quote_count": 0}
    refs = [{"type": "retweeted", "id": str(so["id"])}]
    obj = _tweet(tid, text, ms, author.id, tid, src.lang, metrics, entities, refs, editable=False)
    users = [author, src.author, *mentioned]
    return _Post(
        tid, ms, obj, author, users, [so], src.stance, src.category, episode, "repost", src.lang, []
    )


def _finish(rng: random.Random, post: _Post, end_ms: int, used: set[int]) -> list[_Post]:
    """Defects at known rates, and the later deletions the pages cannot show yet."""
    u = rng.random()
    if u < 0.01:
        post.defect = "duplicate"
    elif u < 0.013 and post.kind != "repost":  # reposts cannot be edited
        post.defect = "edited"
    elif 0.013 <= u < 0.015:
        post.defect = _MALFORMED[min(4, int((u - 0.013) / 0.0004))]
    p_delete = (0.10 if post.episode == "wave" else 0.03) if post.stance == "hostile" else 0.01
    if rng.random() < p_delete:
        post.deleted_ms = post.ms + 600_000 + int(rng.expovariate(1 / (2 * _DAY)))
    obj = post.obj
    if post.defect == "edited":
        # The first version was collected before the edit; both versions reach the pages.
        ms2 = min(post.ms + rng.randint(20_000, 600_000), end_ms - 1)
        tid2 = _new_id(rng, ms2, used)
        obj2 = dict(obj)
        obj2["id"] = str(tid2)
        obj2["text"] = str(obj["text"]) + tx.pick(rng, tx.EDIT_SUFFIXES[post.stance])
        obj2["created_at"] = _iso(ms2)
        obj2["edit_history_tweet_ids"] = [str(post.id), str(tid2)]
        obj2["edit_controls"] = {
            "edits_remaining": 4,
            "is_edit_eligible": True,
            "editable_until": _iso(post.ms + 30 * 60_000),
        }
        v2 = dataclasses.replace(post, id=tid2, ms=ms2, obj=obj2, edit_of=post.id)
        return [post, v2]
    if post.defect == "missing_id":
        del obj["id"]
    elif post.defect == "bad_timestamp":
        obj["created_at"] = tx.pick(rng, tx.BAD_TIMESTAMPS)
    elif post.defect == "future_timestamp":
        obj["created_at"] = "2099" + str(obj["created_at"])[4:].replace("-02-29", "-02-28")
    elif post.defect == "empty_text":
        obj["text"] = ""
        obj.pop("entities", None)
    elif post.defect == "wrong_type":
        if rng.random() < 0.5:
            obj["author_id"] = int(post.author.id)
        else:
            obj["public_metrics"] = orjson.dumps(obj["public_metrics"]).decode()
    return [post]


def _hour_posts(ctx: _Ctx, hour: datetime) -> list[_Post]:
    h_ms = _ms(hour)
    end = h_ms + _H
    rng = random.Random(f"{ctx.seed}|{ctx.scenario}|{h_ms}")
    event = _EVENT_START.get(ctx.scenario)
    slots: list[tuple[int, str]] = []
    for comp, lam in _plan(ctx.seed, ctx.scenario, hour):
        lo = h_ms if comp in ("baseline", "news") or event is None else max(h_ms, event + 1000)
        if lo < end:
            slots.extend((rng.randrange(lo, end), comp) for _ in range(_poisson(rng, lam)))
    slots.sort()
    day = hour.astimezone(PARIS).date()
    parents = [
        p
        for k in (2, 1, 0)
        for p in _target_posts(ctx.seed, ctx.scenario, ctx.target.id, day - timedelta(days=k))
        if p[0] < end
    ]
    campaign_hostile = _CAMPAIGN_HOSTILE.get(day, 0.5)
    posts: list[_Post] = []
    used: set[int] = set()
    for ms, comp in slots:
        posts.extend(_make_posts(ctx, rng, ms, comp, end, posts, used, parents, campaign_hostile))
    return posts


@dataclass(frozen=True)
class SyntheticPage:
    hour: datetime  # UTC start of the hour the page's posts belong to, by generator intent
    body: bytes  # one X API v2 page: compact UTF-8 JSON, no trailing newline


def _next_token(ctx: _Ctx, hour_ms: int, query: int, page: int) -> str:
    digest = hashlib.blake2b(
        f"{ctx.seed}|{ctx.scenario}|{hour_ms}|{query}|{page}".encode(), digest_size=28
    ).digest()
    n, out = int.from_bytes(digest, "big"), []
    while n:
        n, r = divmod(n, 36)
        out.append("0123456789abcdefghijklmnopqrstuvwxyz"[r])
    return "".join(out)


def _page(ctx: _Ctx, hour_ms: int, query: int, page: int, chunk: list[_Post], last: bool) -> bytes:
    users: dict[str, dict[str, object]] = {}
    tweets: dict[object, dict[str, object]] = {}
    for p in chunk:
        for acc in p.users:
            users.setdefault(acc.id, acc.obj)
        for ref in p.refs:
            tweets.setdefault(ref.get("id"), ref)
    includes: dict[str, object] = {"users": list(users.values())}
    if tweets:
        includes["tweets"] = list(tweets.values())
    ids = [p.id for p in chunk if "id" in p.obj]
    meta: dict[str, object] = {}
    if ids:
        meta.update(newest_id=str(max(ids)), oldest_id=str(min(ids)))
    meta["result_count"] = len(chunk)
    if not last:
        meta["next_token"] = _next_token(ctx, hour_ms, query, page)
    return orjson.dumps({"data": [p.obj for p in chunk], "includes": includes, "meta": meta})


def _hour_pages(
    ctx: _Ctx, hour: datetime, posts: list[_Post], page_size: int
) -> Iterator[SyntheticPage]:
    if not posts:  # what the search endpoint answers for an empty window
        yield SyntheticPage(hour, b'{"meta":{"result_count":0}}')
        return
    newest_first = sorted(posts, key=lambda p: p.id, reverse=True)
    refetch = [p for p in newest_first if p.defect == "duplicate"]
    for query, batch in enumerate((newest_first, refetch)):
        n = math.ceil(len(batch) / page_size)
        for k in range(n):
            chunk = batch[k * page_size : (k + 1) * page_size]
            yield SyntheticPage(hour, _page(ctx, _ms(hour), query, k, chunk, k == n - 1))


def _aware(name: str, value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(
            f"{name} must be timezone-aware (got naive {value.isoformat()}); "
            "pass e.g. datetime(..., tzinfo=UTC)"
        )
    return value.astimezone(UTC)


def _hours(scenario: str, start: datetime | None, end: datetime | None) -> Iterator[datetime]:
    """Hours of the scenario whose start lies in [start, end): consecutive windows partition."""
    w0, w1 = scenario_window(scenario)
    lo = w0 if start is None else max(w0, _aware("start", start))
    hi = w1 if end is None else min(w1, _aware("end", end))
    hour = w0 + timedelta(hours=math.ceil((lo - w0) / timedelta(hours=1)))
    while hour < hi:
        yield hour
        hour += timedelta(hours=1)


def scenario_window(scenario: str) -> tuple[datetime, datetime]:
    """UTC [start, end) of the scenario; boundaries are Paris midnights."""
    if scenario not in _WINDOWS:
        raise ValueError(f"unknown synthetic scenario {scenario!r}; choose one of {SCENARIOS}")
    return _WINDOWS[scenario]


def designating_post_id(scenario: str) -> str | None:
    """The post by a prominent account that designated the target, or None for this scenario.

    seed-wave: posted 2020-01-31 19:47:12 Paris; it never names the target. The id is a real
    snowflake of that instant and does not depend on the seed.
    """
    scenario_window(scenario)
    return str(_DESIGNATING_ID) if scenario == "seed-wave" else None


def generate_pages(
    scenario: str,
    *,
    seed: int = 0,
    handle: str = "demo_journalist",
    user_id: str = "1000000000000000001",
    start: datetime | None = None,
    end: datetime | None = None,
    page_size: int = 100,
) -> Iterator[SyntheticPage]:
    """X API v2 search pages for the hours of [start, end) within the scenario window, in time
    order (hour by hour; newest first inside an hour, as the endpoint pages).

    An hour's pages do not depend on the window asked for. An hour without posts yields one page
    with `{"meta":{"result_count":0}}`, as the endpoint answers.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1 (got {page_size})")
    ctx = _context(scenario, seed, handle, user_id)
    hours = list(_hours(scenario, start, end))  # validates the window before the first page

    def pages() -> Iterator[SyntheticPage]:
        for hour in hours:
            yield from _hour_pages(ctx, hour, _hour_posts(ctx, hour), page_size)

    return pages()


GROUND_TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "post_id": pl.String(),
    "version_id": pl.String(),
    "created_at": pl.Datetime("us", "UTC"),
    "stance": pl.String(),
    "category": pl.String(),
    "episode": pl.String(),
    "kind": pl.String(),
    "defect": pl.String(),
    "deleted_at": pl.Datetime("us", "UTC"),
    "suspended_at": pl.Datetime("us", "UTC"),
    "lang": pl.String(),
    "author_id": pl.String(),
    "mentions_target": pl.Boolean(),
}
_KIND = {"reply_d": "reply", "quote_d": "quote"}


def ground_truth(
    scenario: str,
    *,
    seed: int = 0,
    handle: str = "demo_journalist",
    user_id: str = "1000000000000000001",
) -> pl.DataFrame:
    """One row per distinct tweet object emitted (post_id, version_id), for evaluation only.

    Besides the labels: author_id, and mentions_target (the text carries the target's @handle;
    replies and quotes around the designating post do not). Malformed records keep their intended
    id and time here, whatever the page shows.
    """
    ctx = _context(scenario, seed, handle, user_id)
    at = "@" + handle.lower()
    rows: list[tuple[object, ...]] = []
    for hour in _hours(scenario, None, None):
        for p in _hour_posts(ctx, hour):
            rows.append(
                (
                    str(p.edit_of or p.id),
                    str(p.id),
                    p.ms,
                    p.stance,
                    p.category,
                    p.episode,
                    _KIND.get(p.kind, p.kind),
                    p.defect,
                    p.deleted_ms,
                    p.author.suspended_ms,
                    p.lang,
                    p.author.id,
                    at in str(p.obj["text"]).lower(),
                )
            )
    ints = {name: pl.Int64 for name in ("created_at", "deleted_at", "suspended_at")}
    frame = pl.DataFrame(
        rows, schema={k: ints.get(k, v) for k, v in GROUND_TRUTH_SCHEMA.items()}, orient="row"
    )
    return frame.with_columns(
        pl.col(c).cast(pl.Datetime("ms")).dt.cast_time_unit("us").dt.replace_time_zone("UTC")
        for c in ints
    ).sort("created_at", "version_id", maintain_order=True)
