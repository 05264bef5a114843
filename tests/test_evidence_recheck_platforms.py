"""The recheck against Bluesky- and Mastodon-shaped answers from a local HTTP server."""

from __future__ import annotations

import logging
from datetime import date

import orjson
import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from config.settings import Settings
from config.targets import Target
from tasks.evidence import verify_evidence
from tasks.evidence.recheck import recheck_target
from tasks.evidence.table import STATUS_CHANGES
from tasks.pages import RawPage
from tasks.store import scan
from tests.support.evidence import NOW, ingest_and_seal

PASSWORD = "app-pass-5k2x-9q7w"
ACCESS = "access-jwt-3f9a71c2"
REFRESH = "refresh-jwt-6b0e44d8"
TOKEN = "masto-token-81c4e0aa"
DID = "did:plc:troll7"
TARGET = Target(
    name="alice", handles={"bluesky": "alice.bsky.social", "mastodon": "alice@127.0.0.1"}
)
CREATED = "2020-02-01T10:00:00.000Z"


def _uri(rkey: str) -> str:
    return f"at://{DID}/app.bsky.feed.post/{rkey}"


def _post(rkey: str, cid: str) -> dict[str, object]:
    return {
        "uri": _uri(rkey),
        "cid": cid,
        "author": {"did": DID, "handle": "troll7.bsky.social"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": "@alice.bsky.social hello",
            "createdAt": CREATED,
        },
        "indexedAt": CREATED,
    }


def _status(sid: str, *, edited_at: str | None = None, suspended: bool = False) -> dict:
    return {
        "id": sid,
        "created_at": CREATED,
        "edited_at": edited_at,
        "url": f"https://masto.example/@troll7/{sid}",
        "content": "<p>@alice hello</p>",
        "visibility": "public",
        "mentions": [{"id": "1", "username": "alice", "acct": "alice", "url": ""}],
        "account": {
            "id": "77",
            "username": "troll7",
            "acct": "troll7@masto.example",
            "url": "https://masto.example/@troll7",
            **({"suspended": True} if suspended else {}),
        },
    }


@pytest.fixture
def stored(tmp_path):
    root = tmp_path / "data"
    bsky = {"posts": [_post("a1", "cidA"), _post("b2", "cidB"), _post("c3", "cidC")]}
    masto = [_status("101"), _status("102"), _status("103"), _status("104")]
    ingest_and_seal(
        root,
        [
            RawPage(
                orjson.dumps(bsky), "bluesky", "search", NOW, date(2020, 2, 1), "bluesky-posts"
            ),
            RawPage(
                orjson.dumps(masto),
                "mastodon",
                "statuses",
                NOW,
                date(2020, 2, 1),
                "mastodon-statuses",
                {"instance": "http://127.0.0.1"},
            ),
        ],
        TARGET,
        "run-1",
        None,
        None,
    )
    return root


def _settings(root, server: HTTPServer) -> Settings:
    base = f"http://127.0.0.1:{server.port}"
    return Settings(
        data_dir=root,
        bluesky_url=base,
        mastodon_url=base,
        bluesky_handle="alice.bsky.social",
        bluesky_app_password=PASSWORD,
        mastodon_token=TOKEN,
        http_max_retries=0,
    )


def _bluesky(server: HTTPServer) -> list[list[str]]:
    asked: list[list[str]] = []

    def session(request: Request) -> Response:
        body = orjson.loads(request.data)
        assert body == {"identifier": "alice.bsky.social", "password": PASSWORD}
        return Response(
            orjson.dumps(
                {
                    "did": "did:plc:alice",
                    "handle": "alice.bsky.social",
                    "accessJwt": ACCESS,
                    "refreshJwt": REFRESH,
                }
            ),
            content_type="application/json",
        )

    def get_posts(request: Request) -> Response:
        assert request.headers.get("Authorization") == f"Bearer {ACCESS}"
        uris = request.args.getlist("uris")
        asked.append(uris)
        # a1 unchanged, b2 gone, c3 edited (a new cid); the answer echoes the access token.
        posts = [_post("a1", "cidA"), _post("c3", "cidC2")]
        return Response(
            orjson.dumps({"posts": [p for p in posts if p["uri"] in uris], "echo": ACCESS}),
            content_type="application/json",
        )

    def profile(request: Request) -> Response:
        assert request.args["actor"] == DID
        return Response(
            orjson.dumps({"did": DID, "handle": "troll7.bsky.social"}),
            content_type="application/json",
        )

    server.expect_request(
        "/xrpc/com.atproto.server.createSession", method="POST"
    ).respond_with_handler(session)
    server.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(get_posts)
    server.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(profile)
    return asked


