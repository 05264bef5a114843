from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tasks import files, spool, store
from tasks.ingest import store_batch
from tasks.schema import MENTIONS
from tasks.validate import split
from tests.conftest import NOW, SKEW, tweet
from tests.support.spooling import batch, store_spooled


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.parquet"))
        if "runs" not in p.parts
    }


def test_store_twice_writes_nothing_new(tmp_path, target):
    valid, rejected = batch(
        target, tweet("1"), tweet("2", created_at="2020-02-02T23:30:00Z"), tweet("1")
    )
    first = store_batch(tmp_path, valid, rejected, "run-1")
    assert (first.written, first.duplicates) == (2, 1)
    assert first.touched_mentions == ["2020-02-01", "2020-02-02"]
    before = _snapshot(tmp_path)
    again = store_batch(tmp_path, valid, rejected, "run-2")
    assert (again.written, again.duplicates, again.touched_mentions) == (0, 3, [])
    assert _snapshot(tmp_path) == before


def test_new_version_is_kept_beside_the_old(tmp_path, target):
    store_batch(tmp_path, *batch(target, tweet("10")), "run-1")
    edited = tweet("11", text="@alice_reporter edited", edit_history_tweet_ids=["10", "11"])
    out = store_batch(tmp_path, *batch(target, edited), "run-2")
    assert out.written == 1
    rows = store.scan(tmp_path, MENTIONS).collect().sort("version")
    assert rows.select("post_id", "version_id", "version", "run_id").rows() == [
        ("10", "10", 0, "run-1"),
        ("10", "11", 1, "run-2"),
    ]


def test_quarantine_is_not_duplicated_by_a_rerun(tmp_path, target):
    valid, rejected = batch(target, tweet("20", created_at="bad"))
    assert store_batch(tmp_path, valid, rejected, "run-1").quarantined == 1
    assert store_batch(tmp_path, valid, rejected, "run-2").quarantined == 0
    q = pl.read_parquet(next((tmp_path / "quarantine").rglob("*.parquet")))
    assert q.height == 1


def test_crash_while_writing_leaves_the_old_partition(tmp_path, target, monkeypatch):
    store_batch(tmp_path, *batch(target, tweet("30")), "run-1")
    before = _snapshot(tmp_path)

    def crash(table, where, **kw):
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(store.pq, "write_table", crash)
    with pytest.raises(OSError, match="disk full"):
        store_batch(tmp_path, *batch(target, tweet("31")), "run-2")
    assert _snapshot(tmp_path) == before
    assert list((tmp_path / ".staging").iterdir()) == []


def _on_their_day(target, *ids):
    """One post per id, created on 2020-02-0<last digit of the id>."""
    return batch(target, *[tweet(i, created_at=f"2020-02-0{i[-1]}T10:00:00Z") for i in ids])


def test_crash_before_the_renames_leaves_the_old_dataset(tmp_path, target, monkeypatch):
    store_batch(tmp_path, *_on_their_day(target, "51", "52"), "run-1")
    before = _snapshot(tmp_path)

    def power_cut(renames):
        raise OSError("power cut")

    # Every staging file of the batch is written and synced; none is renamed yet.
    monkeypatch.setattr(files, "rename_all", power_cut)
    with pytest.raises(OSError, match="power cut"):
        store_batch(tmp_path, *_on_their_day(target, "61", "62", "63"), "run-2")
    assert _snapshot(tmp_path) == before
    assert list((tmp_path / ".staging").iterdir()) == []


