"""The generator's wire output: X API v2 search pages, hour by hour, newest first."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import orjson

from .accounts import Context, context
from .plan import scenario_hours
from .posts import Post, hour_posts
from .wire import epoch_ms


@dataclass(frozen=True)
class SyntheticPage:
    hour: datetime  # UTC start of the hour the page's posts belong to, by generator intent
    body: bytes  # one X API v2 page: compact UTF-8 JSON, no trailing newline


def _next_token(ctx: Context, hour_ms: int, query: int, page: int) -> str:
    digest = hashlib.blake2b(
        f"{ctx.seed}|{ctx.scenario}|{hour_ms}|{query}|{page}".encode(), digest_size=28
    ).digest()
    n, out = int.from_bytes(digest, "big"), []
    while n:
        n, r = divmod(n, 36)
        out.append("0123456789abcdefghijklmnopqrstuvwxyz"[r])
    return "".join(out)


def _page(
    ctx: Context, hour_ms: int, query: int, page: int, chunk: list[Post], last: bool
) -> bytes:
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
    ctx: Context, hour: datetime, posts: list[Post], page_size: int
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
            yield SyntheticPage(hour, _page(ctx, epoch_ms(hour), query, k, chunk, k == n - 1))


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
    ctx = context(scenario, seed, handle, user_id)
    hours = list(scenario_hours(scenario, start, end))  # validates the window before the first page

    def pages() -> Iterator[SyntheticPage]:
        for hour in hours:
            yield from _hour_pages(ctx, hour, hour_posts(ctx, hour), page_size)

    return pages()
