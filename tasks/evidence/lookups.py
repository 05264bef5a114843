"""Looking stored posts up by id on their platform, in batches, as raw responses.

Each lookup returns the response exactly as received, as a RawPage, so the recheck keeps and seals
it like any collected page: "the platform answered Not Found at 03:12" is evidence too.

X: ``GET /2/tweets?ids=`` (100 ids a request) with the bearer token the X connector uses, through
its client (tasks/sources/x_api.x_client); the token goes in a header only, never into a URL, a
log line, a provenance or an error message (the client scrubs it from an echoing answer). X bills
each post returned like a post searched: with a ``budget`` (the target's share of
``x_monthly_read_cap``, tasks/sources/state.Budget) every answer is counted against it, a batch is
never larger than what is left, and at the cap the lookup stops (the caller sees which ids were
asked from the pages' provenance).
Bluesky: ``app.bsky.feed.getPosts?uris=`` (25 AT-URIs a request) with the session the Bluesky
connector creates (com.atproto.server.createSession); for the authors of posts missing from the
answer, ``app.bsky.actor.getProfile`` says whether the account was taken down.
Mastodon: ``GET /api/v1/statuses/:id`` per status, with the connector's access token and instance;
a 404 or 410 answer is kept as the page like any other.
All three go through the connectors' shared Client (tasks/sources/http.py): retries, rate limits, and
every known secret scrubbed from what is kept.
The synthetic source has a simulated platform: it answers in the same X v2 shape from the
generator's deleted_at / suspended_at as of the observation time, so the demo shows deletions
through exactly the code that reads real answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx
import orjson
import polars as pl

from tasks.errors import CredentialRejected, SourceUnavailable
from tasks.pages import RawPage
from tasks.sources.http import Client
from tasks.sources.x_access import x_client

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target
    from tasks.sources.state import Budget

log = logging.getLogger("tocsin.evidence")
X_BATCH = 100
X_FIELDS = {
    "tweet.fields": "author_id,created_at,edit_history_tweet_ids,withheld",
    "expansions": "author_id",
    "user.fields": "withheld",
}
BLUESKY_BATCH = 25  # app.bsky.feed.getPosts takes at most 25 uris


def batches(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def x_lookup(
    ids: Sequence[str],
    *,
    settings: Settings,
    token: str,
    budget: Budget | None = None,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[RawPage]:
    """One RawPage per batch of up to 100 ids: the X API v2 tweet lookup answer as received
    (``x_base_url``, through the X connector's client with the settings' timeout, retries and
    longest wait). With ``budget``, stops where it is spent (the ids not asked are in no page)."""
    if not token:
        raise SourceUnavailable("X lookup needs a bearer token: set TOCSIN_X_BEARER_TOKEN")
    client = x_client(settings, token, sleep=sleep, transport=transport)
    todo = list(ids)
    try:
        while todo:
            size = X_BATCH if budget is None else min(X_BATCH, budget.remaining())
            if size <= 0:
                return
            chunk, todo = todo[:size], todo[size:]
            try:
                fetched = client.get("/2/tweets", {"ids": ",".join(chunk), **X_FIELDS})
            except CredentialRejected as exc:
                # The client's message is scrubbed of the token, whatever the server echoed.
                raise CredentialRejected(
                    f"X lookup: {exc}: the bearer token was refused (check it and the app's "
                    "access level)"
                ) from None
            if budget is not None:
                budget.spend(_returned(fetched.body))
            yield client.page(fetched, fmt="x-lookup", extra={"ids": ",".join(chunk)})
    finally:
        client.close()


def _returned(body: bytes) -> int:
    """Posts an X lookup answer holds (what X bills): ``data`` and expanded ``includes.tweets``."""
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return 0
    if not isinstance(obj, dict):
        return 0
    data = obj.get("data")
    includes = obj.get("includes")
    tweets = includes.get("tweets") if isinstance(includes, dict) else None
    return sum(len(x) for x in (data, tweets) if isinstance(x, list))


REFUSALS = range(400, 500)
"""Answers a lookup keeps rather than raises: "the platform answered Not Found" (or
AccountTakedown) is the evidence a lookup is for. 401, 403 and 429 are still raised (Client)."""


def bluesky_lookup(
    uris: Sequence[str],
    *,
    target: Target,
    settings: Settings,
    identifier: str,
    password: str,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[RawPage]:
    """One RawPage per batch of up to 25 AT-URIs (app.bsky.feed.getPosts), then one per author of
    a missing post (app.bsky.actor.getProfile: a taken-down account answers AccountTakedown).

    The session answer is a credential, not evidence: it is never yielded (see the connector)."""
    from tasks.sources.bluesky import BlueskySource

    if not (identifier and password):
        raise SourceUnavailable(
            "Bluesky lookup needs TOCSIN_BLUESKY_HANDLE and TOCSIN_BLUESKY_APP_PASSWORD"
        )
    source = BlueskySource(target, settings, identifier, password, sleep=sleep, transport=transport)
    client = source.client
    try:
        source.login()
        missing: dict[str, list[str]] = {}
        for chunk in batches(uris, BLUESKY_BATCH):
            fetched = source.xrpc("app.bsky.feed.getPosts", [("uris", u) for u in chunk])
            yield client.page(fetched, fmt="bluesky-lookup", extra={"ids": ",".join(chunk)})
            obj = fetched.json()
            posts = obj.get("posts") if isinstance(obj, dict) else None
            found = {p.get("uri") for p in posts or [] if isinstance(p, dict)}
            for uri in chunk:
                if uri not in found and uri.startswith("at://"):
                    missing.setdefault(uri[5:].split("/", 1)[0], []).append(uri)
        for did, gone in missing.items():
            fetched = source.xrpc("app.bsky.actor.getProfile", [("actor", did)], keep=REFUSALS)
            yield client.page(
                fetched, fmt="bluesky-profile-lookup", extra={"ids": ",".join(gone), "actor": did}
            )
    finally:
        client.close()


def mastodon_lookup(
    ids: Sequence[str],
    *,
    target: Target,
    settings: Settings,
    token: str,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[RawPage]:
    """One RawPage per status id (GET /api/v1/statuses/:id), whatever the answer: a 404 or 410
    is kept as received, like a 200."""
    from tasks.sources.mastodon import MastodonSource

    if not token:
        raise SourceUnavailable("Mastodon lookup needs an access token: set TOCSIN_MASTODON_TOKEN")
    source = MastodonSource(target, settings, token, sleep=sleep, transport=transport)
    client: Client = source.client
    try:
        for sid in ids:
            fetched = client.get(f"/api/v1/statuses/{quote(sid, safe='')}", keep=REFUSALS)
            yield client.page(
                fetched, fmt="mastodon-lookup", extra={"ids": sid, "instance": source.instance}
            )
    finally:
        client.close()


@lru_cache(maxsize=4)
def _truth(scenario: str, seed: int, handle: str, user_id: str) -> pl.DataFrame:
    from tasks.sources import synthetic

    gt = synthetic.ground_truth(scenario, seed=seed, handle=handle, user_id=user_id)
    return gt.group_by("post_id").agg(
        pl.col("deleted_at").min(),
        pl.col("suspended_at").min(),
        pl.col("author_id").first(),
        pl.col("version_id").sort().alias("versions"),
    )


def synthetic_lookup(
    ids: Sequence[str], *, scenario: str, seed: int, handle: str, user_id: str, as_of: datetime
) -> Iterator[RawPage]:
    """The simulated platform's answers, X v2 shaped, as of ``as_of``."""
    truth = _truth(scenario, seed, handle, user_id).filter(pl.col("post_id").is_in(list(ids)))
    rows = {r["post_id"]: r for r in truth.iter_rows(named=True)}
    for chunk in batches(ids, X_BATCH):
        data, users, errors = [], {}, []
        for pid in chunk:
            r = rows.get(pid)
            if r is None or (r["deleted_at"] is not None and r["deleted_at"] <= as_of):
                errors.append(
                    {
                        "value": pid,
                        "detail": f"Could not find tweet with ids: [{pid}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "ids",
                        "resource_id": pid,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                )
            elif r["suspended_at"] is not None and r["suspended_at"] <= as_of:
                errors.append(
                    {
                        "value": pid,
                        "detail": f"User has been suspended: [{r['author_id']}].",
                        "title": "Forbidden",
                        "resource_type": "user",
                        "parameter": "ids",
                        "resource_id": pid,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                )
            else:
                data.append(
                    {
                        "id": pid,
                        "author_id": r["author_id"],
                        "edit_history_tweet_ids": r["versions"],
                    }
                )
                users[r["author_id"]] = {"id": r["author_id"]}
        body: dict[str, object] = {}
        if data:
            body["data"] = data
            body["includes"] = {"users": list(users.values())}
        if errors:
            body["errors"] = errors
        yield RawPage(
            body=orjson.dumps(body),
            source="synthetic-lookup",
            ref=f"simulated GET /2/tweets?ids={chunk[0]}..{chunk[-1]} ({len(chunk)} ids)",
            retrieved_at=as_of,
            format="x-lookup",
            provenance={
                "ids": ",".join(chunk),
                "simulated": f"synthetic platform {scenario} seed {seed} as of {as_of.isoformat()}",
            },
        )
