"""A kept page → its raw records, exactly the bytes whose SHA-256 the parser stores as raw_sha256.

Sealing is per raw record, but the evidence copy keeps pages: every record hash must be
recomputable from the page kept as received. For X pages (format ``auto``) the derivation is the
parser's own rule (``x_v2.x_records``: a tweet is its exact bytes in the page), run without the
field extraction the parser also does, so that a year of a busy target verifies in seconds; a
test checks the two agree on every shape the parser knows.
Other wire formats use the format's registered parser itself, and a page in a format nobody
registered is one record: the page.
"""

from __future__ import annotations

from functools import lru_cache

from config.targets import Target
from tasks.formats import FORMATS, Context
from tasks.formats.x_v2 import x_records
from tasks.sources.base import RawPage

__all__ = ["page_records", "x_records"]


@lru_cache(maxsize=64)
def _context(target: str) -> Context:
    # Which bytes make a record never depends on who the target is; the parser wants one anyway.
    return Context.of(Target(name=target))


def page_records(page: RawPage, target: str = "evidence") -> list[bytes]:
    """The raw records of ``page``, in the order the parser emits them."""
    if page.format == "auto":
        return x_records(page.body)
    parser = FORMATS.get(page.format)
    if parser is None:  # the parser keeps such a page whole, as one quarantined record
        return [page.body]
    return [r.raw for r in parser(page, _context(target)).records]
