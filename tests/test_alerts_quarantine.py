"""Quarantined but readable, end to end without Prefect: a threat whose author id is missing is
quarantined, scored unvalidated by the derive step, read by detection's post loader, and quoted
in the alert (an outbox .eml) as an unvalidated record with its reason; an unreadable record is
not scored and is still counted in quarantine."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from config.targets import Target
from tasks.alerts.config import AlertPolicy
from tasks.alerts.dispatch import Transport, deliver
from tasks.derive import bring_up_to_date
from tasks.detect.run import load_posts, make_scorer
from tasks.ingest import store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.schema import QUARANTINE
from tasks.scoring.table import QUARANTINE_SCORES
from tasks.store import scan
from tasks.validate import split
from tests.support.alerts import alert_target, make_episode
from tests.support.wire import page, tweet

NOW = datetime(2020, 2, 1, 12, tzinfo=UTC)
START = datetime(2020, 2, 1, 9, tzinfo=UTC)
THREAT = "@alice_reporter je vais te retrouver sale pute"


def _ingest(root: Path, target: Target) -> None:
    tweets = [
        tweet("1", text="@alice_reporter bravo pour l'enquête"),
        tweet("2", text=THREAT, author_id=""),  # quarantined: "non_blank: author_id is empty"
    ]
    pages = [RawPage(page(tweets), "file", "f:1", NOW), RawPage(b"{not json", "file", "f:2", NOW)]
    staging, _ = parse_pages(pages, target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    assert valid["post_id"].to_list() == ["1"] and rejected.height == 2
    store_batch(root, valid, rejected, "run-1")


def _derive(root: Path) -> None:
    bring_up_to_date(root, "alice", timezone="Europe/Paris", young_days=30, scorer_name="rules")


def _qscores(root: Path) -> pl.DataFrame:
    return scan(root, QUARANTINE_SCORES).collect().sort("raw_sha256")


def test_a_threat_without_author_id_is_scored_unvalidated_and_alerted_as_such(
    tmp_path: Path,
) -> None:
    root, target = tmp_path / "data", alert_target()
    _ingest(root, target)
    _derive(root)

    # Quarantined, both records, and only the readable one scored: a threat, unvalidated.
    assert scan(root, QUARANTINE).collect().height == 2
    q = _qscores(root)
    assert q.select("post_id", "stance", "validated").rows() == [("2", "hostile", False)]
    assert "threat" in q["categories"][0]
    assert q["quarantine_reasons"][0].to_list() == ["non_blank: author_id is empty"]

    # A re-run changes nothing.
    _derive(root)
    assert_frame_equal(_qscores(root), q)

    # Detection's posts hold it, unvalidated, beside the valid post.
    posts = load_posts(root, "alice", START, NOW, scorer=make_scorer("rules"))
    assert posts.select("post_id", "validated").sort("post_id").rows() == [
        ("1", True),
        ("2", False),
    ]

    episode = make_episode(start=START, peak=START, end=NOW, threats=1)
    report = deliver(
        root,
        target,
        episode,
        posts,
        now=NOW,
        policy=AlertPolicy(),
        transport=Transport(outbox=tmp_path / "outbox"),
    )
    assert not report.failures and len(report.sent) == 3  # log, two recipients
    mails = {
        str(m["To"]): m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        for m in (
            email.message_from_bytes(f.read_bytes(), policy=email_policy.default)
            for f in (tmp_path / "outbox").glob("*.eml")
        )
    }
    en = mails["Safety desk <desk@example.org>"]
    fr = mails["Alice <alice@example.org>"]
    assert "unvalidated record (reason: non_blank: author_id is empty)" in en
    assert "1 hostile post comes from a quarantined record" in en
    assert "enregistrement non validé (motif : non_blank: author_id is empty)" in fr
    assert "je vais te retrouver" in en and "je vais te retrouver" in fr


def test_a_valid_copy_of_the_post_replaces_the_quarantined_one(tmp_path: Path) -> None:
    root, target = tmp_path / "data", alert_target()
    _ingest(root, target)
    # The same post arrives again, well formed: it is that post, counted once, validated.
    staging, _ = parse_pages([RawPage(page([tweet("2", text=THREAT)]), "file", "f:3", NOW)], target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    store_batch(root, valid, rejected, "run-2")
    _derive(root)
    posts = load_posts(root, "alice", START, NOW, scorer=make_scorer("rules"))
    assert posts.select("post_id", "validated").sort("post_id").rows() == [
        ("1", True),
        ("2", True),
    ]


def test_a_bad_date_is_placed_when_it_was_received(tmp_path: Path) -> None:
    root = tmp_path / "data"
    target = Target(name="alice", timezone="UTC", handles={"x": "alice_reporter"})
    body = page([tweet("3", text=THREAT, created_at="2020-13-45T99:00Z")])
    staging, _ = parse_pages([RawPage(body, "file", "f:1", NOW)], target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    store_batch(root, valid, rejected, "run-1")
    _derive(root)
    posts = load_posts(root, "alice", START, NOW + timedelta(hours=1), scorer=make_scorer("rules"))
    row = posts.row(0, named=True)
    assert (row["post_id"], row["validated"], row["created_at"]) == ("3", False, NOW)
