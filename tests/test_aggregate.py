from __future__ import annotations

from datetime import date

import polars as pl

from tasks.aggregate import compute_daily, local_days_of
from tasks.ingest import to_mentions
from tasks.mentions import current_view
from tasks.schema import QUARANTINE


def _mentions(rows: list[dict]) -> pl.LazyFrame:
    base = {
        "target": "alice",
        "platform": "x",
        "version": 0,
        "edited_at": None,
        "url": "u",
        "author_handle": None,
        "author_name": None,
        "author_followers": 1,
        "text": "t",
        "lang": "fr",
        "in_reply_to_id": None,
        "quoted_id": None,
        "reposted_id": None,
        "conversation_id": None,
        "watched_post_id": None,
        "mentions_target": True,
        "source": "file",
        "source_ref": "f:1",
        "page_sha256": "p",
        "raw_sha256": "r",
        "author_created_at": "2019-01-01T00:00:00Z",
        "retrieved_at": "2020-03-01T00:00:00Z",
        "kind": "mention",
    }
    df = pl.DataFrame([{**base, **r} for r in rows]).with_columns(
        pl.col("created_at", "author_created_at", "retrieved_at").str.to_datetime(time_zone="UTC"),
        version_id=pl.col("post_id") + "v" + pl.col("version").cast(pl.String),
    )
    return to_mentions(df, "r").lazy()


def test_local_days_and_first_time_authors():
    m = _mentions(
        [
            # 23:30 UTC on Jan 31 is already Feb 1 in Paris.
            {"post_id": "1", "author_id": "a", "created_at": "2020-01-31T23:30:00Z"},
            {
                "post_id": "2",
                "author_id": "a",
                "created_at": "2020-02-02T10:00:00Z",
                "kind": "reply",
            },
            {
                "post_id": "3",
                "author_id": "b",
                "created_at": "2020-02-02T11:00:00Z",
                "kind": "quote",
                "author_created_at": "2020-01-30T00:00:00Z",
            },
        ]
    )
    out = compute_daily(
        m, QUARANTINE.empty().lazy(), target="alice", timezone="Europe/Paris", young_days=30
    )
    assert out.select(
        "day",
        "posts",
        "mentions",
        "replies",
        "quotes",
        "unique_authors",
        "first_time_authors",
        "young_account_share",
    ).rows() == [
        (date(2020, 2, 1), 1, 1, 0, 0, 1, 1, 0.0),
        (date(2020, 2, 2), 2, 0, 1, 1, 2, 1, 0.5),
    ]


def test_current_view_counts_an_edited_post_once():
    m = _mentions(
        [
            {"post_id": "1", "author_id": "a", "created_at": "2020-02-01T10:00:00Z", "version": 0},
            {"post_id": "1", "author_id": "a", "created_at": "2020-02-01T10:05:00Z", "version": 1},
        ]
    )
    assert current_view(m).collect()["version"].to_list() == [1]
    out = compute_daily(m, QUARANTINE.empty().lazy(), target="alice", timezone="UTC", young_days=30)
    assert out["posts"].to_list() == [1]


def test_quarantined_records_are_counted_on_their_day():
    m = _mentions([{"post_id": "1", "author_id": "a", "created_at": "2020-02-01T10:00:00Z"}])
    q = pl.DataFrame({"target": ["alice", "alice"], "date": ["2020-02-01", "2020-02-05"]})
    out = compute_daily(m, q.lazy(), target="alice", timezone="UTC", young_days=30)
    assert out.select("day", "posts", "quarantined").rows() == [
        (date(2020, 2, 1), 1, 1),
        (date(2020, 2, 5), 0, 1),
    ]


def test_touched_utc_date_reaches_both_neighbouring_local_days():
    assert local_days_of(["2020-02-01"]) == {date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)}
