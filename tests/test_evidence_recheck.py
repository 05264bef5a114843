"""Deletion and suspension tracking against X-v2-shaped answers from a local HTTP server."""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime

import orjson
import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from config.settings import Settings, load_settings
from config.targets import Target
from tasks.errors import PlatformError, QueryRejected, SourceUnavailable
from tasks.evidence import verify_evidence
from tasks.evidence.answers import read_x_answer
from tasks.evidence.lookups import x_lookup
from tasks.evidence.recheck import recheck_target
from tasks.evidence.table import STATUS_CHANGES
from tasks.pages import RawPage
from tasks.schema import MENTIONS
from tasks.store import scan
from tests.conftest import page, tweet, user
from tests.support.evidence import NOW, ingest_and_seal

TOKEN = "test-bearer-7d1f"
TARGET = Target(name="alice", handles={"x": "alice_reporter"})

NOT_FOUND = {
    "title": "Not Found Error",
    "detail": "Could not find tweet with ids: [{id}].",
    "type": "https://api.twitter.com/2/problems/resource-not-found",
    "resource_type": "tweet",
}
SUSPENDED = {
    "title": "Forbidden",
    "detail": "User has been suspended: [troll8].",
    "type": "https://api.twitter.com/2/problems/resource-not-found",
    "resource_type": "user",
}


class FakeX:
    """The X API v2 tweet lookup, as we write it: state per id, answers in batches."""

    def __init__(self) -> None:
        self.state: dict[str, str] = {}
        self.calls: list[list[str]] = []
        self.throttle = 0

    def __call__(self, request: Request) -> Response:
        assert request.headers.get("Authorization") == f"Bearer {TOKEN}"
        if self.throttle:
            self.throttle -= 1
            return Response(
                "{}", status=429, headers={"x-rate-limit-reset": str(int(time.time()) + 30)}
            )
        ids = request.args["ids"].split(",")
        self.calls.append(ids)
        data, errors = [], []
        for i in ids:
            s = self.state.get(i, "available")
            base = {"id": i, "text": "…", "author_id": "7", "edit_history_tweet_ids": [i]}
            if s == "deleted":
                errors.append(
                    {
                        **NOT_FOUND,
                        "detail": NOT_FOUND["detail"].format(id=i),
                        "value": i,
                        "resource_id": i,
                        "parameter": "ids",
                    }
                )
            elif s == "suspended":
                errors.append({**SUSPENDED, "value": i, "resource_id": i, "parameter": "ids"})
            elif s == "withheld":
                data.append(
                    {
                        **base,
                        "withheld": {
                            "copyright": False,
                            "country_codes": ["DE", "FR"],
                            "scope": "tweet",
                        },
                    }
                )
            elif s == "edited":
                data.append({**base, "edit_history_tweet_ids": [i, "9" + i]})
            else:
                data.append(base)
        body = (
            {"data": data, "includes": {"users": [{"id": "7", "username": "troll7"}]}}
            if data
            else {}
        )
        if errors:
            body["errors"] = errors
        return Response(orjson.dumps(body), content_type="application/json")


@pytest.fixture
def fake_x(httpserver: HTTPServer) -> FakeX:
    fake = FakeX()
    httpserver.expect_request("/2/tweets").respond_with_handler(fake)
    return fake


@pytest.fixture
def stored(tmp_path):
    root = tmp_path / "data"
    tweets = [tweet(str(i), created_at="2020-02-01T10:00:00.000Z") for i in range(1, 6)]
    ingest_and_seal(
        root,
        [RawPage(page(tweets, [user()]), "file", "f.jsonl:1", NOW, date(2020, 2, 1))],
        TARGET,
        "run-1",
        None,
        None,
    )
    return root


def _changes(root) -> pl.DataFrame:
    return scan(root, STATUS_CHANGES).collect().sort("post_id", "observed_at")


