"""Prefect task wrappers around the plain functions in tasks/.

The functions stay callable without Prefect (tests call them directly); here they gain names,
retries on transient errors only, and no input hashing (frames are large and not cache keys).
"""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from tasks import ingest, lifecycle, runs
from tasks.derive import bring_up_to_date
from tasks.derive import derive_many as derive_targets
from tasks.lifecycle import Steps


def transient(task_: Any, task_run: Any, state: Any) -> bool:
    """Retry I/O hiccups (a full disk, a lost mount, a timeout), never our own clear errors
    (tasks.ingest.transient decides)."""
    try:
        state.result()
    except Exception as exc:
        return ingest.transient(exc)
    return False


IO_RETRIES: dict[str, Any] = dict(
    cache_policy=NONE,
    retries=len(ingest.IO_RETRY_DELAYS),
    retry_delay_seconds=list(ingest.IO_RETRY_DELAYS),
    retry_condition_fn=transient,
)
"""The task options of a step that reads or writes files: no input hashing, two retries on a
transient error. Shared by every flow's such steps."""

# A target's pages kept, parsed, validated and stored: one task run, not two a batch. No
# retries of its own (a source's pages cannot be pulled again); its writes retry inside it.
load_pages = task(name="parse-validate-store", cache_policy=NONE)(ingest.load_pages)
# Scores and daily aggregates, brought up to date with what is stored (not only with what this
# run wrote: a crashed or failed run's rows are derived by the next one).
derive = task(name="score-and-aggregate", **IO_RETRIES)(bring_up_to_date)
# The same for several targets at once, their posts scored together (tasks/grouped.py).
derive_many = task(name="score-and-aggregate-targets", **IO_RETRIES)(derive_targets)
# A run's summary written (a small file): a plain call with the same retries, not a task run of
# its own. Each task run costs Prefect's API server ~40 ms of CPU recording its states' events;
# two records a target (pulled, then derived) were half of a nightly run's task runs.
record_run = ingest.retried(runs.record_run)


def _data_docs(context_root: Any) -> None:
    from tasks.gx_suite import build_data_docs

    build_data_docs(context_root)


build_data_docs = task(name="data-docs", **IO_RETRIES)(_data_docs)
seal = task(name="seal-evidence", **IO_RETRIES)(lifecycle.seal_kept_pages)


def run_steps() -> Steps:
    """The stages of a run as this module's tasks, logging to the current flow or task run.

    Looked up when called, so that a test replacing one of the tasks here reaches every flow."""
    return Steps(
        load=load_pages,
        derive=derive,
        derive_many=derive_many,
        seal=seal,
        data_docs=build_data_docs,
        record=record_run,
        log=get_run_logger(),
    )


def publish_run(
    flow: str,
    run_id: str,
    rows: list[dict[str, Any]],
    data_root: Any,
    targets: list[str],
    site_index: Any = None,
) -> None:
    """The run's artifacts in Prefect's UI: its summary table and where outputs landed
    (markdown, key ``<flow>-run``), and its targets' daily counts (table, key ``daily-counts``).
    Counts, names and paths only (tasks/artifacts.py)."""
    from tasks import artifacts

    markdown = artifacts.run_summary_markdown(
        flow, run_id, rows, artifacts.outputs(data_root, site_index)
    )
    publish(flow, f"What the {flow} run {run_id} did, per target and source", markdown)
    publish_counts(data_root, targets)


def publish(flow: str, description: str, markdown: str) -> None:
    """A run's markdown artifact (key ``<flow>-run``), made by a tasks/artifacts.py function."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(key=f"{flow}-run", markdown=markdown, description=description)


def publish_counts(data_root: Any, targets: list[str]) -> None:
    """The daily counts of the run's targets (table artifact, key ``daily-counts``), when any
    are stored."""
    from prefect.artifacts import create_table_artifact

    from tasks import artifacts

    counts = artifacts.daily_counts(data_root, targets)
    if counts:
        create_table_artifact(
            key="daily-counts",
            table=counts,
            description="Posts per local day of each target of the run (last 30 stored days)",
        )
