"""Scores in storage: score_partitions is idempotent, a new scorer version adds rows without
touching the mentions, a target's posts are scored in bounded calls, and stance_daily counts
the current view per local day."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from tasks import spool, streamed
from tasks.bounded import date_groups, stored_rows
from tasks.schema import MENTIONS
from tasks.scoring import SCORES, get_scorer, score_partitions, stance_daily
from tasks.scoring.base import OUTPUT_SCHEMA
from tasks.scoring.store import unscored_count
from tasks.store import PART_FILE, merge_partitions, partition_dir, read_partition, scan
from tests.support.mentions import mention

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    rows = [
        # 2020-02-01 local (Paris): two hostile, one supportive, one neutral
        mention("1", 0, "je vais te tuer", datetime(2020, 2, 1, 9, tzinfo=UTC)),
        mention("2", 0, "sale pute", datetime(2020, 2, 1, 10, tzinfo=UTC)),
        mention("3", 0, "courage 💪", datetime(2020, 2, 1, 11, tzinfo=UTC)),
        mention("4", 0, "merci pour l'article", datetime(2020, 2, 1, 12, tzinfo=UTC)),
        # 23:30 UTC on 02-01 is 00:30 on 02-02 in Paris; edited later into a supportive post
        mention("5", 0, "t'es qu'une conne", datetime(2020, 2, 1, 23, 30, tzinfo=UTC)),
        mention("5", 1, "courage, tiens bon", datetime(2020, 2, 1, 23, 40, tzinfo=UTC)),
    ]
    root = tmp_path / "data"
    merge_partitions(root, MENTIONS, MENTIONS.conform(pl.DataFrame(rows)), sort_by=["post_id"])
    return root


def _files(root: Path, table_path: str) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / table_path).rglob("*.parquet"))
    }


def test_scores_every_version_once(root: Path) -> None:
    scorer = get_scorer("rules")
    assert score_partitions(root, "alice", ["2020-02-01"], scorer, now=NOW) == 6
    assert score_partitions(root, "alice", ["2020-02-01"], scorer, now=NOW) == 0
    stored = read_partition(root, SCORES, {"target": "alice", "date": "2020-02-01"})
    assert stored.schema == SCORES.polars_schema()
    by_version = dict(zip(stored["version_id"], stored["stance"], strict=True))
    assert by_version == {
        "1": "hostile",
        "2": "hostile",
        "3": "supportive",
        "4": "neutral",
        "5": "hostile",
        "5-v1": "supportive",
    }
    assert stored.filter(pl.col("version_id") == "1")["reasons"].to_list() == [
        ["fr.threat.first_person: «je vais te tuer»"]
    ]


def test_days_without_posts_write_nothing(root: Path) -> None:
    assert score_partitions(root, "alice", ["2020-03-01"], get_scorer("rules")) == 0
    assert not (root / "scores").exists()


class _Shouty:
    """Another scorer version: calls everything hostile."""

    name = "rules"
    version = "2.0-test"

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        out = pl.DataFrame(
            {
                "stance": ["hostile"] * df.height,
                "categories": [["other_abuse"]] * df.height,
                "severity": [1] * df.height,
                "score": [1.0] * df.height,
                "reasons": [["test"]] * df.height,
            },
            schema=OUTPUT_SCHEMA,
        )
        return pl.concat([df, out], how="horizontal")


def test_rescoring_with_a_new_version_leaves_mentions_untouched(root: Path) -> None:
    score_partitions(root, "alice", ["2020-02-01"], get_scorer("rules"), now=NOW)
    mentions_before = _files(root, "mentions")
    later = datetime(2026, 11, 25, tzinfo=UTC)
    assert score_partitions(root, "alice", ["2020-02-01"], _Shouty(), now=later) == 6
    assert _files(root, "mentions") == mentions_before
    versions = scan(root, SCORES).group_by("scorer_version").len().collect()
    assert sorted(versions["len"].to_list()) == [6, 6]
    # the daily counts follow the latest scores
    daily = stance_daily(root, "alice", "Europe/Paris", None)
    assert daily["hostile"].to_list() == [4, 1]


class _Counted:
    """The rules scorer, the rows of each of its calls written down."""

    def __init__(self) -> None:
        self.scorer = get_scorer("rules")
        self.name, self.version = self.scorer.name, self.scorer.version
        self.calls: list[int] = []

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        self.calls.append(df.height)
        return self.scorer.score(df)


def _days(tmp_path: Path, name: str) -> Path:
    """Four UTC dates of 2, 1, 5 and 1 posts, texts of every stance."""
    texts = ["je vais te tuer", "courage 💪", "sale pute", "you should be shot", "merci"]
    rows, n = [], 0
    for day, count in ((1, 2), (2, 1), (3, 5), (4, 1)):
        for i in range(count):
            at = datetime(2020, 2, day, 8 + i, tzinfo=UTC)
            rows.append(mention(f"{n}", 0, texts[n % len(texts)], at))
            n += 1
    root = tmp_path / name
    merge_partitions(root, MENTIONS, MENTIONS.conform(pl.DataFrame(rows)), sort_by=["post_id"])
    return root


def test_dates_are_grouped_by_stored_rows_and_a_big_date_stands_alone() -> None:
    rows = {"2020-02-03": 5, "2020-02-01": 2, "2020-02-04": 1, "2020-02-02": 1}
    assert date_groups(rows, 3) == [["2020-02-01", "2020-02-02"], ["2020-02-03"], ["2020-02-04"]]
    assert date_groups(rows, 100) == [sorted(rows)]
    assert date_groups({}, 3) == []


def test_posts_are_scored_in_bounded_calls_into_the_same_files(tmp_path: Path) -> None:
    dates = ["2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04", "2020-02-05"]
    whole, bounded = _days(tmp_path, "whole"), _days(tmp_path, "bounded")
    assert stored_rows(bounded, "alice", dates) == {
        "2020-02-01": 2,
        "2020-02-02": 1,
        "2020-02-03": 5,
        "2020-02-04": 1,
    }
    one, few = _Counted(), _Counted()
    assert unscored_count(bounded, "alice", dates, few) == 9
    assert score_partitions(whole, "alice", dates, one, now=NOW) == 9
    assert score_partitions(bounded, "alice", dates, few, now=NOW, limit=3) == 9
    assert one.calls == [9]
    # 02-01 and 02-02 together, 02-03 alone (5 posts: 3 then 2), 02-04 alone
    assert few.calls == [3, 3, 2, 1]
    assert _files(bounded, "scores") == _files(whole, "scores")
    assert unscored_count(bounded, "alice", dates, few) == 0
    assert score_partitions(bounded, "alice", dates, few, now=NOW, limit=3) == 0


def test_a_big_day_scored_in_slices_is_merged_a_row_group_at_a_time_into_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 02-03 (5 posts) holds more than the call size (2): read and scored 2, 2 then 1 stored
    # rows at a time, its scores spooled and committed a row group (2 rows) at a time, as a
    # day of millions is.
    dates = ["2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04"]
    whole, sliced = _days(tmp_path, "whole"), _days(tmp_path, "sliced")
    assert score_partitions(whole, "alice", dates, get_scorer("rules"), now=NOW) == 9
    monkeypatch.setattr(spool, "STREAM_ROWS", 0)
    monkeypatch.setattr(streamed, "ROW_GROUP_ROWS", 2)
    few = _Counted()
    assert score_partitions(sliced, "alice", dates, few, now=NOW, limit=2) == 9
    assert few.calls == [2, 1, 2, 2, 1, 1]
    day = {"target": "alice", "date": "2020-02-03"}
    assert pq.ParquetFile(partition_dir(sliced, SCORES, day) / PART_FILE).num_row_groups == 3
    assert read_partition(sliced, SCORES, day).equals(read_partition(whole, SCORES, day))
    assert scan(sliced, SCORES).collect().equals(scan(whole, SCORES).collect())
    assert score_partitions(sliced, "alice", dates, few, now=NOW, limit=2) == 0


def test_a_call_stopped_midway_is_completed_by_the_same_call(tmp_path: Path) -> None:
    dates = ["2020-02-01", "2020-02-02", "2020-02-03", "2020-02-04"]
    whole, broken = _days(tmp_path, "whole"), _days(tmp_path, "broken")
    score_partitions(whole, "alice", dates, get_scorer("rules"), now=NOW)

    class _Stops(_Counted):
        def score(self, df: pl.DataFrame) -> pl.DataFrame:
            if len(self.calls) == 2:  # the third call, in 02-03's group: 02-01-02 stored
                raise RuntimeError("killed")
            return super().score(df)

    with pytest.raises(RuntimeError, match="killed"):
        score_partitions(broken, "alice", dates, _Stops(), now=NOW, limit=3)
    assert unscored_count(broken, "alice", dates, get_scorer("rules")) == 6
    assert score_partitions(broken, "alice", dates, get_scorer("rules"), now=NOW, limit=3) == 6
    assert _files(broken, "scores") == _files(whole, "scores")


def test_stance_daily_counts_the_current_view_in_local_days(root: Path) -> None:
    score_partitions(root, "alice", ["2020-02-01"], get_scorer("rules"), now=NOW)
    daily = stance_daily(root, "alice", "Europe/Paris", None)
    expected = pl.DataFrame(
        {
            "day": [date(2020, 2, 1), date(2020, 2, 2)],
            "hostile": [2, 0],
            "supportive": [1, 1],
            "neutral": [1, 0],
            "threats": [1, 0],
            "hostile_share": [0.5, 0.0],
        },
        schema={
            "day": pl.Date,
            "hostile": pl.Int64,
            "supportive": pl.Int64,
            "neutral": pl.Int64,
            "threats": pl.Int64,
            "hostile_share": pl.Float64,
        },
    )
    assert daily.equals(expected)
    assert stance_daily(root, "alice", "Europe/Paris", date(2020, 2, 2))["day"].to_list() == [
        date(2020, 2, 2)
    ]


def test_stance_daily_of_an_unscored_target_is_empty(root: Path) -> None:
    daily = stance_daily(root, "alice", "Europe/Paris", None)
    assert daily.is_empty() and daily.columns == [
        "day",
        "hostile",
        "supportive",
        "neutral",
        "threats",
        "hostile_share",
    ]
