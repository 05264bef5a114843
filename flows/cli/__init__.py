"""The ``tocsin`` command: a thin layer over the flows and the functions in tasks/.

``common`` holds the app, the consoles, the error convention and the shared options; each other
module holds one group of commands and adds them with ``register(app)``. This package imports
the command modules, in the order their commands are listed by ``tocsin --help``; none of them
imports this package.
"""

from __future__ import annotations

import os
import sys

from flows.cli import admin, digest, dossier, evidence, ingest, scoring, site, sources, watch
from flows.cli.common import app, err

for _group in (ingest, admin, sources, scoring, evidence, watch, digest, dossier, site):
    _group.register(app)

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
