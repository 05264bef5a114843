"""A run's life for one target and one source: pull, keep, parse, validate, store, derive, seal,
and the run summary recorded whatever happens. Plain functions; the flows wire them.

Every flow goes source → parse (in batches) → validate → deduplicate and store → scores and
daily aggregates → seal → run summary, for each target; a batch is tens of thousands of records.
The stages come in as a ``Steps``, in groups, so that a flow can hand in its Prefect tasks (names,
retries, the run's logger: a few task runs a target, never one a batch or a post) while these
functions stay callable without Prefect.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.settings import Settings, load_settings
from config.targets import Target, load_targets, pick_targets
from tasks import progress
from tasks.crashpoint import crash_point
from tasks.derive import bring_up_to_date, derive_many
from tasks.errors import SourceUnavailable
from tasks.evidence import sealahead
from tasks.evidence.config import sealing
from tasks.evidence.media import fetch_media
from tasks.evidence.seal import SealResult, seal_report
from tasks.grouped import underived
from tasks.ingest import BatchOutcome, load_pages, mention_spool
from tasks.runs import RunSummary, new_run_id, record_run
from tasks.sources.base import Source
from tasks.sources.registry import make_source
from tasks.watermarks import Window, advance_after, window_from_mark


@dataclass(frozen=True)
class Steps:
    """The stages of a run, in groups, with the signatures of the plain functions
    ``plain_steps`` gives: tasks.ingest.load_pages (the pages kept, parsed, validated and stored),
    tasks.derive.bring_up_to_date (and derive_many, for several targets at once), seal_kept_pages, tasks.gx_suite.build_data_docs and
    tasks.runs.record_run; ``log`` says what each run did. A flow hands in each group as one
    Prefect task (flows.steps.run_steps): a few task runs a target, not one per batch."""

    load: Callable[..., tuple[BatchOutcome, int]]
    derive: Callable[..., Any]
    derive_many: Callable[..., Any]
    seal: Callable[..., SealResult]
    data_docs: Callable[..., Any]
    record: Callable[..., Any]
    log: logging.Logger | logging.LoggerAdapter


def seal_kept_pages(
    root: Path, run_id: str, target: str, settings: Settings, now: datetime
) -> SealResult:
    """Seal what the run kept of ``target``'s pages (tasks.evidence.seal.seal_report, with the
    evidence settings), and the media those pages name, fetched first (tasks.evidence.media)."""
    ev, media = settings.evidence, None
    if ev.evidence_media:
        got = fetch_media(
            root,
            run_id,
            target,
            settings.http,
            max_bytes=ev.evidence_media_max_bytes,
            private_hosts=ev.evidence_media_private_hosts,
        )
        media = got.describe() if got.seen else None
    keys = sealing(ev, settings.data_dir, secret_blocks=settings.prefect_secret_blocks)
    sealed = seal_report(root, run_id, target, now=now, **keys)
    return replace(sealed, media=media)


def plain_steps(log: logging.Logger | logging.LoggerAdapter | None = None) -> Steps:
    """The stages as the plain functions, for a run without Prefect (the flows hand in their
    tasks instead: flows.steps.run_steps)."""
    from tasks.gx_suite import build_data_docs

    return Steps(
        load=load_pages,
        derive=bring_up_to_date,
        derive_many=derive_many,
        seal=seal_kept_pages,
        data_docs=build_data_docs,
        record=record_run,
        log=log or logging.getLogger("tocsin.lifecycle"),
    )


def setup(
    data_dir: str | None,
    config_file: str | None,
    targets: list[str] | None,
    targets_file: str | None = None,
    settings: Settings | None = None,
) -> tuple[Settings, list[Target]]:
    """The settings (flow parameters over the environment over the file; or the ``settings``
    a command built once and handed to the flow) and the targets named, or every configured
    target."""
    if settings is None:
        settings = load_settings(config_file, data_dir=data_dir, targets_file=targets_file)
    return settings, pick_targets(load_targets(settings.targets_file), targets)


def ingest(
    steps: Steps,
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
    derive: bool = True,
) -> RunSummary:
    """One target, one source, one window: what every flow runs.

    The run summary is recorded whatever happens. With ``raise_errors=False`` (nightly, where
    one source failing must not stop the others) a failure is returned as the summary's status.
    Scores and daily aggregates are brought up to date with everything stored for the target,
    so a run after a crash or a failure repairs what that run left underived. With
    ``derive=False`` they are left to the caller, which derives several targets at once
    (``derive_pulled``); the summary is then recorded as partial, saying so, until it does.
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
    shown = progress.bar(f"{target.name}/{source.name}", unit="pages read")
    # The valid rows of every batch wait here and are merged into their partitions once, after
    # the last batch (tasks.spool.Spool): a partition is rewritten once per run, not per batch.
    spool = mention_spool(root)
    try:
        # Kept ahead only where this run is the process's one pull (see tasks.ingest): a
        # group's worker processes already keep every core busy.
        _, checked = steps.load(
            settings, target, source, start, end, run_id, now, summary, spool, shown, ahead=derive
        )
        clock = time.perf_counter()
        if settings.data_docs and checked:
            steps.data_docs(root / "gx")  # once, not per validation: GX rebuilds them whole
            timings["validate"] += time.perf_counter() - clock
        crash_point("store")
        if derive:
            shown.stage("scoring and daily counts")
            derived = steps.derive(
                root,
                target.name,
                timezone=target.timezone,
                young_days=settings.young_account_days,
                scorer_name=settings.scorer,
                scorer_options=settings.scoring.options(settings.scorer),
            )
            summary.scored = derived.scored
            timings.update(derived.timings)
        # Connectors advance their per-query watermarks only now that everything they yielded
        # is stored: a run killed before this point re-fetches, and deduplication absorbs it.
        source.checkpoint(root)
        clock = time.perf_counter()
        shown.stage("sealing")
        sealed = steps.seal(root, run_id, target.name, settings, now)
        summary.evidence = sealed.describe()
        timings["seal"] = time.perf_counter() - clock
        crash_point("seal")
        # Per-query trouble (a budget cap reached, one query refused) leaves the rest collected.
        problems = list(source.problems)
        summary.status, summary.error = (
            ("partial", "; ".join(problems)) if problems else ("ok", None)
        )
    except Exception as exc:
        summary.error = f"{type(exc).__name__}: {exc}"
        if raise_errors:
            raise
    finally:
        shown.close()
        spool.discard()
        sealahead.drop(root, target.name)  # what a failed run read ahead and never sealed
        summary.finished_at = datetime.now(UTC)
        steps.record(root, summary if derive else underived(summary))
    steps.log.info(
        "%s/%s: %d records, %d valid, %d quarantined, %d duplicates, %d written, %s",
        target.name,
        source.name,
        summary.records_in,
        summary.valid,
        summary.quarantined,
        summary.duplicates,
        summary.written,
        f"{summary.scored} scored" if derive else "scoring with the run's other targets",
    )
    return summary


