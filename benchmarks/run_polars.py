"""The floor: Polars doing what the DuckDB baseline does, the fastest way it can on this machine.

``read_ndjson`` with an explicit schema, ``explode``/``unnest``, ``unique(maintain_order=True)``,
``write_parquet(partition_by=...)``, ``group_by``: one target file at a time, so memory stays
bounded at any size. No validation, no quarantine, no scoring, no sealing, no raw records."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import polars as pl

from benchmarks.measure import Stages

_REF = pl.Struct({"type": pl.String, "id": pl.String})
TWEET = pl.Struct(
    {
        "id": pl.String,
        "author_id": pl.String,
        "created_at": pl.String,
        "text": pl.String,
        "lang": pl.String,
        "conversation_id": pl.String,
        "edit_history_tweet_ids": pl.List(pl.String),
        "referenced_tweets": pl.List(_REF),
    }
)
USER = pl.Struct({"id": pl.String, "username": pl.String, "created_at": pl.String})
SCHEMA = {"data": pl.List(TWEET), "includes": pl.Struct({"users": pl.List(USER)})}
TIME = "%Y-%m-%dT%H:%M:%S%.fZ"


def _kind() -> pl.Expr:
    types = pl.col("referenced_tweets").list.eval(pl.element().struct.field("type"))
    return (
        pl.when(types.list.contains("retweeted"))
        .then(pl.lit("repost"))
        .when(types.list.contains("quoted"))
        .then(pl.lit("quote"))
        .when(types.list.contains("replied_to"))
        .then(pl.lit("reply"))
        .otherwise(pl.lit("mention"))
    )


def one_target(path: Path, out: Path) -> tuple[int, pl.DataFrame]:
    # ignore_errors: like DuckDB's, a truncated line is skipped, not quarantined.
    pages = pl.read_ndjson(path, schema=SCHEMA, ignore_errors=True).with_row_index("page")
    users = (
        pages.select("page", u=pl.col("includes").struct.field("users"))
        .explode("u")
        .unnest("u")
        .unique(["page", "id"], keep="last", maintain_order=True)
        .select("page", author_id="id", author_handle="username", _joined="created_at")
    )
    tweets = (
        pages.select("page", "data")
        .explode("data")
        .unnest("data")
        .join(users, on=["page", "author_id"], how="left", maintain_order="left")
        .select(
            target=pl.lit(path.stem),
            version_id="id",
            post_id=pl.coalesce(pl.col("edit_history_tweet_ids").list.first(), "id"),
            author_id="author_id",
            author_handle="author_handle",
            author_created_at=pl.col("_joined").str.to_datetime(TIME, strict=False),
            created_at=pl.col("created_at").str.to_datetime(TIME, strict=False, time_zone="UTC"),
            text="text",
            lang="lang",
            kind=_kind(),
        )
        .filter(pl.col("version_id").is_not_null() & pl.col("created_at").is_not_null())
        .unique(["target", "version_id"], keep="first", maintain_order=True)
        .with_columns(date=pl.col("created_at").dt.strftime("%Y-%m-%d"))
    )
    tweets.write_parquet(out, partition_by=["target", "date"], compression="zstd")
    daily = tweets.group_by(
        "target", day=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.date()
    ).agg(
        posts=pl.len(),
        mentions=(pl.col("kind") == "mention").sum(),
        replies=(pl.col("kind") == "reply").sum(),
        quotes=(pl.col("kind") == "quote").sum(),
        reposts=(pl.col("kind") == "repost").sum(),
        unique_authors=pl.col("author_id").n_unique(),
    )
    return tweets.height, daily


def main(data: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="polars-bench-"))
    st = Stages()
    records, days = 0, 0
    with st.stage("total"):
        for path in sorted(data.glob("t*.jsonl")):
            n, daily = one_target(path, work / "mentions")
            records += n
            days += daily.height
    shutil.rmtree(work, ignore_errors=True)
    return {"records": records, "days": days, "total": st.result()["total"]}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
