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

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
import polars as pl

from .synthetic_accounts import _context, _Ctx
from .synthetic_plan import PARIS as PARIS
from .synthetic_plan import SCENARIOS as SCENARIOS
from .synthetic_plan import _ms
from .synthetic_plan import designating_post_id as designating_post_id
from .synthetic_plan import scenario_window as scenario_window
from .synthetic_posts import _hour_posts, _Post


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
