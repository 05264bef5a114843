"""The three platforms, each behind its loopback server, into the same tables: first through the
plain functions a flow wires, then through the real ``nightly`` flow under Prefect."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from config.settings import load_settings
from config.targets import Target, load_targets
from tasks.runs import last_runs
from tasks.schema import MENTIONS
from tasks.scoring import SCORES
from tasks.sources.registry import make_source
from tasks.sources.state import read_marks
from tasks.store import scan
from tests.support.sources import (
    ALICE_DID,
    BSKY_PASSWORD,
    MASTODON_TOKEN,
    X_TOKEN,
    FakeBluesky,
    FakeMastodon,
    FakeX,
    assert_no_secret,
    ingest,
    x_tweet,
)

WATCHED_BSKY = "at://did:plc:prominent00prominent000/app.bsky.feed.post/3kwatched0001"
TARGETS = f"""
[[target]]
name = "alice"
timezone = "Europe/Paris"
sources = ["x", "mastodon", "bluesky"]
handles = {{ x = "alice_reporter", x_user_id = "42", mastodon = "alice@social.example", bluesky = "alice.example.social", bluesky_did = "{ALICE_DID}" }}
watched_posts = [
  {{ platform = "x", id = "900" }},
  {{ platform = "mastodon", id = "1100" }},
  {{ platform = "bluesky", id = "{WATCHED_BSKY}" }},
]
"""


@pytest.fixture
def platforms(srv, monkeypatch, tmp_path):
    """X, Mastodon and Bluesky on one loopback server (their paths do not overlap), and the
    environment a deployment would have."""
    base = datetime.now(UTC) - timedelta(days=1)
    reply = x_tweet(
        50,
        text="quelle honte",
        base=base,
        conversation_id="900",
        referenced_tweets=[{"type": "replied_to", "id": "900"}],
    )
    fake_x = FakeX(
        [*(x_tweet(i, text=f"@alice_reporter {i}", base=base) for i in range(12)), reply]
    )
    fake_x.install(srv)
    FakeMastodon(srv)
    FakeBluesky(srv)
    url = srv.url_for("").rstrip("/")
    env = {
        "TOCSIN_X_BASE_URL": url,
        "TOCSIN_MASTODON_URL": url,
        "TOCSIN_BLUESKY_URL": url,
        "TOCSIN_X_BEARER_TOKEN": X_TOKEN,
        "TOCSIN_MASTODON_TOKEN": MASTODON_TOKEN,
        "TOCSIN_BLUESKY_HANDLE": "alice.example.social",
        "TOCSIN_BLUESKY_APP_PASSWORD": BSKY_PASSWORD,
        "TOCSIN_X_PAGE_SIZE": "10",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    targets = tmp_path / "targets.toml"
    targets.write_text(TARGETS)
    return fake_x, targets


def test_the_three_platforms_land_in_the_same_tables(platforms, tmp_path):
    _, targets = platforms
    settings = load_settings(targets_file=targets, data_dir=tmp_path / "data")
    alice: Target = load_targets(targets)["alice"]
    now = datetime.now(UTC)
    for name in alice.sources:
        source = make_source(name, alice, settings)
        start, end = source.available(now)
        ingest(settings.data_dir, list(source.pages(alice, start, end)), alice, name, now=now)
        source.checkpoint(settings.data_dir)
        assert source.problems == []
    rows = scan(settings.data_dir, MENTIONS).collect()
    counts = dict(rows.group_by("platform").len().iter_rows())
    assert counts == {"x": 13, "mastodon": 7, "bluesky": 6}
    watched = rows.filter(pl.col("watched_post_id").is_not_null() & ~pl.col("mentions_target"))
    assert set(watched["platform"]) == {"x", "mastodon", "bluesky"}
    assert set(watched["kind"]) == {"reply", "quote", "mention"}  # the watched Bluesky post itself
    for name in alice.sources:
        assert read_marks(settings.data_dir, "alice", name)
    assert_no_secret(settings.data_dir)


def test_nightly_flow_pulls_the_three_platforms(platforms, tmp_path, prefect_harness):
    from flows.pipeline import nightly

    _, targets = platforms
    data = tmp_path / "data"
    summaries = nightly(data_dir=str(data), targets_file=str(targets))
    assert {(s["source"], s["status"]) for s in summaries} == {
        ("x", "ok"),
        ("mastodon", "ok"),
        ("bluesky", "ok"),
    }
    assert {s["source"]: s["written"] for s in summaries} == {"x": 13, "mastodon": 7, "bluesky": 6}
    marks = json.loads((data / "state" / "cursors.json").read_text())
    assert set(marks) == {"alice/x", "alice/mastodon", "alice/bluesky"}
    assert json.loads((data / "state" / "cursors.json").read_text())["alice/x"]["mentions"][
        "since"
    ] == (
        str(1_600_000_000_000_000_011)  # the next nightly starts exactly there
    )
    assert_no_secret(data)


TWO_TARGETS = """
[[target]]
name = "alice"
timezone = "Europe/Paris"
sources = ["x"]
handles = { x = "alice_reporter", x_user_id = "42" }

