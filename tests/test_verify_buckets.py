"""``tocsin verify`` compares the working tables with the sealed records one bucket of records
at a time (tasks/evidence/verify_spill.py): held whole, a 10M-post target's derived rows took it
past 24 GB. Cut into buckets, it finds and lists exactly what the whole check finds, in the same
order, whatever the tampering: the buckets only decide what is held at once."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from config.targets import Target
from tasks.evidence import verify as verify_module
from tasks.evidence import verify_evidence
from tasks.evidence.verify_spill import Kept, buckets_for
from tests.support.evidence import copy_vault, ingest_and_seal, pages_of_run

ALICE = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
MENTIONS = Path("mentions/target=alice/date=2020-02-01/part-0.parquet")


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stored") / "data"
    for r in range(3):
        pages = pages_of_run(4, first_id=1000 * (r + 1))
        assert ingest_and_seal(root, pages, ALICE, f"run-{r + 1}", None, None) is not None
    return root


def _bucket(raw: str, buckets: int) -> int:
    return pl.Series([raw]).hash(seed=0).item() % buckets


def _tamper(root: Path, buckets: int) -> dict[str, str]:
    """Cells edited, rows deleted, a row added, a row's page changed and a row's record hash
    changed to one that falls in another bucket; the record hashes concerned."""
    path = root / MENTIONS
    rows = pl.read_parquet(path)
    ids = rows["post_id"].to_list()
    edited, deleted, moved, rehashed = ids[1:4] + ids[5:7], ids[4], ids[7], ids[10]
    old = rows.filter(pl.col("post_id") == rehashed)["raw_sha256"][0]
    other = next(
        c * 64 for c in "0123456789abc" if _bucket(c * 64, buckets) != _bucket(old, buckets)
    )
    extra = rows.head(3).with_columns(
        post_id=pl.Series(["9997", "9998", "9999"]),
        version_id=pl.Series(["9997", "9998", "9999"]),
        raw_sha256=pl.Series(["d" * 64, "e" * 64, "f" * 64]),
    )
    changed = rows.with_columns(
        text=pl.when(pl.col("post_id").is_in(edited)).then(pl.lit("edited")).otherwise("text"),
        page_sha256=pl.when(pl.col("post_id") == moved)
        .then(pl.lit("0" * 64))
        .otherwise("page_sha256"),
        raw_sha256=pl.when(pl.col("post_id") == rehashed)
        .then(pl.lit(other))
        .otherwise("raw_sha256"),
    ).filter(pl.col("post_id") != deleted)
    pl.concat([changed, extra]).write_parquet(path)
    (quarantined,) = (root / "quarantine" / "target=alice").glob("date=*/part-0.parquet")
    q = pl.read_parquet(quarantined)
    q.filter(pl.int_range(pl.len()) != 0).write_parquet(quarantined)
    return {"rehashed": old, "other": other, "deleted_quarantine": q["raw_sha256"][0]}


def _verify(root: Path, buckets: int, monkeypatch) -> tuple:
    used: list[int] = []

    def fixed(records: int) -> int:
        used.append(records)
        return buckets

    monkeypatch.setattr(verify_module, "buckets_for", fixed)
    report = verify_evidence(root)
    monkeypatch.undo()
    assert used and used[0] > 0
    t = report.tables
    assert t is not None
    counts = (t.mentions, t.quarantine, t.compared, t.edited, t.deleted, t.unsealed)
    found = [(f.level, f.path, f.message, f.records, f.topic) for f in report.findings]
    return counts + (t.not_compared,), found


@pytest.mark.parametrize("buckets", [2, 5])
def test_the_tables_check_by_bucket_finds_and_lists_what_the_whole_check_does(
    stored, tmp_path, monkeypatch, buckets
):
    whole = copy_vault(stored, tmp_path / "whole")
    cut = copy_vault(stored, tmp_path / "cut")
    hashes = _tamper(whole, buckets)
    assert _tamper(cut, buckets) == hashes
    one = _verify(whole, 1, monkeypatch)
    many = _verify(cut, buckets, monkeypatch)
    assert many == one
    counts, found = many
    # The rehashed row names a record nothing sealed; its post still has a row, in another
    # bucket than its sealed record's: that record is not reported deleted.
    mentions, quarantine, compared, edited, deleted, unsealed, _ = counts
    assert (edited, unsealed) == (6, 4)  # 5 texts and a page; 3 rows added and the rehashed
    assert deleted == 2  # the deleted mentions row and the deleted quarantine row
    messages = " ".join(m for _, _, m, _, _ in found)
    assert hashes["other"] in messages and hashes["deleted_quarantine"] in messages
    assert f"record {hashes['rehashed']}" not in messages


def test_an_untouched_installation_checks_every_row_in_any_number_of_buckets(stored, monkeypatch):
    one = _verify(stored, 1, monkeypatch)
    many = _verify(stored, 7, monkeypatch)
    assert many == one
    (mentions, quarantine, compared, edited, deleted, unsealed, not_compared), _ = many
    assert compared == mentions + quarantine > 0
    assert (edited, deleted, unsealed, not_compared) == (0, 0, 0, 0)


def test_the_buckets_hold_about_the_rows_asked_and_their_folder_goes_away():
    assert [buckets_for(n, 100) for n in (0, 1, 100, 101, 10**9)] == [1, 1, 1, 2, 128]
    with Kept(3, pl.Schema({"raw_sha256": pl.String, "text": pl.String})) as kept:
        rows = pl.DataFrame({"raw_sha256": [f"{i:064x}" for i in range(300)], "text": "x"})
        kept.add_rows(rows.head(120))
        kept.add_rows(rows.tail(180))
        kept.add_sealed(rows["raw_sha256"].to_list(), checked=True)
        folder = kept._folder
        assert folder.stat().st_mode & 0o777 == 0o700
        assert kept.all_rows().equals(rows)
        some = rows["raw_sha256"].gather([299, 5, 150])
        assert kept.all_rows(some).equals(rows.filter(pl.col("raw_sha256").is_in(some.implode())))
        parts = list(kept.each())
        assert sum(r.height for r, _ in parts) == 300 and all(r.height < 300 for r, _ in parts)
        for bucket, (r, s) in enumerate(parts):
            assert r["raw_sha256"].to_list() == s["raw_sha256"].to_list()
            assert all(_bucket(h, 3) == bucket for h in r["raw_sha256"])
    assert not folder.exists()
