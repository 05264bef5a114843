"""Synthetic posts of one hour: stance, kind, author, text, reposts, defects and deletions."""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import orjson

from . import texts as tx
from .accounts import Context, target_posts
from .plan import (
    BASE_CATEGORIES,
    CAMPAIGN_HOSTILE,
    COMPONENTS,
    EVENT_START,
    LANGS,
    MALFORMED,
    ONSET_KINDS,
    PARIS,
    WAVE_CATEGORIES,
    Component,
    hour_plan,
    pick_weighted,
)
from .wire import DAY_MS, HOUR_MS, Account, entities, epoch_ms, iso, new_tweet_id, tweet


@dataclass(slots=True)
class Post:
    """One emitted tweet object plus what the pages never show (its ground truth)."""

    id: int
    ms: int
    obj: dict[str, object]
    author: Account
    users: list[Account]  # for includes.users: author, mentioned and referenced accounts
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


def _author(ctx: Context, rng: random.Random, comp: str, stance: str) -> Account:
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
    ctx: Context,
    rng: random.Random,
    ms: int,
    comp_name: str,
    end_ms: int,
    earlier: list[Post],
    used: set[int],
    parents: list[tuple[int, dict[str, object]]],
    campaign_hostile: float,
) -> list[Post]:
    comp = COMPONENTS[comp_name]
    h = campaign_hostile if comp_name == "campaign" else comp.hostile
    u = rng.random()
    stance = "hostile" if u < h else "supportive" if u < h + comp.supportive else "neutral"
    onset = comp_name == "wave" and ms < EVENT_START["seed-wave"] + 3 * HOUR_MS
    kind = pick_weighted(rng, ONSET_KINDS if onset else comp.kinds)
    cats = WAVE_CATEGORIES if comp.episode == "wave" else BASE_CATEGORIES
    category = pick_weighted(rng, cats) if stance == "hostile" else None
    lang = pick_weighted(rng, comp.langs or LANGS)
    author = _author(ctx, rng, comp_name, stance)
    tid = new_tweet_id(rng, ms, used)
    if kind == "repost":
        sources = [
            p
            for p in earlier[-60:]
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
    ents, mentioned = entities(text, urls, ctx.known)
    users.extend(mentioned)
    r = rng.random()
    metrics = {
        "retweet_count": int(r**4 * 30),
        "reply_count": int(r**3 * 8),
        "like_count": int(r**2 * 60),
        "quote_count": int(r**5 * 5),
    }
    obj = tweet(tid, text, ms, author.id, conv, lang, metrics, ents, ref_list, reply_to)
    refs = [parent] if parent is not None else []
    post = Post(tid, ms, obj, author, users, refs, stance, category, comp.episode, kind, lang, urls)
    return _finish(rng, post, end_ms, used)


def _text(
    ctx: Context,
    rng: random.Random,
    kind: str,
    parent: dict[str, object] | None,
    stance: str,
    category: str | None,
    lang: str,
    comp: Component,
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
        text = f"@{ctx.designating_account().username} {body}"
    elif names and at.lower() not in body.lower():
        text = f"{at} {body}" if kind != "mention" or rng.random() < 0.7 else f"{body} {at}"
    else:
        text = body
    if kind in ("quote", "quote_d") and parent is not None and rng.random() < 0.5:
        owner = ctx.target if kind == "quote" else ctx.designating_account()
        short = tx.tco(rng)
        urls = [*urls, (short, f"https://twitter.com/{owner.username}/status/{parent['id']}")]
        text = f"{text} {short}"
    return text, category, lang, urls


def _repost(
    ctx: Context, tid: int, ms: int, author: Account, src: Post, episode: str | None
) -> Post:
    so = src.obj
    text = f"RT @{src.author.username}: {so['text']}"
    if len(text) > 140:  # X truncates the text of a repost; the full one is in includes.tweets
        text = text[:139] + "…"
    known = {**ctx.known, src.author.username.lower(): src.author}
    ents, mentioned = entities(text, src.urls, known)
    retweets = cast(dict[str, int], so["public_metrics"])["retweet_count"] + 1
    metrics = {"retweet_count": retweets, "reply_count": 0, "like_count": 0, "quote_count": 0}
    refs = [{"type": "retweeted", "id": str(so["id"])}]
    obj = tweet(tid, text, ms, author.id, tid, src.lang, metrics, ents, refs, editable=False)
    users = [author, src.author, *mentioned]
    return Post(
        tid, ms, obj, author, users, [so], src.stance, src.category, episode, "repost", src.lang, []
    )


def _finish(rng: random.Random, post: Post, end_ms: int, used: set[int]) -> list[Post]:
    """Defects at known rates, and the later deletions the pages cannot show yet."""
    u = rng.random()
    if u < 0.01:
        post.defect = "duplicate"
    elif u < 0.013 and post.kind != "repost":  # reposts cannot be edited
        post.defect = "edited"
    elif 0.013 <= u < 0.015:
        post.defect = MALFORMED[min(4, int((u - 0.013) / 0.0004))]
    p_delete = (0.10 if post.episode == "wave" else 0.03) if post.stance == "hostile" else 0.01
    if rng.random() < p_delete:
        post.deleted_ms = post.ms + 600_000 + int(rng.expovariate(1 / (2 * DAY_MS)))
    obj = post.obj
    if post.defect == "edited":
        # The first version was collected before the edit; both versions reach the pages.
        ms2 = min(post.ms + rng.randint(20_000, 600_000), end_ms - 1)
        tid2 = new_tweet_id(rng, ms2, used)
        obj2 = dict(obj)
        obj2["id"] = str(tid2)
        obj2["text"] = str(obj["text"]) + tx.pick(rng, tx.EDIT_SUFFIXES[post.stance])
        obj2["created_at"] = iso(ms2)
        obj2["edit_history_tweet_ids"] = [str(post.id), str(tid2)]
        obj2["edit_controls"] = {
            "edits_remaining": 4,
            "is_edit_eligible": True,
            "editable_until": iso(post.ms + 30 * 60_000),
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


def hour_posts(ctx: Context, hour: datetime) -> list[Post]:
    """The posts of one hour in time order (an edit right after its first version), from the
    hour's own RNG."""
    h_ms = epoch_ms(hour)
    end = h_ms + HOUR_MS
    rng = random.Random(f"{ctx.seed}|{ctx.scenario}|{h_ms}")
    event = EVENT_START.get(ctx.scenario)
    slots: list[tuple[int, str]] = []
    for comp, lam in hour_plan(ctx.seed, ctx.scenario, hour):
        lo = h_ms if comp in ("baseline", "news") or event is None else max(h_ms, event + 1000)
        if lo < end:
            slots.extend((rng.randrange(lo, end), comp) for _ in range(_poisson(rng, lam)))
    slots.sort()
    day = hour.astimezone(PARIS).date()
    parents = [
        p
        for k in (2, 1, 0)
        for p in target_posts(ctx.seed, ctx.scenario, ctx.target.id, day - timedelta(days=k))
        if p[0] < end
    ]
    campaign_hostile = CAMPAIGN_HOSTILE.get(day, 0.5)
    posts: list[Post] = []
    used: set[int] = set()
    for ms, comp in slots:
        posts.extend(_make_posts(ctx, rng, ms, comp, end, posts, used, parents, campaign_hostile))
    return posts
