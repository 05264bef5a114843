"""task_runner = "dask": the setting, the check on a remote scheduler, and targets run on a local
Dask cluster through prefect-dask (flows/workers.py). The whole backfill compared with a
sequential one, against a Prefect server, is tests/test_dask_backfill.py (integration)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL

from config.settings import Settings, load_settings
from flows.workers import require_reachable_api, run_targets
from tasks.errors import ConfigError, TocsinError


def test_the_task_runner_comes_from_the_environment_and_defaults_to_the_process_pool(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("TOCSIN_TASK_RUNNER", raising=False)
    monkeypatch.delenv("TOCSIN_DASK_ADDRESS", raising=False)
    assert load_settings(data_dir=tmp_path).runner.task_runner == "process"
    monkeypatch.setenv("TOCSIN_TASK_RUNNER", "dask")
    monkeypatch.setenv("TOCSIN_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    runner = load_settings(data_dir=tmp_path).runner
    assert (runner.task_runner, runner.dask_address) == ("dask", "tcp://10.0.0.5:8786")
    monkeypatch.setenv("TOCSIN_TASK_RUNNER", "ray")
    with pytest.raises(ConfigError) as err:
        load_settings(data_dir=tmp_path)
    assert str(err.value) == ("invalid settings: task_runner: Input should be 'process' or 'dask'")


@pytest.mark.parametrize(
    ("api", "address", "refused"),
    [
        ("http://127.0.0.1:8080/api", "tcp://10.0.0.5:8786", True),  # a temporary server
        ("http://localhost:4200/api", "scheduler.internal:8786", True),
        ("http://127.0.0.1:8080/api", "tcp://127.0.0.1:8786", False),  # all on this machine
        ("http://prefect.internal:4200/api", "tcp://10.0.0.5:8786", False),
    ],
)
def test_a_remote_scheduler_needs_an_api_its_workers_reach(api, address, refused):
    if not refused:
        require_reachable_api(api, address)
        return
    with pytest.raises(TocsinError) as err:
        require_reachable_api(api, address)
    assert str(err.value) == (
        f"task_runner = dask with dask_address {address}: its workers must reach the Prefect "
        f"API, and this flow's is {api} (this machine only); set PREFECT_API_URL to a Prefect "
        "server they reach"
    )


@task
def _where(fail: bool = False) -> tuple[int, str]:
    if fail:
        raise ValueError("this target's task failed")
    return os.getpid(), str(PREFECT_API_URL.value())


def test_dask_runs_each_target_in_a_worker_process_that_reports_to_the_flows_api(
    prefect_harness, tmp_path
):
    settings = Settings(data_dir=tmp_path, workers=2, task_runner="dask")

    @flow
    def parent() -> tuple[str, list]:
        with get_client(sync_client=True) as client:
            return str(client.api_url), run_targets(_where, [{}, {"fail": True}, {}], settings)

    api, results = parent()
    (first, no_error), (nothing, error), (third, no_error_either) = results
    assert (no_error, nothing, no_error_either) == (None, None, None)
    # Its own error, in its place; the other targets ran.
    assert isinstance(error, ValueError) and str(error) == "this target's task failed"
    pids = {first[0], third[0]}
    assert os.getpid() not in pids  # Dask's worker processes, not the flow's
    # Each reported to the flow's API, not to a temporary server of its own.
    assert {first[1], third[1]} == {api}


def test_a_backfill_of_several_targets_is_named_after_them():
    from flows.names import name_of

    window = dict(
        target=["ana", "ben"],
        start=datetime(2020, 2, 16, tzinfo=UTC),
        end=datetime(2020, 2, 17, tzinfo=UTC),
    )
    at = datetime(2026, 12, 2, tzinfo=UTC)
    assert name_of("backfill", window, at) == "backfill ana,ben 2020-02-16..2020-02-16"


def test_a_backfill_of_several_targets_stores_each_and_fails_naming_the_source_that_failed(
    prefect_harness, tmp_path
):
    """One target's X source cannot connect: the other target's rows are stored all the same,
    both runs are recorded, and the flow fails afterwards naming the failed source."""
    from flows.pipeline import BackfillIncomplete, backfill
    from tasks.schema import MENTIONS, RUNS
    from tasks.store import scan

    targets = tmp_path / "targets.toml"
    targets.write_text(
        """
[[target]]
name = "ana"
timezone = "Europe/Paris"
handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }
synthetic = { scenario = "seed-wave", seed = 0 }

[[target]]
name = "bob"
timezone = "Europe/Paris"
handles = { x = "bob_reporter" }
sources = ["x"]
"""
    )
    settings = load_settings(
        data_dir=tmp_path / "data",
        targets_file=targets,
        workers=1,  # the process runner, one after another: the flow's logic, not the pool
        x_base_url="http://127.0.0.1:9",  # discard port: nothing listens
        x_bearer_token="tok-test",
        http_max_retries=0,
    )
    start = datetime(2020, 2, 16, tzinfo=UTC)
    with pytest.raises(BackfillIncomplete) as err:
        backfill(
            target=["ana", "bob"], start=start, end=start + timedelta(hours=6), settings=settings
        )
    assert str(err.value).startswith("bob/x: ")
    runs = scan(settings.data_dir, RUNS).collect()
    assert sorted(runs.select("target", "source", "status").rows()) == [
        ("ana", "synthetic", "ok"),
        ("bob", "x", "failed"),
    ]
    assert set(scan(settings.data_dir, MENTIONS).collect()["target"]) == {"ana"}
