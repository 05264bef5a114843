"""The real twarc2 pages in ../shared/fixtures/twarc-csv-v2: every record lands or sits in
quarantine with a reason."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.ingest import store_batch
from tasks.parse import parse_pages
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.file import FileSource
from tasks.store import scan
from tasks.validate import split
from tests.conftest import NOW, SKEW


def _ingest(tmp_path: Path, target, *files: Path):
    staging, stats = parse_pages(FileSource(list(files), now=NOW).pages(target), target)
    valid, rejected = split(staging, NOW, SKEW)
    return (valid, rejected), store_batch(tmp_path, valid, rejected, "run-1"), stats


def test_every_fixture_record_lands_or_is_quarantined(tmp_path, target, fixtures_dir):
    files = sorted((fixtures_dir / "twarc-csv-v2").glob("*.jsonl"))
    (valid, rejected), out, stats = _ingest(tmp_path, target, *files)
    stored = scan(tmp_path, MENTIONS).collect()
    quarantined = scan(tmp_path, QUARANTINE).collect()
    # Nothing vanishes: each valid record's version is stored (the same version fetched again
    # with other metrics is a duplicate), each rejected record sits in quarantine.
    key = ["platform", "post_id", "version_id"]
    assert valid.join(stored, on=key, how="anti").is_empty()
    assert rejected.join(quarantined, on="raw_sha256", how="anti").is_empty()
    assert quarantined.height == rejected["raw_sha256"].n_unique() > 200
    assert out.written == stored.height == valid.unique(key).height
    assert quarantined.filter(pl.col("reasons").list.len() == 0).is_empty()
    assert stored["kind"].unique().sort().to_list() == ["mention", "quote", "reply", "repost"]
    assert stats["api_errors"] > 0  # partial errors in withheld.jsonl and 2sets.jsonl were counted


def test_edited_before_and_after_keep_both_versions(tmp_path, target, fixtures_dir):
    d = fixtures_dir / "twarc-csv-v2"
    _ingest(
        tmp_path, target, d / "edited_before.jsonl", d / "edited_after.jsonl", d / "edited.jsonl"
    )
    rows = (
        scan(tmp_path, MENTIONS)
        .filter(pl.col("post_id") == "1576994746135764992")
        .collect()
        .sort("version")
    )
    assert rows.select("version_id", "version").rows() == [
        ("1576994746135764992", 0),
        ("1576994789110992896", 1),
    ]


def test_truncated_stream_line_is_quarantined_with_its_line(tmp_path, target, fixtures_dir):
    path = fixtures_dir / "twarc-csv-v2" / "streaming_output_with_error.jsonl"
    _, out, _ = _ingest(tmp_path, target, path)
    q = scan(tmp_path, QUARANTINE).collect()
    assert q.height == 1 and out.written == 7
    (reason,) = q["reasons"][0]
    assert reason.startswith(f"parse: not_json: {path.resolve()}:8: ")
    assert q["source_ref"][0] == f"{path.resolve()}:8"


def test_flattened_file_imports(tmp_path, target, fixtures_dir):
    _, out, _ = _ingest(tmp_path, target, fixtures_dir / "twarc-csv-v2" / "flat.jsonl")
    assert out.written == 100 and out.quarantined == 0
    stored = scan(tmp_path, MENTIONS).collect()
    assert stored["author_handle"].null_count() == 0
    assert stored["retrieved_at"].min().year == 2021  # twarc's own retrieval time, not ours
