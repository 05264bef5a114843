"""A big partition merged a row group at a time stores the rows of a whole merge."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from tasks import spool, streamed
from tasks.ingest import store_batch
from tasks.schema import MENTIONS
from tasks.store import file_schema
from tests.conftest import tweet
from tests.support.spooling import batch, store_spooled


def _files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted((root / MENTIONS.path).rglob("*.parquet"))}


def _batches(target, seed: int = 3) -> list:  # type: ignore[no-untyped-def]
    """Three batches over two days, minutes apart (many ties on created_at), repeating each
    other's posts and those of the stored partition."""
    rng = random.Random(seed)
    out = []
    for _ in range(3):
        tweets = []
        for _i in range(40):
            n = rng.randrange(90)
            day = 1 + n % 2
            at = f"2020-02-0{day}T1{rng.randrange(3)}:0{rng.randrange(4)}:00.000Z"
            tweets.append(tweet(str(1000 + n), created_at=at, text=f"@alice_reporter n°{n} é"))
        out.append(batch(target, *tweets))
    return out


@pytest.mark.parametrize("stored", [False, True])
def test_a_partition_merged_a_row_group_at_a_time_holds_the_whole_merges_rows(
    tmp_path: Path, target, stored: bool, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    batches = _batches(target)
    whole, streamed_root = tmp_path / "whole", tmp_path / "streamed"
    before = batch(
        target,
        *(tweet(str(1000 + n), created_at="2020-02-01T10:01:00.000Z") for n in range(0, 90, 4)),
    )
    if stored:
        for root in (whole, streamed_root):
            store_batch(root, *before, "run-0")
    expected = store_spooled(whole, batches, "run-1")
    monkeypatch.setattr(spool, "STREAM_ROWS", 0)
    monkeypatch.setattr(streamed, "ROW_GROUP_ROWS", 7)
    got = store_spooled(streamed_root, batches, "run-1")
    assert got == expected and got.written > 30
    files, reference = _files(streamed_root), _files(whole)
    assert files.keys() == reference.keys() and len(files) == 2
    for name, path in files.items():
        rows, want = pq.read_table(path), pq.read_table(reference[name])
        assert rows.equals(want)  # the same rows, in the same order, of the same types
        assert rows.schema.equals(file_schema(MENTIONS))
        groups = pq.ParquetFile(path).metadata.num_row_groups
        assert groups == -(-rows.num_rows // 7) > 1
    assert [p.name for p in (streamed_root / ".staging").iterdir()] == []
    # The same run again: nothing new, nothing rewritten.
    snapshot = {name: path.read_bytes() for name, path in files.items()}
    again = store_spooled(streamed_root, batches, "run-2")
    assert (again.written, again.touched_mentions) == (0, [])
    assert {name: path.read_bytes() for name, path in _files(streamed_root).items()} == snapshot


@pytest.mark.parametrize("cap", ["rows", "bytes"])
def test_row_groups_read_each_source_run_by_run(
    tmp_path: Path, cap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows taken from sorted sources, in an order interleaving them, come out in that order,
    in row groups of at most ROW_GROUP_ROWS rows or about ROW_GROUP_BYTES of the sources."""
    import pyarrow as pa

    sources, frames = [], []
    for s in range(3):
        frame = pl.DataFrame({"k": sorted(random.Random(s).sample(range(1000), 50)), "s": [s] * 50})
        path = tmp_path / f"{s}.arrow"
        with (
            pa.OSFile(str(path), "wb") as sink,
            pa.ipc.new_file(sink, frame.to_arrow().schema) as w,
        ):
            w.write_table(frame.to_arrow())
        sources.append(path)
        frames.append(frame)
    whole = pl.concat(frames)
    order = streamed.merge_order([f.select("k") for f in frames], ["k"])
    schema = whole.to_arrow().schema
    size = sum(p.stat().st_size for p in sources)
    if cap == "rows":
        monkeypatch.setattr(streamed, "ROW_GROUP_ROWS", 40)
    else:  # ~32 rows' worth of the sources' bytes
        monkeypatch.setattr(streamed, "ROW_GROUP_BYTES", size * 32 // 150)
    groups = list(streamed.row_groups(sources, order, schema))
    got = pl.concat(pl.DataFrame(g) for g in groups)
    assert got.equals(whole.sort("k", maintain_order=True))
    assert got["s"].n_unique() == 3 and not got.equals(whole)
    rows = [g.num_rows for g in groups]
    assert sum(rows) == 150 and set(rows[:-1]) == {rows[0]} and rows[-1] <= rows[0]
    # The files' own bytes (headers, footers) count too: a little under 32 rows a group.
    assert rows[0] == 40 if cap == "rows" else 24 <= rows[0] <= 32


def test_a_commit_failing_amid_a_streamed_partition_leaves_it_and_the_same_run_completes(
    tmp_path: Path, target, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    batches = _batches(target)
    clean, failed = tmp_path / "clean", tmp_path / "failed"
    before = batch(target, tweet("1004", created_at="2020-02-01T10:01:00.000Z"))
    for root in (clean, failed):
        store_batch(root, *before, "run-0")
    monkeypatch.setattr(spool, "STREAM_ROWS", 0)
    monkeypatch.setattr(streamed, "ROW_GROUP_ROWS", 7)
    store_spooled(clean, batches, "run-1")
    stored = {name: path.read_bytes() for name, path in _files(failed).items()}
    real = streamed.row_groups

    def dying(*args):  # type: ignore[no-untyped-def]
        groups = real(*args)
        yield next(groups)
        raise OSError("disk gone amid the partition")

    monkeypatch.setattr(spool, "row_groups", dying)
    with pytest.raises(OSError, match="disk gone"):
        store_spooled(failed, batches, "run-1")
    assert {name: path.read_bytes() for name, path in _files(failed).items()} == stored
    assert not list((failed / ".staging").glob("*.parquet"))
    monkeypatch.setattr(spool, "row_groups", real)
    store_spooled(failed, batches, "run-1")
    got, want = _files(failed), _files(clean)
    assert {n: pq.read_table(p) for n, p in got.items()} == {
        n: pq.read_table(p) for n, p in want.items()
    }
