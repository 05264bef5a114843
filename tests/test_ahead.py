"""Reading ahead (tasks/ahead.py): the evidence copy's next segment is written while the last one's
pages are parsed. What must not change: every page, in order; a page only after its segment is
on disk; a source's error after the pages it gave; memory bounded; nothing left running."""

from __future__ import annotations

import contextvars
import threading
from pathlib import Path

import pytest

from tasks.ahead import read_ahead
from tasks.evidence import rawstore
from tasks.evidence.keep import keep_pages
from tasks.evidence.refs import known_pages
from tests.support.evidence import pages_of_run

WAIT = 60  # seconds: only a bound on a wait for the other thread, never an assertion of speed


def test_every_item_comes_in_order():
    got = list(read_ahead(iter(range(5000)), lambda _: 1, 7))
    assert got == list(range(5000))


def test_the_thread_stays_within_its_bound():
    made: list[int] = []
    full = threading.Event()
    bound = 10  # items of size 1: at most 10 waiting, plus the one the thread is making

    def items():
        for i in range(200):
            made.append(i)
            if len(made) == bound + 1:
                full.set()
            yield i

    it = read_ahead(items(), lambda _: 1, bound)
    taken = [next(it)]
    # The thread reads ahead without being asked ...
    assert full.wait(WAIT), "the thread never read ahead of the caller"
    for item in it:
        # ... but never further than its bound past what the caller took.
        assert len(made) <= len(taken) + bound + 1
        taken.append(item)
    assert taken == list(range(200))


def test_an_error_comes_after_the_items_made_before_it():
    def items():
        yield from (1, 2, 3)
        raise ValueError("the source failed")

    got = []
    with pytest.raises(ValueError, match="the source failed"):
        for x in read_ahead(items(), lambda _: 1, 2):
            got.append(x)
    assert got == [1, 2, 3]


def test_a_caller_that_stops_leaves_nothing_running():
    closed_in: list[str] = []

    def items():
        try:
            yield from range(1000)
        finally:
            closed_in.append(threading.current_thread().name)

    it = read_ahead(items(), lambda _: 1, 5, name="ahead-under-test")
    assert [next(it), next(it)] == [0, 1]
    it.close()
    # The generator was closed in the thread that ran it, and that thread has ended.
    assert closed_in == ["ahead-under-test"]
    assert not any(t.name == "ahead-under-test" for t in threading.enumerate())


def test_an_error_downstream_stops_the_thread_before_it_goes_on():
    def items():
        yield from range(1000)

    with pytest.raises(RuntimeError, match="downstream"):
        for x in read_ahead(items(), lambda _: 1, 5, name="ahead-downstream"):
            if x == 3:
                raise RuntimeError("downstream")
    assert not any(t.name == "ahead-downstream" for t in threading.enumerate())


def test_the_thread_sees_the_callers_context():
    var: contextvars.ContextVar[str] = contextvars.ContextVar("run", default="none")
    var.set("run-42")

    def items():
        yield var.get()

    assert list(read_ahead(items(), lambda _: 1, 1)) == ["run-42"]


def test_a_page_reaches_the_parser_only_once_its_segment_is_kept(tmp_path: Path, monkeypatch):
    # Small segments, so that the run has many and the thread is writing one while the caller
    # holds pages of another.
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 2)
    root = tmp_path / "data"
    pages = pages_of_run(9)
    kept = keep_pages(iter(pages), root, "run-1", "alice")
    seen = []
    for page in read_ahead(kept, lambda p: len(p.body), 1):
        assert page.sha256 in known_pages(root, "alice")  # on disk before it is handed on
        seen.append(page.ref)
    assert seen == [p.ref for p in pages]
    assert len(rawstore.list_segments(root, "alice")) == (len(pages) + 1) // 2


def test_a_run_alone_reads_ahead_and_a_grouped_one_does_not(tmp_path: Path, monkeypatch):
    """``tocsin import`` (one pull in its process) keeps the evidence copy ahead; a target of a
    group (tasks/grouped.py: worker processes already busy on every core) does not, since the
    thread's allocations cost memory there (tasks/ingest.py, ``ahead``)."""
    from datetime import UTC, datetime

    from config.settings import load_settings
    from config.targets import Target
    from tasks import ingest
    from tasks.lifecycle import ingest as run_ingest
    from tasks.lifecycle import plain_steps
    from tasks.sources.file import FileSource
    from tests.conftest import page, tweet

    started: list[str] = []
    real = ingest.read_ahead

    def counted(items, size, max_bytes, name="read-ahead"):
        started.append(name)
        return real(items, size, max_bytes, name=name)

    monkeypatch.setattr(ingest, "read_ahead", counted)
    path = tmp_path / "pages.jsonl"
    path.write_bytes(page([tweet("1"), tweet("2")]) + b"\n")
    target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
    now = datetime.now(UTC)
    for derive in (True, False):
        settings = load_settings(data_dir=tmp_path / f"data-{derive}")
        summary = run_ingest(
            plain_steps(),
            settings=settings,
            target=target,
            source=FileSource([path], now=now),
            start=None,
            end=None,
            run_id=f"run-{derive}",
            flow_name="test",
            now=now,
            derive=derive,
        )
        assert summary.status == "ok" and summary.written == 2
    assert started == ["keep-alice"]  # the run alone only
