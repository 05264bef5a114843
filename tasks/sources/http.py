"""The HTTP client every platform connector shares: retries, rate limits, error mapping, and the
provenance of each response page, with no secret anywhere in it.

Policy (STYLE.md, "Errors and bad input"):
- retry only what is transient: 429, 5xx, timeouts, and a connection cut mid-body (a timeout in
  all but name); never 401/403 (a wrong token does not get better by asking again) nor other 4xx;
- on 429, wait until the platform says the window resets (``x-rate-limit-reset`` on X and
  Mastodon, ``ratelimit-reset`` on Bluesky, ``Retry-After`` anywhere), and say why we sleep;
- when a success says the window is spent (remaining 0), wait for the reset *before* the next
  request instead of spending a request to be told so;
- credentials travel in headers only, never in URLs, so URLs and parameters can be kept as
  provenance; bodies and header values are still scrubbed of every known secret before they
  leave this module (a server may echo a token back in an error page): redaction.py.

A response is read whole into a ``Fetched``, which fetched.py turns into the page kept.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from config.slices import HttpSettings
from tasks.errors import (
    BudgetExhausted,
    CredentialRejected,
    PlatformError,
    QueryRejected,
    RateLimited,
)
from tasks.pages import RawPage
from tasks.sources.fetched import TOOL, Fetched, as_page
from tasks.sources.ratelimit import remaining, reset_at, sleep_until_reset
from tasks.sources.redaction import Redactor

log = logging.getLogger("tocsin.sources")


Params = Mapping[str, str] | Sequence[tuple[str, str]]
"""Query parameters: a mapping, or pairs when a name repeats (``types[]``, XRPC arrays)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class Client:
    """One platform's HTTP client. Not thread-safe; one per source object."""

    def __init__(
        self,
        *,
        platform: str,
        base_url: str,
        base_url_setting: str,
        timeout: float,
        max_retries: int,
        max_wait: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utcnow,
        min_interval: float = 0.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.base_url_setting = base_url_setting
        self.max_retries, self.max_wait = max_retries, max_wait
        self.sleep, self.clock, self.min_interval = sleep, clock, min_interval
        self.secrets = Redactor()
        self._credential = "the credentials"
        self._not_before: datetime | None = None
        self._last_request: float | None = None
        self._origin = urlsplit(self.base_url)[:2]
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": TOOL, "Accept": "application/json"},
            transport=transport,
            # A redirect could carry the Authorization header to another host: never follow.
            follow_redirects=False,
        )

    @classmethod
    def for_settings(cls, settings: HttpSettings, **kwargs: Any) -> Client:
        """A client with the timeout, retries and longest wait the settings give every
        connector (their ``http`` slice); ``kwargs`` name the platform, its base URL and the
        rest."""
        return cls(
            timeout=settings.request_timeout_seconds,
            max_retries=settings.http_max_retries,
            max_wait=settings.http_max_wait_seconds,
            **kwargs,
        )

    # -- credentials -------------------------------------------------------------------------

    def authorize(self, header_value: str | None, credential: str, *secrets: str) -> None:
        """Send ``Authorization: header_value``; ``credential`` names what to check on 401/403;
        every string in ``secrets`` (and the header value) is scrubbed from what we keep."""
        self._credential = credential
        if header_value is None:
            self._http.headers.pop("Authorization", None)
        else:
            self._http.headers["Authorization"] = header_value
        self.add_secrets(*secrets, *(header_value.split() if header_value else ()))

    def add_secrets(self, *secrets: str | None) -> None:
        self.secrets.add(*secrets)

    def redact(self, data: bytes) -> tuple[bytes, int]:
        """``data`` with every known secret replaced, and how many were replaced."""
        return self.secrets.redact(data)

    def scrub(self, text: str) -> str:
        return self.secrets.scrub(text)

    # -- requests ----------------------------------------------------------------------------

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            # Pagination links come from the server: never send our token to another host.
            if urlsplit(path_or_url)[:2] != self._origin:
                raise PlatformError(
                    f"{self.platform}: refusing to follow a link to another host "
                    f"({urlsplit(path_or_url).netloc}); {self.base_url_setting} is {self.base_url}"
                )
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    def get(
        self, path_or_url: str, params: Params | None = None, *, keep: Collection[int] = ()
    ) -> Fetched:
        return self.request("GET", path_or_url, params=params, keep=keep)

    def post_json(self, path: str, body: Mapping[str, Any]) -> Fetched:
        return self.request("POST", path, json_body=body)

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Params | None = None,
        json_body: Mapping[str, Any] | None = None,
        keep: Collection[int] = (),
    ) -> Fetched:
        """The response, after the retries the settings allow. A refusal whose status is in
        ``keep`` (a lookup's 404: "the platform says it is gone" is the answer) is returned like
        a success instead of raised; 401, 403 and 429 never are."""
        url = self.url(path_or_url)
        pairs = list(params.items()) if isinstance(params, Mapping) else list(params or [])
        where = f"{method} {self.scrub(urlsplit(url).path)}"
        last_problem = ""
        for attempt in range(1, self.max_retries + 2):
            self._pace()
            requested_at = self.clock()
            self._last_request = time.monotonic()
            try:
                resp = self._http.request(method, url, params=pairs or None, json=json_body)
            except httpx.TimeoutException as exc:
                last_problem = f"timed out ({type(exc).__name__})"
                self._backoff(attempt, where, last_problem)
                continue
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # The body was cut short (the peer closed mid-response): a transient network
                # failure like a timeout, and nothing partial is ever yielded as a page.
                last_problem = f"connection cut mid-response ({self.scrub(str(exc))[:120]})"
                self._backoff(attempt, where, last_problem)
                continue
            except httpx.TransportError as exc:
                raise PlatformError(
                    f"{self.platform}: cannot reach {self.base_url} ({self.base_url_setting}): "
                    f"{self.scrub(str(exc))[:200]}"
                ) from None
            received_at = self.clock()
            status = resp.status_code
            if status in (401, 403):
                raise CredentialRejected(
                    f"{self.platform}: HTTP {status} {resp.reason_phrase} for {where}: check "
                    f"{self._credential}{self._error(resp)[1]}"
                )
            if status == 429:
                if b"UsageCapExceeded" in resp.content or b"usage-capped" in resp.content:
                    # X's own monthly cap: waiting for the 15-minute window will not help.
                    raise BudgetExhausted(
                        f"{self.platform}: the platform's monthly usage cap is exceeded "
                        f"(HTTP 429 for {where}{self._error(resp)[1]}); collection resumes when "
                        "the cap resets or the plan is raised"
                    )
                wait = self._rate_limit_wait(resp, where, received_at)
                last_problem = "rate limited (HTTP 429)"
                if attempt <= self.max_retries:
                    until = received_at + timedelta(seconds=wait)
                    why = (
                        f"rate limited (HTTP 429); sleeping {wait:.0f} s until the window resets "
                        f"at {until.astimezone(UTC):%H:%M:%S} UTC"
                    )
                    log.warning("%s: %s: %s (attempt %d)", self.platform, where, why, attempt)
                    sleep_until_reset(self.sleep, wait, until, self.platform)
                continue
            if status >= 500:
                last_problem = f"HTTP {status} {resp.reason_phrase}"
                self._backoff(attempt, where, last_problem)
                continue
            if 300 <= status < 400:
                raise PlatformError(
                    f"{self.platform}: HTTP {status} redirect for {where} to "
                    f"{self.scrub(resp.headers.get('location', '?'))[:200]}: set "
                    f"{self.base_url_setting} to the final address"
                )
            if status >= 400 and status not in keep:
                raise QueryRejected(
                    f"{self.platform}: HTTP {status} {resp.reason_phrase} for {where}"
                    f"{self._error(resp)[1]}",
                    status=status,
                    code=self._error(resp)[0],
                )
            self._note_window(resp.headers, received_at)
            return Fetched.of(
                resp,
                method=method,
                params=pairs,
                requested_at=requested_at,
                received_at=received_at,
                attempts=attempt,
            )
        error = RateLimited if last_problem.startswith("rate limited") else PlatformError
        raise error(
            f"{self.platform}: {where}: {last_problem}, still after {self.max_retries + 1} "
            "attempts; run again later"
        )

    def page(
        self, fetched: Fetched, *, fmt: str, extra: Mapping[str, str] | None = None
    ) -> RawPage:
        """The response as a RawPage: body as received (secrets scrubbed), with provenance."""
        return as_page(fetched, platform=self.platform, redactor=self.secrets, fmt=fmt, extra=extra)

    def close(self) -> None:
        self._http.close()

    # -- waiting -----------------------------------------------------------------------------

    def _pace(self) -> None:
        if self._not_before is not None:
            wait = (self._not_before - self.clock()).total_seconds()
            reset, self._not_before = self._not_before, None
            if wait > 0:
                log.info(
                    "%s: rate-limit window spent; sleeping %.0f s until it resets at %s",
                    self.platform,
                    wait,
                    f"{reset.astimezone(UTC):%H:%M:%S} UTC",
                )
                sleep_until_reset(self.sleep, wait, reset, self.platform)
        if self.min_interval and self._last_request is not None:
            # X full-archive search allows one request a second, whatever the window says.
            gap = self.min_interval - (time.monotonic() - self._last_request)
            if gap > 0:
                self.sleep(gap)

    def _note_window(self, headers: httpx.Headers, now: datetime) -> None:
        if remaining(headers) == 0:
            reset = reset_at(headers, now)
            if reset is not None and (reset - now).total_seconds() <= self.max_wait:
                self._not_before = reset

    def _rate_limit_wait(self, resp: httpx.Response, where: str, now: datetime) -> float:
        reset = reset_at(resp.headers, now)
        if reset is None:
            # No reset header: back off as for a 5xx, a minute at most.
            return float(min(60, 2 ** min(self.max_retries, 6)))
        # One second past the reset: clocks differ, and an early retry costs another 429.
        wait = max(1.0, (reset - now).total_seconds() + 1)
        if wait > self.max_wait:
            raise RateLimited(
                f"{self.platform}: {where}: rate limited until {reset:%Y-%m-%dT%H:%M:%SZ}, "
                f"later than http_max_wait_seconds ({self.max_wait:.0f} s); run again after that"
            )
        return wait

    def _backoff(self, attempt: int, where: str, problem: str) -> None:
        if attempt > self.max_retries:
            return
        wait = float(min(60, 2 ** (attempt - 1)))
        log.warning(
            "%s: %s: %s; retrying in %.0f s (attempt %d of %d)",
            self.platform,
            where,
            problem,
            wait,
            attempt,
            self.max_retries + 1,
        )
        self.sleep(wait)

    def _error(self, resp: httpx.Response) -> tuple[str | None, str]:
        """The platform's machine-readable error name (XRPC ``error``, X ``title``) and its own
        words about it, short and scrubbed, as `` (...)`` to append to a message."""
        try:
            obj = orjson.loads(resp.content)
        except orjson.JSONDecodeError:
            return None, ""
        if not isinstance(obj, dict):
            return None, ""
        keys = ("title", "error", "detail", "message", "error_description")
        parts = [obj[k] for k in keys if isinstance(obj.get(k), str)]
        errors = obj.get("errors") if isinstance(obj.get("errors"), list) else []
        parts += [
            e["message"]
            for e in errors
            if isinstance(e, dict) and isinstance(e.get("message"), str)
        ]
        code = next((obj[k][:80] for k in ("error", "title") if isinstance(obj.get(k), str)), None)
        text = "; ".join(dict.fromkeys(parts))
        return code, (f" ({self.scrub(text)[:200]})" if text else "")
