"""The same backfill of three targets, one after another and on a Dask cluster
(``TOCSIN_TASK_RUNNER=dask``, prefect-dask's DaskTaskRunner on a LocalCluster of two workers),
stores the same rows, table by table (issue 16, point 4).

Both runs go through `tocsin backfill` in a subprocess, as an operator types it, against a
`prefect server start` on 127.0.0.1 (tests/test_workpool.py's helpers start and stop it). The
tables are read whole and compared sorted, without the columns that say *when* or *in which
run* (``VARYING``). The evidence copy of the Dask run must pass `tocsin verify`. A third run,
with no Prefect server at all, checks that the Dask workers report to the flow's one temporary
API instead of starting one each (74-96 s for a 2-task flow when they did, MEASURED.md).

Integration: each `tocsin backfill` starts Prefect and imports the stack, 1-2 minutes each on a
loaded 2-core machine; run with `python -m pytest -m integration tests/test_dask_backfill.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.evidence.table import EVIDENCE_PAGES
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.scoring.table import SCORES
from tasks.store import scan
from tests import test_workpool as workpool

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.timeout(1500)]

processes = workpool.processes  # the fixture: a PREFECT_HOME in tmp, processes killed at the end

REPO = workpool.REPO
DAY = "2020-02-16"  # seed-wave's quiet tail: ~200 posts a target, a quarantined one for "cho"
TARGETS = ("ana", "ben", "cho")
TARGETS_TOML = "".join(
    f"""
[[target]]
name = "{name}"
timezone = "{zone}"
handles = {{ x = "demo_journalist", x_user_id = "1000000000000000001" }}
synthetic = {{ scenario = "seed-wave", seed = {seed} }}
"""
    for seed, (name, zone) in enumerate(
        zip(TARGETS, ("Europe/Paris", "Europe/Paris", "America/New_York"), strict=True)
    )
)
VARYING = {
    # Which run wrote the row: a new id per run.
    MENTIONS.name: ["run_id"],
    QUARANTINE.name: ["run_id"],
    # When a row was derived or written, and the run's own record of its timings and manifest.
    SCORES.name: ["scored_at"],
    RUNS.name: ["run_id", "started_at", "finished_at", "timings", "evidence"],
    EVIDENCE_PAGES.name: ["run_id", "kept_at"],
    DAILY.name: [],
}
"""The columns that legitimately differ between two runs over the same window; every other
column of every table must be equal."""
TOP = {"mentions", "quarantine", "scores", "aggregates", "runs", "evidence"}
"""The data root's folders holding Parquet, all compared (a new table would fail the test)."""


def tables(root: Path) -> dict[str, pl.DataFrame]:
    assert {p.relative_to(root).parts[0] for p in root.rglob("*.parquet")} == TOP
    out = {t.name: scan(root, t).collect() for t in (MENTIONS, QUARANTINE, SCORES, DAILY, RUNS)}
    # The evidence segments are append-only files, <target>/<run_id>/seg-N.parquet: no hive.
    segments = sorted((root / EVIDENCE_PAGES.path).rglob("*.parquet"))
    out[EVIDENCE_PAGES.name] = pl.concat([pl.read_parquet(p) for p in segments])
    for name, df in out.items():
        kept = df.drop(VARYING[name])
        out[name] = kept.sort(kept.columns)
    return out


def backfill(env: dict[str, str], root: Path, log: Path, **extra: str) -> str:
    """`tocsin backfill` of the three targets over DAY; its output (the test fails with it)."""
    args = [arg for name in TARGETS for arg in ("-t", name)]
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "backfill", *args, "--from", DAY, "--to", DAY],
        env={**env, "TOCSIN_DATA_DIR": str(root), **extra},
        cwd=log.parent,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = done.stdout + done.stderr
    log.write_text(out)
    assert done.returncode == 0, out[-4000:]
    return out


@pytest.fixture
def env(processes, tmp_path: Path) -> dict[str, str]:
    procs, _ = processes
    targets = tmp_path / "targets.toml"
    targets.write_text(TARGETS_TOML)
    # Prefect's INFO lines on the console (the CLI defaults them to WARNING): the runner and
    # temporary servers say what they start.
    return {**procs.env, "TOCSIN_TARGETS_FILE": str(targets), "PREFECT_LOGGING_LEVEL": "INFO"}


def test_a_dask_backfill_stores_what_a_sequential_one_does(processes, env, tmp_path):
    procs, api = processes
    port = api.rsplit(":", 1)[1].removesuffix("/api")
    server_log = procs.start("server", "server", "start", "--host", "127.0.0.1", "--port", port)
    workpool.wait_for_server(api, server_log)

    one_by_one = tmp_path / "sequential"
    backfill(env, one_by_one, tmp_path / "logs" / "sequential.log", TOCSIN_WORKERS="1")
    on_dask = tmp_path / "dask"
    out = backfill(
        env, on_dask, tmp_path / "logs" / "dask.log", TOCSIN_TASK_RUNNER="dask", TOCSIN_WORKERS="2"
    )
    assert "Creating a new Dask cluster with `distributed.deploy.local.LocalCluster`" in out
    assert "Starting temporary server" not in out  # everything reported to the server

    expected, got = tables(one_by_one), tables(on_dask)
    assert expected.keys() == got.keys()
    for name in expected:
        assert set(expected[name].columns) == set(got[name].columns), name
        try:
            assert_frame_equal(got[name], expected[name], check_row_order=True)
        except AssertionError as exc:
            raise AssertionError(f"table {name}: {exc}") from None
    assert set(got[MENTIONS.name]["target"]) == set(TARGETS)
    assert got[QUARANTINE.name].height > 0  # the comparison covered a quarantined record too
    assert set(got[RUNS.name]["status"]) == {"ok"}

    # Each target's evidence chain, sealed by a different worker process, verifies.
    verify = subprocess.run(
        [sys.executable, "-m", "flows.cli", "verify", "--data-dir", str(on_dask)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "signatures: 3 valid" in verify.stdout

    # The server recorded one task run per target in the Dask run, each completed.
    flow_runs = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).raise_for_status()
    # The command hands its settings to the flow: the run's data root is in them.
    (dask_run,) = [
        r
        for r in flow_runs.json()
        if r["parameters"].get("settings", {}).get("data_dir") == str(on_dask)
    ]
    assert dask_run["name"] == f"backfill ana,ben,cho {DAY}..{DAY}"
    task_runs = httpx.post(
        f"{api}/task_runs/filter",
        json={"flow_runs": {"id": {"any_": [dask_run["id"]]}}},
        timeout=10,
    ).raise_for_status()
    per_target = [t for t in task_runs.json() if t["name"].startswith("backfill-target")]
    assert sorted(t["state_type"] for t in per_target) == ["COMPLETED"] * 3


def test_dask_workers_report_to_the_flows_temporary_api_without_a_server(env, tmp_path):
    env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    out = backfill(
        env,
        tmp_path / "data",
        tmp_path / "logs" / "dask.log",
        TOCSIN_TASK_RUNNER="dask",
        TOCSIN_WORKERS="2",
    )
    assert "Creating a new Dask cluster with `distributed.deploy.local.LocalCluster`" in out
    # One temporary server, the flow's: without the address handed over, each of the two
    # workers started one of its own.
    assert out.count("Starting temporary server") == 1, out[-4000:]
    mentions = scan(tmp_path / "data", MENTIONS).collect()
    assert set(mentions["target"]) == set(TARGETS)