[[target]]
name = "bob"
timezone = "Europe/Paris"
sources = ["x"]
handles = { x = "alice_reporter", x_user_id = "42" }
"""


def test_nightly_runs_targets_in_worker_processes(platforms, tmp_path, prefect_harness):
    """Two targets, two worker processes: both pulled, stored, sealed; the one watermark file
    holds both marks (written under a lock by two processes)."""
    from flows.pipeline import nightly
    from tasks.evidence.manifest import list_manifests

    targets = tmp_path / "two.toml"
    targets.write_text(TWO_TARGETS)
    data = tmp_path / "data"
    summaries = nightly(data_dir=str(data), targets_file=str(targets))
    assert [(s["target"], s["status"]) for s in summaries] == [("alice", "ok"), ("bob", "ok")], [
        s["error"] for s in summaries
    ]
    assert [s["written"] for s in summaries] == [12, 12]  # no watched post: the reply is not in
    rows = scan(data, MENTIONS).collect()
    assert dict(rows.group_by("target").len().iter_rows()) == {"alice": 12, "bob": 12}
    # Each worker pulled its targets then scored them together (tasks/grouped.py): every post
    # scored, and what is recorded is the final summary, not the "not derived yet" one.
    assert [s["scored"] for s in summaries] == [12, 12]
    scores = scan(data, SCORES).collect()
    assert dict(scores.group_by("target").len().iter_rows()) == {"alice": 12, "bob": 12}
    recorded = last_runs(data, 10)
    assert sorted(recorded.select("target", "status", "scored").rows()) == [
        ("alice", "ok", 12),
        ("bob", "ok", 12),
    ]
    marks = json.loads((data / "state" / "watermarks.json").read_text())
    assert set(marks) == {"alice/x", "bob/x"}
    chain = list_manifests(data)
    # One chain per target (each seals on its own, whatever the order): each starts at 1.
    assert sorted((m.manifest["target"], m.seq) for m in chain) == [("alice", 1), ("bob", 1)]
    assert_no_secret(data)


def test_nightly_in_one_process_derives_its_targets_together(
    platforms, tmp_path, prefect_harness, derivations
):
    """One worker: both targets pulled in turn, then scored and aggregated together, in one
    derivation (tasks/grouped.py): each ends with its own scores, daily counts and ledger."""
    from flows.pipeline import nightly
    from tasks.derive import ledger_path
    from tasks.schema import DAILY

    targets = tmp_path / "two.toml"
    targets.write_text(TWO_TARGETS)
    data = tmp_path / "data"
    settings = load_settings(data_dir=data, targets_file=targets, workers=1)
    summaries = nightly(settings=settings)
    assert [(s["target"], s["status"], s["scored"]) for s in summaries] == [
        ("alice", "ok", 12),
        ("bob", "ok", 12),
    ], [s["error"] for s in summaries]
    assert derivations == [["alice", "bob"]]
    scores = scan(data, SCORES).collect()
    assert dict(scores.group_by("target").len().iter_rows()) == {"alice": 12, "bob": 12}
    daily = scan(data, DAILY).collect()
    assert set(daily["target"]) == {"alice", "bob"}
    assert ledger_path(data, "alice").exists() and ledger_path(data, "bob").exists()
    assert sorted(last_runs(data, 10).select("target", "status").rows()) == [
        ("alice", "ok"),
        ("bob", "ok"),
    ]
