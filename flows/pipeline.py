"""The ingestion flows: nightly, backfill and import. They only wire tasks together.

What one run does for one target and one source is tasks.lifecycle.ingest; which window it pulls
is tasks.watermarks; running targets in worker processes or on a Dask cluster is flows.workers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE

from config.settings import Settings
from config.targets import Target
from flows import steps
from flows.names import run_name
from flows.workers import run_targets, target_groups
from tasks import lifecycle
from tasks.errors import TocsinError
from tasks.grouped import derive_pulled
from tasks.lifecycle import ingest, pull_sources, require_collected, setup, worker_failed
from tasks.runs import RunSummary, new_run_id
from tasks.site import refresh_site
from tasks.sources.registry import make_source, utc
from tasks.watermarks import nightly_window


@task(name="collect-targets", cache_policy=NONE)
def collect_targets(
    settings: Settings, targets: list[Target], run_id: str, now: datetime
) -> list[list[RunSummary]]:
    """A worker's share of a nightly run: each target's pull (every source from its watermark)
    in turn, then all of them scored and aggregated together (tasks/grouped.py); each target's
    summaries, in order."""
    run_steps = steps.run_steps()
    pulled = [
        (
            target,
            pull_sources(
                run_steps,
                settings,
                target,
                run_id=run_id,
                flow_name="nightly",
                now=now,
                window=nightly_window(now),
                record_skipped=True,
                skip_empty=False,
                derive=False,
            ),
        )
        for target in targets
    ]
    derive_pulled(run_steps, settings, pulled)
    return [summaries for _, summaries in pulled]


def _summaries(
    settings: Settings,
    chosen: list[Target],
    groups: list[list[Target]],
    results: list[tuple[Any, BaseException | None]],
    run_id: str,
    flow_name: str,
    now: datetime,
) -> list[RunSummary]:
    """Every target's summaries in ``chosen``'s order, from its group's result; a group whose
    task failed as a whole (its worker died before recording them) gives each of its targets
    a ``failed`` summary per source, saying so."""
    by_target: dict[str, list[RunSummary]] = {}
    for group, (result, error) in zip(groups, results, strict=True):
        for k, target in enumerate(group):
            if error is not None:
                by_target[target.name] = worker_failed(
                    steps.run_steps(),
                    settings,
                    target,
                    error,
                    run_id=run_id,
                    flow_name=flow_name,
                    now=now,
                )
            else:
                by_target[target.name] = result[k]
    return [s for t in chosen for s in by_target[t.name]]


@flow(name="nightly", log_prints=True, flow_run_name=run_name("nightly"))
def nightly(
    targets: list[str] | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """Every configured target (or the named ones), every source, from its last watermark.

    A source without credentials is skipped with a warning; a source that fails does not stop
    the others; the run summaries say which; the flow run fails when no source succeeded.
    ``settings``: the command's, built once (every flow here takes them); a scheduled run builds
    them from the other parameters.
    """
    settings, chosen = setup(data_dir, config_file, targets, targets_file, settings)
    now = datetime.now(UTC)
    run_id = new_run_id("nightly", now)
    groups = target_groups(settings, chosen)
    calls = [dict(settings=settings, targets=g, run_id=run_id, now=now) for g in groups]
    results = run_targets(collect_targets, calls, settings, [len(g) for g in groups])
    summaries = _summaries(settings, chosen, groups, results, run_id, "nightly", now)
    site = refresh_site(settings, now)  # before the verdict: a night where all failed shows too
    rows = [s.row() for s in summaries]
    steps.publish_run(
        "nightly", run_id, rows, settings.data_dir, [t.name for t in chosen], site.index
    )
    require_collected(summaries)
    return rows


def _backfill_target(
    settings: Settings,
    target: Target,
    start: datetime,
    end: datetime,
    run_id: str,
    flow_name: str,
    now: datetime,
    raise_errors: bool = True,
    derive: bool = True,
) -> list[RunSummary]:
    """One target's backfill: every source over [start, end); ``derive=False``: scores and
    daily counts left to the caller (tasks/grouped.py)."""
    return [
        ingest(
            steps.run_steps(),
            settings=settings,
            target=target,
            source=make_source(name, target, settings),
            start=start,
            end=end,
            run_id=run_id,
            flow_name=flow_name,
            now=now,
            raise_errors=raise_errors,
            derive=derive,
        )
        for name in target.sources
    ]


@task(name="backfill-targets", cache_policy=NONE)
def backfill_targets(
    settings: Settings,
    targets: list[Target],
    start: datetime,
    end: datetime,
    run_id: str,
    flow_name: str,
    now: datetime,
) -> list[list[RunSummary]]:
    """A worker's share of a backfill of several targets (in a worker process or on Dask):
    each target's sources over [start, end) in turn, a failing one not stopping the others,
    then all of them scored and aggregated together (tasks/grouped.py); each target's
    summaries, in order."""
    run = dict(start=start, end=end, run_id=run_id, flow_name=flow_name, now=now)
    pulled = [
        (t, _backfill_target(settings, t, **run, raise_errors=False, derive=False)) for t in targets
    ]
    derive_pulled(steps.run_steps(), settings, pulled)
    return [summaries for _, summaries in pulled]


class BackfillIncomplete(TocsinError):
    """A backfill of several targets where a source failed (each target's summaries say which)."""


@flow(name="backfill", log_prints=True, flow_run_name=run_name("backfill"))
def backfill(
    target: str | list[str],
    start: datetime,
    end: datetime,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    flow_name: str = "backfill",
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """The same tasks over [start, end) for one target; idempotent, leaves watermarks alone.

    ``target``: a name, or several: then the targets are dealt into one task per worker
    process (``workers``; on Dask with ``task_runner = "dask"``, one task a target), each
    task's targets derived together (tasks/grouped.py), and the flow fails after all ran if a
    source failed. ``flow_name`` is what the run summaries record as the
    flow (the demo's backfill: "demo").
    """
    names = [target] if isinstance(target, str) else list(target)
    settings, chosen = setup(data_dir, config_file, names, targets_file, settings)
    now = datetime.now(UTC)
    run_id = new_run_id(flow_name, now)
    run = dict(start=utc(start), end=utc(end), run_id=run_id, flow_name=flow_name, now=now)
    if len(chosen) == 1:
        summaries = _backfill_target(settings, chosen[0], **run)
    else:
        groups = target_groups(settings, chosen)
        calls = [dict(settings=settings, targets=g, **run) for g in groups]
        results = run_targets(backfill_targets, calls, settings, [len(g) for g in groups])
        summaries = _summaries(settings, chosen, groups, results, run_id, flow_name, now)
    site = refresh_site(settings, now)
    rows = [s.row() for s in summaries]
    steps.publish_run(
        flow_name, run_id, rows, settings.data_dir, [t.name for t in chosen], site.index
    )
    failed = [f"{s.target}/{s.source}: {s.error}" for s in summaries if s.status == "failed"]
    if failed and len(chosen) > 1:  # one target: its error was raised as it happened
        raise BackfillIncomplete("; ".join(failed))
    return rows


def day_window(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """UTC days ``first_day`` to ``last_day``, both included (as a person types them: `tocsin
    backfill --from --to`, the backfill deployment's parameters), as the [start, end) instants
    the flows work on: ``last_day``'s midnight + 1 day is excluded."""
    start = datetime.combine(first_day, time(), tzinfo=UTC)
    return start, datetime.combine(last_day + timedelta(days=1), time(), tzinfo=UTC)


@flow(name="backfill-days", log_prints=True, flow_run_name=run_name("backfill-days"))
def backfill_days(
    target: str,
    first_day: date,
    last_day: date,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
) -> list[dict[str, Any]]:
    """The backfill deployment: the backfill flow over whole UTC days, both ends included.

    Args:
        target: the target's name, as in the targets file.
        first_day: the first UTC day of the window (YYYY-MM-DD).
        last_day: the last UTC day of the window, included (YYYY-MM-DD), as `tocsin backfill --to`.
        data_dir: the data root (default: the settings').
        config_file: a settings file (default: TOCSIN_CONFIG, else ./tocsin.toml when present).
        targets_file: a targets file (default: the settings').
    """
    if last_day < first_day:
        raise TocsinError(f"last_day {last_day} is before first_day {first_day}")
    start, end = day_window(first_day, last_day)
    return backfill(
        target=target,
        start=start,
        end=end,
        data_dir=data_dir,
        config_file=config_file,
        targets_file=targets_file,
    )


@flow(name="import", log_prints=True, flow_run_name=run_name("import"))
def import_files(
    paths: list[str],
    target: str,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    format: str | None = None,  # noqa: A002 - the CLI's --format
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Import files for one target: X API v2 pages / twarc JSONL, twarc flattened, X v1.1,
    Mastodon or Bluesky JSON, CSV (see docs/sources.md); the format is detected unless named.
    Without Prefect: tasks.lifecycle.import_plain."""
    settings, (chosen,) = setup(data_dir, config_file, [target], targets_file, settings)
    summary, site = lifecycle.import_files(
        steps.run_steps(),
        settings,
        chosen,
        [Path(p) for p in paths],
        format=format,
        now=datetime.now(UTC),
    )
    steps.publish_run(
        "import", summary.run_id, [summary.row()], settings.data_dir, [chosen.name], site.index
    )
    return summary.row()
