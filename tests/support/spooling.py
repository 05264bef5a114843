"""Batches of tweets stored as a run stores them, for the store's tests (no tests here)."""

from __future__ import annotations

from pathlib import Path

from tasks.ingest import BatchOutcome, commit_mentions, mention_spool, store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.validate import split
from tests.support.wire import NOW, SKEW, page


def batch(target, *tweets):  # type: ignore[no-untyped-def]
    """One page of ``tweets`` parsed and validated for ``target``: (valid, rejected)."""
    pages = [RawPage(page(list(tweets)), "file", "f:1", NOW)]
    return split(parse_pages(pages, target)[0], NOW, SKEW)


def store_spooled(root: Path, batches: list, run_id: str) -> BatchOutcome:
    """``batches`` stored through a mention spool, as a run does: merged once at the end."""
    spool, total = mention_spool(root), BatchOutcome()
    for valid, rejected in batches:
        total = total.add(store_batch(root, valid, rejected, run_id, spool=spool))
    assert total.written == 0  # nothing merged yet
    return total.add(commit_mentions(root, spool, total.valid))
