"""``tocsin verify`` reads a manifest a segment at a time: the pages of a segment found as sealed
are derived into rows, then let go, before the next segment is read (held for the whole
manifest, a 1M-post import's pages took verify to 7.7 GB and a 10M one's past 24 GB). The rows
are those of deriving every page at once."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.evidence.crosscheck import derive
from tasks.evidence.manifest import list_manifests
from tasks.evidence.seal import seal_report
from tasks.evidence.verify import VerifyReport
from tasks.evidence.verify_records import check_manifest_records
from tasks.pages import RawPage
from tests.support.evidence import NOW, kept, pages_of_run


def test_each_segment_is_derived_alone_and_the_rows_are_those_of_the_whole(tmp_path: Path):
    root = tmp_path / "data"
    pages = pages_of_run(6)
    first, second, third = (
        kept(pages[:2], root, "run-1"),
        kept(pages[2:5], root, "run-1"),
        kept(pages[5:], root, "run-1"),
    )
    result = seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    (m,) = [s for s in list_manifests(root) if s.manifest is not None]
    assert m.name == result.manifest.name
    assert len(m.manifest["segments"]) == 3

    calls: list[list[RawPage]] = []

    def spy(segment_pages: list[RawPage]) -> pl.DataFrame:
        calls.append(list(segment_pages))
        return derive(segment_pages, "alice", m.name)

    report = VerifyReport(targets=["alice"])
    frames, records = check_manifest_records(root, m, report, spy)

    assert report.errors == []
    # One call a segment, with that segment's pages only, in the order they were kept.
    assert [[p.ref for p in c] for c in calls] == [
        [p.ref for p in first],
        [p.ref for p in second],
        [p.ref for p in third],
    ]
    whole = derive(first + second + third, "alice", m.name)
    assert pl.concat(frames).equals(whole)
    assert len(records) == whole.height > 0


def test_no_page_is_kept_when_the_tables_are_not_checked(tmp_path: Path):
    root = tmp_path / "data"
    kept(pages_of_run(3), root, "run-1")
    seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    (m,) = [s for s in list_manifests(root) if s.manifest is not None]
    report = VerifyReport(targets=["alice"])
    frames, records = check_manifest_records(root, m, report)
    assert frames == [] and records and report.errors == []