def test_recheck_records_deletions_suspensions_withholdings_and_edits(
    stored, fake_x, httpserver, caplog
):
    fake_x.state = {"2": "deleted", "3": "suspended", "4": "withheld", "5": "edited"}
    caplog.set_level(logging.DEBUG)
    summary = recheck_target(
        stored,
        TARGET,
        run_id="recheck-1",
        now=NOW,
        settings=_settings(stored, httpserver.url_for(""), x_bearer_token=TOKEN),
    )
    assert summary.looked_up == 5 and summary.changes == {
        "author_suspended": 1,
        "deleted": 1,
        "edited": 1,
        "withheld": 1,
    }
    rows = (
        _changes(stored).select("post_id", "status", "previous_status", "detail", "lookup").rows()
    )
    assert rows == [
        (
            "2",
            "deleted",
            "available",
            "Not Found Error: Could not find tweet with ids: [2].",
            "x-api",
        ),
        (
            "3",
            "author_suspended",
            "available",
            "Forbidden: User has been suspended: [troll8].",
            "x-api",
        ),
        ("4", "withheld", "available", "withheld in DE,FR", "x-api"),
        ("5", "edited", "available", "new version(s): 95", "x-api"),
    ]
    # The answer is kept and sealed like any collected page; the posts themselves stay stored.
    report = verify_evidence(stored)
    assert report.ok and report.manifests_total == 2
    assert scan(stored, MENTIONS).collect().height == 5
    # The token is in no file and no log line.
    blobs = b"".join(p.read_bytes() for p in stored.rglob("*") if p.is_file())
    assert TOKEN.encode() not in blobs and TOKEN not in caplog.text

    # The next day nothing changed: nothing new is recorded; then post 1 goes, 3 comes back.
    recheck_target(
        stored,
        TARGET,
        run_id="recheck-2",
        now=NOW,
        settings=_settings(stored, httpserver.url_for(""), x_bearer_token=TOKEN),
    )
    assert _changes(stored).height == 4
    assert fake_x.calls[-1] == ["1", "3", "4", "5"]  # deleted posts are not asked again
    fake_x.state = {"1": "deleted", "2": "deleted", "4": "withheld", "5": "edited"}
    later = NOW.replace(day=25)
    recheck_target(
        stored,
        TARGET,
        run_id="recheck-3",
        now=later,
        settings=_settings(stored, httpserver.url_for(""), x_bearer_token=TOKEN),
    )
    new = (
        _changes(stored)
        .filter(pl.col("run_id") == "recheck-3")
        .select("post_id", "status", "previous_status")
        .rows()
    )
    assert new == [("1", "deleted", "available"), ("3", "available", "author_suspended")]


def test_lookups_go_in_batches_of_100_and_wait_for_the_rate_limit_reset(
    httpserver, fake_x, tmp_path
):
    fake_x.throttle = 1
    waits: list[float] = []
    ids = [str(i) for i in range(1, 151)]
    settings = _settings(tmp_path, httpserver.url_for(""))
    pages = list(x_lookup(ids, settings=settings, token=TOKEN, sleep=waits.append))
    assert [len(c) for c in fake_x.calls] == [100, 50] and len(pages) == 2
    assert len(waits) == 1 and 25 <= waits[0] <= 32  # the reset header, not a blind backoff
    assert all(TOKEN not in str(p.provenance) for p in pages)


def test_a_refused_token_is_one_clear_error_without_the_token(httpserver, tmp_path):
    httpserver.expect_request("/2/tweets").respond_with_json({"title": "Unauthorized"}, status=401)
    with pytest.raises(SourceUnavailable, match="HTTP 401 .* the bearer token was refused") as exc:
        list(x_lookup(["1"], settings=_settings(tmp_path, httpserver.url_for("")), token=TOKEN))
    assert TOKEN not in str(exc.value)


def _echo_token(request: Request) -> Response:
    """An API that repeats the credential it was sent in its error answer."""
    sent = request.headers.get("Authorization", "")
    return Response(
        orjson.dumps({"title": "Invalid Request", "detail": f"cannot use {sent} here"}),
        status=int(request.args.get("status", "400")),
        content_type="application/json",
    )


def test_an_x_lookup_error_never_holds_the_token_the_server_echoed(httpserver, tmp_path):
    httpserver.expect_request("/2/tweets").respond_with_handler(_echo_token)
    settings = _settings(tmp_path, httpserver.url_for(""))
    with pytest.raises(QueryRejected) as exc:
        list(x_lookup(["1"], settings=settings, token=TOKEN))
    assert TOKEN not in str(exc.value)
    assert str(exc.value) == (
        "x: HTTP 400 BAD REQUEST for GET /2/tweets "
        "(Invalid Request; cannot use Bearer [REDACTED] here)"
    )


def test_an_x_lookup_retries_as_the_http_settings_say_then_fails_without_the_token(
    httpserver, tmp_path
):
    def unavailable(request: Request) -> Response:
        calls.append(request.headers.get("Authorization"))
        return Response(f"down for {request.headers['Authorization']}", status=503)

    calls: list[str | None] = []
    waits: list[float] = []
    httpserver.expect_request("/2/tweets").respond_with_handler(unavailable)
    settings = _settings(tmp_path, httpserver.url_for(""), http_max_retries=2)
    with pytest.raises(PlatformError) as exc:
        list(x_lookup(["1"], settings=settings, token=TOKEN, sleep=waits.append))
    assert calls == [f"Bearer {TOKEN}"] * 3 and waits == [1.0, 2.0]
    assert str(exc.value) == (
        "x: GET /2/tweets: HTTP 503 SERVICE UNAVAILABLE, still after 3 attempts; run again later"
    )
    calls.clear()
    no_retry = _settings(tmp_path, httpserver.url_for(""), http_max_retries=0)
    with pytest.raises(PlatformError):
        list(x_lookup(["1"], settings=no_retry, token=TOKEN, sleep=waits.append))
    assert len(calls) == 1


