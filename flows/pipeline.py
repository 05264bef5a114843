"""The ingestion flows: nightly, backfill and import. They only wire tasks together.

Every flow goes source → parse (in batches) → validate → deduplicate and store → daily
aggregates → run summary, for each target; a batch is tens of thousands of records, never one
task per post.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.client.orchestration import get_client
from prefect.task_runners import ProcessPoolTaskRunner

from config.settings import Settings, load_settings
from config.targets import Target, load_targets, pick_targets
from flows import steps
from tasks.crashpoint import crash_point
from tasks.errors import SourceUnavailable
from tasks.evidence import keep_pages
from tasks.ingest import BatchOutcome
from tasks.parse import parse_batches
from tasks.runs import RunSummary, new_run_id, read_watermark, write_watermark
from tasks.sources.base import Source
from tasks.sources.file import FileSource
from tasks.sources.registry import make_source, nightly_window, utc


def ingest(
    *,
    settings: Settings,
    target: Target,
    source: Source,
    start: datetime | None,
    end: datetime | None,
    run_id: str,
    flow_name: str,
    now: datetime,
    raise_errors: bool = True,
) -> RunSummary:
    """One target, one source, one window: the wiring every flow shares.

    The run summary is recorded whatever happens. With ``raise_errors=False`` (nightly, where
    one source failing must not stop the others) a failure is returned as the summary's status.
    Scores and daily aggregates are brought up to date with everything stored for the target,
    so a run after a crash or a failure repairs what that run left underived.
    """
    root = settings.data_dir
    summary = RunSummary(
        run_id=run_id,
        flow=flow_name,
        target=target.name,
        source=source.name,
        started_at=datetime.now(UTC),
        window_start=start,
        window_end=end,
    )
    timings = summary.timings
    timings.update(parse=0.0, validate=0.0, store=0.0)
    total = BatchOutcome()
    validated = False
    try:
        clock = time.perf_counter()
        # The evidence copy: every page stored verbatim, append-only, before it is parsed.
        pages = keep_pages(source.pages(target, start, end), root, run_id, target.name)
        for staging, stats in parse_batches(pages, target, settings.batch_size):
            timings["parse"] += time.perf_counter() - clock
            summary.pages += stats["pages"]
            summary.api_errors += stats["api_errors"]
            clock = time.perf_counter()
            valid, rejected, _ = steps.validate_batch(
                staging,
                now=now,
                skew=settings.clock_skew,
                validation_dir=root / "validation" / run_id / target.name,
                gx_context_root=root / "gx" if settings.data_docs else None,
            )
            timings["validate"] += time.perf_counter() - clock
            validated = True
            clock = time.perf_counter()
            total = total.add(steps.store_batch(root, valid, rejected, run_id))
            summary.count(total)
            timings["store"] += time.perf_counter() - clock
            clock = time.perf_counter()
        if settings.data_docs and validated:
            steps.build_data_docs(root / "gx")  # once, not per batch: GX rebuilds them whole
            timings["validate"] += time.perf_counter() - clock
        crash_point("store")
        derived = steps.derive(
            root,
            target.name,
            timezone=target.timezone,
            young_days=settings.young_account_days,
            scorer_name=settings.scorer,
        )
        summary.scored = derived.scored
        timings.update(derived.timings)
        # Connectors advance their per-query watermarks only now that everything they yielded
        # is stored: a run killed before this point re-fetches, and deduplication absorbs it.
        checkpoint = getattr(source, "checkpoint", None)
        if checkpoint is not None:
            checkpoint(root)
        clock = time.perf_counter()
        sealed = steps.seal(root, run_id, target.name, settings, now)
        summary.evidence = sealed.describe()
        timings["seal"] = time.perf_counter() - clock
        crash_point("seal")
        # Per-query trouble (a budget cap reached, one query refused) leaves the rest collected.
        problems = list(getattr(source, "problems", []))
        summary.status, summary.error = (
            ("partial", "; ".join(problems)) if problems else ("ok", None)
        )
    except Exception as exc:
        summary.error = f"{type(exc).__name__}: {exc}"
        if raise_errors:
            raise
    finally:
        summary.finished_at = datetime.now(UTC)
        steps.record_run(root, summary)
    get_run_logger().info(
        "%s/%s: %d records, %d valid, %d quarantined, %d duplicates, %d written, %d scored",
        target.name,
        source.name,
        total.records_in,
        total.valid,
        total.quarantined,
        total.duplicates,
        total.written,
        summary.scored,
    )
    return summary


def _setup(
    data_dir: str | None,
    config_file: str | None,
    targets: list[str] | None,
    targets_file: str | None = None,
) -> tuple[Settings, list[Target]]:
    settings = load_settings(config_file, data_dir=data_dir, targets_file=targets_file)
    return settings, pick_targets(load_targets(settings.targets_file), targets)


def pull_sources(
    settings: Settings,
    target: Target,
    *,
    run_id: str,
    flow_name: str,
    now: datetime,
    window: Callable[[Source, datetime | None], tuple[datetime, datetime]],
    record_skipped: bool,
    skip_empty: bool,
) -> list[RunSummary]:
    """Every source of ``target``, each over ``window(source, its watermark)``; the watermark
    advances only past what was ingested. The wiring nightly and watch share.

    A source without credentials is skipped with a warning (and, with ``record_skipped``, a run
    summary saying so); a source that fails does not stop the others (its summary says why); with
    ``skip_empty`` an empty window is not pulled (nightly records even an empty run).
    """
    logger = get_run_logger()
    summaries: list[RunSummary] = []
    for name in target.sources:
        try:
            source = make_source(name, target, settings)
        except SourceUnavailable as exc:
            logger.warning("%s/%s skipped: %s", target.name, name, exc)
            if record_skipped:
                skipped = RunSummary.not_run(
                    run_id=run_id,
                    flow=flow_name,
                    target=target.name,
                    source=name,
                    reason=str(exc),
                    now=now,
                )
                steps.record_run(settings.data_dir, skipped)
                summaries.append(skipped)
            continue
        start, end = window(source, read_watermark(settings.data_dir, target.name, name))
        if skip_empty and end <= start:
            continue
        # raise_errors=False: one failing source must not stop the others.
        summary = ingest(
            settings=settings,
            target=target,
            source=source,
            start=start,
            end=end,
            run_id=run_id,
            flow_name=flow_name,
            now=now,
            raise_errors=False,
        )
        summaries.append(summary)
        if summary.status == "failed":
            logger.error("%s/%s failed: %s", target.name, name, summary.error)
            continue
        write_watermark(settings.data_dir, target.name, name, end)
    return summaries


@task(name="collect-target", cache_policy=NONE)
def collect_target(
    settings: Settings, target: Target, run_id: str, now: datetime
) -> list[RunSummary]:
    """One target's nightly pull: every source from its watermark (run in a worker process)."""
    return pull_sources(
        settings,
        target,
        run_id=run_id,
        flow_name="nightly",
        now=now,
        window=lambda source, mark: nightly_window(source, mark, now),
        record_skipped=True,
        skip_empty=False,
    )


