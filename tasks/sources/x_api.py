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
from pathlib import Path
from typing import Any

import httpx

from config.settings import Settings
from config.targets import Target, load_targets
from tasks.errors import ConfigError, QueryRejected
from tasks.formats.fields import parse_timestamp
from tasks.sources.base import Gap, RawPage, span
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
MIN_PAGE = 10  # X's smallest max_results
MAX_PAGES = 10_000  # a server that keeps handing out tokens must not keep us forever
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


class _Stop(Exception):
    """The monthly budget is spent: no more requests in this run. ``key`` is the query cut
    short, ``lo``..``hi`` what of its window it did not reach (pages come newest first)."""

    def __init__(
        self, key: str | None = None, lo: datetime | None = None, hi: datetime | None = None
    ) -> None:
        super().__init__(key)
        self.key, self.lo, self.hi = key, lo, hi


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def x_sharers(settings: Settings) -> list[str]:
    """The targets that share the X read budget: those of the targets file with an X source."""
    try:
        targets = load_targets(settings.targets_file)
    except ConfigError:  # the flow has refused to start already; a lone source shares with none
        return []
    return [t.name for t in targets.values() if "x" in t.sources]


def x_budget(settings: Settings, target: str, clock: Callable[[], datetime]) -> Budget:
    """``target``'s share of the monthly X read cap (collection and recheck lookups alike)."""
    return Budget(
        settings.data_dir,
        "x",
        settings.x_monthly_read_cap,
        clock,
        target=target,
        sharers=x_sharers(settings),
        floor=settings.x_target_floor,
    )


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
        self.budget = x_budget(settings, target.name, clock)
        self.progress = Progress(settings.data_dir, target.name, self.name)
        self.problems: list[str] = []
        self.gaps: list[Gap] = []
        """What of the last ``pages`` window was not collected: (start, end, why)."""

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return (now - RECENT if self.mode == "recent" else ARCHIVE_START), now

    def _gap(self, lo: datetime, hi: datetime, why: str) -> str:
        """Record [lo, hi) as not collected; the span as the problem sentences write it."""
        self.gaps.append((lo, hi, why))
        return span(lo, hi)

    def _window(
        self, start: datetime | None, end: datetime | None, key: str = ""
    ) -> tuple[datetime, datetime]:
        """The part of [start, end) query ``key`` answers for, at the current clock: a search
        in recent mode answers for the last 7 days only (what lies before is named apart), the
        quote-tweets endpoint for the whole window."""
        now = self.clock()
        lo = start if start is not None else self.available(now)[0]
        if self.mode == "recent" and not key.startswith("quotes:"):
            lo = max(lo, self.available(now)[0])
        hi = end if end is not None and end < now else now
        return lo, max(lo, hi)

    def checkpoint(self, root: Path) -> None:
        """Persist the marks of the queries whose every page was yielded (and, the flow
        promises, stored)."""
        self.progress.checkpoint(root)

    # -- the queries -------------------------------------------------------------------------

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        self.problems, self.gaps = [], []
        self._asked = (start, end)
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
                lo, hi = self._window(start, end, key)
                missing = self._gap(lo, hi, f"query {key} refused")
                self.problems.append(
                    f"x: query {key!r} failed, its mark is kept: {exc}; not collected: {missing}"
                )
            except _Stop as stop:
                left = []
                for k, _ in steps[i:]:
                    a, b = self._window(start, end, k)
                    if k == key and stop.key is not None and stop.lo is not None:
                        # Cut midway: what it read runs from the window's end down to its
                        # oldest post, so the hole is below that.
                        a, b, k = stop.lo, stop.hi or b, stop.key
                    left.append(f"{k} ({self._gap(a, b, f'monthly read budget reached: {k}')})")
                message = (
                    f"x: monthly read budget reached: {self.budget.describe()}; "
                    f"collection stopped; not collected this run: {', '.join(left)}; raise the "
                    "cap or wait for next month"
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
                    lo, hi = self._window(start, end)
                    missing = self._gap(lo, hi, f"query {key} refused")
                    self.problems.append(
                        f"x: query {key!r} failed, its mark is kept: {exc}; not collected: "
                        f"{missing}"
                    )

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
                lo, hi = self._window(*self._asked)
                missing = self._gap(lo, hi, "own posts skipped: no X account")
                self.problems.append(
                    f"x: no X account found for @{handle}; own posts skipped, the replies to "
                    f"them not collected: {missing}"
                )
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
        missing = self._gap(lo, hi, REACH)
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
        newest: str | None = None
        oldest: datetime | None = None
        token: str | None = None
        seen: set[str] = set()

        def hole(why: str) -> str:
            return self._gap(lo, max(lo, oldest or covered), f"{why}: {key}")

        for _ in range(MAX_PAGES):
            if self._spent():
                raise _Stop(key, lo, max(lo, oldest or covered))
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
                    "pagination stopped and the query's mark is kept; not collected: "
                    + hole("a page was not JSON")
                )
                return
            for t in tweets:
                if isinstance(t.get("id"), str) and t["id"].isdigit():
                    newest = newer(newest, t["id"])
                oldest = _older(oldest, t.get("created_at"))
            if stop is not None and stop(tweets):
                break
            meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
            token = meta.get("next_token") if isinstance(meta.get("next_token"), str) else None
            if not token:
                break
            if token in seen:
                self.problems.append(
                    f"x: query {key!r}: the API repeated a page token; stopped; not collected: "
                    + hole("repeated page token")
                )
                return
            seen.add(token)
        else:
            self.problems.append(
                f"x: query {key!r}: more than {MAX_PAGES} pages; stopped; not collected: "
                + hole(f"more than {MAX_PAGES} pages")
            )
            return
        # Reached only when the consumer came back for more after the last page: every page of
        # this pass was yielded, so the pass left no hole below the newest post it saw.
        self.progress.complete(key, Mark(newer(newest, mark.since if mark else None), covered))

    def _page_size(self) -> int:
        # X's minimum page is 10 posts: near the cap a page may overshoot it by at most 9.
        return max(MIN_PAGE, min(self.settings.x_page_size, self.budget.remaining()))

    def _spent(self) -> bool:
        left = self.budget.remaining()
        # X's smallest page is 10 posts: when other targets' floors are held back, a page that
        # could overshoot into them is not asked for (alone, the cap may be overshot by 9).
        return left <= 0 or (left < MIN_PAGE and self.budget.held_back() > 0)

    def _check_budget(self) -> None:
        if self._spent():
            raise _Stop()


def _older(oldest: datetime | None, created: Any) -> datetime | None:
    """The older of ``oldest`` and a post's ``created_at`` (unreadable ones are skipped)."""
    if not isinstance(created, str):
        return oldest
    try:
        ts = parse_timestamp(created)
    except ValueError:
        return oldest
    return ts if oldest is None or ts < oldest else oldest


def _tweets(fetched: Fetched) -> list[dict[str, Any]]:
    obj = fetched.json()
    data = obj.get("data") if isinstance(obj, dict) else None
    return [t for t in data if isinstance(t, dict)] if isinstance(data, list) else []


def _included_tweets(fetched: Fetched) -> list[Any]:
    obj = fetched.json()
    includes = obj.get("includes") if isinstance(obj, dict) else None
    tweets = includes.get("tweets") if isinstance(includes, dict) else None
    return tweets if isinstance(tweets, list) else []
