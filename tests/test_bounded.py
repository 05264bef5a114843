"""A target's history read in buckets of posts gives the daily aggregates of one whole read."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from tasks import bounded
from tasks.aggregate import compute_daily, recompute_daily
from tasks.bounded import in_post_bucket, post_buckets
from tasks.schema import DAILY, MENTIONS, QUARANTINE
from tasks.scoring import get_scorer, score_partitions, stance_daily
from tasks.store import merge_partitions, read_partition, scan
from tests.support.mentions import mention

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TEXTS = ["je vais te tuer", "sale pute", "courage 💪", "merci pour l'article", "on lâche rien"]


def _history(n: int = 300, seed: int = 7) -> pl.DataFrame:
    """``n`` posts by up to 150 authors over ten days; a fifth edited ten to forty minutes
    later (an edit of a post of 23:50 UTC is filed the next day), some by accounts a week old,
    every kind of post."""
    rng = random.Random(seed)
    start = datetime(2020, 2, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        at = start + timedelta(minutes=rng.randrange(10 * 24 * 60))
        if i % 9 == 0:
            at = at.replace(hour=23, minute=50)  # its edit crosses midnight UTC
        number = rng.randrange(150)
        author = f"a{number}"
        created = datetime(2020, 1, 28) if number % 7 == 0 else datetime(2019, 1, 1)
        versions = [(0, at)]
        if i % 5 == 0:
            versions.append((1, at + timedelta(minutes=rng.randrange(10, 40))))
        for version, when in versions:
            row = mention(str(1000 + i), version, rng.choice(TEXTS), when)
            row |= {
                "author_id": author,
                "author_created_at": created.replace(tzinfo=UTC),
                "kind": rng.choice(["mention", "reply", "quote", "repost"]),
            }
            rows.append(row)
    return MENTIONS.conform(pl.DataFrame(rows))


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    history = _history()
    merge_partitions(root, MENTIONS, history, sort_by=["post_id", "version"])
    dates = sorted(set(history["date"]))
    score_partitions(root, "alice", dates, get_scorer("rules"), now=NOW)
    return root


def test_every_post_falls_in_one_bucket_with_all_its_versions() -> None:
    history = _history()
    seen = pl.concat(
        history.filter(in_post_bucket(b, 4)).with_columns(bucket=pl.lit(b)) for b in range(4)
    )
    assert seen.height == history.height  # each row in exactly one bucket
    assert (seen.group_by("post_id").agg(pl.col("bucket").n_unique())["bucket"] == 1).all()
    assert seen["version_id"].n_unique() == history.height
    sizes = seen.group_by("bucket").len()["len"]
    assert sizes.len() == 4 and sizes.min() > history.height / 8  # no empty or tiny bucket
    assert history.filter(in_post_bucket(0, 1)).height == history.height


def test_buckets_are_counted_from_stored_rows(stored: Path) -> None:
    rows = scan(stored, MENTIONS).select(pl.len()).collect().item()
    assert rows > 300  # the edits are stored rows too
    assert post_buckets(stored, "alice") == 1
    assert post_buckets(stored, "alice", limit=100) == -(-rows // 100)
    assert post_buckets(stored, "nobody", limit=100) == 1


@pytest.mark.parametrize("since", [None, date(2020, 2, 6)])
@pytest.mark.parametrize("buckets", [2, 5])
def test_the_daily_aggregates_in_buckets_are_those_of_one_read(
    stored: Path, tmp_path: Path, since: date | None, buckets: int
) -> None:
    mentions = scan(stored, MENTIONS, where={"target": "alice"})
    args = {"target": "alice", "timezone": "Europe/Paris", "young_days": 30, "since": since}
    whole = compute_daily(mentions, QUARANTINE.empty().lazy(), **args)
    cut = compute_daily(mentions, QUARANTINE.empty().lazy(), **args, buckets=buckets)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    aside = compute_daily(
        mentions, QUARANTINE.empty().lazy(), **args, buckets=buckets, scratch=scratch
    )
    assert whole.height >= (5 if since else 10)
    assert whole["first_time_authors"].sum() > 0 and whole["young_account_share"].max() > 0
    assert cut.equals(whole)
    assert aside.equals(whole)  # what each bucket held of the authors set aside on disk
    assert len(list(scratch.iterdir())) == 2 * buckets * buckets

    one = stance_daily(stored, "alice", "Europe/Paris", since, buckets=1)
    assert one["hostile"].sum() > 0 and one["supportive"].sum() > 0 and one["threats"].sum() > 0
    assert stance_daily(stored, "alice", "Europe/Paris", since, buckets=buckets).equals(one)


def test_a_big_target_is_aggregated_in_buckets_into_the_same_file(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dates = sorted(set(scan(stored, MENTIONS, ["date"]).collect()["date"]))
    whole = recompute_daily(stored, "alice", "Europe/Paris", dates, 30, "rules", full=True)
    read: list[int] = []
    real = bounded.in_post_bucket

    def counted(bucket: int, buckets: int) -> pl.Expr:
        read.append(buckets)
        return real(bucket, buckets)

    monkeypatch.setattr(bounded, "AGGREGATE_ROWS", 100)
    monkeypatch.setattr("tasks.aggregate.in_post_bucket", counted)
    monkeypatch.setattr("tasks.scoring.store.in_post_bucket", counted)
    cut = recompute_daily(stored, "alice", "Europe/Paris", dates, 30, "rules", full=True)
    assert read and min(read) == max(read) > 1  # both aggregates read in the same buckets
    assert cut.equals(whole)
    assert read_partition(stored, DAILY, {"target": "alice"}).equals(whole)
    assert list((stored / ".staging").glob("spool-*")) == []  # the scratch folder is gone
