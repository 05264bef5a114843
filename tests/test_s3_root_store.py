"""Tables on an s3:// data root (issue 16, points 1-2): the store merges, spools and scans hive
Parquet on S3 (moto[server] on 127.0.0.1) as it does in a folder, each partition one object
written in one PUT, and PyArrow and Polars read the objects in place."""

from __future__ import annotations

import uuid
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from tasks import store
from tasks.ingest import BatchOutcome, commit_mentions, mention_spool, store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.runs import RunSummary, last_runs, record_run
from tasks.schema import MENTIONS, QUARANTINE
from tasks.storage import S3Root
from tasks.validate import split
from tests.conftest import NOW, SKEW, page, tweet
from tests.support.s3server import s3_client

boto3 = pytest.importorskip("boto3")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


@pytest.fixture
def s3_root(s3) -> S3Root:
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return S3Root(f"s3://{name}/newsroom/data")


def batch(target, *tweets):
    pages = [RawPage(page(list(tweets)), "file", "f:1", NOW)]
    return split(parse_pages(pages, target)[0], NOW, SKEW)


BATCHES = [
    (
        tweet("3", created_at="2020-02-01T18:00:00Z"),
        tweet("1", created_at="2020-02-01T12:00:00Z"),
        tweet("4", created_at="2020-02-02T09:00:00Z"),
        tweet("9", created_at="bad"),
    ),
    (
        tweet("2", created_at="2020-02-01T08:00:00Z"),
        tweet("4", created_at="2020-02-02T09:00:00Z"),
        tweet("5", created_at="2020-02-02T01:00:00Z"),
    ),
]


def run(root, target, run_id: str) -> BatchOutcome:
    """One stored batch (merged at once), then the two BATCHES through a spool, as a run does."""
    total = store_batch(root, *batch(target, tweet("1", created_at="2020-02-01T12:00:00Z")), run_id)
    spool = mention_spool(root)
    for tweets in BATCHES:
        total = total.add(store_batch(root, *batch(target, *tweets), run_id, spool=spool))
    return total.add(commit_mentions(root, spool, sum(len(b) for b in BATCHES) - 1))


def local_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.parquet")}


def objects(s3, root: S3Root) -> dict[str, tuple[bytes, str]]:
    out = {}
    for key in root.list():
        got = s3.get_object(Bucket=root.bucket, Key=root.key(key))
        out[key] = (got["Body"].read(), got["ETag"])
    return out


@pytest.mark.parametrize("row_groups", [False, True])
def test_a_run_on_s3_stores_the_files_a_local_run_stores_and_a_rerun_changes_nothing(
    s3, s3_root, tmp_path, target, row_groups, monkeypatch
):
    if row_groups:  # every partition merged and written a row group at a time (tasks/streamed.py)
        monkeypatch.setattr("tasks.spool.STREAM_ROWS", 0)
        monkeypatch.setattr("tasks.streamed.ROW_GROUP_ROWS", 2)
    local = run(tmp_path / "data", target, "run-1")
    remote = run(s3_root, target, "run-1")
    assert remote == local
    assert (remote.written, remote.quarantined) == (5, 1)
    stored = objects(s3, s3_root)
    # The same Parquet bytes, under the same hive keys; no staging object, and the lease gone.
    assert {k: v for k, (v, _) in stored.items()} == local_files(tmp_path / "data")
    assert sorted(stored)[:2] == [
        "mentions/target=alice/date=2020-02-01/part-0.parquet",
        "mentions/target=alice/date=2020-02-02/part-0.parquet",
    ]
    assert len(stored) == 3 and sorted(stored)[2].startswith("quarantine/target=alice/date=")
    groups = pq.ParquetFile(pa.BufferReader(stored[sorted(stored)[0]][0])).metadata.num_row_groups
    assert groups == (2 if row_groups else 1)  # 2020-02-01 holds 3 posts
    # Each partition is one single-part PUT (a multipart upload's ETag ends in -<parts>).
    assert all("-" not in etag.strip('"') for _, etag in stored.values())
    for table in (MENTIONS, QUARANTINE):
        assert_frame_equal(
            store.scan(s3_root, table).collect(), store.scan(tmp_path / "data", table).collect()
        )
    again = run(s3_root, target, "run-2")
    assert (again.written, again.quarantined, again.touched_mentions) == (0, 0, [])
    assert objects(s3, s3_root) == stored, "nothing rewritten: the same versions (ETags)"


