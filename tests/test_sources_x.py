"""The X API v2 connector against a real HTTP server on 127.0.0.1: pagination, watermarks,
replies and quotes of watched posts, rate limits and failures, the monthly budget, secrets."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from itertools import islice

import orjson
import polars as pl
import pytest
from werkzeug import Request, Response

from tasks.errors import CredentialRejected, PlatformError, RateLimited
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.base import span
from tasks.sources.state import read_marks
from tasks.sources.x_api import XSource
from tasks.store import scan
from tests.support.sources import (
    X_TOKEN,
    FakeX,
    Sleeps,
    assert_no_secret,
    ingest,
    json_response,
    serve_pages,
    settings_for,
    x_tweet,
)

CLOCK = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def make(settings, target, sleeps=None, token=X_TOKEN, clock=lambda: CLOCK) -> XSource:
    return XSource(
        target, settings, token, sleep=sleeps if sleeps is not None else Sleeps(), clock=clock
    )


def mentions(n: int, first: int = 0) -> list[dict]:
    return [x_tweet(i, text=f"@alice_reporter message {i}") for i in range(first, first + n)]


def stored(root) -> pl.DataFrame:
    return scan(root, MENTIONS).collect()


def test_pages_across_pagination_with_provenance_and_no_secret(srv, tmp_path, target):
    fake = FakeX(mentions(25)).install(srv)
    settings = settings_for(tmp_path, srv.url_for("").rstrip("/"), x_page_size=10)
    pages = list(make(settings, target).pages(target, None, None))
    searches = [
        r for r in fake.requests if r["path"] == "/2/tweets/search/recent" and "@" in r["query"]
    ]
    assert [r.get("next_token") for r in searches] == [None, "tok-10", "tok-20"]
    page = pages[0]
    assert (page.source, page.format) == ("x", "auto")
    prov = page.provenance
    assert prov["status"] == "200" and prov["method"] == "GET" and prov["query"] == "mentions"
    assert prov["url"].startswith(srv.url_for("/2/tweets/search/recent"))
    assert "query" in json.dumps(json.loads(prov["params"])) and prov["tool"].startswith("tocsin/")
    assert json.loads(prov["headers"])["content-type"] == "application/json"
    for p in pages:
        assert X_TOKEN not in repr(p.provenance) and X_TOKEN.encode() not in p.body
    out = ingest(settings.data_dir, pages, target)
    assert out.written == 25 and out.quarantined == 0


def test_expansions_and_fields_the_schema_needs_are_requested(srv, tmp_path, target):
    fake = FakeX(mentions(1)).install(srv)
    list(make(settings_for(tmp_path, srv.url_for("")), target).pages(target, None, None))
    first = fake.requests[0]
    for needed in (
        "author_id",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
        "entities.mentions.username",
        "edit_history_tweet_ids",
    ):
        assert needed in first["expansions"].split(",")
    for needed in (
        "conversation_id",
        "public_metrics",
        "edit_history_tweet_ids",
        "entities",
        "lang",
    ):
        assert needed in first["tweet.fields"].split(",")
    assert "created_at" in first["user.fields"] and "public_metrics" in first["user.fields"]


def test_reply_to_watched_post_that_never_names_the_target_is_a_reply(srv, tmp_path, target):
    reply = x_tweet(
        5,
        text="quelle honte ce type",
        conversation_id="900",
        referenced_tweets=[{"type": "replied_to", "id": "900"}],
    )
    quote = x_tweet(
        6, text="regardez-moi ça", author="8", referenced_tweets=[{"type": "quoted", "id": "900"}]
    )
    FakeX([reply, quote]).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    ingest(settings.data_dir, list(make(settings, target).pages(target, None, None)), target)
    rows = stored(settings.data_dir).sort("post_id")
    assert rows.select("post_id", "kind", "watched_post_id", "mentions_target").rows() == [
        (reply["id"], "reply", "900", False),
        (quote["id"], "quote", "900", False),
    ]
    assert rows["url"].to_list() == [
        f"https://x.com/i/web/status/{t['id']}" for t in (reply, quote)
    ]


def test_watermark_is_persisted_and_the_next_run_starts_exactly_there(srv, tmp_path, target):
    fake = FakeX(mentions(12)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, target)
    ingest(settings.data_dir, list(source.pages(target, None, None)), target)
    source.checkpoint(settings.data_dir)
    marks = read_marks(settings.data_dir, "alice", "x")
    newest = mentions(12)[-1]["id"]
    assert marks["mentions"].since == newest
    assert {"mentions", "conversation:900", "quotes:900", "profile-links"} <= set(marks)
    assert json.loads((settings.data_dir / "state" / "cursors.json").read_text())["alice/x"]

    fake.tweets += mentions(2, first=12)
    fake.requests.clear()
    # The next nightly, a day later, starts where this one ended: the search resumes from
    # since_id, not from a time.
    later = CLOCK + timedelta(days=1)
    again = make(settings, target, clock=lambda: later)
    out = ingest(settings.data_dir, list(again.pages(target, CLOCK, later)), target, "run-2")
    first = next(
        r for r in fake.requests if r.get("query") == "@alice_reporter -from:alice_reporter"
    )
    assert first["since_id"] == newest and "start_time" not in first
    assert out.written == 2 and out.duplicates == 0


def test_a_run_killed_midway_and_run_again_loses_nothing_and_doubles_nothing(srv, tmp_path, target):
    fake = FakeX(mentions(25)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_page_size=10)
    root = settings.data_dir
    # Run 1 is killed after two pages: they were stored, but the flow never got to checkpoint.
    killed = make(settings, target)
    ingest(root, list(islice(killed.pages(target, None, None), 2)), target, "run-1")
    assert stored(root).height == 20 and read_marks(root, "alice", "x") == {}
    fake.tweets += mentions(3, first=25)  # posted while nobody was looking

    rerun = make(settings, target)
    out = ingest(root, list(rerun.pages(target, None, None)), target, "run-2")
    rerun.checkpoint(root)
    rows = stored(root)
    assert sorted(rows["post_id"].to_list()) == sorted(t["id"] for t in mentions(28))  # no gap
    assert rows.select(MENTIONS.key).is_unique().all()  # no duplicate
    assert (out.written, out.duplicates) == (8, 20)
    assert read_marks(root, "alice", "x")["mentions"].since == mentions(28)[-1]["id"]


def test_checkpoint_after_a_partial_run_keeps_the_unfinished_query_where_it_was(
    srv, tmp_path, target
):
    FakeX(mentions(25)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_page_size=10)
    source = make(settings, target)
    ingest(settings.data_dir, list(islice(source.pages(target, None, None), 3)), target)
    source.checkpoint(settings.data_dir)  # every page of "mentions" was yielded, not consumed after
    assert read_marks(settings.data_dir, "alice", "x") == {}


def test_429_then_success_waits_until_the_reset_header(srv, tmp_path, target):
    reset = int(CLOCK.timestamp()) + 42
    fake = FakeX(
        mentions(1),
        failures=[
            json_response(
                {"title": "Too Many Requests"},
                429,
                {"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
            )
        ],
    ).install(srv)
    sleeps = Sleeps()
    settings = settings_for(tmp_path, srv.url_for(""))
    pages = list(make(settings, target, sleeps).pages(target, None, None))
    assert sleeps[0] == pytest.approx(43)  # the reset, plus a second for clock differences
    assert pages[0].provenance["attempts"] == "2"
    assert len(fake.requests) >= 2


def test_a_spent_window_waits_for_its_reset_before_the_next_request(srv, tmp_path, target):
    reset = int(CLOCK.timestamp()) + 100
    windows = {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)}
    srv.expect_request("/2/tweets/search/recent").respond_with_handler(
        lambda r: json_response({"meta": {"result_count": 0}}, 200, windows)
    )
    srv.expect_request("/2/tweets/900/quote_tweets").respond_with_json(
        {"meta": {"result_count": 0}}
    )
    sleeps = Sleeps()
    list(make(settings_for(tmp_path, srv.url_for("")), target, sleeps).pages(target, None, None))
    assert sleeps and sleeps[0] == pytest.approx(100)


def test_a_reset_later_than_the_longest_wait_fails_clearly(srv, tmp_path, target):
    reset = int(CLOCK.timestamp()) + 3 * 3600
    FakeX(failures=[json_response({}, 429, {"x-rate-limit-reset": str(reset)})]).install(srv)
    with pytest.raises(
        RateLimited,
        match=r"rate limited until 2026-11-24T15:00:00Z, later than http_max_wait_seconds \(960 s\)",
    ):
        list(make(settings_for(tmp_path, srv.url_for("")), target).pages(target, None, None))


def test_5xx_then_success_backs_off(srv, tmp_path, target):
    fake = FakeX(mentions(2), failures=[Response("down", 503), Response("oops", 500)]).install(srv)
    sleeps = Sleeps()
    pages = list(
        make(settings_for(tmp_path, srv.url_for("")), target, sleeps).pages(target, None, None)
    )
    assert sleeps[:2] == [1.0, 2.0] and pages[0].provenance["attempts"] == "3"
    assert fake.tweets and orjson.loads(pages[0].body)["meta"]["result_count"] == 2


def test_5xx_every_time_fails_after_the_retries(srv, tmp_path, target):
    FakeX(failures=[Response("down", 502)] * 10).install(srv)
    with pytest.raises(
        PlatformError,
        match=r"^x: GET /2/tweets/search/recent: HTTP 502 BAD GATEWAY, still after 4 attempts; run again later$",
    ):
        list(make(settings_for(tmp_path, srv.url_for("")), target).pages(target, None, None))


def test_timeout_then_success(srv, tmp_path, target):
    calls = {"n": 0}
    done = threading.Event()

    def slow_once(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.5)  # the server's side of a timeout; the client gave up at 0.2 s
            done.set()
        return json_response({"meta": {"result_count": 0}})

    class WaitForServer(Sleeps):
        # The test server answers one request at a time: retry once it is free again.
        def __call__(self, seconds: float) -> None:
            super().__call__(seconds)
            done.wait(5)

    srv.expect_request("/2/tweets/search/recent").respond_with_handler(slow_once)
    srv.expect_request("/2/tweets/900/quote_tweets").respond_with_json(
        {"meta": {"result_count": 0}}
    )
    sleeps = WaitForServer()
    settings = settings_for(tmp_path, srv.url_for(""), request_timeout_seconds=0.2)
    pages = list(make(settings, target, sleeps).pages(target, None, None))
    assert sleeps[0] == 1.0 and pages[0].provenance["attempts"] == "2"


def test_truncated_body_is_retried_and_never_yielded(srv, tmp_path, target):
    cut = Response(b'{"data": [{"id": "1', content_type="application/json")
    cut.headers["Content-Length"] = "400"
    FakeX(mentions(1), failures=[cut]).install(srv)
    sleeps = Sleeps()
    pages = list(
        make(settings_for(tmp_path, srv.url_for("")), target, sleeps).pages(target, None, None)
    )
    assert sleeps == [1.0]
    assert all(orjson.loads(p.body) for p in pages)  # every yielded page is whole


def test_invalid_json_page_is_quarantined_and_its_query_keeps_its_mark(srv, tmp_path, target):
    FakeX(
        mentions(3), failures=[Response(b'{"data": [oops', content_type="application/json")]
    ).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, target)
    out = ingest(settings.data_dir, list(source.pages(target, None, None)), target)
    source.checkpoint(settings.data_dir)
    q = scan(settings.data_dir, QUARANTINE).collect()
    assert out.quarantined == 1 and q["reasons"][0][0].startswith("parse: not_json: GET ")
    assert any("'mentions': a page was not a JSON object" in p for p in source.problems)
    assert "mentions" not in read_marks(settings.data_dir, "alice", "x")
    assert "conversation:900" in read_marks(settings.data_dir, "alice", "x")


def test_401_names_the_credential_and_is_not_retried(srv, tmp_path, target):
    fake = FakeX(mentions(1)).install(srv)
    wrong = "wrong-token-123456"
    with pytest.raises(CredentialRejected) as info:
        list(
            make(settings_for(tmp_path, srv.url_for("")), target, token=wrong).pages(
                target, None, None
            )
        )
    assert str(info.value) == (
        "x: HTTP 401 UNAUTHORIZED for GET /2/tweets/search/recent: check TOCSIN_X_BEARER_TOKEN "
        "(the X API bearer token) (Unauthorized)"
    )
    assert len(fake.requests) == 1 and wrong not in str(info.value)


def test_monthly_budget_stops_collection_with_a_clear_message(srv, tmp_path, target):
    FakeX(mentions(25)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_monthly_read_cap=15)
    source = make(settings, target)
    pages = list(source.pages(target, None, None))
    assert len(pages) == 1 and len(orjson.loads(pages[0].body)["data"]) == 15
    (message,) = source.problems
    # Pages come newest first: the 15 read reach back to 00:10; below that is the hole.
    window = "2026-11-17T12:02Z → 2026-11-24T12:00Z"
    assert message == (
        "x: monthly read budget reached: 15 of 15 posts read in 2026-11 (x_monthly_read_cap); "
        "collection stopped; not collected this run: "
        "mentions (2026-11-17T12:02Z → 2026-11-20T00:10Z), "
        f"conversation:900 ({window}), quotes:900 ({window}), profile-links ({window}); "
        "raise the cap or wait for next month"
    )
    assert [(a.isoformat(), b.isoformat()) for a, b, _ in source.gaps][0] == (
        "2026-11-17T12:02:00+00:00",
        "2026-11-20T00:10:00+00:00",
    )
    assert json.loads((settings.data_dir / "state" / "budget.json").read_text()) == {
        "x": {"2026-11": 15},
        "x:by-target": {"2026-11": {"alice": 15}},
    }
    again = make(settings, target)
    assert list(again.pages(target, None, None)) == [] and again.problems


def test_at_the_cap_a_quote_query_not_run_names_its_whole_window(srv, tmp_path, target):
    """The quote-tweets endpoint is not limited to 7 days: its gap starts at the window's start,
    where the searches' starts at their reach (what lies before is named as out of reach)."""
    FakeX(mentions(25)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_monthly_read_cap=15)
    source = make(settings, target)
    list(source.pages(target, CLOCK - timedelta(days=10), CLOCK))
    gaps = {why.rsplit(": ", 1)[-1]: (a, b) for a, b, why in source.gaps}
    assert gaps["quotes:900"] == (CLOCK - timedelta(days=10), CLOCK)
    assert gaps["conversation:900"] == (CLOCK - timedelta(days=7, minutes=-2), CLOCK)


