"""The weekly digest flow: for each target, the week's digest, written to disk and emailed once
to each recipient. Wiring only: the work is in tasks/digest.

Scheduled every hour of Sundays and Mondays, UTC (prefect.yaml), with no parameters: every target
that has digest recipients gets the week that ended in its own timezone once its Monday 08:00
has come there (Paris, Los Angeles and Honolulu alike); later runs skip a week already sent.
The daily digest (``daily_digest``) runs every hour the same way, and sends only while an
episode is open. A send that fails for
a transient reason (4xx, connection lost, timeout) is retried with growing delays; one that still
fails, or fails for good, leaves the other recipients served and then fails the flow run. The
sent-log makes a re-run (or a retry of the whole run) send only what was not sent.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.exceptions import MissingContextError

from config.settings import Settings, load_settings
from config.targets import load_targets, pick_targets
from flows import steps
from flows.names import run_name
from tasks.alerts.smtp import resolve_password
from tasks.artifacts import digest_markdown
from tasks.digest import build, send
from tasks.digest.errors import DigestError
from tasks.digest.week import IsoWeek, LocalDay


def smtp_transient(task_: Any, task_run: Any, state: Any) -> bool:
    """Retry a send only when trying again later can succeed (send.is_transient), and say so in
    the run's log, with the reason and the delay: a relay down for an hour is visible, not silent."""
    try:
        state.result()
    except Exception as exc:
        transient = send.is_transient(exc)
        _log_attempt(task_, task_run.run_count, exc, transient)
        return transient
    return False


def _log_attempt(task_: Any, attempt: int, exc: Exception, transient: bool) -> None:
    try:
        log: Any = get_run_logger()
    except MissingContextError:
        log = logging.getLogger("tocsin.digest")
    # Prefect asks only while retries remain (it logs "Retries are exhausted" itself).
    tries = task_.retries + 1
    if not transient:
        log.warning("send attempt %d failed for good, not retried: %s", attempt, exc)
    else:
        delays = task_.retry_delay_seconds
        delays = delays if isinstance(delays, list) else [delays or 0]
        wait = delays[min(attempt - 1, len(delays) - 1)]
        log.warning("send attempt %d of %d failed: %s; retrying in %s s", attempt, tries, exc, wait)


build_digest = task(name="digest-build", **steps.IO_RETRIES)(build.build_digest)
prepare_digest = task(name="digest-render", cache_policy=NONE)(build.prepare)
write_files = task(name="digest-write", **steps.IO_RETRIES)(build.write_files)
# Greylisting asks for a retry after minutes; a relay being restarted is back within the hour.
deliver = task(
    name="digest-send",
    cache_policy=NONE,
    retries=4,
    retry_delay_seconds=[60, 300, 900, 1800],
    retry_condition_fn=smtp_transient,
)(send.deliver)
# A person waiting at `tocsin digest --send`: one retry, soon, then the error (well within a minute).
INTERACTIVE_RETRIES: dict[str, Any] = dict(retries=1, retry_delay_seconds=[5])
# The scheduled digests go out at 08:00 in each target's own timezone (the runs come hourly).
SEND_HOUR = 8


