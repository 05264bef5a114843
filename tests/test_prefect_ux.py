"""Prefect as its users expect: Tocsin's own log lines in the flow-run logs, run names that say
what ran, artifacts with the run summary, the watch deployment's concurrency limit."""

from __future__ import annotations

import json
import logging
import re
import warnings
from datetime import UTC, date, datetime

from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.logging.handlers import APILogHandler

from flows.names import name_of
from flows.pipeline import backfill_days, import_files
from tasks.artifacts import outputs, run_summary_markdown
from tasks.sources.http import Client
from tests.conftest import page, tweet


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
    assert [
        re.sub(r"\d+ s until it resets at \d\d:\d\d:\d\d UTC", "…", w.message) for w in waits
    ] == ["x: rate-limit window spent; sleeping …"]
    assert waits[0].level == 20  # INFO: Tocsin's loggers speak from INFO, Prefect's at WARNING
    assert waits[0].task_run_id is not None


def test_a_tocsin_line_outside_any_flow_run_goes_to_the_terminal_only(prefect_harness):
    # Prefect would warn that the line has no flow run to go to (`tocsin verify` logs outside one)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logging.getLogger("tocsin.evidence").warning("outside any flow run")


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


ATTACK = "<img src=x onerror=alert(1)> | [click](http://evil.example) @alice_reporter"


def test_the_run_summary_markdown_holds_counts_and_paths_only(tmp_path):
    row = dict(
        target="alice",
        source="x",
        status="failed",
        window_start=datetime(2020, 1, 30, tzinfo=UTC),
        window_end=datetime(2020, 2, 3, tzinfo=UTC),
        pages=2,
        records_in=5,
        valid=4,
        quarantined=1,
        duplicates=0,
        written=4,
        scored=4,
        api_errors=1,
        error=f"x: HTTP 400 for GET /2/tweets ({ATTACK})",  # a platform's words: left out
        evidence="sealed 2 page(s)",
    )
    landed = outputs(tmp_path / "data", tmp_path / "data" / "site" / "index.html")
    text = run_summary_markdown("nightly", "20200203T000000Z-nightly-abc123", [row], landed)
    assert text.splitlines()[:5] == [
        "# nightly run `20200203T000000Z-nightly-abc123`",
        "",
        "| Target | Source | Status | Window (UTC) | Pages | Records in | Valid | Quarantined "
        "| Duplicates | Written | Scored | API errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| alice | x | failed | 2020-01-30 00:00 → 2020-02-03 00:00 | 2 | 5 | 4 | 1 | 0 | 4 "
        "| 4 | 1 |",
    ]
    assert "1 source run(s), 1 failed." in text
    assert f"- Safety-desk page: `{tmp_path / 'data' / 'site' / 'index.html'}`" in text
    assert f"- Mentions (Parquet): `{tmp_path / 'data' / 'mentions'}`" in text
    assert "evil" not in text and "HTTP 400" not in text


def test_an_import_run_leaves_its_summary_and_daily_counts_as_artifacts(settings, write_jsonl):
    path = write_jsonl("pages.jsonl", [page([tweet("1"), tweet("2", text=ATTACK)])])
    state = import_files(
        paths=[str(path)],
        target="alice",
        data_dir=str(settings.data_dir),
        targets_file=str(settings.targets_file),
        return_state=True,
    )
    summary = state.result()
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    assert run.name == "import alice 1 file(s)"
    by_key = {a.key: a for a in found}
    assert set(by_key) == {"import-run", "daily-counts"}
    markdown = by_key["import-run"].data
    assert f"# import run `{summary['run_id']}`" in markdown
    assert "| alice | file | ok | — | 1 | 2 | 2 | 0 | 0 | 2 | 2 | 0 |" in markdown
    assert f"`{settings.data_dir / 'mentions'}`" in markdown
    assert f"`{settings.data_dir / 'site' / 'index.html'}`" in markdown
    table = by_key["daily-counts"].data
    table = json.loads(table) if isinstance(table, str) else table
    assert [(r["target"], r["day"], r["posts"]) for r in table] == [("alice", "2020-02-01", 2)]
    assert all("evil" not in a.data and "onerror" not in a.data for a in found)
