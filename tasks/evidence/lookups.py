"""Looking stored posts up by id on their platform, in batches, as raw responses.

Each lookup returns the response exactly as received, as a RawPage, so the recheck keeps and seals
it like any collected page: "the platform answered Not Found at 03:12" is evidence too.

X: ``GET /2/tweets?ids=`` (100 ids a request) with a bearer token the caller passes in; the token
goes in a header only, never into a URL, a log line, a provenance or an error message.
The synthetic source has a simulated platform: it answers in the same X v2 shape from the
generator's deleted_at / suspended_at as of the observation time, so the demo shows deletions
through exactly the code that reads real answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache

import httpx
import orjson
import polars as pl

from tasks.errors import SourceUnavailable
from tasks.sources.base import RawPage

log = logging.getLogger("tocsin.evidence")
X_BATCH = 100
X_FIELDS = {
    "tweet.fields": "author_id,created_at,edit_history_tweet_ids,withheld",
    "expansions": "author_id",
    "user.fields": "withheld",
}
MAX_WAIT = 15 * 60  # X's rate-limit window: never sleep longer than one window
RETRIES = 5


def batches(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _wait_for(resp: httpx.Response, attempt: int, now: Callable[[], float]) -> float:
    """How long to wait before retrying: the server's reset time on 429, else backoff."""
    reset = resp.headers.get("x-rate-limit-reset")
    if resp.status_code == 429 and reset and reset.isdigit():
        return float(min(MAX_WAIT, max(1.0, int(reset) - now() + 1)))
    return float(min(60, 2**attempt))


def x_lookup(
    ids: Sequence[str],
    *,
    base_url: str,
    bearer_token: str,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    timeout: float = 30.0,
) -> Iterator[RawPage]:
    """One RawPage per batch of up to 100 ids: the X API v2 tweet lookup answer as received."""
    if not bearer_token:
        raise SourceUnavailable("X lookup needs a bearer token: set TOCSIN_X_BEARER_TOKEN")
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    url = base_url.rstrip("/") + "/2/tweets"
    try:
        for chunk in batches(ids, X_BATCH):
            params = {"ids": ",".join(chunk), **X_FIELDS}
            for attempt in range(RETRIES + 1):
                try:
                    resp = http.get(
                        url, params=params, headers={"Authorization": f"Bearer {bearer_token}"}
                    )
                except httpx.TransportError as exc:
                    if attempt == RETRIES:
                        raise SourceUnavailable(
                            f"X lookup: {url} unreachable after {RETRIES} retries: {type(exc).__name__}"
                        ) from None
                    wait = float(min(60, 2**attempt))
                    log.warning(
                        "X lookup: %s (%s); retrying in %.0f s", url, type(exc).__name__, wait
                    )
                    sleep(wait)
                    continue
                if resp.status_code == 200:
                    break
                if resp.status_code in (401, 403):
                    raise SourceUnavailable(
                        f"X lookup: HTTP {resp.status_code} from {url}: the bearer token was refused "
                        "(check TOCSIN_X_BEARER_TOKEN and the app's access level)"
                    )
                if resp.status_code != 429 and resp.status_code < 500 or attempt == RETRIES:
                    raise SourceUnavailable(
                        f"X lookup: HTTP {resp.status_code} from {url}: {resp.text[:200]}"
                    )
                wait = _wait_for(resp, attempt, clock)
                # 429: the 15-minute request budget is spent; the reset header says when it refills.
                log.warning(
                    "X lookup: HTTP %d; waiting %.0f s before retrying", resp.status_code, wait
                )
                sleep(wait)
            observed = datetime.now(UTC)
            yield RawPage(
                body=resp.content,
                source="x-lookup",
                ref=f"GET {url}?ids={chunk[0]}..{chunk[-1]} ({len(chunk)} ids)",
                retrieved_at=observed,
                format="x-lookup",
                provenance={
                    "ids": ",".join(chunk),
                    "url": str(resp.request.url),
                    "status": str(resp.status_code),
                    "date": resp.headers.get("date", ""),
                    "x-rate-limit-remaining": resp.headers.get("x-rate-limit-remaining", ""),
                },
            )
    finally:
        if own:
            http.close()


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
