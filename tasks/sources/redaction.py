"""The secrets a connector holds, scrubbed from everything it keeps or says.

Credentials travel in headers only, never in URLs; still, a server may echo a token back in an
error page or a body, so every body, header value and message that leaves a client goes
through its ``Redactor`` first.
"""

from __future__ import annotations

import re

from tasks.textsafe import credential_pattern

REDACTED = b"[REDACTED]"
MIN_SECRET = 4
"""Shorter strings would redact ordinary text, and are not real credentials."""


class Redactor:
    """The known secrets of one client, and their occurrences replaced."""

    def __init__(self) -> None:
        self._secrets: list[str] = []
        self._pattern: re.Pattern[bytes] | None = None

    def add(self, *secrets: str | None) -> None:
        for s in secrets:
            if s and len(s) >= MIN_SECRET and s.lower() not in ("bearer", "basic"):
                if s not in self._secrets:
                    self._secrets.append(s)
                    self._pattern = credential_pattern(self._secrets)

    def redact(self, data: bytes) -> tuple[bytes, int]:
        """``data`` with every known secret replaced, and how many were replaced: raw, and as a
        server may echo it JSON-escaped (``\\/``, ``\\u00e9``) or URL-encoded (``%2F``)."""
        if self._pattern is None:
            return data, 0
        return self._pattern.subn(REDACTED, data)

    def scrub(self, text: str) -> str:
        return self.redact(text.encode("utf-8", "backslashreplace"))[0].decode("utf-8", "replace")
