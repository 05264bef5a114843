"""What every parser takes and returns: the target's ``Context``, ``Parsed`` records, ``Parser``.

The parsers (one module a format) import this module; the package (``__init__``) imports the
parsers to build the table of formats, so nothing here imports a parser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from config.targets import Target
from tasks.pages import RawPage


@dataclass(frozen=True)
class Record:
    raw: bytes
    fields: dict[str, Any] | tuple[Any, ...]
    """The mention fields read; a tuple when the format reads them column-wise from ``raw``
    afterwards (the X fast path: what ``x_scan.fast_fields`` returned)."""
    errors: list[str]


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    api_errors: int = 0
    """Partial errors the platform reported inside an otherwise good page."""
    retrieved_at: datetime | None = None
    """When the page says it was collected (e.g. twarc's envelope), if it says."""
    includes: bytes | None = None
    """The page's ``includes`` as received, for records read column-wise."""
    users: tuple[list[Any], ...] | None = None
    """The users of ``includes`` read for the column-wise path, as columns
    (``x_scan.fast_users``)."""
    spans: list[bytes] = field(default_factory=list)
    """A page whose every record is read column-wise: its tweets' exact bytes, in place of
    ``records`` (then empty), and ``nested``, what ``x_scan.fast_fields`` returned for each."""
    nested: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What a parser needs to know about the target the page was collected for."""

    target: Target
    handles: dict[str, frozenset[str]]
    """Lower-cased handles of the target per platform."""
    watched: dict[str, frozenset[str]]
    """Watched (designating) post ids per platform."""

    @classmethod
    def of(cls, target: Target) -> Context:
        h = target.handles
        handles = {
            "x": frozenset(x.lower() for x in [h.x] if x),
            "mastodon": frozenset(x.lower() for x in [h.mastodon] if x),
            "bluesky": frozenset(x.lower() for x in [h.bluesky] if x),
        }
        watched = {p: target.watched_ids(p) for p in ("x", "mastodon", "bluesky")}
        return cls(target, handles, watched)


Parser = Callable[[RawPage, Context], Parsed]


def failure(raw: bytes, *errors: str) -> Parsed:
    """A page that holds no readable record: kept whole, with the reasons."""
    return Parsed([Record(raw, {}, list(errors))])