def test_pyarrow_and_polars_read_the_tables_in_place(s3, s3_root, target):
    run(s3_root, target, "run-1")
    filesystem, base = s3_root.arrow()
    table = ds.dataset(
        f"{base}/mentions", filesystem=filesystem, format="parquet", partitioning="hive"
    ).to_table()
    assert sorted(zip(table["date"].to_pylist(), table["post_id"].to_pylist(), strict=True)) == [
        ("2020-02-01", "1"),
        ("2020-02-01", "2"),
        ("2020-02-01", "3"),
        ("2020-02-02", "4"),
        ("2020-02-02", "5"),
    ]
    lazy = pl.scan_parquet(
        f"{s3_root.url}/mentions/*/*/part-0.parquet",
        hive_partitioning=True,
        storage_options={
            "aws_endpoint_url": s3.meta.endpoint_url,
            "aws_allow_http": "true",
            "aws_region": "us-east-1",
        },
    )
    got = lazy.filter(pl.col("date") == pl.date(2020, 2, 2)).select("post_id").collect()
    assert sorted(got["post_id"].to_list()) == ["4", "5"]
    assert pq.read_schema(
        f"{base}/mentions/target=alice/date=2020-02-02/part-0.parquet", filesystem=filesystem
    ) == MENTIONS.arrow_schema(with_partitions=False)


def test_run_records_are_whole_files_scanned_unpartitioned(s3_root):
    summary = RunSummary.not_run(
        run_id="r1", flow="nightly", target="alice", source="x", reason="no token", now=NOW
    )
    where = record_run(s3_root, summary)
    assert str(where) == f"{s3_root.url}/runs/r1--alice--x.parquet"
    got = last_runs(s3_root).select("run_id", "status", "error").rows()
    assert got == [("r1", "skipped", "no token")]
    assert store.scan(s3_root, QUARANTINE).collect().is_empty()


def test_a_corrupt_object_is_named_by_its_url(s3, s3_root, target):
    store_batch(s3_root, *batch(target, tweet("201", created_at="2020-02-01T10:00:00Z")), "r1")
    key = "mentions/target=alice/date=2020-02-01/part-0.parquet"
    s3_root.write(key, b"PAR1 not really")
    with pytest.raises(store.CorruptFile) as err:
        store_batch(s3_root, *batch(target, tweet("202", created_at="2020-02-01T11:00:00Z")), "r2")
    assert str(err.value).startswith(f"corrupt Parquet file {s3_root.url}/{key}: ")
    with pytest.raises(Exception):  # noqa: B017 - Polars' own error, which names no file
        store.scan(s3_root, MENTIONS).collect()
    found = store.find_corrupt([s3_root.location("mentions")])
    assert str(found).startswith(f"corrupt Parquet file {s3_root.url}/{key}: ")


def test_scores_and_alert_state_on_s3_are_what_they_are_locally(s3, s3_root, tmp_path, target):
    from tasks.alerts.state import AlertState, Delivery, exclusive
    from tasks.scoring.registry import get_scorer
    from tasks.scoring.store import score_partitions
    from tasks.scoring.table import SCORES

    local = tmp_path / "data"
    for root in (local, s3_root):
        run(root, target, "run-1")
        dates = ["2020-02-01", "2020-02-02"]
        assert score_partitions(root, "alice", dates, get_scorer("rules"), now=NOW) == 5
        assert score_partitions(root, "alice", dates, get_scorer("rules"), now=NOW) == 0
        delivery = Delivery(1, 10, 0, 0, ("new",), NOW.isoformat(), NOW.isoformat())
        with exclusive(root, "alice"):
            AlertState(root, "alice").record("ep-1", "email", delivery)
            AlertState(root, "alice").record("ep-1", "webhook", delivery)
        assert sorted(AlertState(root, "alice").channels("ep-1")) == ["email", "webhook"]
    assert_frame_equal(store.scan(s3_root, SCORES).collect(), store.scan(local, SCORES).collect())
    key = "state/alerts/alice.json"
    assert s3_root.read(key) == (local / key).read_bytes()
    assert not s3_root.exists("state/alerts/alice.lock"), "the target's lease is released"


CRASHER = """
import os, sys
import pyarrow as pa
from tasks.storage import S3Root
from tasks.store import write_files

root = S3Root(sys.argv[1])
where = root.location("t/a=1/part-0.parquet")
big = pa.table({"v": [os.urandom(1 << 20) for _ in range(40)]})  # 40 MB, incompressible
print("writing", flush=True)
write_files(root, [(where, big)])
print("written", flush=True)
"""


def test_a_process_killed_while_putting_a_partition_leaves_the_old_one(s3_root, tmp_path):
    """The new partition is one PUT: a writer killed during it leaves the old object whole (or,
    had the PUT completed, the new one whole), never part of either."""
    import os
    import signal
    import subprocess
    import sys
    import time

    old = pa.table({"v": [b"old"]})
    store.write_files(s3_root, [(s3_root.location("t/a=1/part-0.parquet"), old)])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, s3_root.url], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "writing\n"
    time.sleep(0.3)  # into the upload (not an assertion: either outcome below is checked)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    got = pq.read_table(pa.BufferReader(s3_root.read("t/a=1/part-0.parquet")))
    assert got.num_rows in (1, 40)
    if got.num_rows == 1:
        assert got.equals(old)
    assert s3_root.list() == ["t/a=1/part-0.parquet"], "no staging or partial object"