def worker_count(settings: Settings, targets: int) -> int:
    """How many targets run at once: ``settings.workers`` (0: one per core), never more than
    there are targets."""
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, targets))


def _report_to(api_url: str) -> None:
    """Run in each worker process as it starts: report to the flow's API (an ephemeral one
    included) instead of starting an API server of its own."""
    os.environ["PREFECT_API_URL"] = api_url


def in_workers(
    fn: Any, calls: list[dict[str, Any]], workers: int
) -> list[tuple[Any, BaseException | None]]:
    """Run the task ``fn`` once per parameter set in ``calls``; (result, error) in call order.

    With one worker (or one call) the task runs in the flow's process; otherwise in a pool of
    ``workers`` processes (Prefect's ProcessPoolTaskRunner), so that per-record Python work of
    two targets uses two cores. A call that raises does not stop the others: its error comes
    back in its place. A worker process that dies (killed, out of memory) breaks the whole pool
    and fails every call still in it; those calls run again, each in a process of its own, so
    only the one that kills its process fails (a run is idempotent: running a target again
    stores nothing twice).
    """
    if workers <= 1 or len(calls) <= 1:
        out: list[tuple[Any, BaseException | None]] = []
        for params in calls:
            try:
                out.append((fn(**params), None))
            except Exception as exc:  # noqa: BLE001 - returned to the caller, which reports it
                out.append((None, exc))
        return out
    with get_client(sync_client=True) as client:
        api_url = str(client.api_url)
    results: list[tuple[Any, BaseException | None]] = [(None, None)] * len(calls)
    pending, alone = list(range(len(calls))), False
    while pending:
        groups = [[i] for i in pending] if alone else [pending]
        broken: list[int] = []
        for group in groups:
            runner = ProcessPoolTaskRunner(
                max_workers=min(workers, len(group)), initializer=_report_to, initargs=(api_url,)
            )
            with runner:
                futures = [(i, runner.submit(fn, calls[i])) for i in group]
                for i, future in futures:
                    try:
                        results[i] = (future.result(), None)
                    except BrokenProcessPool as exc:
                        if alone:
                            results[i] = (None, exc)
                        else:
                            broken.append(i)
                    except Exception as exc:  # noqa: BLE001 - returned to the caller
                        results[i] = (None, exc)
            if broken or alone:
                _release_message_queue(runner)
        if broken:
            get_run_logger().warning(
                "a worker process died; %d target(s) run again, each in its own process",
                len(broken),
            )
        pending, alone = broken, True
    return results


