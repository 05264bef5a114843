"""The recheck flow: look the stored posts up on their platforms, record what changed.

Wiring only: the work is tasks.evidence.recheck.recheck_target, one task per target; it resolves
each platform's credentials like the connectors do (the target's Secret block, the environment,
the installation's Secret block) and never logs or stores them.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from config.settings import Settings
from flows import steps
from flows.names import run_name
from flows.steps import transient
from flows.workers import run_targets
from tasks.artifacts import recheck_markdown
from tasks.evidence.recheck import recheck_target
from tasks.lifecycle import setup
from tasks.runs import new_run_id
from tasks.sources.registry import utc

recheck_task = task(
    name="recheck-target",
    cache_policy=NONE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=transient,
)(recheck_target)


@flow(name="recheck", log_prints=True, flow_run_name=run_name("recheck"))
def recheck(
    targets: list[str] | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    as_of: datetime | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """Every configured target (or the named ones): deleted, suspended, withheld, edited posts.

    ``as_of`` sets the observation time of the synthetic source's simulated platform (default:
    now); real platforms are always observed now. ``settings``: the command's, built once; a
    scheduled run builds them from the parameters.
    """
    settings, chosen = setup(data_dir, config_file, targets, targets_file, settings)
    now = datetime.now(UTC)
    run_id = new_run_id("recheck", now)
    log = get_run_logger()
    calls = [
        dict(
            root=settings.data_dir,
            target=target,
            run_id=run_id,
            now=now,
            settings=settings,
            as_of=utc(as_of) if as_of else None,
        )
        for target in chosen
    ]
    if settings.runner.task_runner == "dask":  # every target at once, on the cluster
        results = run_targets(recheck_task, calls, settings)
    else:  # one after another: lookups wait on the network, a process pool would only add start-up
        results = [(recheck_task(**params), None) for params in calls]
    out, errors = [], []
    for target, (summary, error) in zip(chosen, results, strict=True):
        if error is not None:
            log.error("%s: recheck failed: %s", target.name, error)
            errors.append(error)
            continue
        log.info(
            "%s: %d looked up, %d skipped %s, changes %s",
            target.name,
            summary.looked_up,
            summary.skipped,
            summary.skipped_why,
            summary.changes,
        )
        out.append(asdict(summary))
    markdown = recheck_markdown(run_id, out, settings.data_dir)
    steps.publish("recheck", f"What the recheck run {run_id} found", markdown)
    if errors:  # after every target was rechecked: the flow run fails with the first error
        raise errors[0]
    return out
