"""The loading code of the digest (tasks/digest/data.py) on the small hostile dataset of
tests/support/digest.py (fixtures ``dataset`` and ``scored`` in tests/conftest.py)."""

from __future__ import annotations

from datetime import date

import polars as pl

from tasks.digest import data
from tasks.schema import MENTIONS
from tasks.store import scan
from tests.support.digest import NOW, WEEK, expected_days


def test_inputs_read_every_part_that_exists(dataset):
    inputs = data.load_inputs(dataset["root"], "alice", "Europe/Paris", WEEK, now=NOW)
    # No scores table yet (the scorer's): said, not failed. The other parts are read.
    assert inputs.missing == ("scores",)
    assert inputs.stance is None and inputs.posts["stance"].null_count() == inputs.posts.height
    assert inputs.posts["day"].min() == WEEK.previous.monday
    assert inputs.posts["day"].max() == WEEK.sunday
    assert inputs.episodes is not None and inputs.episodes.height == 1
    assert inputs.status is not None and inputs.status["status"].to_list() == ["deleted"]
    assert sorted(inputs.quarantine["day"].to_list()) == [date(2020, 2, 1), date(2020, 2, 2)]
    assert inputs.runs.height == 3


def test_a_missing_part_is_reported_not_fatal(tmp_path):
    inputs = data.load_inputs(tmp_path / "empty", "alice", "Europe/Paris", WEEK, now=NOW)
    assert set(inputs.missing) == {"scores", "episodes", "status_changes"}
    assert inputs.posts.is_empty() and inputs.daily.is_empty()


def test_scores_are_read_from_the_scorers_table(scored):
    inputs = data.load_inputs(scored["root"], "alice", "Europe/Paris", WEEK, now=NOW)
    assert "scores" not in inputs.missing
    assert inputs.posts["stance"].null_count() == 0
    threat = inputs.posts.filter(pl.col("author_handle") == "troll_1").row(0, named=True)
    assert (threat["stance"], threat["categories"], threat["severity"]) == (
        "hostile",
        ["threat"],
        4.0,
    )


def test_stance_counts_are_the_scored_posts_per_local_day(scored):
    inputs = data.load_inputs(scored["root"], "alice", "Europe/Paris", WEEK, now=NOW)
    got = inputs.stance.filter(pl.col("day") >= WEEK.monday).select(
        "day", "hostile", "supportive", "threats"
    )
    want = expected_days(scored["mentions"], scored["scores"]).select(
        "day", "hostile", "supportive", "threats"
    )
    assert got.cast({"hostile": pl.Int64, "supportive": pl.Int64, "threats": pl.Int64}).equals(
        want.cast({"hostile": pl.Int64, "supportive": pl.Int64, "threats": pl.Int64})
    )
    # The edited post is read in its current version only (one row per post).
    assert inputs.posts.select(pl.col("post_id").is_duplicated().any()).item() is False
    assert scan(scored["root"], MENTIONS).collect().height == inputs.posts.height
