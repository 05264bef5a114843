"""The Mastodon connector against a real HTTP server on 127.0.0.1 (our payloads in
tests/payloads/mastodon, and the Mastodon.py cassettes of ../shared/fixtures), and the parser."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import orjson
import polars as pl
import pytest

from config.targets import Target
from tasks.errors import CredentialRejected, PlatformError, SourceUnavailable
from tasks.formats.mastodon import html_to_text
from tasks.schema import MENTIONS
from tasks.sources.mastodon import MastodonSource
from tasks.sources.registry import make_source
from tasks.sources.state import read_marks
from tasks.store import scan
from tests.support.sources import (
    MASTODON_TOKEN,
    FakeMastodon,
    Sleeps,
    assert_no_secret,
    ingest,
    json_response,
    payload,
    settings_for,
)

CLOCK = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def alice() -> Target:
    return Target(
        name="alice",
        handles={"mastodon": "alice@social.example"},
        watched_posts=[{"platform": "mastodon", "id": "1100"}],
        sources=("mastodon",),
    )


def make(settings, target, clock=lambda: CLOCK, token=MASTODON_TOKEN) -> MastodonSource:
    return MastodonSource(target, settings, token, sleep=Sleeps(), clock=clock)


def test_notifications_context_and_quotes_land_with_their_kinds(srv, tmp_path, alice):
    fake = FakeMastodon(srv)
    settings = settings_for(tmp_path, fake.base)
    pages = list(make(settings, alice).pages(alice, None, None))
    assert [p.format for p in pages] == [
        "mastodon-account",
        "mastodon-notifications",
        "mastodon-notifications",
        "mastodon-notifications",
        "mastodon-context",
        "mastodon-statuses",
    ]
    assert [r.get("max_id") for r in fake.requests if r["path"] == "/api/v1/notifications"] == [
        None,
        "30",
        "29",
    ]
    assert pages[1].provenance["instance"] == fake.base and "Link" not in pages[1].provenance
    assert "link" in json.loads(pages[1].provenance["headers"])
    out = ingest(settings.data_dir, pages, alice)
    assert (out.written, out.quarantined) == (7, 0)
    rows = {
        r["post_id"]: r for r in scan(settings.data_dir, MENTIONS).collect().iter_rows(named=True)
    }
    assert {
        k: (r["kind"], r["watched_post_id"], r["mentions_target"]) for k, r in rows.items()
    } == {
        "1131": ("mention", None, True),
        "1130": ("mention", None, True),
        "1129": ("mention", None, True),
        "1201": ("reply", "1100", False),  # replies to the watched status, never names her
        "1202": ("reply", "1100", False),  # deeper in the same thread
        "1203": ("reply", "1100", True),
        "1301": ("quote", "1100", False),
    }
    assert rows["1131"]["text"] == "@alice tu vas le regretter\ntout le monde sait où tu habites"
    assert rows["1129"]["text"] == "insulte\n\n@alice encore toi"  # the content warning is kept
    assert rows["1301"]["text"] == "voilà la cible"  # the server's "RE: link" fallback is not
    assert (
        rows["1130"]["version_id"] == "1130@2026-11-23T09:10:00.000000Z"
        and rows["1130"]["version"] == 1
    )
    assert rows["1130"]["author_handle"] == "raider@other.example"
    assert rows["1201"]["conversation_id"] == "1100"
    # Built from the instance asked and the id, not from the url the author's server wrote.
    assert rows["1202"]["url"] == f"{fake.base}/statuses/1202"


def test_the_watermark_is_persisted_and_resumed_from(srv, tmp_path, alice):
    fake = FakeMastodon(srv)
    settings = settings_for(tmp_path, fake.base)
    first = make(settings, alice)
    ingest(settings.data_dir, list(first.pages(alice, None, None)), alice)
    first.checkpoint(settings.data_dir)
    marks = read_marks(settings.data_dir, "alice", "mastodon")
    assert marks["notifications"].since == "31" and marks["quotes:1100"].since == "1301"
    fake.requests.clear()
    later = CLOCK + timedelta(days=1)
    second = make(settings, alice, clock=lambda: later)
    out = ingest(settings.data_dir, list(second.pages(alice, CLOCK, later)), alice, "run-2")
    notif = [r for r in fake.requests if r["path"] == "/api/v1/notifications"]
    assert [r.get("since_id") for r in notif] == ["31"]
    assert out.written == 0  # the context is fetched whole each run; the store knows it


def test_an_instance_without_quotes_is_noted_not_failed(srv, tmp_path, alice):
    fake = FakeMastodon(srv, quotes=json_response({"error": "Record not found"}, 404))
    source = make(settings_for(tmp_path, fake.base), alice)
    pages = list(source.pages(alice, None, None))
    assert source.problems == [] and pages[-1].format == "mastodon-context"


def test_a_token_of_another_account_skips_notifications(srv, tmp_path, alice):
    other = orjson.loads(payload("mastodon/account.json")) | {
        "acct": "troll",
        "url": "https://social.example/@troll",
    }
    fake = FakeMastodon(srv, account=orjson.dumps(other))
    source = make(settings_for(tmp_path, fake.base), alice)
    pages = list(source.pages(alice, CLOCK - timedelta(days=3), None))
    assert source.problems == [
        f"mastodon: the token belongs to @troll on {fake.base}, not to the target's "
        "@alice@social.example: notifications skipped (give the target its own token: "
        "secret_blocks.mastodon_token); mentions not collected: "
        "2026-11-21T12:00Z → 2026-11-24T12:00Z"
    ]
    assert "mastodon-context" in [p.format for p in pages]


def test_401_names_the_token_to_check(srv, tmp_path, alice):
    fake = FakeMastodon(srv)
    with pytest.raises(
        CredentialRejected,
        match=r"^mastodon: HTTP 401 UNAUTHORIZED for GET /api/v1/accounts/verify_credentials: check TOCSIN_MASTODON_TOKEN \(the Mastodon access token\) \(The access token is invalid\)$",
    ):
        list(
            make(settings_for(tmp_path, fake.base), alice, token="nope-nope").pages(
                alice, None, None
            )
        )


def test_a_link_to_another_host_is_not_followed_with_the_token(srv, tmp_path, alice):
    FakeMastodon(srv)
    srv.clear()
    srv.expect_request("/api/v1/accounts/verify_credentials").respond_with_data(
        payload("mastodon/account.json"), content_type="application/json"
    )
    srv.expect_request("/api/v1/notifications").respond_with_data(
        payload("mastodon/notifications-1.json"),
        content_type="application/json",
        headers={"Link": '<https://evil.example/api/v1/notifications?max_id=30>; rel="next"'},
    )
    with pytest.raises(
        PlatformError, match="refusing to follow a link to another host \\(evil.example\\)"
    ):
        list(make(settings_for(tmp_path, srv.url_for("")), alice).pages(alice, None, None))


def test_missing_token_or_instance_is_a_clear_source_unavailable(tmp_path, alice):
    with pytest.raises(
        SourceUnavailable,
        match=r"^target 'alice': source 'mastodon' is not configured: set TOCSIN_MASTODON_TOKEN \(Mastodon access token\)",
    ):
        make_source(
            "mastodon", alice, settings_for(tmp_path, "http://127.0.0.1:9", mastodon_token=None)
        )
    nameless = alice.model_copy(
        update={"handles": alice.handles.model_copy(update={"mastodon": None})}
    )
    with pytest.raises(SourceUnavailable, match="needs the instance: set TOCSIN_MASTODON_URL"):
        MastodonSource(nameless, settings_for(tmp_path, "x", mastodon_url=None), MASTODON_TOKEN)


def test_no_secret_in_the_data_root(srv, tmp_path, alice):
    fake = FakeMastodon(srv)
    settings = settings_for(tmp_path, fake.base)
    source = make(settings, alice)
    pages = list(source.pages(alice, None, None))
    ingest(settings.data_dir, pages, alice)
    source.checkpoint(settings.data_dir)
    (settings.data_dir / "pages.jsonl").write_bytes(
        b"\n".join(p.body + orjson.dumps(dict(p.provenance)) for p in pages)
    )
    assert_no_secret(settings.data_dir)


def test_real_cassettes_served_over_http(srv, tmp_path, fixtures_dir):
    d = fixtures_dir / "mastodon-py-cassettes"
    with_quote = json.loads((d / "test_status_reply_with_quote.responses.json").read_text())
    mentions = json.loads((d / "test_notifications_mentions_only.responses.json").read_text())
    account = next(r["body"] for r in with_quote if "verify_credentials" in r["uri"])
    quote = next(r["body"] for r in with_quote if r["method"] == "POST" and r["body"].get("quote"))
    notifications = next(r["body"] for r in mentions if r["uri"].endswith("types%5B%5D=mention"))
    watched = quote["quote"]["quoted_status"]["id"]
    srv.expect_request("/api/v1/accounts/verify_credentials").respond_with_json(account)
    srv.expect_request("/api/v1/notifications").respond_with_json(notifications)
    srv.expect_request(f"/api/v1/statuses/{watched}/context").respond_with_json(
        {"ancestors": [], "descendants": []}
    )
    srv.expect_request(f"/api/v1/statuses/{watched}/quotes").respond_with_json([quote])
    target = Target(
        name="mpy",
        handles={"mastodon": "mastodonpy_test@localhost"},
        watched_posts=[{"platform": "mastodon", "id": watched}],
        sources=("mastodon",),
    )
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, target)
    out = ingest(settings.data_dir, list(source.pages(target, None, None)), target)
    assert source.problems == [] and (out.written, out.quarantined) == (2, 0)
    rows = scan(settings.data_dir, MENTIONS).collect().sort("post_id")
    assert rows.select("kind", "mentions_target", "watched_post_id").rows() == [
        ("mention", True, None),
        ("quote", True, watched),
    ]
    assert rows["text"].to_list() == [
        "@mastodonpy_test hello!",
        "@mastodonpy_test yoooo check this out",
    ]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        pytest.param("<p>a</p><p>b</p>", "a\n\nb", id="paragraphs"),
        pytest.param("<p>a<br />b</p>", "a\nb", id="br"),
        pytest.param("<p>&lt;script&gt; &amp; &#39;x&#39;</p>", "<script> & 'x'", id="entities"),
        pytest.param(
            '<p><a href="https://x.example/abc"><span class="invisible">https://</span>'
            '<span class="ellipsis">x.example/a</span><span class="invisible">bc</span></a></p>',
            "https://x.example/abc",
            id="link-kept-whole",
        ),
        pytest.param(
            '<p class="quote-inline">RE: <a href="u">u</a></p><p>mine</p>',
            "mine",
            id="quote-fallback",
        ),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


def test_stored_rows_fill_the_mentions_columns(srv, tmp_path, alice):
    fake = FakeMastodon(srv)
    settings = settings_for(tmp_path, fake.base)
    ingest(settings.data_dir, list(make(settings, alice).pages(alice, None, None)), alice)
    rows = scan(settings.data_dir, MENTIONS).collect()
    for col in (
        "platform",
        "post_id",
        "version_id",
        "url",
        "kind",
        "author_id",
        "author_handle",
        "author_created_at",
        "author_followers",
        "lang",
        "text",
        "created_at",
    ):
        assert rows[col].null_count() == 0, col
    assert rows.filter(pl.col("kind") == "reply")["in_reply_to_id"].null_count() == 0
    assert rows.filter(pl.col("kind") == "quote")["quoted_id"].to_list() == ["1100"]


def test_a_pagination_cut_short_names_the_span_it_did_not_reach(srv, tmp_path, alice, monkeypatch):
    from tasks.sources import mastodon

    monkeypatch.setattr(mastodon, "MAX_PAGES", 1)
    fake = FakeMastodon(srv)
    source = make(settings_for(tmp_path, fake.base), alice)
    list(source.pages(alice, CLOCK - timedelta(days=7), None))
    # The one page read reaches back to 09:00 on the 23rd: the rest of the window is the hole.
    assert source.problems[0] == (
        "mastodon: query 'notifications': more than 1 pages; stopped; not collected: "
        "2026-11-17T12:00Z → 2026-11-23T09:00Z"
    )
    assert source.gaps[0] == (
        CLOCK - timedelta(days=7),
        datetime(2026, 11, 23, 9, tzinfo=UTC),
        "more than 1 pages: notifications",
    )


def test_a_context_at_mastodons_reply_limit_is_said_to_be_incomplete(srv, tmp_path, alice):
    replies = [{"id": str(5000 + i)} for i in range(4096)]
    # Registered first, so it answers before the fake instance's own context.
    srv.expect_request("/api/v1/statuses/1100/context").respond_with_json(
        {"ancestors": [], "descendants": replies}
    )
    fake = FakeMastodon(srv)
    source = make(settings_for(tmp_path, fake.base), alice)
    list(source.pages(alice, CLOCK - timedelta(days=1), None))
    assert (
        "mastodon: query 'context:1100': the instance returned 4096 replies, the most Mastodon "
        "gives (4096): replies beyond them are not collected (the API cannot page past them)"
    ) in source.problems
