"""``tocsin sources``: which sources each target uses and whether each is ready to run.

Registered on the main command by ``register(app)``; the work is
``tasks.sources.registry.describe_sources``, which a test calls too. Credentials are named (the
variable or Secret block they come from), never shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows.cli.common import ConfigFile, guard


def sources_report(
    config: Path | None = None, targets: list[str] | None = None
) -> list[dict[str, str]]:
    from config.settings import load_settings
    from config.targets import load_targets, pick_targets
    from tasks.sources.registry import describe_sources

    settings = load_settings(config)
    return describe_sources(settings, pick_targets(load_targets(settings.targets_file), targets))


def register(app: typer.Typer) -> None:
    @app.command("sources")
    def sources(
        target: Annotated[
            list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
        ] = None,
        config: ConfigFile = None,
    ) -> None:
        """List each target's sources and whether each is ready: credentials present (never
        shown) and base URL. Exits 1 when a configured source is not ready."""
        out = Console()
        rows = guard(lambda: sources_report(config, target))  # one line, exit 2
        table = Table(title="Sources", title_justify="left")
        for col in ("target", "source", "ready", "credentials", "base_url"):
            table.add_column(col)
        for row in rows:
            table.add_row(
                *(row[c] for c in ("target", "source", "ready", "credentials", "base_url"))
            )
        out.print(table)
        if any(r["ready"] != "yes" for r in rows):
            raise typer.Exit(1)