def test_crash_between_renames_leaves_whole_partitions_and_a_rerun_completes(
    tmp_path, target, monkeypatch
):
    first, second = _on_their_day(target, "71", "72"), _on_their_day(target, "81", "82", "83")
    clean = tmp_path / "clean"
    store_batch(clean, *first, "run-1")
    store_batch(clean, *second, "run-2")

    crashed = tmp_path / "crashed"
    store_batch(crashed, *first, "run-1")
    real_replace, renamed = files.os.replace, []

    def replace_once(src, dst):
        if renamed:
            raise OSError("power cut")
        renamed.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace_once)
    with pytest.raises(OSError, match="power cut"):
        store_batch(crashed, *second, "run-2")
    monkeypatch.undo()
    # One partition is new, the others old: each whole, no key twice.
    rows = store.scan(crashed, MENTIONS).collect()
    assert rows.height == 3
    assert rows.select("post_id").is_unique().all()
    assert list((crashed / ".staging").iterdir()) == []

    again = store_batch(crashed, *second, "run-2")
    assert (again.written, len(again.touched_mentions)) == (2, 2)
    assert _snapshot(crashed) == _snapshot(clean)


def test_merged_partition_stays_sorted(tmp_path, target):
    store_batch(tmp_path, *batch(target, tweet("91", created_at="2020-02-01T12:00:00Z")), "r1")
    out = store_batch(
        tmp_path,
        *batch(
            target,
            tweet("92", created_at="2020-02-01T08:00:00Z"),
            tweet("91", created_at="2020-02-01T12:00:00Z"),
            tweet("93", created_at="2020-02-01T18:00:00Z"),
        ),
        "r2",
    )
    assert (out.written, out.duplicates, out.touched_mentions) == (2, 1, ["2020-02-01"])
    rows = pl.read_parquet(next((tmp_path / "mentions").rglob("*.parquet")))
    assert rows.select("post_id", "run_id").rows() == [("92", "r2"), ("91", "r1"), ("93", "r2")]


def test_dataset_reads_as_hive_everywhere(tmp_path, target):
    store_batch(
        tmp_path, *batch(target, tweet("40"), tweet("41", created_at="2020-02-03T01:00:00Z")), "r"
    )
    files = list((tmp_path / "mentions").rglob("*.parquet"))
    # Partition columns live in the path only.
    assert all(
        "target" not in pq.read_schema(f).names and "date" not in pq.read_schema(f).names
        for f in files
    )
    assert pq.read_schema(files[0]) == MENTIONS.arrow_schema(with_partitions=False)
    table = ds.dataset(tmp_path / "mentions", format="parquet", partitioning="hive").to_table()
    assert sorted(table.column("date").to_pylist()) == ["2020-02-01", "2020-02-03"]
    rows = duckdb.sql(
        f"select target, date, count(*) from read_parquet('{tmp_path}/mentions/**/*.parquet', "
        "hive_partitioning=true) group by all order by date"
    ).fetchall()
    # DuckDB infers the date type of the partition value by itself.
    assert rows == [("alice", date(2020, 2, 1), 1), ("alice", date(2020, 2, 3), 1)]
    assert store.scan(tmp_path, MENTIONS).collect().height == 2


def test_scan_of_one_target_reads_only_its_folder(tmp_path, target):
    store_batch(tmp_path, *_on_their_day(target, "101", "102"), "r")
    other = tmp_path / "mentions" / "target=bob"
    other.mkdir()
    (other / "date=2020-02-01").mkdir()
    (other / "date=2020-02-01" / store.PART_FILE).write_bytes(b"not parquet: never opened")
    got = store.scan(tmp_path, MENTIONS, ["target", "date"], where={"target": "alice"}).collect()
    assert got.rows() == [("alice", "2020-02-01"), ("alice", "2020-02-02")]
    assert store.scan(tmp_path, MENTIONS, where={"target": "carol"}).collect().is_empty()


def test_conform_names_the_missing_column():
    from tasks.errors import SchemaMismatch

    with pytest.raises(
        SchemaMismatch, match=r"^table 'mentions': missing column\(s\) url, author_id$"
    ):
        MENTIONS.conform(MENTIONS.empty().drop("url", "author_id"))


