"""What a platform's response headers say about its rate limit: when the window resets, and how
many requests it has left. X and Mastodon say ``x-rate-limit-*``, Bluesky ``ratelimit-*`` (the IETF
draft), anyone ``Retry-After``; the client (http.py) waits by them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx


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
