"""``tocsin digest``: write a target's weekly digest, and with ``--send`` email it.

Registered on the main app by flows/cli.py (``register(app)``). Without ``--send`` nothing leaves
the machine and Prefect is not started: the digest is built and written, and its paths printed.
With ``--send`` the relay is checked first (two connection attempts: an unreachable relay is one
line within seconds), then the ``weekly-digest`` flow runs, for its run record, with one retry
per message instead of the scheduled run's hour of them: a person is waiting.

No ``from __future__ import annotations`` here: typer reads the command's annotations at runtime,
and the option types come from flows.cli inside ``register`` (importing flows.cli at module level
would be circular, since flows.cli registers this module).
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer


def _preview(
    target: str, week: str | None, out: Path | None, data_dir: Path | None, config: Path | None
) -> list[Path]:
    from config.settings import load_settings
    from config.targets import load_targets, pick_targets
    from flows.cli_options import week_of
    from tasks.digest import DigestSettings, IsoWeek, write_digest

    settings = load_settings(config, data_dir=data_dir)
    (chosen,) = pick_targets(load_targets(settings.targets_file), [target])
    cfg = DigestSettings.from_settings(settings, os.environ)
    now = datetime.now(UTC)
    iso = week_of(week) if week else IsoWeek.last_complete(now, chosen.timezone)
    folder = out / chosen.name if out else None
    _, paths = write_digest(settings.data_dir, chosen, iso, cfg, out_dir=folder, now=now)
    return paths


def _check_send(config: Path | None, data_dir: Path | None) -> None:
    """SMTP settings and the relay checked before Prefect starts: a missing host or password, or
    a relay that cannot be reached, is a one-line error within seconds rather than a flow run
    retrying for an hour."""
    from config.settings import load_settings
    from tasks.alerts.smtp import check_relay, resolve_password
    from tasks.digest import DigestError, DigestSettings

    cfg = DigestSettings.from_settings(load_settings(config, data_dir=data_dir), os.environ)
    if not cfg.smtp.smtp_host:
        raise DigestError("--send needs an SMTP relay: set smtp_host (TOCSIN_SMTP_HOST)")
    resolve_password(cfg.smtp)
    # A person is waiting: an unreachable relay is said within seconds, before Prefect starts.
    check_relay(cfg.smtp)


def register(app: typer.Typer) -> None:
    from flows.cli import ConfigFile, DataDir, _fail, _guard, _preflight, _str, out

    @app.command()
    def digest(
        target: Annotated[str, typer.Option("--target", "-t", help="Target name.")],
        week: Annotated[
            str | None,
            typer.Option(
                help="ISO week, YYYY-Www (default: the last complete week in the target's "
                "timezone).",
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
        from flows.cli_options import week_of

        if week is not None:
            _guard(lambda: week_of(week))
        _preflight(config, data_dir, [target])
        if not send:
            paths: Any = _guard(lambda: _preview(target, week, out_dir, data_dir, config))
            for p in paths:
                out.print(f"wrote {p}", highlight=False)
            return
        _guard(lambda: _check_send(config, data_dir))
        from flows.digest import weekly_digest

        results: Any = _guard(
            lambda: weekly_digest(
                targets=[target],
                week=week,
                send_email=True,
                out_dir=_str(out_dir),
                data_dir=_str(data_dir),
                config_file=_str(config),
                interactive=True,
            )
        )
        if results is None:
            _fail("digest not sent")
        for r in results:
            out.print(
                f"{r['recipient']}: {r['status']} ({r['target']} {r['week']})", highlight=False
            )
        out.print(f"digest: {results[0]['html']}", highlight=False)
