"""Folders Tocsin finds for itself outside the data root, read from the environment here (nothing
below ``config/`` reads ``os.environ``); no import beyond the standard library, so that the
scorer used on its own does not load the settings' machinery."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "TOCSIN_CACHE_DIR"


def default_cache_dir() -> Path | None:
    """Where Tocsin keeps what it can always compute again (the scorer's prefilter,
    ``tasks/scoring/scancache.py``): ``$TOCSIN_CACHE_DIR`` if set (empty: nowhere, no cache),
    else ``$XDG_CACHE_HOME/tocsin`` (an absolute XDG_CACHE_HOME only, as the XDG spec says),
    else ``~/.cache/tocsin``; None where no home can be found."""
    if CACHE_ENV in os.environ:
        value = os.environ[CACHE_ENV]
        return Path(value) if value else None
    try:
        return xdg_home("XDG_CACHE_HOME", ".cache") / "tocsin"
    except RuntimeError:
        return None


def xdg_home(variable: str, fallback: str) -> Path:
    """An XDG base folder: ``$variable`` if it is an absolute path (as the XDG spec says), else
    ``~/fallback``. RuntimeError where no home can be found."""
    xdg = os.environ.get(variable, "")
    return Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / fallback
