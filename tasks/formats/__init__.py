"""Wire formats → records. One parser per format, all returning the same thing.

A parser takes one raw page and returns ``Parsed``: for each record in it, the raw record bytes
(what ``raw_sha256`` hashes), the mention fields it could read, and the problems it met — never
raising on bad data. ``tasks.parse`` adds the provenance columns and builds the staging frame.
New formats (Mastodon, Bluesky, X v1.1, CSV) register here under the name a source puts in
``RawPage.format``.
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
    afterwards (the X fast path: what ``x_columns.fast_fields`` returned)."""
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
    users: list[tuple[Any, ...]] | None = None
    """The users of ``includes`` read for the column-wise path (``x_columns.fast_users``)."""


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
FORMATS: dict[str, Parser] = {}


def register(name: str) -> Callable[[Parser], Parser]:
    def deco(fn: Parser) -> Parser:
        FORMATS[name] = fn
        return fn

    return deco


def failure(raw: bytes, *errors: str) -> Parsed:
    """A page that holds no readable record: kept whole, with the reasons."""
    return Parsed([Record(raw, {}, list(errors))])


# The parsers register themselves on import; importing the package makes every format known.
from tasks.formats import bluesky, csv_posts, mastodon, x_v1, x_v2  # noqa: E402, F401
