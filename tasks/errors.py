"""The errors Tocsin raises on purpose. Each message says what is wrong, where, and how to fix it.

The CLI turns these into one line on stderr and a non-zero exit; anything else is a bug and keeps
its traceback.
"""


class TocsinError(Exception):
    """Base class: a problem the user can act on."""


class ConfigError(TocsinError):
    """A settings or targets file is missing, malformed or inconsistent."""


class UnknownTarget(ConfigError):
    """A target name that is not configured."""


class InputError(TocsinError):
    """An input file cannot be read at all (missing, not JSON Lines, unknown format)."""


class SchemaMismatch(TocsinError):
    """A frame does not carry the columns its table declares."""


class SourceUnavailable(TocsinError):
    """A source cannot be used (missing credentials, unreachable, refused)."""
