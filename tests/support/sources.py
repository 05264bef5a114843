"""What the connector tests share (no tests here): small fake platforms that answer like the real
APIs (pagination, since_id, cursors, Link headers, auth) from our own payloads, with failures
injectable per request. They are served by the ``server``/``srv`` fixtures of tests/conftest.py
(a real HTTP server on 127.0.0.1 per test module).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from config.settings import Settings, load_settings
from config.targets import Target
from tasks.ingest import BatchOutcome, store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.validate import split
from tests.support.wire import NOW, SKEW

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads"
X_TOKEN = "x-test-bearer-9f8e7d6c5b4a"
MASTODON_TOKEN = "masto-test-token-1a2b3c4d5e"
BSKY_PASSWORD = "bsky-app-pass-abcd-efgh"
BSKY_ACCESS = "eyJhbGciOiJIUzI1NiJ9.access.c2lnbmF0dXJl"
BSKY_REFRESH = "eyJhbGciOiJIUzI1NiJ9.refresh.c2lnbmF0dXJl"
SECRETS = (X_TOKEN, MASTODON_TOKEN, BSKY_PASSWORD, BSKY_ACCESS, BSKY_REFRESH)


class Sleeps(list[float]):
    """An injectable sleep that records instead of sleeping: tests never wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def settings_for(tmp_path: Path, url: str, **extra: Any) -> Settings:
    kw: dict[str, Any] = dict(
        data_dir=tmp_path / "data",
        x_base_url=url,
        mastodon_url=url,
        bluesky_url=url,
        x_bearer_token=X_TOKEN,
        mastodon_token=MASTODON_TOKEN,
        bluesky_handle="alice.example.social",
        bluesky_app_password=BSKY_PASSWORD,
        request_timeout_seconds=2.0,
        http_max_retries=3,
        x_own_posts=0,
    )
    kw.update(extra)
    return load_settings(None, **kw)


def ingest(
    root: Path, pages: list[RawPage], target: Target, run_id: str = "run", now: datetime = NOW
) -> BatchOutcome:
    """The plain functions a flow wires: parse → validate → deduplicate and store."""
    staging, _ = parse_pages(pages, target)
    valid, rejected = split(staging, now, SKEW)
    return store_batch(root, valid, rejected, run_id)


def json_response(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(obj), status=status, headers=headers, content_type="application/json"
    )


def payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def assert_no_secret(root: Path) -> None:
    """Grep every file under the data root for every credential the tests use."""
    files = [p for p in Path(root).rglob("*") if p.is_file()]
    assert files, f"nothing written under {root}"
    for p in files:
        data = p.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{secret[:6]}… found in {p}"


# -- a fake X API v2 --------------------------------------------------------------------------


def x_tweet(
    n: int, *, text: str, author: str = "7", base: datetime | None = None, **extra: Any
) -> dict[str, Any]:
    """Tweet number n of a growing timeline: ids and times increase with n (from ``base``)."""
    tid = str(1_600_000_000_000_000_000 + n)
    created = (base or datetime(2026, 11, 20, tzinfo=UTC)) + timedelta(minutes=n)
    t = {
        "id": tid,
        "text": text,
        "author_id": author,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "conversation_id": extra.pop("conversation_id", tid),
        "edit_history_tweet_ids": [tid],
        "lang": "fr",
    }
    if "@alice_reporter" in text:
        t["entities"] = {
            "mentions": [{"start": 0, "end": 15, "username": "alice_reporter", "id": "42"}]
        }
    t.update(extra)
    return t


X_USERS = [
    {
        "id": "7",
        "username": "troll7",
        "name": "Troll",
        "created_at": "2026-11-01T00:00:00.000Z",
        "public_metrics": {"followers_count": 3},
    },
    {
        "id": "8",
        "username": "fan8",
        "name": "Fan",
        "created_at": "2020-01-01T00:00:00.000Z",
        "public_metrics": {"followers_count": 300},
    },
    {
        "id": "42",
        "username": "alice_reporter",
        "name": "Alice",
        "created_at": "2015-01-01T00:00:00.000Z",
        "public_metrics": {"followers_count": 5000},
    },
]
USERNAMES = {u["id"]: u["username"] for u in X_USERS}


