"""A kept page → its raw records, exactly the bytes whose SHA-256 the parser stores as raw_sha256.

Sealing is per raw record, but the evidence copy keeps pages: every record hash must be
recomputable from the page kept as received. For X pages (format ``auto``) the derivation is the
parser's own rule, written out here without the field extraction the parser also does (it makes
verification ~3x faster: a year of a busy target must verify in seconds); a test checks the two
agree on every shape the parser knows, so a change to one without the other fails the suite.
Other wire formats use the format's registered parser itself, and a page in a format nobody
registered is one record: the page.
"""

from __future__ import annotations

from functools import lru_cache

import orjson

from config.targets import Target
from tasks.formats import FORMATS, Context
from tasks.parse import canonical_json
from tasks.sources.base import RawPage

# Keys of an X search page that carries no record (a query that matched nothing).
_EMPTY_PAGE_KEYS = frozenset({"meta", "includes", "__twarc"})


def x_records(body: bytes) -> list[bytes]:
    """Records of an X API v2 page, stream line or twarc flattened line (parser format ``auto``).

    A page's tweets are re-serialised canonically; a line that is a tweet, or anything the parser
    cannot read (not JSON, an error-only page, unknown keys), is its own record, byte for byte.
    """
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
    if "meta" in obj and set(obj) <= _EMPTY_PAGE_KEYS:
        return []
    return [body]


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