def import_files(
    steps: Steps,
    settings: Settings,
    target: Target,
    paths: list[Path],
    *,
    format: str | None,  # noqa: A002 - the CLI's --format
    now: datetime,
) -> tuple[RunSummary, Any]:
    """Files of posts for one target (tocsin.sources.file detects the format unless named), as
    the import flow and `tocsin import` without Prefect run them: the run summary and the
    safety-desk site refreshed after it (tasks.site.refresh_site)."""
    from tasks.site import refresh_site
    from tasks.sources.file import FileSource

    source = FileSource(paths, now=now, format=format, mastodon_url=settings.sources.mastodon_url)
    summary = ingest(
        steps,
        settings=settings,
        target=target,
        source=source,
        start=None,
        end=None,
        run_id=new_run_id("import", now),
        flow_name="import",
        now=now,
    )
    return summary, refresh_site(settings, now)


def import_plain(
    paths: list[str],
    target: str,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    format: str | None = None,  # noqa: A002 - the CLI's --format
    settings: Settings | None = None,
) -> dict[str, Any]:
    """The import flow (flows.pipeline.import_files, the same parameters) without Prefect: the
    same steps as plain functions, the same outputs and run record, but no flow run, no task
    runs, no artifacts, and Prefect not even imported. What `tocsin import` runs when no Prefect
    API is configured (flows/cli/ingest.py): a temporary API server cost ~10 s whatever the
    file, importing Prefect ~1.5 s."""
    settings, (chosen,) = setup(data_dir, config_file, [target], targets_file, settings)
    summary, _ = import_files(
        plain_steps(),
        settings,
        chosen,
        [Path(p) for p in paths],
        format=format,
        now=datetime.now(UTC),
    )
    return summary.row()


