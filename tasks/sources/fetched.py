"""A response read whole (``Fetched``), and the page kept of it: the body as received, with its
provenance (what was asked, when, how many attempts, which headers, which tool), secrets scrubbed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import Any

import httpx
import orjson

from tasks.pages import RawPage
from tasks.sources.redaction import REDACTED, Redactor

try:
    _VERSION = metadata.version("tocsin")
except metadata.PackageNotFoundError:  # a checkout that was never pip-installed
    _VERSION = "unknown"
TOOL = f"tocsin/{_VERSION} httpx/{httpx.__version__}"

# Response headers worth keeping beside the raw copy: what the server said about the content and
# its rate limits. An allow-list, so a Set-Cookie or an auth echo can never slip in.
KEPT_HEADERS = tuple(
    """content-type content-length content-encoding date etag last-modified link retry-after
    x-request-id x-transaction-id x-response-time x-rate-limit-limit x-rate-limit-remaining
    x-rate-limit-reset x-ratelimit-limit x-ratelimit-remaining x-ratelimit-reset ratelimit-limit
    ratelimit-remaining ratelimit-reset ratelimit-policy x-app-limit-24hour-limit
    x-app-limit-24hour-remaining x-app-limit-24hour-reset""".split()
)


@dataclass(frozen=True)
class Fetched:
    """One successful response, read whole."""

    method: str
    url: str
    """The URL requested, query string included (never holds a credential)."""
    params: list[tuple[str, str]]
    status: int
    headers: httpx.Headers
    body: bytes
    requested_at: datetime
    received_at: datetime
    attempts: int
    links: dict[str, str]
    """Parsed ``Link`` header: rel → absolute URL (Mastodon pagination)."""

    @functools.cached_property
    def data(self) -> Any:
        """The body as JSON, or None when it is not JSON (the page is still kept)."""
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            return None

    def json(self) -> Any:
        return self.data

    @classmethod
    def of(
        cls,
        resp: httpx.Response,
        *,
        method: str,
        params: list[tuple[str, str]],
        requested_at: datetime,
        received_at: datetime,
        attempts: int,
    ) -> Fetched:
        return cls(
            method=method,
            url=str(resp.request.url),
            params=params,
            status=resp.status_code,
            headers=resp.headers,
            body=resp.content,
            requested_at=requested_at,
            received_at=received_at,
            attempts=attempts,
            links={rel: str(resp.request.url.join(v["url"])) for rel, v in _links(resp)},
        )


def as_page(
    fetched: Fetched,
    *,
    platform: str,
    redactor: Redactor,
    fmt: str,
    extra: Mapping[str, str] | None = None,
) -> RawPage:
    """The response as a RawPage: body as received (secrets scrubbed), with provenance."""
    body, redacted = redactor.redact(fetched.body)
    headers = {k: redactor.scrub(fetched.headers[k]) for k in KEPT_HEADERS if k in fetched.headers}
    prov = {
        "platform": platform,
        "method": fetched.method,
        "url": redactor.scrub(fetched.url),
        "params": redactor.scrub(
            orjson.dumps(fetched.params, option=orjson.OPT_SORT_KEYS).decode()
        ),
        "status": str(fetched.status),
        "requested_at": fetched.requested_at.isoformat(),
        "received_at": fetched.received_at.isoformat(),
        "attempts": str(fetched.attempts),
        "headers": orjson.dumps(headers, option=orjson.OPT_SORT_KEYS).decode(),
        "tool": TOOL,
        **{k: redactor.scrub(v) for k, v in (extra or {}).items()},
    }
    if redacted:
        # The page is no longer byte-exact; say so rather than keep a credential.
        prov["redacted"] = f"{redacted} credential occurrence(s) replaced by {REDACTED.decode()}"
    return RawPage(
        body=body,
        source=platform,
        ref=f"{fetched.method} {prov['url']}",
        retrieved_at=fetched.received_at,
        format=fmt,
        provenance=prov,
    )


def _links(resp: httpx.Response) -> Iterable[tuple[str, dict[str, str]]]:
    try:
        return list(resp.links.items())
    except (KeyError, ValueError):  # a malformed Link header: no pagination, not a crash
        return []