@flow(name="weekly-digest", log_prints=True, flow_run_name=run_name("weekly-digest"))
def weekly_digest(
    targets: list[str] | None = None,
    week: str | None = None,
    send_email: bool = True,
    out_dir: str | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    interactive: bool = False,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The digest of ``week`` (default: the week that ended in each target's timezone, once its
    Monday 08:00 has come there; a scheduled run skips a target whose week went out already)
    for the named targets (default: every target with digest recipients), written to disk and,
    with ``send_email``, mailed.
    ``interactive``: a person is waiting (the CLI), so a failed send is retried once, not for
    the better part of an hour. ``settings``: the command's, built once; a scheduled run
    (no ``settings``) builds them here from the other parameters."""
    settings, smtp = _setup(settings, config_file, data_dir, targets_file, send_email)
    config = settings.digest
    chosen = _chosen(settings, targets, build.digest_recipients)
    root, now = settings.data_dir, now or datetime.now(UTC)
    results: list[dict[str, Any]] = []
    for target in chosen:
        # Counted in the target's own zone: its Monday 08:00, wherever the server is.
        iso = IsoWeek.parse(week) if week else IsoWeek.due(now, target.timezone, SEND_HOUR)
        if send_email and not build.digest_recipients(target):
            raise DigestError(
                f"target {target.name!r} has no recipient with digest = true in "
                f"{settings.targets_file}: nobody to send its digest to"
            )
        recipients = build.digest_recipients(target)
        if send_email and not week and _all_sent(root, target.name, iso.label, recipients):
            continue  # the scheduled run comes every hour: this target's week went out already
        results += _one_period(
            root, target, iso, recipients, config, smtp, now, out_dir, send_email, interactive
        )
    _publish("weekly-digest", root, chosen, results)
    _raise_failed(results)
    return results


def _setup(
    settings: Settings | None,
    config_file: str | None,
    data_dir: str | None,
    targets_file: str | None,
    send_email: bool,
) -> tuple[Settings, Any]:
    if settings is None:
        settings = load_settings(config_file, data_dir=data_dir, targets_file=targets_file)
    config = settings.digest
    if send_email and not config.smtp.smtp_host:
        raise DigestError(
            "sending the digest needs an SMTP relay: set smtp_host (TOCSIN_SMTP_HOST)"
        )
    smtp = (
        resolve_password(config.smtp, secret_blocks=settings.prefect_secret_blocks)
        if send_email
        else config.smtp
    )
    return settings, smtp


def _chosen(settings: Settings, targets: list[str] | None, recipients_of: Any) -> list[Any]:
    """The named targets, or by default every target that has recipients of this digest."""
    chosen = pick_targets(load_targets(settings.targets_file), targets)
    return chosen if targets else [t for t in chosen if recipients_of(t)]


def _all_sent(root: Path, target: str, label: str, recipients: list[Any]) -> bool:
    return bool(recipients) and all(
        send.already_sent(root, target, label, r.email) for r in recipients
    )


def _one_period(
    root: Path,
    target: Any,
    period: Any,
    recipients: list[Any],
    config: Any,
    smtp: Any,
    now: datetime,
    out_dir: str | None,
    send_email: bool,
    interactive: bool,
) -> list[dict[str, Any]]:
    """Build, write and (with ``send_email``) send one target's digest of ``period``."""
    log = get_run_logger()
    digest = build_digest(root, target, period, config, now=now)
    prepared = prepare_digest(digest, target, config, now=now, root=root, recipients=recipients)
    folder = (
        Path(out_dir) / target.name if out_dir else build.default_out_dir(root, target.name, config)
    )
    files = write_files(prepared, folder)
    log.info("%s %s: %d files in %s", target.name, period, len(files), folder)
    row = {
        "target": target.name,
        "week": period.label,
        "html": str(build.html_path(prepared, folder)),
    }
    if not send_email:
        return [{**row, "recipient": None, "status": "written"}]
    results = []
    for p in (p for p in prepared if p.email is not None):  # not the on-disk previews
        sender = deliver.with_options(**INTERACTIVE_RETRIES) if interactive else deliver
        state = sender(root, p.outgoing, smtp, return_state=True)
        status = state.result(raise_on_failure=False) if state.is_completed() else "failed"
        error = None if state.is_completed() else str(state.result(raise_on_failure=False))
        results.append({**row, "recipient": p.email, "status": status, "error": error})
    return results


def _publish(flow: str, root: Path, chosen: list[Any], results: list[dict[str, Any]]) -> None:
    """The run's artifacts: what it made and sent, and the targets' daily counts."""
    steps.publish(flow, "What the digest run made and sent", digest_markdown(results, flow))
    steps.publish_counts(root, [t.name for t in chosen])


def _raise_failed(results: list[dict[str, Any]]) -> None:
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        raise DigestError(
            "digest not delivered to "
            + "; ".join(
                f"{r['recipient']} ({r['target']} {r['week']}): {r['error']}" for r in failed
            )
        )


@flow(name="daily-digest", log_prints=True, flow_run_name=run_name("daily-digest"))
def daily_digest(
    targets: list[str] | None = None,
    day: str | None = None,
    send_email: bool = True,
    out_dir: str | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    interactive: bool = False,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """The daily digest of ``day`` (YYYY-MM-DD; default: the day that ended in each target's
    own timezone, once its 08:00 has come) for the targets that have an episode open: a
    harassment episode, or a wave of posts no rules read, that overlaps the day or is still
    open (build.open_episodes). Sent to the
    recipients with ``daily_during_episode`` (by default every role but the targeted person),
    once per day and recipient. A target with no open episode gets nothing, and the run says so.
    Scheduled every hour (prefect.yaml): each target is served at its own 08:00."""
    log = get_run_logger()
    settings, smtp = _setup(settings, config_file, data_dir, targets_file, send_email)
    config = settings.digest
    chosen = _chosen(settings, targets, build.daily_recipients)
    root, now = settings.data_dir, now or datetime.now(UTC)
    results: list[dict[str, Any]] = []
    for target in chosen:
        period = LocalDay.parse(day) if day else LocalDay.due(now, target.timezone, SEND_HOUR)
        recipients = build.daily_recipients(target)
        if send_email and not recipients:
            raise DigestError(
                f"target {target.name!r} has no recipient of the daily digest in "
                f"{settings.targets_file} (daily_during_episode)"
            )
        episodes = build.open_episodes(root, target, period, now=now)
        if not episodes:
            log.info("%s %s: no episode open, no daily digest", target.name, period)
            results.append(
                {"target": target.name, "week": period.label, "status": "no episode open"}
            )
            continue
        if send_email and _all_sent(root, target.name, period.label, recipients):
            results.append({"target": target.name, "week": period.label, "status": "already sent"})
            continue
        log.info("%s %s: episode open (%s)", target.name, period, ", ".join(episodes))
        results += _one_period(
            root, target, period, recipients, config, smtp, now, out_dir, send_email, interactive
        )
    if not results:
        log.info("no target has recipients of the daily digest: nothing to do")
    _publish("daily-digest", root, chosen, results)
    _raise_failed(results)
    return results