def _mastodon(server: HTTPServer) -> None:
    def status(request: Request) -> Response:
        assert request.headers.get("Authorization") == f"Bearer {TOKEN}"
        sid = request.path.rsplit("/", 1)[1]
        if sid == "102":
            return Response(
                orjson.dumps({"error": "Record not found"}),
                status=404,
                content_type="application/json",
            )
        answer = {
            "101": _status("101"),
            "103": _status("103", suspended=True),
            "104": _status("104", edited_at="2020-02-02T08:00:00.000Z"),
        }[sid]
        return Response(orjson.dumps(answer), content_type="application/json")

    for sid in ("101", "102", "103", "104"):
        server.expect_request(f"/api/v1/statuses/{sid}").respond_with_handler(status)


def _changes(root, platform: str) -> list[tuple]:
    return (
        scan(root, STATUS_CHANGES)
        .collect()
        .filter(pl.col("platform") == platform)
        .sort("post_id")
        .select("post_id", "status", "previous_status", "detail", "lookup")
        .rows()
    )


def test_recheck_bluesky_and_mastodon(stored, srv, caplog):
    asked = _bluesky(srv)
    _mastodon(srv)
    caplog.set_level(logging.DEBUG)
    settings = _settings(stored, srv)
    summary = recheck_target(stored, TARGET, run_id="recheck-1", now=NOW, settings=settings)
    assert (summary.looked_up, summary.skipped) == (7, 0), summary
    assert asked == [[_uri("a1"), _uri("b2"), _uri("c3")]]
    assert _changes(stored, "bluesky") == [
        (
            _uri("b2"),
            "deleted",
            "available",
            "not in the getPosts answer; the author's account is there",
            "bluesky-api",
        ),
        (_uri("c3"), "edited", "available", "new version(s): cidC2", "bluesky-api"),
    ]
    assert _changes(stored, "mastodon") == [
        ("102", "deleted", "available", "HTTP 404: Record not found", "mastodon-api"),
        (
            "103",
            "author_suspended",
            "available",
            "account troll7@masto.example suspended",
            "mastodon-api",
        ),
        (
            "104",
            "edited",
            "available",
            "new version(s): 104@2020-02-02T08:00:00.000000Z",
            "mastodon-api",
        ),
    ]
    # Every answer (the 404 too) is kept and sealed; the session answer, a credential, is not.
    report = verify_evidence(stored)
    assert report.ok and report.manifests_total == 2
    kept = pl.read_parquet(stored / "evidence/pages/alice/recheck-1/*.parquet").sort("seq")
    assert kept["format"].to_list() == [
        "bluesky-lookup",
        "bluesky-profile-lookup",
        *["mastodon-lookup"] * 4,
    ]
    assert orjson.loads(kept["body"][3]) == {"error": "Record not found"}
    assert orjson.loads(kept["provenance"][3])["status"] == "404"
    assert "[REDACTED]" in kept["body"][0].decode()  # getPosts echoed the access token
    blobs = b"".join(p.read_bytes() for p in stored.rglob("*") if p.is_file())
    texts = b"".join(kept["body"].to_list()) + "".join(kept["provenance"]).encode()
    for secret in (PASSWORD, ACCESS, REFRESH, TOKEN):
        assert secret.encode() not in blobs + texts and secret not in caplog.text

    # Run again: nothing new is recorded, and the deleted ones are not asked again.
    recheck_target(stored, TARGET, run_id="recheck-2", now=NOW, settings=settings)
    assert len(_changes(stored, "bluesky")) == 2 and len(_changes(stored, "mastodon")) == 3
    assert asked[-1] == [_uri("a1"), _uri("c3")]


