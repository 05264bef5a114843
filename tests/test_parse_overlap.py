"""A batch's frame built in a thread while the next batch's pages are read
(``parse_batches(..., overlap=True)``, the default). What must not change: the same batches,
in order, as one after the other; a source's error after the batches completed before it;
nothing left running when the caller stops; an error building a frame reaches the caller."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from polars.testing import assert_frame_equal

from tasks import parse
from tasks.pages import RawPage
from tasks.parse import parse_batches
from tests.support.evidence import NOW, pages_of_run


def _pages(n: int) -> list[RawPage]:
    """``n`` pages of three tweets, the odd pages real collections meet, and records that go to
    quarantine (a page that is not JSON, a tweet without an author)."""
    day = date(2020, 2, 1)
    odd = [
        RawPage(b'{"data": [', "file", "bad.jsonl:1", NOW, day),
        RawPage(b'{"data": [{"id": "9", "text": "@alice_reporter x"}]}', "file", "b:2", NOW, day),
    ]
    pages = pages_of_run(n)
    return pages[: n // 2] + odd + pages[n // 2 :]


def _same(got, expected) -> None:
    assert len(got) == len(expected)
    for (frame, stats), (want, want_stats) in zip(got, expected, strict=True):
        assert_frame_equal(frame, want)
        assert stats == want_stats


def _framing() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("parse-frame")]


@pytest.mark.parametrize("batch_size", [1, 7, 60, 10_000])
def test_the_batches_are_those_built_one_after_the_other(target, batch_size):
    pages = _pages(120)
    got = list(parse_batches(iter(pages), target, batch_size))
    _same(got, list(parse_batches(iter(pages), target, batch_size, overlap=False)))
    assert sum(f.height for f, _ in got) > 3 * 120
    assert _framing() == []


def _failing(pages: list[RawPage], at: int):
    yield from pages[:at]
    raise ValueError("the source failed")


def test_a_source_error_comes_after_the_batches_before_it(target):
    pages = _pages(200)
    runs = {}
    for overlap in (False, True):
        runs[overlap] = []
        with pytest.raises(ValueError, match="the source failed"):
            for batch in parse_batches(_failing(pages, 170), target, 60, overlap=overlap):
                runs[overlap].append(batch)
    # Every batch completed before the error (the one it interrupted dropped), as without.
    assert len(runs[False]) == 8
    _same(runs[True], runs[False])


def test_a_caller_that_stops_leaves_nothing_running(target):
    it = parse_batches(iter(_pages(300)), target, 50)
    first = next(it)
    assert first[0].height == 51
    assert _framing(), "the next batch was not being built in a thread"
    it.close()
    assert _framing() == []


def test_an_error_building_a_frame_reaches_the_caller(target, monkeypatch):
    def broken(self):
        raise MemoryError("no room for the frame")

    monkeypatch.setattr(parse._Builder, "frame", broken)
    with pytest.raises(MemoryError, match="no room for the frame"):
        list(parse_batches(iter(_pages(100)), target, 30))
    assert _framing() == []