def test_scan_reads_files_written_before_a_column_was_declared(tmp_path):
    from tasks.schema import RUNS

    row = {c.name: None for c in RUNS.columns if c.name != "error"}
    row.update(run_id="r1", flow="nightly", target="t", source="x", status="ok", timings="{}")
    old = pl.DataFrame([row]).cast({k: v for k, v in RUNS.polars_schema().items() if k in row})
    (tmp_path / "runs").mkdir()
    pq.write_table(old.to_arrow(), tmp_path / "runs" / "old.parquet")
    got = store.scan(tmp_path, RUNS).collect()
    assert got.columns == RUNS.names
    assert got.select("run_id", "error").rows() == [("r1", None)]


def test_merging_into_a_corrupt_partition_names_the_file(tmp_path, target):
    from tasks.store import CorruptFile

    store_batch(tmp_path, *_on_their_day(target, "201"), "r1")
    (part,) = (tmp_path / MENTIONS.path).rglob("part-0.parquet")
    part.chmod(0o600)
    part.write_bytes(b"PAR1 not really")
    with pytest.raises(CorruptFile) as err:
        store_batch(tmp_path, *_on_their_day(target, "201", "202"), "r2")
    assert str(err.value).startswith(f"corrupt Parquet file {part}: ")


def test_a_spooled_run_stores_what_batch_after_batch_stores(tmp_path, target):
    # Already stored: one partition (a re-run's, a backfill's). Then three batches, whose rows
    # repeat each other's and what is stored, fall on that partition and on new ones.
    stored = batch(target, tweet("1", created_at="2020-02-01T12:00:00Z"))
    batches = [
        batch(
            target,
            tweet("3", created_at="2020-02-01T18:00:00Z"),
            tweet("1", created_at="2020-02-01T12:00:00Z"),
            tweet("4", created_at="2020-02-02T09:00:00Z"),
            tweet("9", created_at="bad"),
        ),
        batch(
            target,
            tweet("2", created_at="2020-02-01T08:00:00Z"),
            tweet("4", created_at="2020-02-02T09:00:00Z"),
            tweet("5", created_at="2020-02-02T01:00:00Z"),
        ),
        batch(target, tweet("6", created_at="2020-02-03T01:00:00Z"), tweet("3")),
    ]
    one_by_one, spooled = tmp_path / "one-by-one", tmp_path / "spooled"
    for root in (one_by_one, spooled):
        store_batch(root, *stored, "run-0")
    outcomes = [store_batch(one_by_one, *b, "run-1") for b in batches]
    expected = outcomes[0].add(outcomes[1]).add(outcomes[2])
    got = store_spooled(spooled, batches, "run-1")
    assert (got.written, got.duplicates, got.quarantined) == (5, 3, 1)
    assert got == expected
    assert _snapshot(spooled) == _snapshot(one_by_one)
    assert list((spooled / ".staging").iterdir()) == []
    # The same run again: nothing new, nothing rewritten.
    before = _snapshot(spooled)
    again = store_spooled(spooled, batches, "run-2")
    assert (again.written, again.touched_mentions) == (0, [])
    assert _snapshot(spooled) == before


def test_a_spool_left_by_a_killed_process_is_removed_by_the_next(tmp_path, target):
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    staging = files.private_dir(tmp_path / ".staging")
    left = staging / f"spool-{spool.host_tag()}-{dead.stdout.strip()}-0"
    left.mkdir()
    # Another machine's (the data root on a shared disk): its process ids mean nothing here.
    elsewhere = staging / f"spool-000000000000-{dead.stdout.strip()}-0"
    elsewhere.mkdir()
    (left / "rows.arrow").write_bytes(b"x")
    out = store_spooled(tmp_path, [batch(target, tweet("1"))], "run-1")
    assert out.written == 1
    assert list((tmp_path / ".staging").iterdir()) == [elsewhere]


TWARC = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "twarc-csv-v2"


