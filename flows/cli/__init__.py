"""The ``tocsin`` command: a thin layer over the flows and the functions in tasks/.

``common`` holds the app, the consoles, the error convention and the shared options; each other
module holds one group of commands and adds them with ``register(app)``. This package imports
the command modules, in the order their commands are listed by ``tocsin --help``; none of them
imports this package.
"""

from __future__ import annotations

import inspect
import os
import sys

import typer

from flows.cli import admin, digest, dossier, evidence, ingest, scoring, site, sources, watch
from flows.cli.common import app, err

for _group in (ingest, admin, sources, scoring, evidence, watch, digest, dossier, site):
    _group.register(app)


def unwrap(text: str) -> str:
    """Each paragraph of ``text`` on one line. Typer's rich help keeps a docstring's single line
    breaks, so a docstring wrapped at 100 columns broke mid-sentence at any other width ("…
    mentions and quarantine row from its sealed raw record;" then "with evidence_archive …" on a
    line of its own); joined, the terminal wraps it."""
    return "\n\n".join(" ".join(s.strip() for s in p.splitlines()) for p in text.split("\n\n"))


def _unwrap_docstrings(group: typer.Typer) -> None:
    """Every command's help taken from its docstring, unwrapped (groups and their commands too)."""
    for info in group.registered_commands:
        if info.help is None and info.callback is not None:
            info.help = unwrap(inspect.getdoc(info.callback) or "")
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _unwrap_docstrings(sub.typer_instance)


_unwrap_docstrings(app)

__all__ = ["app", "main"]


def main() -> None:
    # A belt: every write site under the data root sets owner-only modes itself (tasks/store.py),
    # and this covers what libraries write (GX, Prefect) and files given by --out.
    os.umask(0o077)
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: storage is consistent; run the same command again to finish")
        sys.exit(130)
