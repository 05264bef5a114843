"""The flows end to end under Prefect's test harness, on synthetic data in tmp_path."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from prefect import flow, task
from prefect.client.orchestration import get_client

from flows.pipeline import backfill, import_files, nightly
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.store import scan
from tests.conftest import page, tweet

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Two days of seed-wave's baseline and the first day of the wave, in UTC.
START, END = datetime(2020, 1, 30, tzinfo=UTC), datetime(2020, 2, 2, tzinfo=UTC)


def dataset(root: Path) -> dict[str, pl.DataFrame]:
    """Every stored table except run summaries, in a stable order (for equality)."""
    out = {}
    for table in (MENTIONS, QUARANTINE, DAILY):
        df = scan(root, table).collect().drop("run_id", strict=False)
        out[table.name] = df.sort(df.columns)
    return out


def assert_same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert_frame_equal(a[name], b[name], check_row_order=True)


def test_backfill_twice_changes_nothing(settings):
    root = str(settings.data_dir)
    (first,) = backfill(
        target="demo", start=START, end=END, data_dir=root, targets_file=str(settings.targets_file)
    )
    assert first["status"] == "ok" and first["written"] > 1000 and first["quarantined"] > 0
    # Every ingestion flow ends by rebuilding the safety-desk pages.
    assert (settings.data_dir / "site" / "targets" / "demo.fr.html").is_file()
    before = dataset(settings.data_dir)
    files_before = {
        p: p.stat().st_mtime_ns
        for p in settings.data_dir.rglob("*.parquet")
        if "runs" not in p.parts
    }
    (second,) = backfill(
        target="demo", start=START, end=END, data_dir=root, targets_file=str(settings.targets_file)
    )
    assert (second["written"], second["quarantined"]) == (0, 0)
    assert second["duplicates"] == second["valid"]
    assert_same(dataset(settings.data_dir), before)
    # Nothing rewritten at all: no partition was touched.
    assert {p: p.stat().st_mtime_ns for p in files_before} == files_before
    runs = scan(settings.data_dir, RUNS).collect()
    assert runs.height == 2 and set(runs["status"]) == {"ok"}


def test_backfill_over_what_a_nightly_covered_is_identical(tmp_path, targets_file):
    nightly_root, both_root = tmp_path / "n", tmp_path / "b"
    summaries = nightly(
        targets=["demo"], data_dir=str(nightly_root), targets_file=str(targets_file)
    )
    assert summaries[0]["written"] > 20_000
    # The second nightly starts at the watermark: nothing left to pull.
    again = nightly(targets=["demo"], data_dir=str(nightly_root), targets_file=str(targets_file))
    assert again[0]["records_in"] == 0
    # The same data reached two ways: a backfill, then a nightly over it, then a backfill again.
    backfill(
        target="demo", start=START, end=END, data_dir=str(both_root), targets_file=str(targets_file)
    )
    nightly(targets=["demo"], data_dir=str(both_root), targets_file=str(targets_file))
    backfill(
        target="demo", start=START, end=END, data_dir=str(both_root), targets_file=str(targets_file)
    )
    assert_same(dataset(both_root), dataset(nightly_root))


def test_import_flow(settings, write_jsonl):
    path = write_jsonl(
        "pages.jsonl",
        [
            page([tweet("1"), tweet("2", text="")]),
            b'{"data": [',
        ],
    )
    summary = import_files(
        paths=[str(path)],
        target="alice",
        data_dir=str(settings.data_dir),
        targets_file=str(settings.targets_file),
    )
    assert (summary["written"], summary["quarantined"], summary["status"]) == (1, 2, "ok")
    daily = scan(settings.data_dir, DAILY).collect()
    assert daily.filter(pl.col("posts") > 0).select("target", "posts").rows() == [("alice", 1)]
    assert (
        settings.data_dir / "validation" / summary["run_id"] / "alice" / "result-0000.json"
    ).exists()


def test_a_target_is_a_few_task_runs_whatever_its_batches(settings, write_jsonl, monkeypatch):
    """One task run a target per stage group (issue 17): not one a batch."""
    monkeypatch.setenv("TOCSIN_BATCH_SIZE", "2")
    path = write_jsonl(
        "pages.jsonl", [page([tweet(str(i)), tweet(str(i + 10))]) for i in (1, 2, 3)]
    )
    state = import_files(
        paths=[str(path)],
        target="alice",
        data_dir=str(settings.data_dir),
        targets_file=str(settings.targets_file),
        return_state=True,
    )
    assert state.result()["written"] == 6
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))
        )
    names = sorted(r.name.rsplit("-", 1)[0] for r in runs)
    # The run's summary is written by a plain call with retries, not a task run (flows.steps).
    assert names == ["parse-validate-store", "score-and-aggregate", "seal-evidence"]


def test_a_command_hands_its_settings_to_the_flow(settings, write_jsonl, monkeypatch):
    """`tocsin import`: built once, checked before Prefect starts, and the flow runs on them."""
    from typer.testing import CliRunner

    from flows.cli import app
    from tests.support.settings import count_loads

    path = write_jsonl("pages.jsonl", [page([tweet("1")])])
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(settings.targets_file))
    monkeypatch.setenv("TOCSIN_X_BEARER_TOKEN", "tok-never-stored-1234")
    loads = count_loads(monkeypatch)
    args = ["import", str(path), "--target", "alice", "--data-dir", str(settings.data_dir)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert scan(settings.data_dir, MENTIONS).collect()["post_id"].to_list() == ["1"]
    assert len(loads) == 1
    # The settings are a flow parameter, which Prefect stores: secrets only as "**********".
    # The newest runs first: the server's default page of runs need not hold this one.
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        newest = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=200)
    (run,) = [r for r in newest if str(path) in str(r.parameters)]
    stored = run.parameters["settings"]
    assert stored["sources"]["x_bearer_token"] == "**********"
    assert "tok-never-stored-1234" not in str(run.parameters)


@task
def _whoami(fail: bool = False) -> int:
    if fail:
        raise ValueError("this target's worker failed")
    return os.getpid()


def test_in_workers_uses_other_processes_and_keeps_errors_in_place(prefect_harness):
    from flows.workers import in_workers

    @flow
    def fan_out(workers: int) -> list:
        calls = [{}, {"fail": True}, {}]
        return in_workers(_whoami, calls, workers)

    pooled = fan_out(2)
    assert [e is None for _, e in pooled] == [True, False, True]
    assert "this target's worker failed" in str(pooled[1][1])
    pids = {pid for pid, e in pooled if e is None}
    assert os.getpid() not in pids
    inline = fan_out(1)
    assert {pid for pid, e in inline if e is None} == {os.getpid()}
    assert "this target's worker failed" in str(inline[1][1])


@task
def _dies(die: bool = False) -> int:
    if die:
        os._exit(3)  # as the kernel's OOM killer would: no exception, no cleanup
    return os.getpid()


def test_a_worker_that_dies_fails_its_own_call_only(prefect_harness):
    from concurrent.futures.process import BrokenProcessPool

    from flows.workers import in_workers

    @flow
    def fan_out() -> list:
        # Two calls: every call the broken pool held runs again in a process of its own, and
        # each process imports the stack (~5 s here), so each call more costs a test run ~5 s.
        return in_workers(_dies, [{}, {"die": True}], 2)

    results = fan_out()
    assert [type(e) if e else None for _, e in results] == [None, BrokenProcessPool]
    assert all(isinstance(pid, int) and pid != os.getpid() for pid, e in results if e is None)


def test_data_docs_are_built_once_a_run_from_one_validation_of_its_rows(
    settings, write_jsonl, monkeypatch
):
    from tasks import gx_suite

    builds = []
    real = gx_suite.build_data_docs
    monkeypatch.setattr(gx_suite, "build_data_docs", lambda root: builds.append(root) or real(root))
    monkeypatch.setenv("TOCSIN_DATA_DOCS", "true")
    monkeypatch.setenv("TOCSIN_BATCH_SIZE", "2")
    pages = [page([tweet(str(i)), tweet(str(i + 10))]) for i in range(1, 4)]
    path = write_jsonl("pages.jsonl", pages)
    summary = import_files(
        paths=[str(path)],
        target="alice",
        data_dir=str(settings.data_dir),
        targets_file=str(settings.targets_file),
    )
    assert summary["written"] == 6
    gx = settings.data_dir / "gx" / "gx"
    # Three pages of two, batches of two: GX validates the run's rows once, the docs are built
    # once, at the end.
    results = settings.data_dir / "validation" / summary["run_id"] / "alice"
    assert [p.name for p in results.iterdir()] == ["result-0000.json"]
    (stored,) = gx.glob("uncommitted/validations/mentions/*/*/*.json")
    assert json.loads(stored.read_text())["statistics"]["evaluated_expectations"] > 0
    assert builds == [settings.data_dir / "gx"]
    assert (gx / "uncommitted/data_docs/local_site/index.html").is_file()


def test_a_run_that_failed_after_storing_is_repaired_by_the_next(
    tmp_path, targets_file, monkeypatch
):
    from flows import steps
    from tasks.scoring import SCORES

    @task(name="score-and-aggregate")
    def broken(*args, **kwargs):
        raise RuntimeError("the scorer fell over")

    common = dict(target="demo", start=START, end=END, targets_file=str(targets_file))
    clean, failed = tmp_path / "clean", tmp_path / "failed"
    backfill(data_dir=str(clean), **common)
    with monkeypatch.context() as patch:
        patch.setattr(steps, "derive", broken)
        with pytest.raises(RuntimeError, match="the scorer fell over"):
            backfill(data_dir=str(failed), **common)
    assert scan(failed, SCORES).collect().height == 0
    (summary,) = backfill(data_dir=str(failed), **common)
    stored = scan(failed, MENTIONS).collect().height
    assert (summary["written"], summary["scored"], summary["status"]) == (0, stored, "ok")
    runs = scan(failed, RUNS).collect().sort("started_at")
    assert runs.select("flow", "status").rows() == [("backfill", "failed"), ("backfill", "ok")]
    assert runs["error"][0] == "RuntimeError: the scorer fell over"
    assert_same(dataset(failed), dataset(clean))
    scores = [scan(r, SCORES).collect().drop("scored_at") for r in (failed, clean)]
    assert_frame_equal(*(s.sort("post_id", "version_id") for s in scores))


TWO_SYNTHETIC = """
[[target]]
name = "demo"
timezone = "Europe/Paris"
handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }
synthetic = { scenario = "seed-wave", seed = 0 }

