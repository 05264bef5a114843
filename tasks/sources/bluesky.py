"""Bluesky / AT Protocol connector (handle + app password).

The session comes from com.atproto.server.createSession; its answer holds the access and refresh
tokens, so it is the one response *not* yielded as a page (it is a credential, not evidence); the
tokens join the secrets scrubbed from everything kept. An expired access token is refreshed once
with com.atproto.server.refreshSession. Per target:
  notifications   app.bsky.notification.listNotifications, reasons mention, reply and quote, when
                  the session is the target's own account (else another account's mentions would
                  be filed under this target)
  search-mentions app.bsky.feed.searchPosts q="mentions:<handle>", sort=latest
  thread:URI      app.bsky.feed.getPostThread of each watched post: every reply at any depth
  quotes:URI      app.bsky.feed.getQuotes of each watched post
All paginate with ``cursor``, newest first. Watched posts are ``at://`` URIs.

Reach: a pass cut short (more than MAX_PAGES pages, a repeated cursor, a page without its list, a
refused query) or notifications skipped name the span not collected in ``problems`` and ``gaps``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx

from config.settings import Settings
from config.targets import Target
from tasks.errors import CredentialRejected, QueryRejected
from tasks.formats.bluesky import split_uri
from tasks.formats.fields import parse_timestamp
from tasks.pages import RawPage
from tasks.sources.base import bounds
from tasks.sources.connector import MAX_PAGES, Connector, Pass, Step, Turn
from tasks.sources.fetched import Fetched
from tasks.sources.http import Params, utcnow
from tasks.sources.state import Mark, at_or_before

log = logging.getLogger("tocsin.sources")
CREDENTIALS = "TOCSIN_BLUESKY_HANDLE and TOCSIN_BLUESKY_APP_PASSWORD (use an app password)"
# Bluesky opened (invite-only beta): an open window's start, "everything before" in a gap.
EPOCH = datetime(2023, 2, 17, tzinfo=UTC)
# searchPosts' ``since`` filters on a post's sort time, the earlier of its claimed creation time
# and when the AppView indexed it: a post indexed late sorts before posts we already saw. Ask
# again from a while before the mark; the store drops what we already have.
SEARCH_OVERLAP = timedelta(hours=2)


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class BlueskySource(Connector):
    name = "bluesky"
    epoch = EPOCH
    base_url_setting = "TOCSIN_BLUESKY_URL"

    def __init__(
        self,
        target: Target,
        settings: Settings,
        identifier: str,
        password: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utcnow,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            target,
            settings,
            base_url=settings.sources.bluesky_url,
            sleep=sleep,
            clock=clock,
            transport=transport,
        )
        self.identifier, self._password = identifier, password
        self.client.add_secrets(password)
        self.session: dict[str, str] | None = None

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return now - timedelta(days=self.settings.sources.first_run_days), now

    # -- session -----------------------------------------------------------------------------

    def login(self) -> None:
        """Open a session (com.atproto.server.createSession) with the app password."""
        self.client.authorize(None, CREDENTIALS, self._password)
        try:
            fetched = self.client.post_json(
                "/xrpc/com.atproto.server.createSession",
                {"identifier": self.identifier, "password": self._password},
            )
        except QueryRejected as exc:
            # A wrong password is a 401; a 400 asks for an email code: the account password was
            # given where an app password is needed.
            raise CredentialRejected(f"{exc}: check {CREDENTIALS}") from None
        self._use(fetched)

    def _use(self, fetched: Fetched) -> None:
        obj = fetched.json() if isinstance(fetched.json(), dict) else {}
        access, refresh = obj.get("accessJwt"), obj.get("refreshJwt")
        if not (isinstance(access, str) and isinstance(refresh, str)):
            raise CredentialRejected(
                f"bluesky: the session answer holds no tokens: check {CREDENTIALS}"
            )
        self.client.add_secrets(access, refresh)
        self.client.authorize(f"Bearer {access}", CREDENTIALS, access)
        self.session = {
            "did": str(obj.get("did", "")),
            "handle": str(obj.get("handle", "")).lower(),
            "refresh": refresh,
        }

    def _refresh(self) -> None:
        assert self.session is not None
        log.info("bluesky: access token expired; refreshing the session")
        self.client.authorize(f"Bearer {self.session['refresh']}", CREDENTIALS)
        self._use(self.client.post_json("/xrpc/com.atproto.server.refreshSession", {}))

    def xrpc(self, method: str, params: Params, *, keep: Collection[int] = ()) -> Fetched:
        """GET an XRPC method with the session, refreshing it once when it has expired; a
        refusal whose status is in ``keep`` is returned, not raised (Client.request)."""
        try:
            fetched = self.client.get(f"/xrpc/{method}", params, keep=keep)
        except QueryRejected as exc:
            if exc.code != "ExpiredToken":
                raise
        else:
            answer = fetched.json()
            if fetched.status < 400 or not (
                isinstance(answer, dict) and answer.get("error") == "ExpiredToken"
            ):
                return fetched
        self._refresh()
        return self.client.get(f"/xrpc/{method}", params, keep=keep)

    # -- the queries -------------------------------------------------------------------------

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        self.begin(start, end)
        if self.session is None:
            self.login()
        handle = (target.handles.bluesky or "").lower() or None
        watched = sorted(u for u in target.watched_ids("bluesky") if split_uri(u))
        steps: list[Step] = [
            ("notifications", partial(self._notifications, target, start, end)),
        ]
        if handle:
            params = [("q", f"mentions:{handle}"), ("sort", "latest"), ("limit", "100")]
            steps.append(("search-mentions", partial(self._search, params, start, end)))
        for uri in watched:
            steps.append((f"thread:{uri}", partial(self._thread, uri)))
        for uri in watched:
            key, params = f"quotes:{uri}", [("uri", uri), ("limit", "100")]
            quotes = partial(self._resumable, key, "app.bsky.feed.getQuotes", params, "posts")
            steps.append((key, partial(quotes, "bluesky-posts", start, end)))
        yield from self.run(steps)

    def _notifications(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        assert self.session is not None
        mine = {x.lower() for x in (target.handles.bluesky, target.handles.bluesky_did) if x}
        if not mine & {self.session["handle"], self.session["did"]}:
            self.problems.append(
                f"bluesky: the session is @{self.session['handle']}, not the target's "
                f"{target.handles.bluesky or '(no handle)'}: notifications skipped (give the "
                "target its own app password: secret_blocks.bluesky_app_password); mentions, "
                "replies and quotes not collected from notifications: "
                + self.whole("notifications skipped: another account's session")
            )
            return
        params = [
            ("limit", "100"),
            ("reasons", "mention"),
            ("reasons", "reply"),
            ("reasons", "quote"),
        ]
        yield from self._resumable(
            "notifications",
            "app.bsky.notification.listNotifications",
            params,
            "notifications",
            "bluesky-notifications",
            start,
            end,
        )

    def _search(
        self, params: list[tuple[str, str]], start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        mark = self.progress.get("search-mentions")
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        if polling and mark is not None and mark.since is not None:
            since = parse_timestamp(mark.since) - SEARCH_OVERLAP
            params = [*params, ("since", _iso(since))]
        elif start is not None:
            params = [*params, ("since", _iso(start))]
        if end is not None and end < self.clock():
            params = [*params, ("until", _iso(end))]
        # ``since`` already bounds the search: paginate to the end rather than stop early.
        yield from self._paginate(
            "search-mentions",
            "app.bsky.feed.searchPosts",
            params,
            "posts",
            "bluesky-posts",
            mark=mark,
            stop_since=None,
            stop_start=None,
        )

    def _thread(self, uri: str) -> Iterator[RawPage]:
        # Not paginated: every reply at any depth in one answer (1000 is the largest depth).
        fetched = self.xrpc(
            "app.bsky.feed.getPostThread", [("uri", uri), ("depth", "1000"), ("parentHeight", "0")]
        )
        yield self.client.page(fetched, fmt="bluesky-thread", extra={"query": f"thread:{uri}"})

    def _resumable(
        self,
        key: str,
        method: str,
        params: list[tuple[str, str]],
        items_key: str,
        fmt: str,
        start: datetime | None,
        end: datetime | None,
    ) -> Iterator[RawPage]:
        """An endpoint without a ``since`` parameter: page back until what the last complete
        pass saw (when this window continues it) or until the window's start."""
        mark = self.progress.get(key)
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        yield from self._paginate(
            key,
            method,
            params,
            items_key,
            fmt,
            mark=mark,
            stop_since=mark.since if polling and mark is not None else None,
            stop_start=None if polling else start,
        )

    def _paginate(
        self,
        key: str,
        method: str,
        params: list[tuple[str, str]],
        items_key: str,
        fmt: str,
        *,
        mark: Mark | None,
        stop_since: str | None,
        stop_start: datetime | None,
    ) -> Iterator[RawPage]:
        first_request = self.clock()
        start, end = self.window
        polling = stop_since is not None and mark is not None
        lo, hi = bounds(
            mark.covered_until if polling and mark is not None else start, end, first_request, EPOCH
        )

        def fetch(cursor: str | None) -> tuple[RawPage, Fetched]:
            fetched = self.xrpc(method, params + ([("cursor", cursor)] if cursor else []))
            return self.client.page(fetched, fmt=fmt, extra={"query": key}), fetched

        def read(fetched: Fetched) -> Turn:
            obj = fetched.json()
            items = obj.get(items_key) if isinstance(obj, dict) else None
            if not isinstance(items, list):
                return Turn(None, _order)
            cursor = obj.get("cursor") if isinstance(obj.get("cursor"), str) else None
            done = not items or self._reached(items, stop_since, stop_start)
            return Turn([i for i in items if isinstance(i, dict)], _order, cursor, done)

        # Pages come newest first: what a pass cut short did not reach lies below its oldest item.
        yield from Pass(self, key, lo, hi, mark).walk(
            fetch,
            read,
            limit=MAX_PAGES,
            covered=first_request,
            malformed=(
                f"a page holds no {items_key} list (kept, and quarantined); pagination stopped "
                "and the query's mark is kept",
                f"a page without {items_key}",
            ),
            repeated=("the server repeated a cursor; stopped", "repeated cursor"),
        )

    @staticmethod
    def _reached(items: list[Any], since: str | None, start: datetime | None) -> bool:
        for item in items:
            stamp = item.get("indexedAt") if isinstance(item, dict) else None
            if not isinstance(stamp, str):
                continue
            try:
                if since is not None and at_or_before(stamp, since):
                    return True
                if since is None and start is not None and parse_timestamp(stamp) < start:
                    return True
            except ValueError:
                continue
        return False


def _order(item: dict[str, Any]) -> tuple[Any, Any]:
    # The AppView's index time orders the items and dates them.
    return item.get("indexedAt"), item.get("indexedAt")
