"""``tocsin digest``: write a target's weekly digest, and with ``--send`` email it.

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

from flows.cli.common import ConfigFile, DataDir, fail, guard, out, path_str, preflight, week_of

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target


def _preview(
    settings: Settings, chosen: Target, week: str | None, out_dir: Path | None
) -> list[Path]:
    from tasks.digest import IsoWeek, write_digest

    cfg = settings.digest
    now = datetime.now(UTC)
    iso = week_of(week) if week else IsoWeek.last_complete(now, chosen.timezone)
    folder = out_dir / chosen.name if out_dir else None
    _, paths = write_digest(settings.data_dir, chosen, iso, cfg, out_dir=folder, now=now)
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
        """Write the weekly digest of a target (.html, .txt, chart .png, one .eml per recipient);
        with --send, email it through the SMTP relay of the settings."""
        if week is not None:
            guard(lambda: week_of(week))
        settings, (chosen,) = preflight(config, data_dir, [target])
        if not send:
            paths: Any = guard(lambda: _preview(settings, chosen, week, out_dir))
            for p in paths:
                out.print(f"wrote {p}", highlight=False)
            return
        guard(lambda: _check_send(settings))
        from flows.digest import weekly_digest

        results: Any = guard(
            lambda: weekly_digest(
                targets=[target],
                week=week,
                send_email=True,
                out_dir=path_str(out_dir),
                data_dir=path_str(data_dir),
                config_file=path_str(config),
                interactive=True,
                settings=settings,
            )
        )
        if results is None:
            fail("digest not sent")
        for r in results:
            out.print(
                f"{r['recipient']}: {r['status']} ({r['target']} {r['week']})", highlight=False
            )
        out.print(f"digest: {results[0]['html']}", highlight=False)
