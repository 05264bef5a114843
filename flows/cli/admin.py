"""The maintenance commands of ``tocsin``: docs (the data dictionary) and serve (the
deployments of prefect.yaml). ``register(app)`` adds them to the main command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import fail, guard, out


def docs(
    check: Annotated[
        bool, typer.Option(help="Fail if docs/data-dictionary.md is out of date.")
    ] = False,
) -> None:
    """Write docs/data-dictionary.md from the table declarations."""
    from tasks.dictionary import data_dictionary_markdown

    path = Path("docs/data-dictionary.md")
    text = data_dictionary_markdown()
    if check:
        if not path.exists() or path.read_text() != text:
            fail(f"{path} is out of date: run `tocsin docs`")
        out.print(f"{path} is up to date")
        return
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    out.print(f"wrote {path}")


def serve(
    prefect_yaml: Annotated[Path, typer.Option("--prefect-yaml", help="Deployments file.")] = Path(
        "prefect.yaml"
    ),
) -> None:
    """Run the deployments of prefect.yaml (with their schedules) on this machine, no work pool.

    Needs a Prefect API to schedule against: with none configured, Prefect starts a local one.
    """
    from flows.serve import serve_deployments

    guard(lambda: serve_deployments(prefect_yaml))


def register(app: typer.Typer) -> None:
    """Add ``docs`` and ``serve`` to the ``tocsin`` command."""
    app.command(name="docs")(docs)
    app.command(name="serve")(serve)
