"""X API v2 connector (app bearer token).

Per target, in this order (the most telling first, in case the monthly budget runs out):
  mentions        search ``@handle``
  conversation:ID search ``conversation_id:ID`` for each watched post: every reply in its thread,
                  including those that never name the target
  quotes:ID       the quote-tweets endpoint of each watched post (and, with x_quote_search, a
                  ``quotes_of_tweet_id:ID`` search, which only some access levels allow)
  profile-links   search ``url:"x.com/handle" OR url:"twitter.com/handle"``
  conversation:ID the same for the target's own most recent posts (x_own_posts), looked up with
                  the user-tweets endpoint (pages kept as ``x-context``: they are not mentions)

Search is ``/2/tweets/search/recent`` (7 days) or ``/all`` (full archive) by ``x_search_mode``.
Each search resumes from its own ``since_id`` when the window continues the last complete pass
(state.Mark.continues), else searches the window by ``start_time``/``end_time``. Every page read
is counted against ``x_monthly_read_cap`` as soon as it arrives (X bills per post read, whether or
not we get to store it); at the cap the connector stops, says so in ``problems`` and leaves the
unfinished queries' marks where they were.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from config.settings import Settings
from config.targets import Target
from tasks.errors import QueryRejected
from tasks.formats.fields import parse_timestamp
from tasks.sources.base import RawPage
from tasks.sources.http import Client, Fetched, utcnow
from tasks.sources.state import Budget, Mark, Progress, at_or_before, newer

log = logging.getLogger("tocsin.sources")

# Everything the mentions schema reads, and what a reader of the evidence needs to make sense of
# a post without asking X again: its author, the posts it replies to or quotes and their authors,
# the accounts it mentions, its edit history.
FIELDS = {
    "tweet.fields": "attachments,author_id,conversation_id,created_at,edit_controls,"
    "edit_history_tweet_ids,entities,id,in_reply_to_user_id,lang,possibly_sensitive,"
    "public_metrics,referenced_tweets,reply_settings,text,withheld",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
    "entities.mentions.username,in_reply_to_user_id,edit_history_tweet_ids",
    "user.fields": "created_at,description,id,location,name,protected,public_metrics,url,"
    "username,verified,withheld",
}
# Recent search refuses a start_time or since_id older than 7 days: keep a margin for the clock.
RECENT = timedelta(days=7) - timedelta(minutes=2)
# X launched on 2006-03-21: the full archive starts there.
ARCHIVE_START = datetime(2006, 3, 21, tzinfo=UTC)
# X refuses an end_time less than 10 seconds before the request.
END_TIME_MARGIN = timedelta(seconds=30)
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
MAX_PAGES = 10_000  # a server that keeps handing out tokens must not keep us forever


class _Stop(Exception):
    """The monthly budget is spent: no more requests in this run."""


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class XSource:
    name = "x"

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
        self.settings, self.clock = settings, clock
        self.mode = settings.x_search_mode
        self.client = Client.for_settings(
            settings,
            platform="x",
            base_url=settings.x_base_url,
            base_url_setting="TOCSIN_X_BASE_URL",
            sleep=sleep,
            clock=clock,
            # Full-archive search allows one request per second on top of its 15-minute window.
            min_interval=1.0 if self.mode == "all" else 0.0,
            transport=transport,
        )
        self.client.authorize(
            f"Bearer {token}", "TOCSIN_X_BEARER_TOKEN (the X API bearer token)", token
        )
        self.budget = Budget(settings.data_dir, "x", settings.x_monthly_read_cap, clock)
        self.progress = Progress(settings.data_dir, target.name, self.name)
        self.problems: list[str] = []

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return (now - RECENT if self.mode == "recent" else ARCHIVE_START), now

    def checkpoint(self, root: Path) -> None:
        """Persist the marks of the queries whose every page was yielded (and, the flow
        promises, stored)."""
        self.progress.checkpoint(root)

    # -- the queries -------------------------------------------------------------------------

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        self.problems = []
        handle = target.handles.x
        if handle and not _HANDLE.match(handle):
            self.problems.append(f"x: target {target.name!r}: {handle!r} is not an X username")
            handle = None
        watched = sorted(i for i in target.watched_ids("x") if i.isdigit())
        # The target's own posts are not posts about them: a conversation search would return
        # the root when it is theirs, and their own replies in it.
        mine = f" -from:{handle}" if handle else ""
        steps: list[tuple[str, Callable[[], Iterator[RawPage]]]] = []

        def search(key: str, query: str) -> None:
            steps.append((key, partial(self._search, key, query, start, end)))

        if handle:
            search("mentions", f"@{handle}{mine}")
        for wid in watched:
            search(f"conversation:{wid}", f"conversation_id:{wid}{mine}")
        for wid in watched:
            steps.append((f"quotes:{wid}", partial(self._quotes, wid, start, end)))
            if self.settings.x_quote_search:
                search(f"quote-search:{wid}", f"quotes_of_tweet_id:{wid}{mine}")
        if handle:
            search("profile-links", f'(url:"x.com/{handle}" OR url:"twitter.com/{handle}"){mine}')
        if self.settings.x_own_posts and (handle or target.handles.x_user_id):
            own = partial(self._own_conversations, target, handle, mine, set(watched), start, end)
            steps.append(("own-posts", own))
        for i, (key, run) in enumerate(steps):
            try:
                yield from run()
            except QueryRejected as exc:
                # One refused query (an operator the access level lacks, a deleted post) must
                # not cost the others; the flow reports it from ``problems``.
                self.problems.append(f"x: query {key!r} failed, its mark is kept: {exc}")
            except _Stop:
                left = ", ".join(k for k, _ in steps[i:])
                message = (
                    f"x: monthly read budget reached: {self.budget.used()} of "
                    f"{self.budget.cap} posts read in {self.budget.month()} (x_monthly_read_cap); "
                    f"collection stopped; not collected this run: {left}; raise the cap or wait "
                    "for next month"
                )
                log.error("%s", message)
                self.problems.append(message)
                return

    def _own_conversations(
        self,
        target: Target,
        handle: str | None,
        mine: str,
        watched: set[str],
        start: datetime | None,
        end: datetime | None,
    ) -> Iterator[RawPage]:
        own = yield from self._own_posts(target, handle)
        for pid in own:
            if pid not in watched:
                key = f"conversation:{pid}"
                try:
                    yield from self._search(key, f"conversation_id:{pid}{mine}", start, end)
                except QueryRejected as exc:
                    self.problems.append(f"x: query {key!r} failed, its mark is kept: {exc}")

    def _own_posts(self, target: Target, handle: str | None) -> Generator[RawPage, None, list[str]]:
        user_id = target.handles.x_user_id
        if not (user_id and user_id.isdigit()):
            fetched = self.client.get(
                f"/2/users/by/username/{handle}", {"user.fields": "created_at,public_metrics"}
            )
            yield self.client.page(fetched, fmt="x-context", extra={"query": "own-posts"})
            obj = fetched.json()
            data = obj.get("data") if isinstance(obj, dict) else None
            user_id = data.get("id") if isinstance(data, dict) else None
            if not (isinstance(user_id, str) and user_id.isdigit()):
                self.problems.append(f"x: no X account found for @{handle}; own posts skipped")
                return []
        self._check_budget()
        params = {
            "max_results": str(max(5, self.settings.x_own_posts)),
            "exclude": "retweets,replies",
            "tweet.fields": "created_at,conversation_id",
        }
        fetched = self.client.get(f"/2/users/{user_id}/tweets", params)
        posts = _tweets(fetched)
        self.budget.spend(len(posts))
        yield self.client.page(fetched, fmt="x-context", extra={"query": "own-posts"})
        ids = [t["id"] for t in posts if isinstance(t.get("id"), str) and t["id"].isdigit()]
        return ids[: self.settings.x_own_posts]

    def _search(
        self, key: str, query: str, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        now = self.clock()
        earliest = self.available(now)[0]
        mark = self.progress.get(key)
        params = {"query": query, **FIELDS}
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        if polling and self.mode == "recent" and mark is not None and mark.covered_until < earliest:
            polling = False
            self.problems.append(
                f"x: query {key!r}: the last complete pass was on {mark.covered_until:%Y-%m-%d}, "
                f"more than 7 days ago: posts before {earliest:%Y-%m-%d %H:%M} UTC are out of "
                'reach of recent search (use x_search_mode = "all" and a backfill)'
            )
        if polling and mark is not None and mark.since is not None:
            params["since_id"] = mark.since
        else:
            first = (
                max(start, earliest)
                if start is not None
                else (earliest if self.mode == "recent" else None)
            )
            if first is not None:
                params["start_time"] = _iso(first)
        covered = now
        if end is not None and end < now - END_TIME_MARGIN:
            params["end_time"] = _iso(end)
            covered = end
            if "start_time" in params and parse_timestamp(params["start_time"]) >= end:
                return  # a window wholly before what this endpoint can reach
        yield from self._paginate(
            key, "/2/tweets/search/" + self.mode, params, "next_token", None, mark, covered
        )

    def _quotes(self, wid: str, start: datetime | None, end: datetime | None) -> Iterator[RawPage]:
        key = f"quotes:{wid}"
        mark = self.progress.get(key)
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        since = mark.since if polling and mark is not None else None

        def reached_known(tweets: list[dict[str, Any]]) -> bool:
            # The endpoint has no since_id: pages come newest first, so stop at what the last
            # complete pass saw (or, searching a window, at the window's start).
            for t in tweets:
                if (
                    since is not None
                    and isinstance(t.get("id"), str)
                    and at_or_before(t["id"], since)
                ):
                    return True
                created = t.get("created_at")
                if since is None and start is not None and isinstance(created, str):
                    try:
                        if parse_timestamp(created) < start:
                            return True
                    except ValueError:
                        continue
            return False

        yield from self._paginate(
            key,
            f"/2/tweets/{wid}/quote_tweets",
            dict(FIELDS),
            "pagination_token",
            reached_known,
            mark,
            self.clock(),
        )

    def _paginate(
        self,
        key: str,
        path: str,
        params: dict[str, str],
        token_name: str,
        stop: Callable[[list[dict[str, Any]]], bool] | None,
        mark: Mark | None,
        covered: datetime,
    ) -> Iterator[RawPage]:
        newest: str | None = None
        token: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            self._check_budget()
            page_params = {**params, "max_results": str(self._page_size())}
            if token:
                page_params[token_name] = token
            fetched = self.client.get(path, page_params)
            tweets = _tweets(fetched)
            self.budget.spend(len(tweets) + len(_included_tweets(fetched)))
            yield self.client.page(fetched, fmt="auto", extra={"query": key})
            obj = fetched.json()
            if not isinstance(obj, dict):
                self.problems.append(
                    f"x: query {key!r}: a page was not a JSON object (kept, and quarantined); "
                    "pagination stopped and the query's mark is kept"
                )
                return
            for t in tweets:
                if isinstance(t.get("id"), str) and t["id"].isdigit():
                    newest = newer(newest, t["id"])
            if stop is not None and stop(tweets):
                break
            meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
            token = meta.get("next_token") if isinstance(meta.get("next_token"), str) else None
            if not token:
                break
            if token in seen:
                self.problems.append(f"x: query {key!r}: the API repeated a page token; stopped")
                return
            seen.add(token)
        else:
            self.problems.append(f"x: query {key!r}: more than {MAX_PAGES} pages; stopped")
            return
        # Reached only when the consumer came back for more after the last page: every page of
        # this pass was yielded, so the pass left no hole below the newest post it saw.
        self.progress.complete(key, Mark(newer(newest, mark.since if mark else None), covered))

    def _page_size(self) -> int:
        # X's minimum page is 10 posts: near the cap a page may overshoot it by at most 9.
        return max(10, min(self.settings.x_page_size, self.budget.remaining()))

    def _check_budget(self) -> None:
        if self.budget.remaining() <= 0:
            raise _Stop()


def _tweets(fetched: Fetched) -> list[dict[str, Any]]:
    obj = fetched.json()
    data = obj.get("data") if isinstance(obj, dict) else None
    return [t for t in data if isinstance(t, dict)] if isinstance(data, list) else []


def _included_tweets(fetched: Fetched) -> list[Any]:
    obj = fetched.json()
    includes = obj.get("includes") if isinstance(obj, dict) else None
    tweets = includes.get("tweets") if isinstance(includes, dict) else None
    return tweets if isinstance(tweets, list) else []