def test_taken_down_author_is_suspended(stored, srv):
    _bluesky(srv)
    srv.clear()
    asked = []

    def session(request: Request) -> Response:
        return Response(
            orjson.dumps({"did": "did:plc:alice", "accessJwt": ACCESS, "refreshJwt": REFRESH}),
            content_type="application/json",
        )

    def get_posts(request: Request) -> Response:
        asked.append(request.args.getlist("uris"))
        return Response(orjson.dumps({"posts": []}), content_type="application/json")

    def profile(request: Request) -> Response:
        return Response(
            orjson.dumps({"error": "AccountTakedown", "message": "Account has been suspended"}),
            status=400,
            content_type="application/json",
        )

    srv.expect_request("/xrpc/com.atproto.server.createSession").respond_with_handler(session)
    srv.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(get_posts)
    srv.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(profile)
    settings = _settings(stored, srv).with_keys(mastodon_token=None)
    summary = recheck_target(stored, TARGET, run_id="recheck-1", now=NOW, settings=settings)
    assert summary.skipped == 4 and "TOCSIN_MASTODON_TOKEN" in summary.skipped_why
    assert {r[1] for r in _changes(stored, "bluesky")} == {"author_suspended"}
    assert _changes(stored, "bluesky")[0][3] == "AccountTakedown: Account has been suspended"
    assert verify_evidence(stored).ok


def test_an_expired_session_is_refreshed_even_where_a_refusal_is_kept(stored, srv):
    """getProfile's refusals are kept as evidence; an ExpiredToken refusal is not one of them:
    the session is refreshed and the author asked again."""
    _bluesky(srv)
    srv.clear()
    fresh = "access-jwt-fresh-77aa10"
    sent: list[str | None] = []

    def session(request: Request) -> Response:
        return Response(
            orjson.dumps({"did": "did:plc:alice", "accessJwt": ACCESS, "refreshJwt": REFRESH}),
            content_type="application/json",
        )

    def refresh(request: Request) -> Response:
        assert request.headers.get("Authorization") == f"Bearer {REFRESH}"
        return Response(
            orjson.dumps({"did": "did:plc:alice", "accessJwt": fresh, "refreshJwt": REFRESH}),
            content_type="application/json",
        )

    def get_posts(request: Request) -> Response:
        return Response(orjson.dumps({"posts": []}), content_type="application/json")

    def profile(request: Request) -> Response:
        sent.append(request.headers.get("Authorization"))
        if request.headers.get("Authorization") == f"Bearer {ACCESS}":
            body = {"error": "ExpiredToken", "message": "Token has expired"}
        else:
            body = {"error": "AccountTakedown", "message": "Account has been suspended"}
        return Response(orjson.dumps(body), status=400, content_type="application/json")

    srv.expect_request("/xrpc/com.atproto.server.createSession").respond_with_handler(session)
    srv.expect_request("/xrpc/com.atproto.server.refreshSession").respond_with_handler(refresh)
    srv.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(get_posts)
    srv.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(profile)
    settings = _settings(stored, srv).with_keys(mastodon_token=None)
    recheck_target(stored, TARGET, run_id="recheck-1", now=NOW, settings=settings)
    assert sent == [f"Bearer {ACCESS}", f"Bearer {fresh}"]
    assert {r[1] for r in _changes(stored, "bluesky")} == {"author_suspended"}
    kept = pl.read_parquet(stored / "evidence/pages/alice/recheck-1/*.parquet").sort("seq")
    assert kept["format"].to_list() == ["bluesky-lookup", "bluesky-profile-lookup"]
