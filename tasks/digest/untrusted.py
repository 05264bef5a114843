"""``Untrusted``: attacker text (post text, handle, display name, signal sample) on its way to a
template.

It is how attacker text stays inert without relying on every template remembering a filter:
Jinja's HTML autoescape calls its ``__html__`` (neutralised, defanged, escaped, isolated in
``<bdi>``), and the text template's plain ``{{ }}`` calls its ``__str__`` (neutralised and
defanged). Nothing in the view is marked safe that did not come from Tocsin itself.
"""

from __future__ import annotations

import textwrap

from tasks.textsafe import untrusted_html, untrusted_text


class Untrusted:
    """Attacker-controlled text (post text, handle, display name, signal sample)."""

    __slots__ = ("_raw", "_max")

    def __init__(self, raw: str | None, max_chars: int | None = None) -> None:
        self._raw = raw or ""
        self._max = max_chars

    def __html__(self) -> str:
        return str(untrusted_html(self._raw, max_chars=self._max))

    def __str__(self) -> str:
        return untrusted_text(self._raw, max_chars=self._max)

    def __bool__(self) -> bool:
        return bool(self._raw)

    def wrapped(self, indent: int = 4, width: int = 76) -> str:
        """For the text part: wrapped and indented, line by line."""
        pad = " " * indent
        lines = str(self).splitlines() or [""]
        return "\n".join(
            textwrap.fill(line, width, initial_indent=pad, subsequent_indent=pad) or pad
            for line in lines
        )