@dataclass
class FakeX:
    """Answers search, quote-tweets and user-tweets like X API v2, over ``tweets``."""

    tweets: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Response] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    token: str = X_TOKEN

    def install(self, srv: HTTPServer) -> FakeX:
        srv.expect_request(re.compile(r"^/2/.*")).respond_with_handler(self.handle)
        return self

    def _matches(self, t: dict[str, Any], path: str, q: str) -> bool:
        refs = {(r["type"], r["id"]) for r in t.get("referenced_tweets", [])}
        if m := re.fullmatch(r"/2/tweets/(\d+)/quote_tweets", path):
            return ("quoted", m.group(1)) in refs
        if m := re.fullmatch(r"/2/users/(\d+)/tweets", path):
            return t["author_id"] == m.group(1)
        if m := re.search(r" -from:(\w+)$", q):
            if USERNAMES.get(t["author_id"]) == m.group(1):
                return False
            q = q[: m.start()]
        if q.startswith("@"):
            return q.lower() in t["text"].lower()
        if q.startswith("conversation_id:"):
            return t["conversation_id"] == q.split(":", 1)[1]
        if q.startswith("quotes_of_tweet_id:"):
            return ("quoted", q.split(":", 1)[1]) in refs
        return False

    def handle(self, request: Request) -> Response:
        args = {k: v for k, v in request.args.items()}
        self.requests.append({"path": request.path, **args})
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return json_response(
                {
                    "title": "Unauthorized",
                    "type": "about:blank",
                    "status": 401,
                    "detail": "Unauthorized",
                },
                401,
            )
        if self.failures:
            return self.failures.pop(0)
        q = args.get("query", "")
        found = [t for t in self.tweets if self._matches(t, request.path, q)]
        if "since_id" in args:
            found = [t for t in found if int(t["id"]) > int(args["since_id"])]
        if "start_time" in args:
            found = [
                t for t in found if t["created_at"] >= args["start_time"].replace("Z", ".000Z")
            ]
        found.sort(key=lambda t: int(t["id"]), reverse=True)
        size = int(args.get("max_results", "10"))
        offset = int((args.get("next_token") or args.get("pagination_token") or "tok-0")[4:])
        chunk = found[offset : offset + size]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if offset + size < len(found):
            meta["next_token"] = f"tok-{offset + size}"
        if not chunk:
            return json_response({"meta": meta})
        return json_response({"data": chunk, "includes": {"users": X_USERS}, "meta": meta})


def serve_pages(
    srv: HTTPServer, path: str, pages: list[bytes], token_of: Callable[[bytes], str | None]
) -> list[dict[str, str]]:
    """Serve real pages in order: the first without a token, each next one for the token the
    previous page carried; an empty result after the last."""
    by_token: dict[str | None, bytes] = {}
    previous: str | None = None
    for body in pages:
        by_token[previous] = body
        previous = token_of(body)
    log: list[dict[str, str]] = []

    def handle(request: Request) -> Response:
        log.append(dict(request.args))
        token = request.args.get("next_token") or request.args.get("cursor")
        body = by_token.get(token)
        if body is None:
            return json_response({"meta": {"result_count": 0}})
        return Response(body, content_type="application/json")

    srv.expect_request(path).respond_with_handler(handle)
    return log


# -- a fake Mastodon instance ------------------------------------------------------------------

TYPES = "types%5B%5D=mention&types%5B%5D=quote&limit=80"


