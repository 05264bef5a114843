"""What a platform's response headers say about its rate limit: when the window resets, and how
many requests it has left. X and Mastodon say ``x-rate-limit-*``, Bluesky ``ratelimit-*`` (the IETF
draft), anyone ``Retry-After``; the client (http.py) waits by them, through ``sleep_until_reset``
so that the wait is shown where the work's progress is (tasks/progress.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from tasks import progress

PLATFORM_NAMES = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}
"""How the waiting line names a platform (the client's ``platform``), as people write it."""


def reset_at(headers: httpx.Headers, now: datetime) -> datetime | None:
    """When the platform says the current rate-limit window ends, if it says."""
    for name in ("x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset"):
        value = headers.get(name)
        if not value:
            continue
        value = value.strip()
        try:
            number = float(value)
        except ValueError:
            try:  # Mastodon sends an ISO 8601 timestamp
                ts = datetime.fromisoformat(value)
                return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts
            except ValueError:
                continue
        # X and Bluesky send epoch seconds; the IETF draft sends seconds from now.
        if number > 1e9:
            return datetime.fromtimestamp(number, UTC)
        return datetime.fromtimestamp(now.timestamp() + number, UTC)
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return datetime.fromtimestamp(now.timestamp() + float(retry_after), UTC)
        except ValueError:
            try:
                return parsedate_to_datetime(retry_after).astimezone(UTC)
            except (TypeError, ValueError):
                return None
    return None


def remaining(headers: httpx.Headers) -> int | None:
    for name in ("x-rate-limit-remaining", "ratelimit-remaining", "x-ratelimit-remaining"):
        value = headers.get(name)
        if value is not None and value.strip().isdigit():
            return int(value.strip())
    return None


def sleep_until_reset(
    sleep: Callable[[float], None], seconds: float, until: datetime, platform: str
) -> None:
    """``sleep(seconds)`` until the platform's window resets at ``until``, the wait shown with
    its reason and end ("X rate limit: waiting until 14:32:05 UTC (15 min), 120 pages read"):
    a wait can last a quarter of an hour, and a command must not look hung meanwhile."""
    name = PLATFORM_NAMES.get(platform, platform)
    with progress.waiting(f"{name} rate limit", until, seconds):
        sleep(seconds)
