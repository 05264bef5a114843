"""``tocsin digest``: write a target's weekly digest (or, with ``--day``, its daily digest), and
with ``--send`` email it.

Registered on the main app by flows/cli/__init__.py (``register(app)``). Without ``--send``
nothing leaves the machine and Prefect is not started: the digest is built and written, and its
paths printed.
With ``--send`` the relay is checked first (two connection attempts: an unreachable relay is one
line within seconds), then the ``weekly-digest`` flow runs, for its run record, with one retry
per message instead of the scheduled run's hour of them: a person is waiting.

The settings and the target are built once, by ``preflight``, and passed to the preview, the
relay check and the flow.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.cli.common import (
    BadOption,
    ConfigFile,
    DataDir,
    day_of,
    fail,
    guard,
    out,
    path_str,
    preflight,
    week_of,
)

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target


def _preview(
    settings: Settings, chosen: Target, week: str | None, day: str | None, out_dir: Path | None
) -> list[Path]:
    from tasks.digest import IsoWeek, write_digest
    from tasks.digest.build import daily_recipients, open_episodes
    from tasks.digest.week import LocalDay

    cfg = settings.digest
    now = datetime.now(UTC)
    folder = out_dir / chosen.name if out_dir else None
    if day is None:
        iso = week_of(week) if week else IsoWeek.last_complete(now, chosen.timezone)
        _, paths = write_digest(settings.data_dir, chosen, iso, cfg, out_dir=folder, now=now)
        return paths
    period = LocalDay(day_of(day, "--day"))
    if not open_episodes(settings.data_dir, chosen, period, now=now):
        out.print(
            f"{chosen.name} {period}: no episode open that day; a scheduled run would send "
            "no daily digest (written anyway)",
            highlight=False,
        )
    _, paths = write_digest(
        settings.data_dir,
        chosen,
        period,
        cfg,
        out_dir=folder,
        now=now,
        recipients=daily_recipients(chosen),
    )
    return paths


def _check_send(settings: Settings) -> None:
    """SMTP settings and the relay checked before Prefect starts: a missing host or password, or
    a relay that cannot be reached, is a one-line error within seconds rather than a flow run
    retrying for an hour."""
    from tasks.alerts.smtp import check_relay, resolve_password
    from tasks.digest import DigestError

    if not settings.smtp.smtp_host:
        raise DigestError("--send needs an SMTP relay: set smtp_host (TOCSIN_SMTP_HOST)")
    resolve_password(settings.smtp, secret_blocks=settings.prefect_secret_blocks)
    # A person is waiting: an unreachable relay is said within seconds, before Prefect starts.
    check_relay(settings.smtp)


def register(app: typer.Typer) -> None:
    """Add ``digest`` to the ``tocsin`` command."""

    @app.command()
    def digest(
        target: Annotated[str, typer.Option("--target", "-t", help="Target name.")],
        week: Annotated[
            str | None,
            typer.Option(
                help="ISO week, YYYY-Www (default: the last complete week in the target's timezone).",
                show_default=False,
            ),
        ] = None,
        day: Annotated[
            str | None,
            typer.Option(
                help="A day, YYYY-MM-DD: the daily digest sent while an episode is open, to the "
                "recipients with daily_during_episode.",
                show_default=False,
            ),
        ] = None,
        send: Annotated[
            bool,
            typer.Option(
                "--send", help="Email it to the target's recipients (once per week and recipient)."
            ),
        ] = False,
        out_dir: Annotated[
            Path | None,
            typer.Option(
                "--out", help="Folder for the files (default <data>/digests).", show_default=False
            ),
        ] = None,
        data_dir: DataDir = None,
        config: ConfigFile = None,
    ) -> None:
        """Write the weekly digest of a target (.html, .txt, chart .png, one .eml per recipient),
        or with --day its daily digest; with --send, email it through the SMTP relay of the
        settings (a daily digest only when an episode is open that day)."""
        if week is not None and day is not None:
            guard(lambda: _raise(BadOption("--week and --day: give one or the other")))
        if week is not None:
            guard(lambda: week_of(week))
        if day is not None:
            guard(lambda: day_of(day, "--day"))
        settings, (chosen,) = preflight(config, data_dir, [target])
        if not send:
            paths: Any = guard(lambda: _preview(settings, chosen, week, day, out_dir))
            for p in paths:
                out.print(f"wrote {p}", highlight=False)
            return
        guard(lambda: _check_send(settings))
        from flows.digest import daily_digest, weekly_digest
        from tasks.digest import IsoWeek
        from tasks.digest.week import LocalDay

        # The period the preview would write (the last one ended in the target's timezone),
        # named for the flow: the scheduled runs' 08:00 rule is not for a person at the prompt.
        now = datetime.now(UTC)
        if day is None:
            week = week or IsoWeek.last_complete(now, chosen.timezone).label
        else:
            day = LocalDay(day_of(day, "--day")).label

        common: dict[str, Any] = dict(
            targets=[target],
            send_email=True,
            out_dir=path_str(out_dir),
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            interactive=True,
            settings=settings,
        )
        results: Any = guard(
            lambda: (
                daily_digest(day=day, **common)
                if day is not None
                else weekly_digest(week=week, **common)
            )
        )
        if results is None:
            fail("digest not sent")
        for r in results:
            who = r.get("recipient") or r["target"]
            out.print(f"{who}: {r['status']} ({r['target']} {r['week']})", highlight=False)
        if results and results[0].get("html"):
            out.print(f"digest: {results[0]['html']}", highlight=False)


def _raise(exc: Exception) -> None:
    raise exc
