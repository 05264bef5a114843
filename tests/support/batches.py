"""A small batch of parsed records, most of them invalid, for the validation tests (no tests here)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from config.targets import Target
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tests.support.wire import page, tweet


def mixed_batch(target: Target) -> pl.DataFrame:
    """Six records over four pages: one valid, the others each breaking a different rule."""
    bodies = [
        page([tweet("1"), tweet("2", created_at="nope"), tweet("3", text="")]),
        page([tweet("4", created_at="2099-01-01T00:00:00Z"), tweet("5", author_id=5)]),
        b"{truncated",
        page([{"text": "no id", "author_id": "7", "created_at": "2020-02-01T00:00:00Z"}]),
    ]
    pages = [
        RawPage(b, "file", f"f:{i}", datetime(2020, 2, 2, tzinfo=UTC)) for i, b in enumerate(bodies)
    ]
    return parse_pages(pages, target)[0]