[[target]]
name = "other"
timezone = "America/New_York"
handles = { x = "other_reporter", x_user_id = "1000000000000000002" }
synthetic = { scenario = "seed-wave", seed = 1 }
"""


def test_a_backfill_of_several_targets_derives_them_together_as_one_by_one(tmp_path, derivations):
    """Two targets in one worker: pulled in turn, then scored and aggregated in one derivation
    (tasks/grouped.py); the tables are those of a backfill of each target alone."""
    from config.settings import load_settings
    from tasks.scoring import SCORES

    targets = tmp_path / "two.toml"
    targets.write_text(TWO_SYNTHETIC)
    end = datetime(2020, 1, 31, tzinfo=UTC)
    together, alone = tmp_path / "together", tmp_path / "alone"
    settings = load_settings(data_dir=together, targets_file=targets, workers=1)
    rows = backfill(target=["demo", "other"], start=START, end=end, settings=settings)
    assert derivations == [["demo", "other"]]
    assert [(r["target"], r["status"]) for r in rows] == [("demo", "ok"), ("other", "ok")]
    assert all(r["scored"] == r["written"] > 0 for r in rows)
    for name in ("demo", "other"):
        backfill(target=name, start=START, end=end, data_dir=str(alone), targets_file=str(targets))
    assert_same(dataset(together), dataset(alone))
    scores = [scan(r, SCORES).collect().drop("scored_at") for r in (together, alone)]
    assert_frame_equal(*(s.sort(s.columns) for s in scores))
    recorded_runs = scan(together, RUNS).collect()
    assert sorted(recorded_runs.select("target", "status").rows()) == [
        ("demo", "ok"),
        ("other", "ok"),
    ]