def pull_sources(
    steps: Steps,
    settings: Settings,
    target: Target,
    *,
    run_id: str,
    flow_name: str,
    now: datetime,
    window: Window,
    record_skipped: bool,
    skip_empty: bool,
    derive: bool = True,
) -> list[RunSummary]:
    """Every source of ``target``, each over ``window(source, its watermark)``; the watermark
    advances only past what was ingested. What nightly and watch share.

    A source without credentials is skipped with a warning (and, with ``record_skipped``, a run
    summary saying so); a source that fails does not stop the others (its summary says why); with
    ``skip_empty`` an empty window is not pulled (nightly records even an empty run);
    ``derive=False``: as ``ingest``'s (the caller runs ``derive_pulled`` after).
    """
    root = settings.data_dir
    summaries: list[RunSummary] = []
    for name in target.sources:
        try:
            source = make_source(name, target, settings)
        except SourceUnavailable as exc:
            steps.log.warning("%s/%s skipped: %s", target.name, name, exc)
            if record_skipped:
                skipped = RunSummary.not_run(
                    run_id=run_id,
                    flow=flow_name,
                    target=target.name,
                    source=name,
                    reason=str(exc),
                    now=now,
                )
                steps.record(root, skipped)
                summaries.append(skipped)
            continue
        start, end = window_from_mark(root, target.name, name, source, window)
        if skip_empty and end <= start:
            continue
        # raise_errors=False: one failing source must not stop the others.
        summary = ingest(
            steps,
            settings=settings,
            target=target,
            source=source,
            start=start,
            end=end,
            run_id=run_id,
            flow_name=flow_name,
            now=now,
            raise_errors=False,
            derive=derive,
        )
        summaries.append(summary)
        if summary.status == "failed":
            steps.log.error("%s/%s failed: %s", target.name, name, summary.error)
        advance_after(root, target.name, name, summary.status, end)
    return summaries


def worker_failed(
    steps: Steps,
    settings: Settings,
    target: Target,
    error: BaseException,
    *,
    run_id: str,
    flow_name: str,
    now: datetime,
) -> list[RunSummary]:
    """The summaries of a target whose worker process died before writing its own (killed, out
    of memory): one ``failed`` per source, recorded. What it stored is whole or absent, and the
    next run re-fetches."""
    steps.log.error("%s: worker failed: %s", target.name, error)
    out = []
    for name in target.sources:
        failed = RunSummary.not_run(
            run_id=run_id,
            flow=flow_name,
            target=target.name,
            source=name,
            reason=f"worker failed: {error}",
            now=now,
            status="failed",
        )
        steps.record(settings.data_dir, failed)
        out.append(failed)
    return out


def require_collected(summaries: list[RunSummary]) -> None:
    """Fail the run when no source collected anything (each one's error named)."""
    if not any(s.status in ("ok", "partial") for s in summaries):
        problems = "; ".join(f"{s.target}/{s.source}: {s.error}" for s in summaries)
        raise SourceUnavailable(f"no source could collect anything: {problems}")


def tally(summaries: list[RunSummary]) -> tuple[int, list[str]]:
    """(posts written by the sources that did not fail, ``target/source: error`` for each that
    did). A watch goes on to detect and alert on what is stored either way."""
    written = sum(s.written for s in summaries if s.status != "failed")
    failed = [f"{s.target}/{s.source}: {s.error}" for s in summaries if s.status == "failed"]
    return written, failed


def watch_summary(
    log: logging.Logger | logging.LoggerAdapter,
    target: Target,
    now: datetime,
    written: int,
    found: Any,
    report: Any,
) -> dict[str, Any]:
    """What one watch run did for ``target`` (a tasks.detect.run detection and a
    tasks.alerts.dispatch.DeliveryReport), logged and as the flow returns it."""
    log.info(
        "%s: %d new posts, %d episodes in view, %d alert messages, %d failed",
        target.name,
        written,
        found.fresh.height,
        len(report.sent),
        len(report.failures),
    )
    return {
        "target": target.name,
        "now": now,
        "written": written,
        "episodes": found.fresh.select("episode_id", "kind", "status").to_dicts(),
        "alerts": report.sent,
        "failures": report.failures,
    }