def test_x_own_cap_429_stops_without_waiting(srv, tmp_path, target):
    from tasks.errors import BudgetExhausted

    capped = json_response(
        {
            "title": "UsageCapExceeded",
            "detail": "Usage cap exceeded: Monthly product cap",
            "type": "https://api.twitter.com/2/problems/usage-capped",
        },
        429,
    )
    FakeX(failures=[capped]).install(srv)
    sleeps = Sleeps()
    with pytest.raises(BudgetExhausted, match="monthly usage cap is exceeded"):
        list(
            make(settings_for(tmp_path, srv.url_for("")), target, sleeps).pages(target, None, None)
        )
    assert sleeps == []


def test_a_refused_query_does_not_stop_the_others(srv, tmp_path, target):
    fake = FakeX(mentions(2))
    fake.install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_quote_search=True)
    original = fake.handle

    def refuse_operator(request: Request) -> Response:
        if "quotes_of_tweet_id" in request.args.get("query", ""):
            return json_response(
                {
                    "title": "Invalid Request",
                    "detail": "Reference to invalid operator 'quotes_of_tweet_id'",
                },
                400,
            )
        return original(request)

    srv.clear()
    srv.expect_request(__import__("re").compile(r"^/2/.*")).respond_with_handler(refuse_operator)
    source = make(settings, target)
    pages = list(source.pages(target, None, None))
    assert any(p.provenance["query"] == "profile-links" for p in pages)  # ran after the refusal
    (problem,) = source.problems
    assert problem.startswith("x: query 'quote-search:900' failed, its mark is kept: x: HTTP 400")