@pytest.mark.skipif(not TWARC.exists(), reason="../shared/fixtures is absent")
def test_the_real_twarc_pages_spooled_store_what_batch_after_batch_stores(tmp_path, target):
    # Real pages in batches of 300 rows, a third of them received first and again later: the
    # repeats fall in other batches, so the spool's commit drops rows amid a partition's
    # before it sorts them.
    from tasks.parse import parse_batches
    from tasks.sources.file import FileSource

    pages = [
        p for f in sorted(TWARC.rglob("*.jsonl")) for p in FileSource([f], now=NOW).pages(target)
    ]
    pages = pages[1::3] + pages
    batches = [split(staging, NOW, SKEW) for staging, _ in parse_batches(pages, target, 300)]
    assert len(batches) > 3
    one_by_one, spooled = tmp_path / "one-by-one", tmp_path / "spooled"
    outcomes = [store_batch(one_by_one, *b, "run-1") for b in batches]
    got = store_spooled(spooled, batches, "run-1")
    assert got.written == sum(o.written for o in outcomes) > 1_000
    assert got.duplicates > 0
    assert _snapshot(spooled) == _snapshot(one_by_one)


def _whole_table_merge(table, tables, sort_by, new_rows, stored):  # type: ignore[no-untyped-def]
    """What the spool's commit did before it moved a column at a time: the new rows kept taken,
    everything concatenated, sorted and taken at once."""
    import pyarrow as pa

    new = pa.concat_tables(tables[1:] if stored else tables)
    if new_rows is not None:
        new = new.take(new_rows.to_arrow())
    rows = pa.concat_tables([tables[0], new]) if stored else new
    order = (
        pl.DataFrame(rows.select(sort_by))
        .with_row_index("_row")
        .sort(sort_by, nulls_last=True, maintain_order=True)
        .get_column("_row")
    )
    return rows.take(order.to_arrow()).cast(store.file_schema(table))


@pytest.mark.parametrize("stored", [False, True])
@pytest.mark.parametrize("drop", [False, True])
def test_a_partition_merged_a_column_at_a_time_is_the_whole_table_merge(stored, drop):  # type: ignore[no-untyped-def]
    """The spool's sorted merge (tasks/spool.py) moves a partition's rows a column at a time, to
    hold them about once: the same table, and the same Parquet bytes, as moving them at once;
    ties kept in table order, nulls last, the stored partition's rows all kept."""
    import io
    import random

    from tasks.ingest import MENTION_ORDER
    from tests.support.mentions import mention

    rng = random.Random(7)
    day = datetime(2020, 2, 1, tzinfo=UTC)

    def part(first: int, n: int):  # type: ignore[no-untyped-def]
        rows = []
        for i in range(first, first + n):
            at = day + timedelta(minutes=rng.randrange(30))  # many ties on created_at
            row = mention(f"{rng.randrange(40)}", rng.randrange(2), f"texte {i} é", at)
            rows.append(row | {"lang": None if i % 7 == 0 else "fr"})
        frame = MENTIONS.conform(pl.DataFrame(rows)).sort(MENTION_ORDER, nulls_last=True)
        files = frame.drop(MENTIONS.partition_by)  # a file holds no partition column
        return files.to_arrow().cast(store.file_schema(MENTIONS))

    tables = [part(0, 50), part(50, 30), part(80, 40), part(120, 25)]
    new_total = sum(t.num_rows for t in tables[1:]) if stored else sum(t.num_rows for t in tables)
    new_rows = (
        pl.Series(sorted(rng.sample(range(new_total), new_total // 2)), dtype=pl.UInt32)
        if drop
        else None
    )
    expected = _whole_table_merge(MENTIONS, list(tables), MENTION_ORDER, new_rows, stored)
    given = list(tables)
    got = spool.sorted_merge(MENTIONS, given, MENTION_ORDER, new_rows=new_rows, stored=stored)
    assert given == []  # let go of, column by column
    assert got.equals(expected) and got.schema.equals(expected.schema, check_metadata=True)
    files = []
    for result in (got, expected):
        sink = io.BytesIO()
        pq.write_table(result, sink, compression="zstd", use_dictionary=False)
        files.append(sink.getvalue())
    assert files[0] == files[1]
