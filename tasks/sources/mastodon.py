"""Mastodon connector (access token, any instance).

Per target:
  account         GET /api/v1/accounts/verify_credentials: whose token this is. Notifications
                  are read only when it is the target's own account (handles.mastodon), or
                  another account's mentions would be filed under this target.
  notifications   GET /api/v1/notifications?types[]=mention&types[]=quote, newest first,
                  following the Link header's rel="next"
  context:ID      GET /api/v1/statuses/ID/context for each watched status: its replies, at any
                  depth, including those that never name the target (whole, every run)
  quotes:ID       GET /api/v1/statuses/ID/quotes (Mastodon 4.5+; an instance without it answers
                  404, which is noted, not an error)

Watched status ids are ids *on the configured instance* (each instance numbers the statuses it
knows in its own way). Pages come newest first, so a query's mark (the newest id it saw) moves
only when its pagination reached what the previous pass saw, or the window's start.

Reach: notifications and quotes page back as far as the instance keeps them. A pass cut short
(more than MAX_PAGES pages, a page that is not a list, a refused query) names the span it did not
reach in ``problems`` and ``gaps``; a thread's context is capped by Mastodon at 4,096 replies
(CONTEXT_LIMIT), said in ``problems`` when an answer reaches it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from config.settings import Settings
from config.targets import Target
from tasks.errors import QueryRejected, SourceUnavailable
from tasks.formats.fields import parse_timestamp
from tasks.formats.mastodon import instance_origin
from tasks.pages import RawPage
from tasks.sources.base import bounds
from tasks.sources.connector import MAX_PAGES, Connector, Pass, Step, Turn
from tasks.sources.fetched import Fetched
from tasks.sources.http import Params, utcnow
from tasks.sources.state import at_or_before

log = logging.getLogger("tocsin.sources")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Mastodon's first release: an open window's start, "everything before" in a gap.
EPOCH = datetime(2016, 3, 16, tzinfo=UTC)
# The most replies GET /statuses/:id/context returns to a logged-in caller (Mastodon 4.x,
# Api::V1::StatusesController::CONTEXT_LIMIT); the API has no pagination past it.
CONTEXT_LIMIT = 4_096


def instance_url(settings: Settings, target: Target) -> str | None:
    """The configured instance, else the one in the target's handle (user@instance)."""
    if settings.sources.mastodon_url:
        return instance_origin(
            settings.sources.mastodon_url
        ) or settings.sources.mastodon_url.rstrip("/")
    handle = target.handles.mastodon
    if handle and "@" in handle:
        host = handle.rsplit("@", 1)[1]
        if re.fullmatch(r"[A-Za-z0-9.-]+", host):
            return f"https://{host.lower()}"
    return None


