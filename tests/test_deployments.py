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
    # The prosecutor's dossier, on demand, with the command's selectors.
    assert not spec["dossier"]["schedules"]
    params = inspect.signature(flow_of(spec["dossier"]["entrypoint"]).fn).parameters
    assert {"target", "out", "episode", "author", "start", "end", "lang"} <= set(params)


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


def test_serve_honours_the_watch_concurrency_limit():
    from flows.serve import runner_deployments

    (watch,) = [d for d in runner_deployments(ROOT / "prefect.yaml") if d.name == "watch"]
    assert watch.concurrency_limit == 1
    assert watch.concurrency_options.collision_strategy == "CANCEL_NEW"


EVERY_KIND = """
deployments:
  - name: every-kind
    entrypoint: flows/pipeline.py:nightly
    version: "7"
    paused: true
    concurrency_limit: 2
    parameters: {targets: [alice]}
    schedules:
      - cron: "0 3 * * 1"
        timezone: America/Los_Angeles
        day_or: false
        active: false
      - interval: 3600
        anchor_date: "2026-01-01T00:30:00"
        timezone: Europe/Paris
      - rrule: "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=8"
        timezone: Pacific/Honolulu
        parameters: {targets: [bob]}
"""


def test_serve_reads_every_schedule_kind_and_option_as_prefect_deploy_does(tmp_path):
    """Prefect's own prefect.yaml reader and schedule builder (private in Prefect 3.8.8: if an
    upgrade moves them, this fails here, not at night on the server)."""
    from datetime import timedelta

    from flows.serve import runner_deployments

    path = tmp_path / "prefect.yaml"
    path.write_text(EVERY_KIND)
    (d,) = runner_deployments(path)
    assert (d.name, d.version, d.paused, d.concurrency_limit) == ("every-kind", "7", True, 2)
    assert d.parameters == {"targets": ["alice"]}
    cron, interval, rrule = d.schedules
    assert (cron.schedule.cron, cron.schedule.timezone) == ("0 3 * * 1", "America/Los_Angeles")
    assert (cron.schedule.day_or, cron.active) == (False, False)
    assert interval.schedule.interval == timedelta(hours=1)
    assert interval.schedule.timezone == "Europe/Paris"
    assert interval.schedule.anchor_date.hour == 0 and interval.schedule.anchor_date.minute == 30
    # Prefect adds a DTSTART line in front of the rule
    assert rrule.schedule.rrule.splitlines()[-1] == "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=8"
    assert rrule.schedule.timezone == "Pacific/Honolulu"
    assert rrule.parameters == {"targets": ["bob"]}


def test_serve_refuses_what_it_cannot_honour_and_says_why_a_file_is_invalid(tmp_path):
    import pytest

    from flows.serve import runner_deployments
    from tasks.errors import ConfigError

    path = tmp_path / "prefect.yaml"
    path.write_text(
        "deployments:\n  - name: n\n    entrypoint: flows/pipeline.py:nightly\n"
        "    sla: [{name: late, duration: 60}]\n"
    )
    with pytest.raises(ConfigError) as caught:
        runner_deployments(path)
    assert str(caught.value) == (
        f"{path}: deployment n sets sla, which `tocsin serve` cannot honour: use `prefect deploy` "
        "and a worker for it"
    )
    path.write_text("deployments:\n  - name: n\n    schedules: every day\n")
    with pytest.raises(ConfigError, match=r"declares no deployments: .*schedules"):
        runner_deployments(path)
