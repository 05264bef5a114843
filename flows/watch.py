"""The watch flow: every 15 minutes, pull what is new, score it, detect waves, alert. Wiring only.

For each target: an incremental pull per source (from the watermark it shares with nightly, to
the last full hour; ingestion scores what it stores), detection over the last week against the
four weeks before, then the alerts owed (one per episode and recipient, escalations only when it
gets worse). A run costs a few seconds for a target with a few thousand posts a day.

``replay`` drives this same flow through a synthetic scenario in stream time (``now``): one run
pulls the baseline weeks, then one run per hour of the event days.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE

from config.settings import Settings
from config.targets import Target, webhook_url
from flows import steps
from flows.names import run_name
from flows.workers import run_targets
from tasks import artifacts
from tasks.alerts import dispatch
from tasks.alerts.smtp import resolve_password
from tasks.detect import run
from tasks.detect.config import DetectConfig
from tasks.errors import TocsinError
from tasks.grouped import derive_pulled
from tasks.lifecycle import pull_sources, setup, tally, watch_summary
from tasks.runs import RunSummary, new_run_id
from tasks.site import refresh_site
from tasks.sources.registry import utc
from tasks.watermarks import watch_window

detect_target = task(name="detect", **steps.IO_RETRIES)(run.detect_target)
# No retry: deliveries already made are recorded, and the next run retries the others.
deliver = task(name="alert", cache_policy=NONE)(dispatch.deliver)


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None


def _pull(
    settings: Settings, target: Target, *, run_id: str, now: datetime, first_pull: int, derive: bool
) -> list[RunSummary]:
    """One target's pulls of a watch: every source from its watermark, an empty window skipped.
    ``derive=False``: scores and daily counts left to ``derive_pulled`` (several targets)."""
    return pull_sources(
        steps.run_steps(),
        settings,
        target,
        run_id=run_id,
        flow_name="watch",
        now=now,
        window=watch_window(now, first_pull_days=first_pull),
        record_skipped=False,  # every 15 minutes: the warning is enough
        skip_empty=True,
        derive=derive,
    )


def _detect_and_alert(
    settings: Settings,
    target: Target,
    pulls: list[RunSummary],
    *,
    now: datetime,
    cfg: DetectConfig,
    scorer: Any,
    outbox: str | None,
    transport_smtp: Any,
) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    """One target's watch after its pulls: detect, alert; (its summary, ``target/source:
    error`` for each source or delivery that failed, its pulls' rows for the run's artifact).
    A failing source does not stop detection on what is stored, nor the alerts; the flow
    still ends Failed."""
    pulled, failed = tally(pulls)
    root = settings.data_dir
    found = detect_target(root, target, now=now, cfg=cfg, scorer=scorer)
    transport = dispatch.Transport(
        smtp=transport_smtp,
        outbox=Path(outbox) if outbox else None,
        webhook_url=webhook_url(target),
    )
    report = deliver(
        root,
        target,
        found.fresh,
        found.posts,
        now=now,
        policy=settings.alerts,
        transport=transport,
    )
    summary = watch_summary(steps.run_steps().log, target, now, pulled, found, report)
    return summary, failed + report.failures, [s.row() for s in pulls]


def _watch_target(
    settings: Settings,
    target: Target,
    *,
    run_id: str,
    now: datetime,
    cfg: DetectConfig,
    scorer: Any,
    first_pull: int,
    outbox: str | None,
    transport_smtp: Any,
) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    """One target's watch on its own: pull (and derive), detect, alert (``_detect_and_alert``)."""
    pulls = _pull(settings, target, run_id=run_id, now=now, first_pull=first_pull, derive=True)
    return _detect_and_alert(
        settings,
        target,
        pulls,
        now=now,
        cfg=cfg,
        scorer=scorer,
        outbox=outbox,
        transport_smtp=transport_smtp,
    )


@task(name="watch-target", cache_policy=NONE)
def watch_target(
    settings: Settings,
    target: Target,
    *,
    scorer_name: str,
    run_id: str,
    now: datetime,
    cfg: DetectConfig,
    first_pull: int,
    outbox: str | None,
    transport_smtp: Any,
) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    """One target's watch as a task of its own (task_runner = "dask"), its scorer built where
    it runs."""
    return _watch_target(
        settings,
        target,
        scorer=run.make_scorer(scorer_name, **settings.scoring.options(scorer_name)),
        run_id=run_id,
        now=now,
        cfg=cfg,
        first_pull=first_pull,
        outbox=outbox,
        transport_smtp=transport_smtp,
    )


class WatchIncomplete(TocsinError):
    """A source failed or an alert could not be delivered; the next watch run retries."""


