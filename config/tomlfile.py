"""Reading a TOML file of settings or targets, with one-line errors that say where it is wrong."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tasks.errors import ConfigError

# tomllib ends its messages with "(at line L, column C)" or "(at end of document)".
_WHERE = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)\s*$")


def toml_error(what: str, path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """``exc`` as a ConfigError naming the file, then the line and column, then the problem."""
    text = str(exc)
    m = _WHERE.search(text)
    reason = text[: m.start()] if m else text
    if m is None:
        where = ""
    elif m.group(2):
        where = f", line {m.group(2)}, column {m.group(3)}"
    else:
        where = ", at the end of the file"
    return ConfigError(f"{what} {path}{where}: not valid TOML: {reason}")


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The TOML file at ``path`` (``what``: "config file", "targets file") as a dict; a
    ConfigError naming the file for anything that keeps it from being read."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{what} not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{what} {path}, line {line}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(what, path, exc) from None