def _release_message_queue(runner: ProcessPoolTaskRunner) -> None:
    """After a worker died: never wait at exit on the runner's message queue.

    A process killed while writing to that queue can leave it unusable; Prefect then gives up
    stopping its forwarder (after 5 s) and keeps the queue, whose feeder thread the interpreter
    joins at exit, forever: the flow's process finished its work but never exited. Only
    buffered log messages of the dead worker can be lost. (``_subprocess_message_queue`` is
    Prefect 3.8's own attribute; without it this does nothing.)
    """
    queue = getattr(runner, "_subprocess_message_queue", None)
    if queue is not None:
        queue.cancel_join_thread()


@flow(name="nightly", log_prints=True)
def nightly(
    targets: list[str] | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
) -> list[dict[str, Any]]:
    """Every configured target (or the named ones), every source, from its last watermark.

    A source without credentials is skipped with a warning; a source that fails does not stop
    the others; the run summaries say which; the flow run fails when no source succeeded.
    """
    settings, chosen = _setup(data_dir, config_file, targets, targets_file)
    now = datetime.now(UTC)
    run_id = new_run_id("nightly", now)
    calls = [dict(settings=settings, target=t, run_id=run_id, now=now) for t in chosen]
    summaries: list[RunSummary] = []
    for target, (result, error) in zip(
        chosen, in_workers(collect_target, calls, worker_count(settings, len(chosen))), strict=True
    ):
        if error is None:
            summaries += result
            continue
        # The worker died without writing its summaries (killed, out of memory): say so for
        # each source; what it stored is whole or absent, and the next run re-fetches.
        get_run_logger().error("%s: worker failed: %s", target.name, error)
        for name in target.sources:
            failed = RunSummary.not_run(
                run_id=run_id,
                flow="nightly",
                target=target.name,
                source=name,
                reason=f"worker failed: {error}",
                now=now,
                status="failed",
            )
            steps.record_run(settings.data_dir, failed)
            summaries.append(failed)
    if not any(s.status in ("ok", "partial") for s in summaries):
        problems = "; ".join(f"{s.target}/{s.source}: {s.error}" for s in summaries)
        raise SourceUnavailable(f"no source could collect anything: {problems}")
    return [s.row() for s in summaries]


@flow(name="backfill", log_prints=True)
def backfill(
    target: str,
    start: datetime,
    end: datetime,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    flow_name: str = "backfill",
) -> list[dict[str, Any]]:
    """The same tasks over [start, end) for one target; idempotent, leaves watermarks alone.

    ``flow_name`` is what the run summaries record as the flow (the demo's backfill: "demo").
    """
    settings, (chosen,) = _setup(data_dir, config_file, [target], targets_file)
    now = datetime.now(UTC)
    run_id = new_run_id(flow_name, now)
    summaries = [
        ingest(
            settings=settings,
            target=chosen,
            source=make_source(name, chosen, settings),
            start=utc(start),
            end=utc(end),
            run_id=run_id,
            flow_name=flow_name,
            now=now,
        )
        for name in chosen.sources
    ]
    return [s.row() for s in summaries]


@flow(name="import", log_prints=True)
def import_files(
    paths: list[str],
    target: str,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    format: str | None = None,  # noqa: A002 - the CLI's --format
) -> dict[str, Any]:
    """Import files for one target: X API v2 pages / twarc JSONL, twarc flattened, X v1.1,
    Mastodon or Bluesky JSON, CSV (see docs/sources.md); the format is detected unless named."""
    settings, (chosen,) = _setup(data_dir, config_file, [target], targets_file)
    now = datetime.now(UTC)
    source = FileSource(
        [Path(p) for p in paths], now=now, format=format, mastodon_url=settings.mastodon_url
    )
    summary = ingest(
        settings=settings,
        target=chosen,
        source=source,
        start=None,
        end=None,
        run_id=new_run_id("import", now),
        flow_name="import",
        now=now,
    )
    return summary.row()