@flow(name="watch", log_prints=True, flow_run_name=run_name("watch"))
def watch(
    targets: list[str] | None = None,
    now: datetime | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    first_pull_days: int | None = None,
    outbox: str | None = None,
    scorer: str | None = None,
    detect: dict[str, Any] | None = None,
    settings: Settings | None = None,
    site: bool = True,
) -> list[dict[str, Any]]:
    """Pull, score, detect and alert for every target (or the named ones) at ``now``.

    ``now`` defaults to the wall clock; a replay passes stream time. ``outbox`` writes e-mails
    as .eml files there instead of sending them. ``detect`` replaces the [detect] settings.
    ``settings``: the command's, built once; a scheduled run builds them from the parameters.
    ``site``: rebuild the safety-desk pages at the end (a replay, which runs once per simulated
    hour, turns it off).
    """
    settings, chosen = setup(data_dir, config_file, targets, targets_file, settings)
    now = utc(now) if now is not None else datetime.now(UTC)
    cfg = settings.detect
    if detect:
        cfg = DetectConfig.from_mapping(
            {"young_account_days": settings.young_account_days, **detect}
        )
    outbox = outbox or _str(settings.alert_outbox_dir)
    first_pull = first_pull_days or cfg.baseline_days + 2
    run_id = new_run_id("watch", now)
    smtp = settings.smtp
    transport_smtp = (
        resolve_password(smtp, secret_blocks=settings.prefect_secret_blocks)
        if smtp.smtp_host and outbox is None
        else None
    )
    common = dict(
        run_id=run_id,
        now=now,
        cfg=cfg,
        first_pull=first_pull,
        outbox=outbox,
        transport_smtp=transport_smtp,
    )
    # The scorer ingestion stored stances with (settings.scorer), unless told otherwise.
    scorer_name = scorer or settings.scorer
    if settings.runner.task_runner == "dask":  # every target at once, on the cluster
        calls = [
            dict(settings=settings, target=t, scorer_name=scorer_name, **common) for t in chosen
        ]
        results = run_targets(watch_target, calls, settings)
    else:  # in the flow's process: every target pulled, then derived together, then each one's
        # detection and alerts (tasks/grouped.py: one scorer call for all, not one a target)
        the_scorer = run.make_scorer(scorer_name, **settings.scoring.options(scorer_name))
        pulled = [
            (t, _pull(settings, t, run_id=run_id, now=now, first_pull=first_pull, derive=False))
            for t in chosen
        ]
        derive_pulled(steps.run_steps(), settings, pulled)
        results = [
            (
                _detect_and_alert(
                    settings,
                    t,
                    pulls,
                    now=now,
                    cfg=cfg,
                    scorer=the_scorer,
                    outbox=outbox,
                    transport_smtp=transport_smtp,
                ),
                None,
            )
            for t, pulls in pulled
        ]
    summaries, failures, rows = [], [], []
    for target, (result, error) in zip(chosen, results, strict=True):
        if error is not None:  # its task failed as a whole: the others' alerts still went out
            failures.append(f"{target.name}: {error}")
            continue
        summary, failed, pulled_rows = result
        summaries.append(summary)
        failures += failed
        rows += pulled_rows
    if site:  # before the verdict: failures show on the page and in the artifacts too
        root = settings.data_dir
        landed = artifacts.outputs(root, refresh_site(settings, now).index)
        markdown = artifacts.watch_markdown(run_id, rows, summaries, landed)
        steps.publish("watch", f"What the watch run {run_id} pulled, found and sent", markdown)
        steps.publish_counts(root, [t.name for t in chosen])
    if failures:
        raise WatchIncomplete("; ".join(failures))
    return summaries


def replay(
    scenario: str, *, seed: int, data_dir: Path, progress: Any = None
) -> tuple[Any, list[dict[str, Any]]]:
    """Run the watch through ``scenario`` in stream time; (the plan, every run's summary).

    The data dir gets its own targets file (one target named after the scenario, two
    recipients) and an outbox folder where the alert e-mails land as .eml files.
    """
    from tasks.detect.replay import replay_plan, replay_targets_toml

    plan = replay_plan(scenario, seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    targets_path = data_dir / "replay-targets.toml"
    targets_path.write_text(replay_targets_toml(scenario, seed), encoding="utf-8")
    common = dict(
        targets=[scenario],
        data_dir=str(data_dir / "data"),
        targets_file=str(targets_path),
        outbox=str(data_dir / "outbox"),
        site=False,
    )
    days = (plan.bootstrap_at - plan.window[0]).days + 1
    summaries = watch(now=plan.bootstrap_at, first_pull_days=days, **common)
    for i, step in enumerate(plan.steps):
        summaries += watch(now=step, **common)
        if progress is not None:
            progress(i + 1, len(plan.steps), step)
    return plan, summaries
