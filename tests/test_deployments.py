"""prefect.yaml is the single source of truth for deployments: each points at a real flow."""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml
from prefect import Flow

from flows.serve import flow_of, load_deployments

ROOT = Path(__file__).resolve().parents[1]


def test_every_deployment_points_at_an_importable_flow():
    deployments = load_deployments(ROOT / "prefect.yaml")
    assert {d["name"] for d in deployments} >= {"nightly", "backfill", "recheck"}
    for d in deployments:
        assert (ROOT / d["entrypoint"].split(":")[0]).is_file(), d["entrypoint"]
        fl = flow_of(d["entrypoint"])
        assert isinstance(fl, Flow), d["entrypoint"]
        params = inspect.signature(fl.fn).parameters
        assert set(d.get("parameters") or {}) <= set(params)


def test_schedules():
    spec = {
        d["name"]: d for d in yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    }
    assert spec["nightly"]["schedules"] == [
        {"cron": "30 2 * * *", "timezone": "Europe/Paris", "active": True}
    ]
    assert not spec["backfill"]["schedules"]
    assert list(inspect.signature(flow_of(spec["backfill"]["entrypoint"]).fn).parameters)[:3] == [
        "target",
        "first_day",
        "last_day",
    ]


def test_serve_builds_the_same_deployments():
    from flows.serve import runner_deployments

    deployments = {d.name: d for d in runner_deployments(ROOT / "prefect.yaml")}
    assert set(deployments) == {d["name"] for d in load_deployments(ROOT / "prefect.yaml")}
    (schedule,) = deployments["nightly"].schedules
    assert schedule.schedule.cron == "30 2 * * *"
    assert schedule.schedule.timezone == "Europe/Paris"


def test_watch_runs_one_at_a_time_and_a_run_due_meanwhile_is_cancelled():
    spec = {d["name"]: d for d in load_deployments(ROOT / "prefect.yaml")}
    assert spec["watch"]["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}


def test_every_deployment_forwards_tocsin_logs_to_its_flow_run():
    for d in load_deployments(ROOT / "prefect.yaml"):
        env = d["work_pool"]["job_variables"]["env"]
        assert env["PREFECT_LOGGING_EXTRA_LOGGERS"] == "tocsin", d["name"]
