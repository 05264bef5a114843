"""Quarantined but readable: a threat rejected for its author id or its date is still scored,
flagged unvalidated; a record whose text was not read is not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tasks.ingest import store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.scoring.quarantine import score_quarantine, score_rejected
from tasks.scoring.rules import RulesScorer
from tasks.scoring.table import QUARANTINE_SCORES
from tasks.store import scan
from tasks.validate import split
from tests.conftest import page, tweet

NOW = datetime(2020, 2, 2, tzinfo=UTC)


def test_a_malformed_threat_is_scored_unvalidated(target) -> None:  # type: ignore[no-untyped-def]
    tweets = [
        tweet("1", text="@alice_reporter on sait où tu habites, tu vas finir dans un fossé"),
        tweet("2", text="@alice_reporter i will ruin your life", author_id="", lang="en"),
        tweet("3", text="@alice_reporter je vais te retrouver", created_at="2020-13-45T99:00Z"),
        tweet("4", text="   ", author_id=""),  # no text to read: "non_blank: text is empty"
        tweet("5", text="@alice_reporter merci pour l'article", author_id=""),
    ]
    body = page(tweets)
    staging, _ = parse_pages([RawPage(body, "file", "f:1", NOW)], target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    assert valid["post_id"].to_list() == ["1"]
    assert sorted(rejected["post_id"].to_list()) == ["2", "3", "4", "5"]

    out = score_rejected(rejected, RulesScorer()).sort("post_id")
    assert out["post_id"].to_list() == ["2", "3", "5"]
    assert out["validated"].to_list() == [False, False, False]
    assert out["stance"].to_list() == ["hostile", "hostile", "neutral"]
    assert [("threat" in c) for c in out["categories"].to_list()] == [True, True, False]
    assert out["reasons"].to_list()[0] == ["en.threat.ruin: «i will ruin your life»"]
    assert all(len(r) > 0 for r in out["quarantine_reasons"].to_list())


def test_an_unreadable_record_is_not_scored(target) -> None:  # type: ignore[no-untyped-def]
    staging, _ = parse_pages([RawPage(b"not json", "file", "f:1", NOW)], target)
    _, rejected = split(staging, NOW, timedelta(minutes=5))
    assert rejected.height == 1
    assert score_rejected(rejected, RulesScorer()).height == 0


def test_quarantined_records_in_storage_are_scored_once(target, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tweets = [
        tweet("2", text="@alice_reporter je vais te retrouver sale pute", author_id=""),
        tweet("3", text="@alice_reporter bonne journée", created_at="2020-13-45T99:00Z"),
    ]
    staging, _ = parse_pages([RawPage(page(tweets), "file", "f:1", NOW)], target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    store_batch(tmp_path, valid, rejected, "run-1")
    scorer = RulesScorer()

    assert score_quarantine(tmp_path, "alice", scorer, now=NOW) == 2
    assert score_quarantine(tmp_path, "alice", scorer, now=NOW) == 0  # nothing new
    out = scan(tmp_path, QUARANTINE_SCORES, where={"target": "alice"}).collect().sort("post_id")
    assert out["post_id"].to_list() == ["2", "3"]
    assert out["stance"].to_list() == ["hostile", "neutral"]
    assert out["categories"].to_list()[0] == ["threat", "insult"]
    assert out["validated"].to_list() == [False, False]
    assert out["quarantine_reasons"].to_list()[0] == ["non_blank: author_id is empty"]


def test_mastodon_and_bluesky_records_are_read_again_with_their_platform_parser(
    target, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    status = {
        "id": "111",
        "created_at": "2020-02-01T10:00:00.000Z",
        "content": "<p>@alice je vais te retrouver sale pute</p>",
        "account": {"acct": "troll@example.social", "username": "troll"},  # no id
        "language": "fr",
    }
    post = {
        "uri": "at://did:plc:abc/app.bsky.feed.post/3k",
        "cid": "c",
        "author": {"handle": "troll.bsky.social"},  # no did
        "record": {"text": "i will ruin your life @alice", "createdAt": "2020-02-01T10:00:00Z"},
    }
    pages = [
        RawPage(json.dumps([status]).encode(), "file", "m:1", NOW, format="mastodon-statuses"),
        RawPage(json.dumps({"posts": [post]}).encode(), "file", "b:1", NOW, format="bluesky-posts"),
    ]
    staging, _ = parse_pages(pages, target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    assert valid.is_empty() and rejected.height == 2
    store_batch(tmp_path, valid, rejected, "run-1")

    assert score_quarantine(tmp_path, "alice", RulesScorer(), now=NOW) == 2
    out = scan(tmp_path, QUARANTINE_SCORES, where={"target": "alice"}).collect().sort("platform")
    assert out["platform"].to_list() == ["bluesky", "mastodon"]
    assert out["stance"].to_list() == ["hostile", "hostile"]
    assert all("required: author_id is missing" in r for r in out["quarantine_reasons"])


def test_a_quarantine_is_read_and_scored_in_bounded_date_groups(
    target, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Quarantined records on three dates, scored one date at a time (``limit=1``): each
    group parsed again on its own, the same quarantine_scores files as in one go."""
    import hashlib

    from tasks.scoring import quarantine

    texts = ["je vais te retrouver sale pute", "bonne journée", "i will ruin your life"]
    tweets = [
        tweet(
            f"{i}",
            text=f"@alice_reporter {t}",
            author_id="",
            created_at=f"2020-01-0{i}T08:00:00.000Z",
        )
        for i, t in enumerate(texts, start=1)
    ]
    staging, _ = parse_pages([RawPage(page(tweets), "file", "f:1", NOW)], target)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    whole, grouped = tmp_path / "whole", tmp_path / "grouped"
    for root in (whole, grouped):
        store_batch(root, valid, rejected, "run-1")

    def files(root):  # type: ignore[no-untyped-def]
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "quarantine_scores").rglob("*.parquet"))
        }

    parsed: list[int] = []
    real = quarantine.reparse

    def counted(rows, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(rows.height)
        return real(rows, *args, **kwargs)

    scorer = RulesScorer()
    assert score_quarantine(whole, "alice", scorer, now=NOW) == 3
    monkeypatch.setattr(quarantine, "reparse", counted)
    assert score_quarantine(grouped, "alice", scorer, now=NOW, limit=1) == 3
    assert parsed == [1, 1, 1]
    assert len(files(grouped)) == 3 and files(grouped) == files(whole)
    assert score_quarantine(grouped, "alice", scorer, now=NOW, limit=1) == 0
