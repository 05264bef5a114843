"""The Bluesky connector against a real HTTP server on 127.0.0.1 (our payloads in
tests/payloads/bluesky, and the bskyr cassettes of ../shared/fixtures), and the parser."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import orjson
import polars as pl
import pytest

from config.targets import Target
from tasks.errors import CredentialRejected
from tasks.formats.bluesky import facet_mentions, post_url
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.bluesky import BlueskySource
from tasks.sources.state import read_marks
from tasks.store import scan
from tests.support.sources import (
    ACCESS_2,
    ALICE_DID,
    BSKY_PASSWORD,
    BSKY_REFRESH,
    FakeBluesky,
    Sleeps,
    assert_no_secret,
    ingest,
    json_response,
    session,
    settings_for,
)

CLOCK = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


WATCHED = "at://did:plc:prominent00prominent000/app.bsky.feed.post/3kwatched0001"
TROLL = "did:plc:trolltrolltrolltrolltroll"


@pytest.fixture
def alice() -> Target:
    return Target(
        name="alice",
        handles={"bluesky": "alice.example.social", "bluesky_did": ALICE_DID},
        watched_posts=[{"platform": "bluesky", "id": WATCHED}],
        sources=("bluesky",),
    )


def make(settings, target, clock=lambda: CLOCK, password=BSKY_PASSWORD) -> BlueskySource:
    return BlueskySource(
        target, settings, "alice.example.social", password, sleep=Sleeps(), clock=clock
    )


def rows_by_id(root) -> dict[str, dict]:
    return {r["post_id"]: r for r in scan(root, MENTIONS).collect().iter_rows(named=True)}


def test_session_notifications_search_thread_and_quotes_land(srv, tmp_path, alice):
    fake = FakeBluesky(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    pages = list(make(settings, alice).pages(alice, None, None))
    # The session answer holds the tokens: it is never a page.
    assert [p.format for p in pages] == [
        "bluesky-notifications",
        "bluesky-notifications",
        "bluesky-posts",
        "bluesky-thread",
        "bluesky-posts",
    ]
    assert [r.get("cursor") for r in fake.requests if r["path"].endswith("listNotifications")] == [
        None,
        "2026-11-23T08:00:00.000Z",
    ]
    search = next(r for r in fake.requests if r["path"].endswith("searchPosts"))
    assert search["q"] == "mentions:alice.example.social" and search["sort"] == "latest"
    out = ingest(settings.data_dir, pages, alice)
    assert out.quarantined == 0
    rows = rows_by_id(settings.data_dir)
    kinds = {
        k.rsplit("/", 1)[1]: (r["kind"], r["watched_post_id"], r["mentions_target"])
        for k, r in rows.items()
    }
    assert kinds == {
        "3kmention001": ("mention", None, True),
        "3ksearch0001": ("mention", None, True),
        "3kreply00001": ("reply", WATCHED, False),  # a reply to the watched post, never naming her
        "3kreply00002": ("reply", WATCHED, False),  # under that reply, in the watched thread
        "3kquote00001": ("quote", WATCHED, False),
        "3kwatched0001": ("mention", WATCHED, False),  # the watched post itself, from its thread
    }
    reply = rows[f"at://{TROLL}/app.bsky.feed.post/3kreply00002"]
    assert reply["url"] == f"https://bsky.app/profile/{TROLL}/post/3kreply00002"
    assert (reply["version_id"], reply["conversation_id"]) == ("bafy3kreply00002", WATCHED)
    assert (reply["author_handle"], reply["author_id"]) == ("troll.example.social", TROLL)


def test_cursor_watermarks_are_persisted_and_resumed(srv, tmp_path, alice):
    fake = FakeBluesky(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    first = make(settings, alice)
    ingest(settings.data_dir, list(first.pages(alice, None, None)), alice)
    first.checkpoint(settings.data_dir)
    marks = read_marks(settings.data_dir, "alice", "bluesky")
    assert marks["notifications"].since == "2026-11-23T10:00:00.000Z"
    assert marks["search-mentions"].since == "2026-11-23T11:00:00.000Z"
    assert marks[f"quotes:{WATCHED}"].since == "2026-11-22T09:00:00.000Z"
    fake.requests.clear()
    later = CLOCK + timedelta(days=1)
    out = ingest(
        settings.data_dir,
        list(make(settings, alice, clock=lambda: later).pages(alice, CLOCK, later)),
        alice,
        "run-2",
    )
    notif = [r for r in fake.requests if r["path"].endswith("listNotifications")]
    assert len(notif) == 1  # the first page reached what the last pass saw
    search = next(r for r in fake.requests if r["path"].endswith("searchPosts"))
    assert search["since"] == "2026-11-23T09:00:00.000000Z"  # the mark, less the indexing overlap
    assert out.written == 0 and out.duplicates > 0


def test_an_expired_access_token_is_refreshed_once(srv, tmp_path, alice):
    fake = FakeBluesky(srv, expire_once=True)
    settings = settings_for(tmp_path, srv.url_for(""))
    pages = list(make(settings, alice).pages(alice, None, None))
    assert len(pages) == 5 and fake.valid == {ACCESS_2}
    for p in pages:
        assert ACCESS_2.encode() not in p.body and ACCESS_2 not in repr(p.provenance)


def test_wrong_app_password_names_what_to_check(srv, tmp_path, alice):
    FakeBluesky(srv)
    wrong = "wrong-app-password"
    with pytest.raises(CredentialRejected) as info:
        list(
            make(settings_for(tmp_path, srv.url_for("")), alice, password=wrong).pages(
                alice, None, None
            )
        )
    assert str(info.value) == (
        "bluesky: HTTP 401 UNAUTHORIZED for POST /xrpc/com.atproto.server.createSession: check "
        "TOCSIN_BLUESKY_HANDLE and TOCSIN_BLUESKY_APP_PASSWORD (use an app password) "
        "(AuthenticationRequired; Invalid identifier or password)"
    )


def test_a_session_of_another_account_skips_notifications(srv, tmp_path, alice):
    FakeBluesky(srv, handle="someone.example.social", did="did:plc:someone")
    source = make(settings_for(tmp_path, srv.url_for("")), alice)
    pages = list(source.pages(alice, None, None))
    assert "bluesky-notifications" not in [p.format for p in pages]
    assert source.problems[0].startswith(
        "bluesky: the session is @someone.example.social, not the target's alice.example.social"
    )


def test_no_secret_in_the_data_root(srv, tmp_path, alice):
    FakeBluesky(srv, expire_once=True)
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, alice)
    pages = list(source.pages(alice, None, None))
    ingest(settings.data_dir, pages, alice)
    source.checkpoint(settings.data_dir)
    (settings.data_dir / "pages.jsonl").write_bytes(
        b"\n".join(p.body + orjson.dumps(dict(p.provenance)) for p in pages)
    )
    assert_no_secret(settings.data_dir)
    data = b"".join(p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file())
    assert ACCESS_2.encode() not in data and BSKY_REFRESH.encode() not in data


def test_facets_are_read_by_byte_offsets():
    text = "Élodie, régarde 👀 @alice.example.social ment encore"
    start = len(text[: text.index("@")].encode())  # 23 bytes, 18 characters
    record = {
        "text": text,
        "facets": [
            {
                "index": {"byteStart": start, "byteEnd": start + 21},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ALICE_DID}],
            }
        ],
    }
    assert facet_mentions(record) == ({ALICE_DID}, {"@alice.example.social"})


@pytest.mark.parametrize(
    ("uri", "url"),
    [
        pytest.param(
            WATCHED,
            "https://bsky.app/profile/did:plc:prominent00prominent000/post/3kwatched0001",
            id="post",
        ),
        pytest.param("at://did:plc:x/app.bsky.feed.like/3k", None, id="not-a-post"),
        pytest.param("at://did:plc:x/app.bsky.feed.post/a b", None, id="bad-rkey"),
        pytest.param("https://evil.example/app.bsky.feed.post/3k", None, id="not-at"),
    ],
)
def test_canonical_url_only_from_a_valid_post_uri(uri, url):
    assert post_url(uri) == url


def test_real_cassettes_served_over_http(srv, tmp_path, fixtures_dir):
    d = fixtures_dir / "bluesky-bskyr-cassettes"

    def body(name: str) -> dict:
        return json.loads((d / name).read_text())[0]["body"]

    quotes, thread = body("f_getquotes.responses.json"), body("f_postthread.responses.json")
    notifications = body("n_notifications.responses.json")
    srv.expect_request("/xrpc/com.atproto.server.createSession", method="POST").respond_with_json(
        session(handle="bskyr.bsky.social", did="did:plc:5c2r73erhng4bszmxlfdtscf")
    )
    srv.expect_request("/xrpc/app.bsky.notification.listNotifications").respond_with_handler(
        lambda r: json_response({"notifications": []} if r.args.get("cursor") else notifications)
    )
    srv.expect_request("/xrpc/app.bsky.feed.searchPosts").respond_with_handler(
        lambda r: json_response(
            {"posts": []} if r.args.get("cursor") else body("f_search.responses.json")
        )
    )
    srv.expect_request("/xrpc/app.bsky.feed.getPostThread").respond_with_json(thread)
    srv.expect_request("/xrpc/app.bsky.feed.getQuotes").respond_with_json(quotes)
    target = Target(
        name="bskyr",
        handles={"bluesky": "bskyr.bsky.social", "bluesky_did": "did:plc:5c2r73erhng4bszmxlfdtscf"},
        watched_posts=[
            {"platform": "bluesky", "id": quotes["uri"]},
            {"platform": "bluesky", "id": thread["thread"]["post"]["uri"]},
        ],
        sources=("bluesky",),
    )
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, target)
    pages = list(source.pages(target, None, None))
    assert source.problems == []
    out = ingest(settings.data_dir, pages, target)
    kept = [
        n for n in notifications["notifications"] if n["reason"] in ("mention", "reply", "quote")
    ]
    search = body("f_search.responses.json")["posts"]
    # Both watched posts get a thread (1 post) and their quotes from these catch-all handlers.
    assert out.records_in == len(kept) + len(search) + 2 * (1 + len(quotes["posts"]))
    rows = scan(settings.data_dir, MENTIONS).collect()
    quarantined = scan(settings.data_dir, QUARANTINE).collect()
    assert (
        out.valid + out.quarantined <= out.records_in
        and quarantined.filter(pl.col("reasons").list.len() == 0).is_empty()
    )
    assert set(rows["kind"]) >= {"mention", "reply", "quote"}
    quoting = rows.filter(pl.col("quoted_id") == quotes["uri"])
    assert quoting.height == len(quotes["posts"]) and set(quoting["watched_post_id"]) == {
        quotes["uri"]
    }
    assert rows.filter(pl.col("kind") == "mention")["mentions_target"].any()


def test_a_pagination_cut_short_names_the_span_it_did_not_reach(srv, tmp_path, alice, monkeypatch):
    from tasks.sources import bluesky

    monkeypatch.setattr(bluesky, "MAX_PAGES", 1)
    FakeBluesky(srv)
    source = make(settings_for(tmp_path, srv.url_for("")), alice)
    list(source.pages(alice, CLOCK - timedelta(days=7), CLOCK))
    # The one page read reaches back to 08:00 on the 23rd: the rest of the window is the hole.
    assert source.problems[0] == (
        "bluesky: query 'notifications': more than 1 pages; stopped; not collected: "
        "2026-11-17T12:00Z → 2026-11-23T08:00Z"
    )
    assert source.gaps[0][:2] == (CLOCK - timedelta(days=7), datetime(2026, 11, 23, 8, tzinfo=UTC))


def test_skipped_notifications_name_the_window_they_leave_uncollected(srv, tmp_path, alice):
    FakeBluesky(srv, handle="someone.example.social", did="did:plc:someone")
    source = make(settings_for(tmp_path, srv.url_for("")), alice)
    list(source.pages(alice, CLOCK - timedelta(days=2), CLOCK))
    assert source.problems[0].endswith(
        "mentions, replies and quotes not collected from notifications: "
        "2026-11-22T12:00Z → 2026-11-24T12:00Z"
    )
