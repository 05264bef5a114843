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

import orjson

from config.targets import Target
from tasks.evidence.manifest import FORMAT, FORMAT_1
from tasks.formats import FORMATS, Context
from tasks.formats.fields import canonical_json
from tasks.formats.x_v2 import is_empty_page, x_records
from tasks.pages import RawPage

__all__ = ["page_records", "x_records"]


@lru_cache(maxsize=64)
def _context(target: str) -> Context:
    # Which bytes make a record never depends on who the target is; the parser wants one anyway.
    return Context.of(Target(name=target))


def x_records_canonical(body: bytes) -> list[bytes]:
    """The rule of manifest format 1, kept to verify what it sealed: a page's tweets were
    re-serialised canonically; anything else the same as ``x_records``."""
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return [body]
    if not isinstance(obj, dict):
        return [body]
    if "data" in obj or "errors" in obj:
        data = obj.get("data")
        tweets = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
        if not tweets and isinstance(obj.get("errors"), list) and obj["errors"]:
            return [body]
        return [canonical_json(t) for t in tweets]
    if is_empty_page(obj):
        return []
    return [body]


def page_records(
    page: RawPage, target: str = "evidence", manifest_format: str | None = FORMAT
) -> list[bytes]:
    """The raw records of ``page``, in the order the parser emits them (for a page sealed under
    an older manifest format, in the order and form that format recorded them)."""
    if page.format == "auto":
        if manifest_format == FORMAT_1:
            return x_records_canonical(page.body)
        return x_records(page.body)
    parser = FORMATS.get(page.format)
    if parser is None:  # the parser keeps such a page whole, as one quarantined record
        return [page.body]
    return [r.raw for r in parser(page, _context(target)).records]
