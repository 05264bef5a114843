"""The baseline a data engineer would write: DuckDB reading the same JSONL pages, deduplicating,
writing the same hive-partitioned Parquet and computing the daily aggregates in SQL. No
validation, no quarantine, no scoring, no sealing: about a third of Tocsin's work."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import Stages

TWEET = (
    "STRUCT(id VARCHAR, author_id VARCHAR, created_at VARCHAR, text VARCHAR, lang VARCHAR, "
    "conversation_id VARCHAR, edit_history_tweet_ids VARCHAR[], "
    "referenced_tweets STRUCT(type VARCHAR, id VARCHAR)[])"
)
USER = "STRUCT(id VARCHAR, username VARCHAR, created_at VARCHAR)"


def main(data: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="duckdb-bench-"))
    st = Stages()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    files = str(data / "t*.jsonl")
    with st.stage("total"):
        con.execute(f"""
        CREATE TEMP TABLE tweets AS
        WITH pages AS (
          SELECT regexp_extract(filename, 't[0-9]+') AS target, row_number() OVER () AS page,
                 data, includes
          FROM read_json('{files}', format='newline_delimited', filename=true, ignore_errors=true,
                         columns={{data: '{TWEET}[]', includes: 'STRUCT(users {USER}[])'}})
        ),
        tw AS (SELECT target, page, unnest(data) AS t FROM pages),
        us AS (SELECT page, unnest(includes.users) AS u FROM pages)
        SELECT tw.target, t.id AS version_id,
               coalesce(t.edit_history_tweet_ids[1], t.id) AS post_id,
               t.author_id, us.u.username AS author_handle,
               try_cast(us.u.created_at AS TIMESTAMPTZ) AS author_created_at,
               try_cast(t.created_at AS TIMESTAMPTZ) AS created_at, t.text, t.lang,
               CASE WHEN list_contains(list_transform(t.referenced_tweets, lambda r: r.type), 'retweeted') THEN 'repost'
                    WHEN list_contains(list_transform(t.referenced_tweets, lambda r: r.type), 'quoted') THEN 'quote'
                    WHEN list_contains(list_transform(t.referenced_tweets, lambda r: r.type), 'replied_to') THEN 'reply'
                    ELSE 'mention' END AS kind
        FROM tw LEFT JOIN us ON us.page = tw.page AND us.u.id = tw.t.author_id
        WHERE t.id IS NOT NULL AND t.created_at IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY tw.target, t.id ORDER BY tw.page) = 1
        """)
        con.execute(f"""
        COPY (SELECT *, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d') AS date FROM tweets
              WHERE created_at IS NOT NULL)
        TO '{work / "mentions"}' (FORMAT parquet, PARTITION_BY (target, date), COMPRESSION zstd)
        """)
        rows = con.execute(f"""
        SELECT target, (created_at AT TIME ZONE 'Europe/Paris')::DATE AS day, count(*) AS posts,
               count(*) FILTER (kind = 'mention') AS mentions, count(*) FILTER (kind = 'reply') AS replies,
               count(*) FILTER (kind = 'quote') AS quotes, count(*) FILTER (kind = 'repost') AS reposts,
               count(DISTINCT author_id) AS unique_authors
        FROM read_parquet('{work / "mentions"}/**/*.parquet', hive_partitioning=true)
        GROUP BY ALL
        """).fetchall()
    n = con.execute("SELECT count(*) FROM tweets").fetchone()[0]
    shutil.rmtree(work, ignore_errors=True)
    r = st.result()["total"]
    return {"records": n, "days": len(rows), "total": r}


if __name__ == "__main__":
    t0 = time.perf_counter()
    print(json.dumps(main(Path(sys.argv[1]))))
