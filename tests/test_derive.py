"""Derived tables follow what is stored, not what the last run wrote (tasks/derive.py).

Plain functions, no Prefect: mentions written straight to storage (as a run killed right after
its store leaves them), then ``bring_up_to_date``; tests/test_crash_matrix.py does the same
through the real command, killed at each stage boundary.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.aggregate import recompute_daily
from tasks.derive import bring_up_to_date, fingerprints, ledger_path
from tasks.schema import DAILY, MENTIONS, QUARANTINE
from tasks.scoring import SCORES
from tasks.scoring.table import QUARANTINE_SCORES
from tasks.store import merge_partitions, scan
from tests.support.mentions import mention

ZONE = "Europe/Paris"


def _store(root: Path, rows: list[dict]) -> None:
    merge_partitions(root, MENTIONS, MENTIONS.conform(pl.DataFrame(rows)), sort_by=["post_id"])


def _derive(root: Path, scorer: str = "rules"):
    return bring_up_to_date(root, "alice", timezone=ZONE, young_days=30, scorer_name=scorer)


def _tables(root: Path) -> dict[str, pl.DataFrame]:
    out = {}
    for t in (SCORES, DAILY):
        df = scan(root, t).collect().drop("scored_at", strict=False)
        out[t.name] = df.sort(df.columns)
    return out


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """Two days of posts stored by a run that died before scoring them."""
    root = tmp_path / "data"
    _store(
        root,
        [
            mention("1", 0, "je vais te tuer", datetime(2020, 2, 1, 9, tzinfo=UTC)),
            mention("2", 0, "courage 💪", datetime(2020, 2, 1, 11, tzinfo=UTC)),
            mention("3", 0, "sale pute", datetime(2020, 2, 2, 10, tzinfo=UTC)),
        ],
    )
    return root


def test_posts_stored_but_never_scored_are_scored_and_counted(stored):
    out = _derive(stored)
    assert (out.scored, out.dates, out.full) == (3, ["2020-02-01", "2020-02-02"], True)
    assert scan(stored, SCORES).collect().height == 3
    daily = scan(stored, DAILY).collect().sort("day")
    assert daily.select("posts", "hostile", "supportive").rows() == [(2, 1, 1), (1, 1, 0)]


def test_a_second_run_finds_nothing_to_do_and_rewrites_nothing(stored):
    _derive(stored)
    files = {p: p.stat().st_mtime_ns for p in stored.rglob("*.parquet")}
    ledger = ledger_path(stored, "alice").read_text()
    out = _derive(stored)
    assert (out.scored, out.dates, out.full) == (0, [], False)
    assert {p: p.stat().st_mtime_ns for p in stored.rglob("*.parquet")} == files
    assert ledger_path(stored, "alice").read_text() == ledger


def test_only_the_dates_stored_since_are_scored_and_aggregated(stored):
    _derive(stored)
    _store(stored, [mention("4", 0, "sale conne", datetime(2020, 2, 3, 8, tzinfo=UTC))])
    out = _derive(stored)
    assert (out.scored, out.dates, out.full) == (1, ["2020-02-03"], False)
    assert scan(stored, DAILY).collect().sort("day")["posts"].to_list() == [2, 1, 1]


def test_scored_but_not_aggregated_is_aggregated(stored, tmp_path):
    from tasks.scoring import get_scorer, score_partitions

    clean = tmp_path / "clean"
    _store(clean, scan(stored, MENTIONS).collect().to_dicts())
    _derive(clean)
    # A run killed between scoring and aggregation: scores written, no daily, no ledger.
    score_partitions(stored, "alice", ["2020-02-01", "2020-02-02"], get_scorer("rules"))
    out = _derive(stored)
    assert out.scored == 0 and out.dates == ["2020-02-01", "2020-02-02"]
    assert_frame_equal(_tables(stored)["aggregates_daily"], _tables(clean)["aggregates_daily"])


def test_an_aggregate_built_before_a_crash_is_rebuilt_from_what_is_stored(stored):
    # A run that aggregated only the first day's rows, then died (no ledger written).
    recompute_daily(stored, "alice", ZONE, ["2020-02-01"], 30, None)
    before = scan(stored, DAILY).collect()
    assert before["hostile"].is_null().all()  # counted before scoring
    _derive(stored)
    daily = scan(stored, DAILY).collect().sort("day")
    assert daily.select("posts", "hostile").rows() == [(2, 1), (1, 1)]


def test_a_deleted_daily_file_is_rebuilt_whole(stored):
    _derive(stored)
    want = _tables(stored)
    (stored / "aggregates" / "daily" / "target=alice" / "part-0.parquet").unlink()
    out = _derive(stored)
    assert out.full and out.scored == 0
    assert_frame_equal(_tables(stored)["aggregates_daily"], want["aggregates_daily"])


def test_a_ledger_of_another_scorer_version_re_derives_everything(stored):
    _derive(stored)
    ledger = json.loads(ledger_path(stored, "alice").read_text())
    # What the ledger would say had another scorer version derived it last.
    ledger["config"]["scorer_version"] = "0-older"
    ledger_path(stored, "alice").write_text(json.dumps(ledger))
    out = _derive(stored)
    # Every date looked at again; the current version had scored them all, so none is written.
    assert out.full and out.scored == 0 and out.dates == ["2020-02-01", "2020-02-02"]


def test_scores_lost_are_scored_again(stored):
    _derive(stored)
    (stored / "scores" / "target=alice" / "date=2020-02-02" / "part-0.parquet").unlink()
    out = _derive(stored)
    assert (out.scored, out.dates, out.full) == (1, ["2020-02-02"], False)
    assert scan(stored, SCORES).collect().height == 3


def test_a_fingerprint_changes_with_every_rewrite_of_a_partition(stored):
    before = fingerprints(stored, MENTIONS, "alice")
    assert sorted(before) == ["2020-02-01", "2020-02-02"]
    _store(stored, [mention("4", 0, "hello", datetime(2020, 2, 2, 12, tzinfo=UTC))])
    after = fingerprints(stored, MENTIONS, "alice")
    assert after["2020-02-01"] == before["2020-02-01"]
    assert after["2020-02-02"] != before["2020-02-02"]


# --- quarantined but readable: scored by the same ledger ----------------------------------------


def _quarantine_a_threat(root: Path) -> None:
    """A run that stored a batch (one threat without author id, one unreadable line) and died."""
    from datetime import timedelta

    from config.targets import Target
    from tasks.ingest import store_batch
    from tasks.pages import RawPage
    from tasks.parse import parse_pages
    from tasks.validate import split
    from tests.conftest import page, tweet

    now = datetime(2020, 2, 2, 12, tzinfo=UTC)
    body = page([tweet("7", text="@alice_reporter je vais te retrouver sale pute", author_id="")])
    pages = [RawPage(body, "file", "f:1", now), RawPage(b"not json", "file", "f:2", now)]
    staging, _ = parse_pages(pages, Target(name="alice", timezone=ZONE))
    valid, rejected = split(staging, now, timedelta(minutes=5))
    store_batch(root, valid, rejected, "run-q")


def _qscores(root: Path) -> pl.DataFrame:
    return scan(root, QUARANTINE_SCORES).collect().drop("scored_at").sort("raw_sha256")


def test_quarantined_readable_records_are_scored_once_and_not_counted(stored, tmp_path):
    clean = tmp_path / "clean"
    _store(clean, scan(stored, MENTIONS).collect().to_dicts())
    _derive(clean)
    _quarantine_a_threat(stored)
    out = _derive(stored)
    assert out.quarantine_scored == 1  # the threat; the unreadable line stays in quarantine only
    assert scan(stored, QUARANTINE).collect().height == 2
    q = _qscores(stored)
    assert q.select("post_id", "stance", "validated").rows() == [("7", "hostile", False)]
    assert "threat" in q["categories"][0]
    # Not in the aggregates of validated posts: the same daily as without the quarantine, but
    # for the count of quarantined records (both, the unreadable one too).
    daily = _tables(stored)["aggregates_daily"]
    assert daily["quarantined"].sum() == 2
    assert_frame_equal(
        daily.drop("quarantined"), _tables(clean)["aggregates_daily"].drop("quarantined")
    )
    files = {p: p.stat().st_mtime_ns for p in stored.rglob("*.parquet")}
    again = _derive(stored)
    assert (again.scored, again.quarantine_scored, again.dates) == (0, 0, [])
    assert {p: p.stat().st_mtime_ns for p in stored.rglob("*.parquet")} == files


def test_a_crash_before_quarantine_scoring_ends_where_a_clean_run_ends(stored, tmp_path):
    from tasks.scoring import get_scorer, score_partitions

    clean = tmp_path / "clean"
    _store(clean, scan(stored, MENTIONS).collect().to_dicts())
    _quarantine_a_threat(clean)
    _derive(clean)
    # Killed after scoring the mentions, before the quarantine was scored: no ledger written.
    _quarantine_a_threat(stored)
    score_partitions(stored, "alice", ["2020-02-01", "2020-02-02"], get_scorer("rules"))
    out = _derive(stored)
    assert out.quarantine_scored == 1
    assert_frame_equal(_qscores(stored), _qscores(clean))
    for name, table in _tables(clean).items():
        assert_frame_equal(_tables(stored)[name], table)


def test_lost_quarantine_scores_and_an_older_ledger_are_scored_again(stored):
    _quarantine_a_threat(stored)
    _derive(stored)
    want = _qscores(stored)
    qdir = stored / QUARANTINE_SCORES.path / "target=alice"
    for part in qdir.rglob("part-0.parquet"):
        part.unlink()
    out = _derive(stored)
    assert (out.quarantine_scored, out.dates, out.full) == (1, [], False)
    assert_frame_equal(_qscores(stored), want)
    # A ledger written before quarantine scoring existed: the quarantine is scored once.
    ledger = json.loads(ledger_path(stored, "alice").read_text())
    del ledger["quarantine_scores"]
    ledger_path(stored, "alice").write_text(json.dumps(ledger))
    for part in qdir.rglob("part-0.parquet"):
        part.unlink()
    assert _derive(stored).quarantine_scored == 1
    assert_frame_equal(_qscores(stored), want)
