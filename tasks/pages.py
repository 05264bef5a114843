"""A raw page: the unit a platform or a file hands over, with its provenance.

Sources (tasks/sources/) yield pages; parsers (tasks/formats/), the evidence store and the
readers of sealed pages take them. It lives here, below both, so neither imports the other
for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property


@dataclass(frozen=True)
class RawPage:
    body: bytes
    """The bytes exactly as received."""
    source: str
    """Name of the source that produced it: synthetic, file, ..."""
    ref: str
    """Where it came from: ``path:line`` for a file, a query description for a platform."""
    retrieved_at: datetime
    """When it was received (UTC)."""
    date_hint: date | None = None
    """UTC date its records are expected on, used to file records whose own date is unreadable."""
    format: str = "auto"
    """Wire format: ``auto`` (X API v2 page, stream line or twarc flattened line, recognised by
    shape); connectors and archive imports name theirs (e.g. ``mastodon-statuses``)."""
    provenance: Mapping[str, str] = field(default_factory=dict)
    """How it was obtained: URL and parameters without secrets, HTTP status, relevant headers,
    tool version. Kept beside the raw copy; never holds a credential."""

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of ``body``, computed once however many stages ask (the evidence copy, the
        parser); the seal hashes the pages it reads back from disk itself."""
        return hashlib.sha256(self.body).hexdigest()
