"""Run records: the flow that ran, one row per run, target and source, never overwritten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from tasks.runs import RunSummary, last_runs, record_run, run_file_name
from tasks.schema import RUNS
from tasks.store import scan, write_table_file
from tasks.watermarks import advance_after, read_watermark, write_watermark
from tests.conftest import page, tweet

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _summary(source: str, **kw) -> RunSummary:
    return RunSummary(
        run_id="20261124T120000Z-nightly-abc123",
        flow="nightly",
        target="alice",
        source=source,
        started_at=NOW,
        finished_at=NOW,
        **kw,
    )


def test_a_summary_row_has_exactly_the_runs_columns():
    row = _summary("x", timings={"store": 0.12345}).row()
    assert list(row) == RUNS.names
    assert row["timings"] == '{"store": 0.123}'
    assert row["status"] == "failed"  # until the run says otherwise


def test_two_sources_of_one_run_keep_one_row_each(tmp_path):
    record_run(tmp_path, _summary("x", status="ok", written=3))
    record_run(tmp_path, _summary("mastodon", status="partial", error="gap 10:00-11:00"))
    runs = scan(tmp_path, RUNS).collect().sort("source")
    assert runs.select("run_id", "target", "source", "status", "written", "error").rows() == [
        ("20261124T120000Z-nightly-abc123", "alice", "mastodon", "partial", 0, "gap 10:00-11:00"),
        ("20261124T120000Z-nightly-abc123", "alice", "x", "ok", 3, None),
    ]
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == [
        "20261124T120000Z-nightly-abc123--alice--mastodon.parquet",
        "20261124T120000Z-nightly-abc123--alice--x.parquet",
    ]


def test_a_source_name_cannot_leave_the_runs_folder():
    assert run_file_name("r", "alice", "../../x y") == "r--alice--.._.._x_y.parquet"


def test_summaries_written_before_the_source_was_in_the_file_name_are_still_read(tmp_path):
    old = _summary("x", status="ok").row() | {
        "run_id": "20200101T000000Z-nightly-000000",
        "started_at": datetime(2020, 1, 1, tzinfo=UTC),
    }
    write_table_file(tmp_path, RUNS, pl.DataFrame([old]), f"{old['run_id']}--alice.parquet")
    record_run(tmp_path, _summary("x", status="ok"))
    assert last_runs(tmp_path)["run_id"].to_list() == [
        "20261124T120000Z-nightly-abc123",
        "20200101T000000Z-nightly-000000",
    ]


def test_a_dict_summary_is_recorded_like_a_dataclass(tmp_path):
    row = _summary("x", status="ok").row()
    record_run(tmp_path, row)
    assert scan(tmp_path, RUNS).collect().row(0, named=True) == row


def test_a_run_without_prefect_records_what_it_stored(settings, target, write_jsonl):
    """tasks.lifecycle.ingest with the plain functions: no flow, no task, no Prefect logger."""
    from tasks.lifecycle import ingest, plain_steps
    from tasks.sources.file import FileSource

    path = write_jsonl("pages.jsonl", [page([tweet("1"), tweet("2"), tweet("3", text="")])])
    summary = ingest(
        plain_steps(),
        settings=settings,
        target=target,
        source=FileSource([path], now=NOW),
        start=None,
        end=None,
        run_id="20261124T120000Z-import-abc123",
        flow_name="import",
        now=NOW,
    )
    assert (summary.status, summary.written, summary.quarantined, summary.scored) == ("ok", 2, 1, 2)
    (row,) = scan(settings.data_dir, RUNS).collect().to_dicts()
    assert (row["flow"], row["target"], row["source"], row["status"]) == (
        "import",
        "alice",
        "file",
        "ok",
    )
    assert row["evidence"] == summary.evidence
    assert summary.evidence.startswith("sealed 3 records in 1 pages: ")


def test_a_watermark_moves_past_runs_that_did_not_fail_and_never_back(tmp_path):
    day = datetime(2020, 2, 1, tzinfo=UTC)
    advance_after(tmp_path, "alice", "x", "failed", day)
    assert read_watermark(tmp_path, "alice", "x") is None
    advance_after(tmp_path, "alice", "x", "partial", day)
    advance_after(tmp_path, "alice", "x", "ok", datetime(2020, 1, 1, tzinfo=UTC))
    assert read_watermark(tmp_path, "alice", "x") == day
    advance_after(tmp_path, "alice", "mastodon", "ok", datetime(2020, 1, 1, tzinfo=UTC))
    assert read_watermark(tmp_path, "alice", "x") == day
    assert read_watermark(tmp_path, "alice", "mastodon") == datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    """Targets where "both" has two sources: the synthetic one, and X without a token."""
    path = tmp_path / "targets.toml"
    path.write_text(
        """
[[target]]
name = "both"
timezone = "Europe/Paris"
handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }
sources = ["synthetic", "x"]
synthetic = { scenario = "seed-wave", seed = 0 }

[[target]]
name = "demo"
timezone = "Europe/Paris"
handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }
synthetic = { scenario = "seed-wave", seed = 0 }

[[target]]
name = "alice"
handles = { x = "alice_reporter", x_user_id = "42" }
"""
    )
    return path


def test_every_flow_records_itself_per_target_and_source(
    prefect_harness, tmp_path, two_sources, write_jsonl, monkeypatch
):
    from flows.pipeline import backfill, import_files, nightly
    from flows.watch import watch

    monkeypatch.delenv("TOCSIN_X_BEARER_TOKEN", raising=False)
    root = tmp_path / "data"
    common = dict(data_dir=str(root), targets_file=str(two_sources))
    # The last day of seed-wave only (its quiet tail), to keep the pulls small: the watch pulls
    # the first half of it, the nightly the rest.
    write_watermark(root, "both", "synthetic", datetime(2020, 2, 16, 0, tzinfo=UTC))
    watch(
        targets=["both"], now=datetime(2020, 2, 16, 12, tzinfo=UTC), outbox=str(tmp_path), **common
    )
    nightly(targets=["both"], **common)
    day = dict(start=datetime(2020, 2, 16, tzinfo=UTC), end=datetime(2020, 2, 16, 6, tzinfo=UTC))
    backfill(target="demo", **day, **common)
    backfill(target="demo", **day, flow_name="demo", **common)
    jsonl = write_jsonl("pages.jsonl", [page([tweet("1")])])
    import_files(paths=[str(jsonl)], target="alice", **common)

    runs = scan(root, RUNS).collect()
    assert runs.select("run_id", "target", "source").is_duplicated().sum() == 0
    got = sorted(runs.select("flow", "target", "source", "status").rows())
    assert got == [
        ("backfill", "demo", "synthetic", "ok"),
        ("demo", "demo", "synthetic", "ok"),
        ("import", "alice", "file", "ok"),
        ("nightly", "both", "synthetic", "ok"),
        ("nightly", "both", "x", "skipped"),
        ("watch", "both", "synthetic", "ok"),
    ]
    # The run id says the flow too, and the two sources of the nightly share one run.
    for row in runs.iter_rows(named=True):
        assert f"-{row['flow']}-" in row["run_id"]
    nightly_runs = runs.filter(pl.col("flow") == "nightly")
    assert nightly_runs["run_id"].n_unique() == 1
    assert len(list((root / "runs").glob("*.parquet"))) == runs.height == 6
