"""Synthetic accounts: the pools, the target and the designator, and the target's own posts."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from tasks.errors import SelfCheckFailed

from . import texts as tx
from .plan import DESIGNATED_AT, DESIGNATING_ID, EVENT_START, WINDOWS, paris_time, scenario_window
from .wire import (
    DAY_MS,
    HOUR_MS,
    RESERVED_DC,
    Account,
    account,
    entities,
    epoch_ms,
    snowflake,
    tweet,
)

_POOLS = (("regular", 2500), ("raider", 9000), ("supporter", 4000))
_SNOWFLAKE_USERS_MS = epoch_ms(datetime(2010, 11, 4, tzinfo=UTC))
_OLDEST_MS = epoch_ms(datetime(2009, 3, 1, tzinfo=UTC))


@lru_cache(maxsize=6)
def _pools(seed: int, scenario: str) -> dict[str, tuple[Account, ...]]:
    """Account pools. Raiders are mostly strangers to the target, many created days before."""
    rng = random.Random(f"{seed}|{scenario}|accounts")
    ref = EVENT_START.get(scenario, epoch_ms(WINDOWS[scenario][0]))
    fresh_share = {"seed-wave": 0.45, "flash": 0.6, "slow-burn": 0.3}.get(scenario, 0.0)
    used: set[str] = set()
    pools: dict[str, tuple[Account, ...]] = {}
    for pool_no, (pool, size) in enumerate(_POOLS):
        accounts = []
        for i in range(size):
            fresh = pool == "raider" and rng.random() < fresh_share
            created = (
                ref - rng.randint(2 * HOUR_MS, 29 * DAY_MS)
                if fresh
                else rng.randint(_OLDEST_MS, epoch_ms(datetime(2019, 10, 1, tzinfo=UTC)))
            )
            if created >= _SNOWFLAKE_USERS_MS:
                uid = snowflake(created, (pool_no << 18) | i)
            else:  # pre-snowflake accounts have small sequential ids
                legacy = 20_000_000 + (created - _OLDEST_MS) * 190_000_000 // (
                    _SNOWFLAKE_USERS_MS - _OLDEST_MS
                )
                uid = legacy - legacy % 65536 + ((pool_no << 14) | i)
            username, name = tx.account_names(rng, fresh, used)
            followers = rng.randint(0, 40) if fresh else int(math.exp(rng.gauss(5.2, 1.6)))
            suspended = None
            if pool == "raider" and rng.random() < (0.10 if fresh else 0.03):
                suspended = ref + rng.randint(6 * HOUR_MS, 20 * DAY_MS)
            verified = rng.random() < {"regular": 0.01, "raider": 0.002, "supporter": 0.03}[pool]
            accounts.append(
                account(uid, username, name, created, followers, verified, rng, suspended)
            )
        pools[pool] = tuple(accounts)
    return pools


@dataclass(frozen=True)
class Context:
    """What every hour of a (scenario, seed, target) needs: accounts, and the designating post."""

    scenario: str
    seed: int
    handle: str
    target: Account
    designator: Account | None
    designating: dict[str, object] | None
    known: dict[str, Account]  # lower-cased username -> account, for mentions
    pools: dict[str, tuple[Account, ...]]

    def designating_account(self) -> Account:
        if self.designator is None:
            raise SelfCheckFailed(
                f"scenario {self.scenario!r} has no designating account: only seed-wave "
                "declares one, so only its plan may ask for replies to or quotes of it"
            )
        return self.designator


@lru_cache(maxsize=6)
def context(scenario: str, seed: int, handle: str, user_id: str) -> Context:
    scenario_window(scenario)
    if not re.fullmatch(r"\w{1,15}", handle, re.ASCII):
        raise ValueError(f"handle must be an X username (1-15 letters, digits, _): {handle!r}")
    if not user_id.isdigit():
        raise ValueError(f"user_id must be a numeric X user id: {user_id!r}")
    rng = random.Random(f"{scenario}|fixed-accounts")
    target = account(
        user_id,
        handle,
        "Camille Démo ✍️",
        epoch_ms(paris_time(2012, 5, 14, 9, 12)),
        48_213,
        True,
        rng,
    )
    known = {handle.lower(): target}
    designator = designating = None
    if scenario == "seed-wave":
        created = epoch_ms(paris_time(2016, 3, 25, 18, 2, 41))
        designator = account(
            snowflake(created, RESERVED_DC << 17),
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
        designating = tweet(
            DESIGNATING_ID,
            text,
            epoch_ms(DESIGNATED_AT),
            designator.id,
            DESIGNATING_ID,
            "fr",
            {"retweet_count": 3412, "reply_count": 5120, "like_count": 18_230, "quote_count": 904},
            entities(text, [link], {})[0],
        )
    return Context(
        scenario, seed, handle, target, designator, designating, known, _pools(seed, scenario)
    )


@lru_cache(maxsize=512)
def target_posts(
    seed: int, scenario: str, user_id: str, day: date
) -> tuple[tuple[int, dict[str, object]], ...]:
    """The target's own posts of one Paris day (what replies and quotes point at)."""
    rng = random.Random(f"{seed}|{scenario}|target|{day.isoformat()}")
    midnight = epoch_ms(paris_time(day.year, day.month, day.day))
    times = sorted(
        midnight + rng.randint(8 * HOUR_MS, 22 * HOUR_MS) for _ in range(tx.pick(rng, (1, 2, 2, 3)))
    )
    posts = []
    for k, ms in enumerate(times):
        filler = tx.Filler(rng, "fr", "neutral", None, "", False)
        text = filler.fill(tx.pick(rng, tx.TARGET_POSTS))
        tid = snowflake(ms, (RESERVED_DC << 17) | (2 << 12) | k)
        metrics = {
            "retweet_count": rng.randint(5, 300),
            "reply_count": rng.randint(5, 400),
            "like_count": rng.randint(20, 2000),
            "quote_count": rng.randint(0, 60),
        }
        posts.append(
            (
                ms,
                tweet(
                    tid, text, ms, user_id, tid, "fr", metrics, entities(text, filler.urls, {})[0]
                ),
            )
        )
    return tuple(posts)