def test_own_recent_posts_have_their_conversations_collected(srv, tmp_path, target):
    own = x_tweet(1, text="mon article", author="42")
    reply = x_tweet(
        2,
        text="menteur",
        conversation_id=own["id"],
        referenced_tweets=[{"type": "replied_to", "id": own["id"]}],
    )
    fake = FakeX([own, reply])
    srv.expect_request("/2/users/42/tweets").respond_with_json(
        {"data": [own], "meta": {"result_count": 1}}
    )
    fake.install(srv)
    settings = settings_for(tmp_path, srv.url_for(""), x_own_posts=3)
    source = make(settings, target)
    pages = list(source.pages(target, None, None))
    assert [p.format for p in pages if p.provenance["query"] == "own-posts"] == ["x-context"]
    ingest(settings.data_dir, pages, target)
    rows = stored(settings.data_dir)
    assert rows["post_id"].to_list() == [reply["id"]]  # the target's own post is not a mention
    assert any(
        r.get("query") == f"conversation_id:{own['id']} -from:alice_reporter" for r in fake.requests
    )


def test_recent_search_cannot_resume_a_mark_older_than_seven_days(srv, tmp_path, target):
    from tasks.sources.state import Mark, write_marks

    FakeX(mentions(1)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    write_marks(
        settings.data_dir, "alice", "x", {"mentions": Mark("1", CLOCK - timedelta(days=10))}
    )
    source = make(settings, target)
    list(source.pages(target, CLOCK - timedelta(days=10), CLOCK))
    assert source.problems == [
        "x: 2026-11-14T12:00Z → 2026-11-17T12:02Z is older than the 7 days the recent search "
        'reaches: not collected; use x_search_mode = "all" (Pro or Enterprise access) for this '
        "window, or import an export (tocsin import)"
    ]


def test_a_window_resumed_from_a_recent_mark_has_no_gap(srv, tmp_path, target):
    """A long window that reaches a mark of yesterday resumes from it (since_id): what lies
    before was seen by the passes that made the mark, so nothing is out of reach."""
    from tasks.sources.state import Mark, write_marks

    fake = FakeX(mentions(3)).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    searches = ("mentions", "conversation:900", "profile-links")
    marks = {q: Mark("1", CLOCK - timedelta(days=1)) for q in searches}
    write_marks(settings.data_dir, "alice", "x", marks)
    source = make(settings, target)
    list(source.pages(target, CLOCK - timedelta(days=10), CLOCK))
    searched = [r for r in fake.requests if r["path"] == "/2/tweets/search/recent"]
    assert len(searched) == 3 and all(r.get("since_id") == "1" for r in searched)
    assert source.problems == [] and source.gaps == []


def test_a_window_straddling_day_minus_7_names_the_clipped_span_once(srv, tmp_path, target):
    """Three searches are clipped at the same place: one sentence, one gap; the reachable part
    is collected."""
    fake = FakeX(mentions(3)).install(srv)
    source = make(settings_for(tmp_path, srv.url_for("")), target)
    start = datetime(2026, 11, 10, 6, 30, tzinfo=UTC)
    pages = list(source.pages(target, start, CLOCK))
    assert sum(len(orjson.loads(p.body).get("data", [])) for p in pages) == 3
    assert source.problems == [
        "x: 2026-11-10T06:30Z → 2026-11-17T12:02Z is older than the 7 days the recent search "
        'reaches: not collected; use x_search_mode = "all" (Pro or Enterprise access) for this '
        "window, or import an export (tocsin import)"
    ]
    assert source.gaps == [
        (
            start,
            CLOCK - timedelta(days=7, minutes=-2),
            "older than the 7 days recent search reaches",
        )
    ]
    searched = [r for r in fake.requests if r["path"] == "/2/tweets/search/recent"]
    assert {r["start_time"] for r in searched} == {"2026-11-17T12:02:00Z"}


def test_a_window_wholly_older_than_7_days_is_a_gap_not_an_empty_success(srv, tmp_path, target):
    fake = FakeX(mentions(3)).install(srv)
    source = make(settings_for(tmp_path, srv.url_for("")), target)
    start, end = datetime(2020, 1, 25, tzinfo=UTC), datetime(2020, 2, 1, tzinfo=UTC)
    list(source.pages(target, start, end))
    assert source.problems == [
        "x: 2020-01-25T00:00Z → 2020-02-01T00:00Z is older than the 7 days the recent search "
        'reaches: not collected; use x_search_mode = "all" (Pro or Enterprise access) for this '
        "window, or import an export (tocsin import)"
    ]
    assert [(a, b) for a, b, _ in source.gaps] == [(start, end)]
    # Nothing is asked of recent search that it cannot answer.
    assert not [r for r in fake.requests if r["path"] == "/2/tweets/search/recent"]


def test_full_archive_mode_reaches_an_old_window_without_a_gap(srv, tmp_path, target):
    srv.expect_request("/2/tweets/search/all").respond_with_json({"meta": {"result_count": 0}})
    srv.expect_request("/2/tweets/900/quote_tweets").respond_with_json(
        {"meta": {"result_count": 0}}
    )
    source = make(settings_for(tmp_path, srv.url_for(""), x_search_mode="all"), target)
    list(source.pages(target, datetime(2020, 1, 25, tzinfo=UTC), datetime(2020, 2, 1, tzinfo=UTC)))
    assert source.problems == [] and source.gaps == []


def test_a_nightly_window_from_available_is_not_clipped(srv, tmp_path, target):
    """The first nightly asks from ``available(now)``; the clock moving on a few minutes while
    earlier queries run is drift, not a gap."""
    FakeX(mentions(3)).install(srv)
    ticks = iter(CLOCK + timedelta(seconds=5 * i) for i in range(100))
    source = make(settings_for(tmp_path, srv.url_for("")), target, clock=lambda: next(ticks))
    start, end = source.available(CLOCK)
    list(source.pages(target, start, end))
    assert source.problems == [] and source.gaps == []


def test_a_clip_is_named_once_even_as_the_clock_moves_between_queries(srv, tmp_path, target):
    FakeX(mentions(3)).install(srv)
    ticks = iter(CLOCK + timedelta(seconds=5 * i) for i in range(100))
    source = make(settings_for(tmp_path, srv.url_for("")), target, clock=lambda: next(ticks))
    list(source.pages(target, CLOCK - timedelta(days=10), CLOCK))
    (problem,) = source.problems
    ((lo, hi, _),) = source.gaps
    # The one sentence names the latest query's clip, the widest.
    assert lo == CLOCK - timedelta(days=10) and hi > CLOCK - timedelta(days=7, minutes=-2)
    assert problem.startswith(f"x: {span(lo, hi)} is older") and span(lo, hi).startswith(
        "2026-11-14T12:00Z → 2026-11-17T12:0"
    )


TWO_X_TARGETS = """
[[target]]
name = "alice"
sources = ["x"]
handles = { x = "alice_reporter" }

[[target]]
name = "bob"
sources = ["x"]
handles = { x = "bob_reporter" }
"""


def test_a_wave_on_one_target_cannot_starve_the_other_below_its_floor(srv, tmp_path):
    from config.targets import load_targets

    path = tmp_path / "targets.toml"
    path.write_text(TWO_X_TARGETS)
    alice, bob = load_targets(path).values()
    wave = mentions(100)
    quiet = [x_tweet(200 + i, text=f"@bob_reporter {i}") for i in range(30)]
    FakeX([*wave, *quiet]).install(srv)
    settings = settings_for(
        tmp_path,
        srv.url_for(""),
        targets_file=path,
        x_monthly_read_cap=50,
        x_target_floor=20,
        x_page_size=10,
    )
    first = make(settings, alice)
    read = sum(len(orjson.loads(p.body).get("data", [])) for p in first.pages(alice, None, None))
    assert read == 30  # the cap minus bob's untouched floor
    assert first.problems[0].startswith(
        "x: monthly read budget reached: 30 of 50 posts read in 2026-11 (x_monthly_read_cap); "
        "20 kept for the other targets' monthly floors (20 each, x_target_floor; 'alice' read "
        "30); collection stopped; not collected this run: mentions (2026-11-17T12:02Z → "
        "2026-11-20T01:10Z)"
    )
    second = make(settings, bob)
    read = sum(len(orjson.loads(p.body).get("data", [])) for p in second.pages(bob, None, None))
    assert read == 20 and second.problems[0].startswith(
        "x: monthly read budget reached: 50 of 50 posts read in 2026-11"
    )
    assert json.loads((settings.data_dir / "state" / "budget.json").read_text()) == {
        "x": {"2026-11": 50},
        "x:by-target": {"2026-11": {"alice": 30, "bob": 20}},
    }


def test_a_target_alone_in_the_targets_file_may_use_the_whole_cap(srv, tmp_path, target):
    from tasks.sources.state import Budget

    budget = Budget(tmp_path, "x", 100, lambda: CLOCK, target="alice", sharers=["alice"])
    assert budget.floor == 0 and budget.remaining() == 100
    shared = Budget(tmp_path, "x", 100, lambda: CLOCK, target="alice", sharers=["alice", "bob"])
    # Default floor: half the cap, split equally.
    assert shared.floor == 25 and shared.remaining() == 75
    # A floor larger than an equal share would leave no one anything: an equal share at most.
    greedy = Budget(
        tmp_path, "x", 100, lambda: CLOCK, target="alice", sharers=["alice", "bob"], floor=80
    )
    assert greedy.floor == 50 and greedy.remaining() == 50


def test_full_archive_mode_searches_all_and_paces_one_request_a_second(srv, tmp_path, target):
    calls: list[str] = []
    srv.expect_request("/2/tweets/search/all").respond_with_handler(
        lambda r: (calls.append(r.args["query"]), json_response({"meta": {"result_count": 0}}))[1]
    )
    srv.expect_request("/2/tweets/900/quote_tweets").respond_with_json(
        {"meta": {"result_count": 0}}
    )
    sleeps = Sleeps()
    settings = settings_for(tmp_path, srv.url_for(""), x_search_mode="all")
    source = make(settings, target, sleeps)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    assert source.available(CLOCK)[0] == datetime(2006, 3, 21, tzinfo=UTC)
    list(source.pages(target, start, datetime(2020, 1, 1, tzinfo=UTC)))
    assert "@alice_reporter -from:alice_reporter" in calls and sleeps and max(sleeps) <= 1.0


def test_real_twarc_pages_paginate_by_their_own_tokens(srv, tmp_path, target, fixtures_dir):
    d = fixtures_dir / "twarc-csv-v2"
    pages = [
        *(d / "2sets.jsonl").read_bytes().splitlines(),
        (d / "media_policy_violation_off.jsonl").read_bytes().strip(),
        (d / "noflat.jsonl").read_bytes().strip(),
    ]
    log = serve_pages(
        srv, "/2/tweets/search/recent", pages, lambda b: orjson.loads(b)["meta"].get("next_token")
    )
    srv.expect_request("/2/tweets/900/quote_tweets").respond_with_json(
        {"meta": {"result_count": 0}}
    )
    settings = settings_for(tmp_path, srv.url_for(""))
    got = [
        p
        for p in make(settings, target).pages(target, None, None)
        if p.provenance["query"] == "mentions"
    ]
    assert [p.body for p in got[:4]] == pages  # the bytes as received
    assert [r.get("next_token") for r in log[:5]] == [
        None,
        *(orjson.loads(b)["meta"]["next_token"] for b in pages),
    ]
    out = ingest(settings.data_dir, got, target)
    records = sum(len(orjson.loads(b)["data"]) for b in pages)
    assert out.records_in == records and out.valid + out.quarantined <= records
    assert out.valid == records - scan(settings.data_dir, QUARANTINE).collect().height


def test_no_secret_anywhere_in_the_data_root_even_when_a_server_echoes_it(srv, tmp_path, target):
    echo = x_tweet(3, text=f"@alice_reporter your token is {X_TOKEN}")
    FakeX([*mentions(3), echo]).install(srv)
    settings = settings_for(tmp_path, srv.url_for(""))
    source = make(settings, target)
    pages = list(source.pages(target, None, None))
    ingest(settings.data_dir, pages, target)
    source.checkpoint(settings.data_dir)
    assert any("redacted" in p.provenance for p in pages)
    for p in pages:  # what the evidence copy would store, verbatim
        (settings.data_dir / "pages").mkdir(exist_ok=True)
        (
            settings.data_dir
            / "pages"
            / f"{len(list((settings.data_dir / 'pages').iterdir()))}.json"
        ).write_bytes(p.body + orjson.dumps(dict(p.provenance)))
    assert_no_secret(settings.data_dir)


def test_a_backfill_reaching_past_day_minus_7_is_recorded_partial_with_its_span(
    srv, tmp_path, monkeypatch, prefect_harness
):
    """Through the CLI and the real flow: the run record (read back from the runs table) is
    ``partial`` and names the span recent search could not reach, and the CLI says partial."""
    import re

    from typer.testing import CliRunner

    from flows.cli import app
    from tasks.digest.data import load_runs
    from tasks.digest.summary import missing_spans

    today = datetime.now(UTC).date()
    FakeX(
        [
            x_tweet(i, text=f"@alice_reporter {i}", base=datetime.now(UTC) - timedelta(days=2))
            for i in range(3)
        ]
    ).install(srv)
    targets = tmp_path / "targets.toml"
    targets.write_text(TWO_X_TARGETS)
    for name, value in {
        "TOCSIN_X_BASE_URL": srv.url_for("").rstrip("/"),
        "TOCSIN_X_BEARER_TOKEN": X_TOKEN,
        "TOCSIN_TARGETS_FILE": str(targets),
        "TOCSIN_X_OWN_POSTS": "0",
    }.items():
        monkeypatch.setenv(name, value)
    first = today - timedelta(days=10)
    data = tmp_path / "data"
    result = CliRunner().invoke(
        app,
        ["backfill", "-t", "alice", "--from", f"{first}", "--to", f"{today}", "--data-dir", data],
    )
    assert result.exit_code == 0, result.output
    # The CLI prints the missing span whole, not squeezed into the table's error column.
    assert f"alice/x partial: x: {first}T00:00Z → " in result.output
    (run,) = load_runs(data, "alice").to_dicts()
    assert run["status"] == "partial" and run["written"] == 3
    assert re.fullmatch(
        rf"x: {first}T00:00Z → \d{{4}}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z is older than the 7 days "
        r"the recent search reaches: not collected; use x_search_mode = \"all\" \(Pro or "
        r"Enterprise access\) for this window, or import an export \(tocsin import\)",
        run["error"],
    )
    ((lo, hi),) = missing_spans(run["error"])
    assert lo == datetime.combine(first, datetime.min.time(), UTC)
    assert timedelta(days=6, hours=23) < datetime.now(UTC) - hi <= timedelta(days=7)
