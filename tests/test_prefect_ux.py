"""Prefect as its users expect: Tocsin's own log lines in the flow-run logs, run names that say
what ran, artifacts with the run summary, the watch deployment's concurrency limit."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime

from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler

from flows.names import name_of
from flows.pipeline import backfill_days
from tasks.sources.http import Client


@task
def _two_requests(base_url: str) -> int:
    client = Client(
        platform="x",
        base_url=base_url,
        base_url_setting="sources.x_base_url",
        timeout=5,
        max_retries=1,
        max_wait=120,
        sleep=lambda seconds: None,  # the wait is logged, not waited
    )
    try:
        client.get("/first")  # spends the window: remaining 0, resets in 30 s
        return client.get("/second").attempts  # waits for the reset first, and says so
    finally:
        client.close()


@flow
def _rate_limited_pull(base_url: str) -> int:
    return _two_requests(base_url)


def _logs_of(flow_run_id) -> list:
    (handler,) = [h for h in logging.getLogger("tocsin").handlers if isinstance(h, APILogHandler)]
    handler.flush()  # the handler sends in batches: wait for this run's lines
    with get_client(sync_client=True) as client:
        return client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )


def test_a_rate_limit_wait_inside_a_task_reaches_the_flow_run_logs(prefect_harness, srv):
    spent = {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "30"}
    srv.expect_ordered_request("/first").respond_with_json({"data": []}, headers=spent)
    srv.expect_ordered_request("/second").respond_with_json({"data": []})
    state = _rate_limited_pull(srv.url_for("/").rstrip("/"), return_state=True)
    assert state.is_completed()
    logs = _logs_of(state.state_details.flow_run_id)
    waits = [log for log in logs if log.name == "tocsin.sources"]
    # 30 s from the first answer, less the time the test took to ask again
    assert [re.sub(r"\d+ s", "N s", w.message) for w in waits] == [
        "x: rate-limit window spent; sleeping N s until it resets"
    ]
    assert waits[0].level == 20  # INFO: Tocsin's loggers speak from INFO, Prefect's at WARNING
    assert waits[0].task_run_id is not None


def test_run_names_say_the_flow_the_window_and_the_targets():
    at = datetime(2026, 12, 2, 16, 45, tzinfo=UTC)
    days = dict(target="demo", first_day=date(2020, 1, 30), last_day="2020-02-02")
    assert name_of("backfill-days", days, at) == "backfill demo 2020-01-30..2020-02-02"
    window = dict(
        target="demo",
        start=datetime(2020, 1, 30, tzinfo=UTC),
        end=datetime(2020, 2, 3, tzinfo=UTC),  # exclusive: the last day named is the 2nd
        flow_name="demo",
    )
    assert name_of("backfill", window, at) == "backfill demo 2020-01-30..2020-02-02 (demo)"
    assert name_of("nightly", dict(targets=["alice", "bob"]), at) == "nightly 2026-12-02 alice,bob"
    assert name_of("watch", dict(targets=None), at) == "watch 2026-12-02 16:45Z all targets"
    assert (
        name_of("weekly-digest", dict(week="2020-W05"), at) == "weekly-digest 2020-W05 all targets"
    )


def test_a_backfill_run_is_named_after_its_target_and_days(prefect_harness):
    # The days are reversed, so the run fails at once, before any work: its name is set anyway.
    state = backfill_days("demo", date(2020, 2, 2), date(2020, 1, 30), return_state=True)
    assert state.is_failed()
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
    assert run.name == "backfill demo 2020-02-02..2020-01-30"
