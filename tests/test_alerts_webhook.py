"""Alerts to a webhook (a real local HTTP server, pytest-httpserver), and the choice of quotes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks.alerts.dispatch import Transport
from tasks.alerts.table import ALERTS
from tasks.store import scan
from tests.support.alerts import START, alert_target, hostile_posts, make_episode, run

# --- webhook ------------------------------------------------------------------------------------


def test_webhook_gets_numbers_not_hostile_text(tmp_path: Path, httpserver: Any) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    target = alert_target(webhook_env="ALICE_WEBHOOK")
    transport = Transport(outbox=tmp_path / "outbox", webhook_url=httpserver.url_for("/hook"))
    report = run(tmp_path, transport, target=target)
    assert report.failures == []
    ((request, _),) = httpserver.log
    payload = request.get_json()
    assert payload["episode_id"] == "alice:harassment:20200131T18Z"
    assert (payload["hostile"], payload["level"], payload["reasons"]) == (812, 0, ["new"])
    assert payload["text"].startswith("[Tocsin] Vague de harcèlement contre Alice Martin")
    body = request.get_data(as_text=True)
    assert "script" not in body and "evil" not in body and "troll" not in body
    log = scan(tmp_path, ALERTS).collect().filter(pl.col("channel") == "webhook")
    assert log["recipient"].to_list() == ["ALICE_WEBHOOK"]  # the variable's name, not the URL


def test_a_failing_webhook_is_retried_next_run(tmp_path: Path, httpserver: Any) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("down", status=503)
    target = alert_target(webhook_env="ALICE_WEBHOOK")
    transport = Transport(outbox=tmp_path / "outbox", webhook_url=httpserver.url_for("/hook"))
    report = run(tmp_path, transport, target=target)
    assert report.failures == [
        "alice alice:harassment:20200131T18Z webhook:ALICE_WEBHOOK: webhook $ALICE_WEBHOOK answered HTTP 503"
    ]
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    assert run(tmp_path, transport, target=target).failures == []
    assert run(tmp_path, transport, target=target).sent == []
    assert len(httpserver.log) == 2
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2  # e-mails went once, first run


def test_a_missing_webhook_url_fails_loudly(tmp_path: Path) -> None:
    target = alert_target(webhook_env="ALICE_WEBHOOK")
    report = run(tmp_path, Transport(outbox=tmp_path / "o"), target=target)
    assert report.failures == [
        "alice alice:harassment:20200131T18Z webhook:ALICE_WEBHOOK: webhook: $ALICE_WEBHOOK is not set in the environment"
    ]


def test_worst_posts_skip_reposts_and_repeats_and_prefer_what_is_new() -> None:
    from tasks.alerts.compose import worst_posts

    posts = hostile_posts().with_columns(kind=pl.lit("reply"))
    repost = posts.slice(3, 1).with_columns(
        post_id=pl.lit("999"), kind=pl.lit("repost"), score=pl.lit(1.0)
    )
    copy = posts.slice(2, 1).with_columns(
        post_id=pl.lit("998"), created_at=pl.lit(START + timedelta(minutes=50))
    )
    everything = pl.concat([posts, repost, copy])
    ep = make_episode().row(0, named=True)
    assert worst_posts(everything, ep, 5)["post_id"].to_list() == ["102", "103", "100", "101"]
    since = START + timedelta(minutes=12, seconds=30)
    assert worst_posts(everything, ep, 5, since=since)["post_id"].to_list() == ["103", "998"]


def test_no_relay_and_no_outbox_is_a_failure_not_a_silence(tmp_path: Path) -> None:
    report = run(tmp_path, Transport())
    assert [f.split(": ", 1)[1] for f in report.failures] == [
        "no SMTP relay configured (smtp_host) and no outbox: cannot e-mail"
    ] * 2
    assert [s["channel"] for s in report.sent] == ["log"]  # the decision itself is recorded
