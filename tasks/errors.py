"""The errors Tocsin raises on purpose. Each message says what is wrong, where, and how to fix it.

The CLI turns these into one line on stderr and a non-zero exit; anything else is a bug and keeps
its traceback.
"""


class SelfCheckFailed(RuntimeError):
    """A check Tocsin makes on its own work failed: the row rules and the great-expectations
    suite built from the same declarations counted differently, a generator scenario lacks
    what its plan asks of it. A bug, not the user's to fix: not a ``TocsinError``, so it keeps
    its traceback."""


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


class CredentialRejected(SourceUnavailable):
    """A platform refused the credentials (HTTP 401/403); the message names the one to check."""


class RateLimited(SourceUnavailable):
    """A platform's rate limit resets later than Tocsin is willing to wait, or never let up."""


class BudgetExhausted(SourceUnavailable):
    """The monthly post-read budget (``x_monthly_read_cap``, or the platform's own cap) is spent."""


class PlatformError(TocsinError):
    """A platform answered with an error that retrying did not fix (4xx, 5xx, timeouts)."""


class QueryRejected(PlatformError):
    """The platform refused one request (a 4xx other than 401/403/429): that query fails, the
    source's other queries go on."""

    def __init__(self, message: str, *, status: int, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code = status, code