def test_without_a_token_x_posts_are_skipped_and_said_so(stored):
    settings = _settings(stored, x_bearer_token=None)
    summary = recheck_target(stored, TARGET, run_id="r", now=NOW, settings=settings)
    assert (summary.looked_up, summary.skipped) == (0, 5)
    assert summary.skipped_why == "no X bearer token (TOCSIN_X_BEARER_TOKEN)"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"garbage", [("1", "unavailable")], id="not-json"),
        pytest.param(
            b'{"errors":[{"resource_id":"1","title":"Authorization Error","detail":"protected"}]}',
            [("1", "unavailable")],
            id="protected",
        ),
        pytest.param(
            b'{"data":[{"id":"1","author_id":"7"}],"includes":{"users":[{"id":"7","withheld":{"country_codes":["TR"]}}]}}',
            [("1", "withheld")],
            id="author-withheld",
        ),
    ],
)
def test_odd_answers_are_read_without_guessing(body, expected):
    assert [(s.post_id, s.status) for s in read_x_answer(body, ["1"], {})] == expected


def test_the_synthetic_platform_shows_the_generators_deletions_and_suspensions(tmp_path):
    """Two hours of the raid, looked up as of the end of the scenario: the simulated platform
    answers from the generator's deleted_at / suspended_at."""
    from tasks.sources import synthetic
    from tasks.sources.registry import SyntheticSource

    demo = Target(name="demo", handles={"x": "demo_journalist", "x_user_id": "1000000000000000001"})
    root = tmp_path / "data"
    start = datetime(2020, 2, 1, 18, tzinfo=UTC)
    pages = list(SyntheticSource("seed-wave", 0).pages(demo, start, start.replace(hour=20)))
    ingest_and_seal(root, pages, demo, "run-1", None, None)
    as_of = synthetic.scenario_window("seed-wave")[1]
    summary = recheck_target(
        root, demo, run_id="recheck-1", now=NOW, settings=_settings(root), as_of=as_of
    )
    changes = _changes(root)
    truth = synthetic.ground_truth("seed-wave", seed=0, handle="demo_journalist")
    stored_ids = set(scan(root, MENTIONS).collect()["post_id"])
    gone = truth.filter(pl.col("post_id").is_in(stored_ids) & (pl.col("deleted_at") <= as_of))
    deleted = set(changes.filter(pl.col("status") == "deleted")["post_id"])
    assert deleted == set(gone["post_id"]) and len(deleted) > 10
    assert summary.changes["author_suspended"] > 0 and set(changes["lookup"]) == {"simulated"}
    assert verify_evidence(root).ok


def _settings(root, url: str = "http://127.0.0.1:9", **extra) -> Settings:
    return load_settings(None, data_dir=root, x_base_url=url, **extra)


def test_recheck_lookups_count_against_the_targets_x_read_budget(stored, fake_x, httpserver):
    from tasks.sources.state import Budget

    fake_x.state = {"2": "deleted"}
    recheck_target(
        stored,
        TARGET,
        run_id="recheck-1",
        now=NOW,
        settings=_settings(stored, httpserver.url_for(""), x_bearer_token=TOKEN),
    )
    # X bills the posts it returns: 4 of the 5 asked (post 2 is gone).
    budget = Budget(stored, "x", 10_000, lambda: NOW, target="alice")
    assert budget.used() == 4 and budget.used_by() == {"alice": 4}


def test_recheck_stops_at_the_budget_and_says_which_posts_it_skipped(stored, fake_x, httpserver):
    from tasks.sources.state import Budget

    Budget(stored, "x", 100, lambda: NOW, target="alice").spend(97)
    summary = recheck_target(
        stored,
        TARGET,
        run_id="recheck-1",
        now=NOW,
        settings=_settings(
            stored, httpserver.url_for(""), x_bearer_token=TOKEN, x_monthly_read_cap=100
        ),
    )
    assert fake_x.calls == [["1", "2", "3"]]  # never a batch larger than what is left
    assert (summary.looked_up, summary.skipped) == (3, 2)
    assert summary.skipped_why == (
        f"X monthly read budget reached: 100 of 100 posts read in {NOW:%Y-%m} (x_monthly_read_cap)"
    )
