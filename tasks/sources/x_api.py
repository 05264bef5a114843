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
not we get to store it), for this target too: the targets share the cap fairly (state.Budget,
``x_target_floor``). At the cap the connector stops, says so in ``problems`` and leaves the
unfinished queries' marks where they were.

No silent gaps: whatever part of the window a query could not reach (older than the 7 days recent
search serves, cut by the budget, by a refused query or a broken pagination) is named in
``problems`` as ``A → B`` and recorded in ``gaps`` as (start, end, why); the flow then marks the
run ``partial``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx

from config.settings import Settings
from config.targets import Target
from tasks.errors import QueryRejected
from tasks.formats.fields import parse_timestamp
from tasks.pages import RawPage
from tasks.sources.base import span
from tasks.sources.connector import MAX_PAGES, Connector, Pass, Step, StopCollecting, Turn
from tasks.sources.fetched import Fetched
from tasks.sources.http import utcnow
from tasks.sources.state import Mark, at_or_before
from tasks.sources.x_access import x_budget, x_client

log = logging.getLogger("tocsin.sources")

# Everything the mentions schema reads, and what a reader of the evidence needs to make sense of
# a post without asking X again: its author, the posts it replies to or quotes and their authors,
# the accounts it mentions, its edit history, its media (a video's files are its ``variants``).
FIELDS = {
    "tweet.fields": "attachments,author_id,conversation_id,created_at,edit_controls,"
    "edit_history_tweet_ids,entities,id,in_reply_to_user_id,lang,possibly_sensitive,"
    "public_metrics,referenced_tweets,reply_settings,text,withheld",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
    "entities.mentions.username,in_reply_to_user_id,edit_history_tweet_ids,attachments.media_keys",
    "media.fields": "alt_text,duration_ms,height,media_key,preview_image_url,type,url,"
    "variants,width",
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
MIN_PAGE = 10  # X's smallest max_results
# A first run asks recent search from ``now - RECENT`` as the flow saw ``now``; by the time a later
# query runs, the clock moved on (pagination, rate-limit waits). Slivers shorter than this at the
# edge of the 7 days are that drift, not a backfill asking for the past.
CLIP_TOLERANCE = timedelta(minutes=5)
REACH = "older than the 7 days recent search reaches"
OUT_OF_REACH = (
    "is older than the 7 days the recent search reaches: not collected; use "
    'x_search_mode = "all" (Pro or Enterprise access) for this window, or import an export '
    "(tocsin import)"
)


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class XSource(Connector):
    name = "x"
    epoch = ARCHIVE_START

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
        self.mode = settings.sources.x_search_mode
        # Full-archive search allows one request per second on top of its 15-minute window.
        pace = 1.0 if self.mode == "all" else 0.0
        client = x_client(
            settings, token, sleep=sleep, clock=clock, transport=transport, min_interval=pace
        )
        super().__init__(target, settings, client=client, clock=clock)
        self.budget = x_budget(settings, target.name, clock)

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return (now - RECENT if self.mode == "recent" else ARCHIVE_START), now

    def query_window(self, key: str = "") -> tuple[datetime, datetime]:
        """The part of the pass's window query ``key`` answers for, at the current clock: a
        search in recent mode answers for the last 7 days only (what lies before is named
        apart), the quote-tweets endpoint for the whole window."""
        now = self.clock()
        start, end = self.window
        lo = start if start is not None else self.available(now)[0]
        if self.mode == "recent" and not key.startswith("quotes:"):
            lo = max(lo, self.available(now)[0])
        hi = end if end is not None and end < now else now
        return lo, max(lo, hi)

    # -- the queries -------------------------------------------------------------------------

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        self.begin(start, end)
        handle = target.handles.x
        if handle and not _HANDLE.match(handle):
            self.problems.append(f"x: target {target.name!r}: {handle!r} is not an X username")
            handle = None
        watched = sorted(i for i in target.watched_ids("x") if i.isdigit())
        # The target's own posts are not posts about them: a conversation search would return
        # the root when it is theirs, and their own replies in it.
        mine = f" -from:{handle}" if handle else ""
        steps: list[Step] = []

        def search(key: str, query: str) -> None:
            steps.append((key, partial(self._search, key, query, start, end)))

        if handle:
            search("mentions", f"@{handle}{mine}")
        for wid in watched:
            search(f"conversation:{wid}", f"conversation_id:{wid}{mine}")
        for wid in watched:
            steps.append((f"quotes:{wid}", partial(self._quotes, wid, start, end)))
            if self.settings.sources.x_quote_search:
                search(f"quote-search:{wid}", f"quotes_of_tweet_id:{wid}{mine}")
        if handle:
            search("profile-links", f'(url:"x.com/{handle}" OR url:"twitter.com/{handle}"){mine}')
        if self.settings.sources.x_own_posts and (handle or target.handles.x_user_id):
            own = partial(self._own_conversations, target, handle, mine, set(watched), start, end)
            steps.append(("own-posts", own))
        yield from self.run(steps)

    def stopped(self, stop: StopCollecting, left: list[str]) -> None:
        """The monthly budget is spent: name what each query left will not collect this run."""
        missing = []
        for k in left:
            a, b = self.query_window(k)
            if k == left[0] and stop.key is not None and stop.lo is not None:
                # Cut midway: what it read runs from the window's end down to its oldest post,
                # so the hole is below that.
                a, b, k = stop.lo, stop.hi or b, stop.key
            missing.append(f"{k} ({self.gap(a, b, f'monthly read budget reached: {k}')})")
        message = (
            f"x: monthly read budget reached: {self.budget.describe()}; collection stopped; "
            f"not collected this run: {', '.join(missing)}; raise the cap or wait for next month"
        )
        log.error("%s", message)
        self.problems.append(message)

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
                    self.refused(key, exc)

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
                missing = self.gap(*self.query_window(), "own posts skipped: no X account")
                self.problems.append(
                    f"x: no X account found for @{handle}; own posts skipped, the replies to "
                    f"them not collected: {missing}"
                )
                return []
        self._check_budget()
        params = {
            "max_results": str(max(5, self.settings.sources.x_own_posts)),
            "exclude": "retweets,replies",
            "tweet.fields": "created_at,conversation_id",
        }
        fetched = self.client.get(f"/2/users/{user_id}/tweets", params)
        posts = _tweets(fetched)
        self.budget.spend(len(posts))
        yield self.client.page(fetched, fmt="x-context", extra={"query": "own-posts"})
        ids = [t["id"] for t in posts if isinstance(t.get("id"), str) and t["id"].isdigit()]
        return ids[: self.settings.sources.x_own_posts]

    def _search(
        self, key: str, query: str, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        now = self.clock()
        earliest = self.available(now)[0]
        mark = self.progress.get(key)
        params = {"query": query, **FIELDS}
        polling = mark is not None and mark.since is not None and mark.continues(start, end)
        # Where this pass must reach back to: the window's start; nothing when it resumes from
        # the mark (the passes before it saw the rest); resuming a mark that recent search can no
        # longer continue, where that mark's pass stopped.
        wanted = None if polling else start
        if polling and self.mode == "recent" and mark is not None and mark.covered_until < earliest:
            polling = False
            wanted = mark.covered_until if start is None else max(start, mark.covered_until)
        bounded = end is not None and end < now - END_TIME_MARGIN
        covered = end if bounded and end is not None else now
        if self.mode == "recent" and wanted is not None and wanted < earliest - CLIP_TOLERANCE:
            self._out_of_reach(key, wanted, min(covered, earliest))
        if polling and mark is not None and mark.since is not None:
            params["since_id"] = mark.since
            lo = mark.covered_until
        else:
            first = (
                max(start, earliest)
                if start is not None
                else (earliest if self.mode == "recent" else None)
            )
            if first is not None:
                params["start_time"] = _iso(first)
            lo = first or ARCHIVE_START
        if bounded and end is not None:
            params["end_time"] = _iso(end)
            if lo >= end:
                return  # a window wholly before what this endpoint can reach (named above)
        yield from self._paginate(
            key, "/2/tweets/search/" + self.mode, params, "next_token", None, mark, covered, lo
        )

    def _out_of_reach(self, key: str, lo: datetime, hi: datetime) -> None:
        """Name [lo, hi) once per run, however many queries it clips: a later query's clock
        has moved on a little, so its clip may end a few seconds later; the gap grows to it."""
        for i, (a, b, why) in enumerate(self.gaps):
            if why == REACH and a == lo and abs(hi - b) <= CLIP_TOLERANCE:
                if hi > b:
                    self.gaps[i] = (a, hi, why)
                    old = f"x: {span(a, b)} {OUT_OF_REACH}"
                    self.problems = [
                        f"x: {span(a, hi)} {OUT_OF_REACH}" if p == old else p for p in self.problems
                    ]
                return
        missing = self.gap(lo, hi, REACH)
        message = f"x: {missing} {OUT_OF_REACH}"
        log.warning("%s", message)
        self.problems.append(message)

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

        now = self.clock()
        yield from self._paginate(
            key,
            f"/2/tweets/{wid}/quote_tweets",
            dict(FIELDS),
            "pagination_token",
            reached_known,
            mark,
            now,
            mark.covered_until if polling and mark is not None else (start or ARCHIVE_START),
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
        lo: datetime,
    ) -> Iterator[RawPage]:
        """Pages newest first, from ``covered`` back to ``lo``; a pass cut short names the hole
        from ``lo`` to the oldest post it saw."""
        run = Pass(self, key, lo, covered, mark)

        def fetch(token: str | None) -> tuple[RawPage, Fetched]:
            if self._spent():
                raise StopCollecting(key, lo, max(lo, run.oldest or covered))
            page_params = {**params, "max_results": str(self._page_size())}
            if token:
                page_params[token_name] = token
            fetched = self.client.get(path, page_params)
            # X bills every post it returns, stored or not: counted as soon as it arrives.
            self.budget.spend(len(_tweets(fetched)) + len(_included_tweets(fetched)))
            return self.client.page(fetched, fmt="auto", extra={"query": key}), fetched

        def read(fetched: Fetched) -> Turn:
            obj = fetched.json()
            if not isinstance(obj, dict):
                return Turn(None, _order)
            tweets = _tweets(fetched)
            meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
            token = meta.get("next_token") if isinstance(meta.get("next_token"), str) else None
            return Turn(tweets, _order, token or None, stop is not None and stop(tweets))

        yield from run.walk(
            fetch,
            read,
            limit=MAX_PAGES,
            covered=covered,
            malformed=(
                "a page was not a JSON object (kept, and quarantined); pagination stopped and "
                "the query's mark is kept",
                "a page was not JSON",
            ),
            repeated=("the API repeated a page token; stopped", "repeated page token"),
        )

    def _page_size(self) -> int:
        # X's minimum page is 10 posts: near the cap a page may overshoot it by at most 9.
        return max(MIN_PAGE, min(self.settings.sources.x_page_size, self.budget.remaining()))

    def _spent(self) -> bool:
        left = self.budget.remaining()
        # X's smallest page is 10 posts: when other targets' floors are held back, a page that
        # could overshoot into them is not asked for (alone, the cap may be overshot by 9).
        return left <= 0 or (left < MIN_PAGE and self.budget.held_back() > 0)

    def _check_budget(self) -> None:
        if self._spent():
            raise StopCollecting()


def _order(tweet: dict[str, Any]) -> tuple[Any, Any]:
    ident = tweet.get("id")
    return (ident if isinstance(ident, str) and ident.isdigit() else None), tweet.get("created_at")


def _tweets(fetched: Fetched) -> list[dict[str, Any]]:
    obj = fetched.json()
    data = obj.get("data") if isinstance(obj, dict) else None
    return [t for t in data if isinstance(t, dict)] if isinstance(data, list) else []


def _included_tweets(fetched: Fetched) -> list[Any]:
    obj = fetched.json()
    includes = obj.get("includes") if isinstance(obj, dict) else None
    tweets = includes.get("tweets") if isinstance(includes, dict) else None
    return tweets if isinstance(tweets, list) else []