class FakeMastodon:
    def __init__(
        self, srv, *, account: bytes | None = None, quotes: Response | None = None
    ) -> None:
        self.base = srv.url_for("").rstrip("/")
        self.requests: list[dict[str, str]] = []
        self.account = account or payload("mastodon/account.json")
        self.quotes = quotes
        srv.expect_request("/api/v1/accounts/verify_credentials").respond_with_handler(
            self.auth(lambda r: Response(self.account, content_type="application/json"))
        )
        srv.expect_request("/api/v1/notifications").respond_with_handler(
            self.auth(self.notifications)
        )
        srv.expect_request("/api/v1/statuses/1100/context").respond_with_handler(
            self.auth(
                lambda r: Response(
                    payload("mastodon/context-1100.json"), content_type="application/json"
                )
            )
        )
        srv.expect_request("/api/v1/statuses/1100/quotes").respond_with_handler(
            self.auth(
                lambda r: (
                    self.quotes
                    or Response(
                        payload("mastodon/quotes-1100.json"), content_type="application/json"
                    )
                )
            )
        )

    def auth(self, fn):
        def handler(request: Request) -> Response:
            self.requests.append({"path": request.path, **request.args})
            if request.headers.get("Authorization") != f"Bearer {MASTODON_TOKEN}":
                return json_response({"error": "The access token is invalid"}, 401)
            return fn(request)

        return handler

    def notifications(self, request: Request) -> Response:
        max_id, since = request.args.get("max_id"), request.args.get("since_id")
        if since == "31":
            return json_response([])
        body, older = {
            None: ("mastodon/notifications-1.json", "30"),
            "30": ("mastodon/notifications-2.json", "29"),
        }.get(max_id, (None, None))
        if body is None:
            return json_response([])
        link = f'<{self.base}/api/v1/notifications?{TYPES}&max_id={older}>; rel="next"'
        return Response(payload(body), content_type="application/json", headers={"Link": link})


# -- a fake Bluesky PDS ------------------------------------------------------------------------

ALICE_DID = "did:plc:alice123alice123alice1"
ACCESS_2 = "eyJhbGciOiJIUzI1NiJ9.access-two.c2lnbmF0dXJl"


def session(
    access: str = BSKY_ACCESS, handle: str = "alice.example.social", did: str = ALICE_DID
) -> dict:
    return {
        "did": did,
        "handle": handle,
        "accessJwt": access,
        "refreshJwt": BSKY_REFRESH,
        "active": True,
    }


class FakeBluesky:
    def __init__(
        self,
        srv,
        *,
        handle: str = "alice.example.social",
        did: str = ALICE_DID,
        expire_once: bool = False,
    ) -> None:
        self.requests: list[dict[str, str]] = []
        self.valid = {BSKY_ACCESS}
        self.expire_once = expire_once
        srv.expect_request(
            "/xrpc/com.atproto.server.createSession", method="POST"
        ).respond_with_handler(self.create)
        srv.expect_request(
            "/xrpc/com.atproto.server.refreshSession", method="POST"
        ).respond_with_handler(self.refresh)
        self.session = session(handle=handle, did=did)
        routes = {
            "app.bsky.notification.listNotifications": self.notifications,
            "app.bsky.feed.searchPosts": lambda r: Response(
                payload("bluesky/search.json"), content_type="application/json"
            ),
            "app.bsky.feed.getPostThread": lambda r: Response(
                payload("bluesky/thread.json"), content_type="application/json"
            ),
            "app.bsky.feed.getQuotes": lambda r: Response(
                payload("bluesky/quotes.json"), content_type="application/json"
            ),
        }
        for method, fn in routes.items():
            srv.expect_request(f"/xrpc/{method}").respond_with_handler(self.auth(fn))

    def create(self, request: Request) -> Response:
        body = orjson.loads(request.data)
        if body != {"identifier": "alice.example.social", "password": BSKY_PASSWORD}:
            return json_response(
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
                401,
            )
        return json_response(self.session)

    def refresh(self, request: Request) -> Response:
        assert request.headers["Authorization"] == f"Bearer {BSKY_REFRESH}"
        self.valid = {ACCESS_2}
        return json_response(session(access=ACCESS_2))

    def auth(self, fn):
        def handler(request: Request) -> Response:
            self.requests.append({"path": request.path, **request.args})
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if self.expire_once:
                self.expire_once = False
                return json_response({"error": "ExpiredToken", "message": "Token has expired"}, 400)
            if token not in self.valid:
                return json_response({"error": "InvalidToken", "message": "Bad token"}, 401)
            return fn(request)

        return handler

    def notifications(self, request: Request) -> Response:
        assert request.args.getlist("reasons") == ["mention", "reply", "quote"]
        name = {
            None: "bluesky/notifications-1.json",
            "2026-11-23T08:00:00.000Z": "bluesky/notifications-2.json",
        }[request.args.get("cursor")]
        return Response(payload(name), content_type="application/json")
