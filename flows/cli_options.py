"""Options every `tocsin` command shares, declared once for flows/cli.py and the command modules
it registers (which cannot import flows/cli.py at load time: it imports them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Data root (default ./data, or TOCSIN_DATA_DIR).", show_default=False
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Settings file (default ./tocsin.toml when present, or TOCSIN_CONFIG).",
        show_default=False,
    ),
]