class MastodonSource(Connector):
    name = "mastodon"
    epoch = EPOCH
    base_url_setting = "TOCSIN_MASTODON_URL"

    def __init__(
        self,
        target: Target,
        settings: Settings,
        token: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utcnow,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        instance = instance_url(settings, target)
        if instance is None:
            raise SourceUnavailable(
                f"target {target.name!r}: source 'mastodon' needs the instance: set "
                "TOCSIN_MASTODON_URL or give the target a handle user@instance"
            )
        self.instance = instance
        super().__init__(
            target, settings, base_url=instance, sleep=sleep, clock=clock, transport=transport
        )
        self.client.authorize(
            f"Bearer {token}", "TOCSIN_MASTODON_TOKEN (the Mastodon access token)", token
        )

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return now - timedelta(days=self.settings.sources.first_run_days), now

    def _page(self, fetched: Any, fmt: str, query: str) -> RawPage:
        return self.client.page(fetched, fmt=fmt, extra={"query": query, "instance": self.instance})

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        self.begin(start, end)
        watched = sorted(i for i in target.watched_ids("mastodon") if _ID.match(i))
        steps: list[Step] = [
            ("notifications", partial(self._notifications, target, start, end)),
        ]
        for wid in watched:
            steps.append((f"context:{wid}", partial(self._context, wid)))
        for wid in watched:
            steps.append((f"quotes:{wid}", partial(self._quotes, wid, start, end)))
        yield from self.run(steps)

    def _notifications(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        handle = (target.handles.mastodon or "").lower()
        if not handle:
            self.problems.append(
                f"mastodon: target {target.name!r} has no Mastodon handle: its notifications "
                "cannot be told from another account's; only watched statuses are collected; "
                "mentions not collected: " + self.whole("notifications skipped: no handle")
            )
            return
        fetched = self.client.get("/api/v1/accounts/verify_credentials")
        yield self._page(fetched, "mastodon-account", "account")
        account = fetched.json() if isinstance(fetched.json(), dict) else {}
        if not self._is_target(account, handle):
            self.problems.append(
                f"mastodon: the token belongs to @{account.get('acct', '?')} on {self.instance}, "
                f"not to the target's @{handle}: notifications skipped (give the target its own "
                "token: secret_blocks.mastodon_token); mentions not collected: "
                + self.whole("notifications skipped: another account's token")
            )
            return
        params: Params = [("types[]", "mention"), ("types[]", "quote"), ("limit", "80")]
        yield from self._paginate(
            "notifications",
            "/api/v1/notifications",
            params,
            "mastodon-notifications",
            start,
            end,
        )

    def _is_target(self, account: dict[str, Any], handle: str) -> bool:
        """Whether the token's account is ``user@domain``: same user name, and the domain is the
        instance's, or the one its profile URL lives on (an instance may serve its accounts
        under another domain than its own)."""
        user, _, domain = handle.partition("@")
        if str(account.get("acct", "")).lower() != user:
            return False
        profile = urlsplit(str(account.get("url", ""))).hostname
        return domain in {urlsplit(self.instance).hostname, profile}

    def _context(self, wid: str) -> Iterator[RawPage]:
        # Not paginated: the whole thread under the status in one answer.
        fetched = self.client.get(f"/api/v1/statuses/{quote(wid)}/context")
        yield self._page(fetched, "mastodon-context", f"context:{wid}")
        obj = fetched.json()
        replies = obj.get("descendants") if isinstance(obj, dict) else None
        if isinstance(replies, list) and len(replies) >= CONTEXT_LIMIT:
            self.problems.append(
                f"mastodon: query 'context:{wid}': the instance returned {len(replies)} replies, "
                f"the most Mastodon gives ({CONTEXT_LIMIT}): replies beyond them are not "
                "collected (the API cannot page past them)"
            )

    def _quotes(self, wid: str, start: datetime | None, end: datetime | None) -> Iterator[RawPage]:
        try:
            yield from self._paginate(
                f"quotes:{wid}",
                f"/api/v1/statuses/{quote(wid)}/quotes",
                {"limit": "40"},
                "mastodon-statuses",
                start,
                end,
            )
        except QueryRejected as exc:
            if exc.status != 404:
                raise
            log.info(
                "mastodon: %s has no quotes endpoint (before 4.5); quotes skipped", self.instance
            )

    def _paginate(
        self,
        key: str,
        path: str,
        params: Params,
        fmt: str,
        start: datetime | None,
        end: datetime | None,
    ) -> Iterator[RawPage]:
        mark = self.progress.get(key)
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        since = mark.since if polling and mark is not None else None
        first_request = self.clock()
        if since is not None:
            params = [
                *(params.items() if isinstance(params, dict) else params),
                ("since_id", since),
            ]
        lo, hi = bounds(
            mark.covered_until if since is not None and mark is not None else start,
            end,
            first_request,
            EPOCH,
        )

        def fetch(url: str | None) -> tuple[RawPage, Fetched]:
            # The next link carries the page's max_id; drop our parameters, it has its own.
            fetched = self.client.get(url or path, None if url else params)
            return self._page(fetched, fmt, key), fetched

        def read(fetched: Fetched) -> Turn:
            items = fetched.json()
            if not isinstance(items, list):
                return Turn(None, _order)
            done = not items or self._reached(items, since, start)
            mine = [i for i in items if isinstance(i, dict)]
            return Turn(mine, _order, fetched.links.get("next"), done)

        # Pages come newest first: what a pass cut short did not reach lies below its oldest item.
        yield from Pass(self, key, lo, hi, mark).walk(
            fetch,
            read,
            limit=MAX_PAGES,
            covered=first_request,
            malformed=(
                "a page was not a JSON list (kept, and quarantined); pagination stopped and the "
                "query's mark is kept",
                "a page was not a list",
            ),
        )

    @staticmethod
    def _reached(items: list[Any], since: str | None, start: datetime | None) -> bool:
        """Whether this page goes back to what the last pass saw, or before the window."""
        for item in items:
            if not isinstance(item, dict):
                continue
            if since is not None and isinstance(item.get("id"), str):
                if at_or_before(item["id"], since):
                    return True
            elif since is None and start is not None and isinstance(item.get("created_at"), str):
                try:
                    if parse_timestamp(item["created_at"]) < start:
                        return True
                except ValueError:
                    continue
        return False


def _order(item: dict[str, Any]) -> tuple[Any, Any]:
    return item.get("id"), item.get("created_at")
