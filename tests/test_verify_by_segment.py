"""``tocsin verify`` reads a manifest a segment at a time: the pages of a segment found as sealed
are derived into rows, then let go, before the next segment is read (held for the whole
manifest, a 1M-post import's pages took verify to 7.7 GB and a 10M one's past 24 GB). The rows
are those of deriving every page at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from tasks.evidence.crosscheck import derive, empty_derived
from tasks.evidence.manifest import list_manifests
from tasks.evidence.seal import seal_report
from tasks.evidence.verify import VerifyReport
from tasks.evidence.verify_records import check_manifest_records, listed_records
from tasks.evidence.verify_spill import Kept
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
    with Kept(1, empty_derived().schema) as spill:
        check_manifest_records(root, m, report, spy, spill)
        rows, sealed = spill.all_rows(), spill.sealed(0)

    assert report.errors == []
    # One call a segment, with that segment's pages only, in the order they were kept.
    assert [[p.ref for p in c] for c in calls] == [
        [p.ref for p in first],
        [p.ref for p in second],
        [p.ref for p in third],
    ]
    whole = derive(first + second + third, "alice", m.name)
    assert rows.equals(whole)
    assert sealed["raw_sha256"].to_list() == whole["raw_sha256"].to_list()
    assert sealed["checked"].all() and whole.height > 0


def test_no_page_is_kept_when_the_tables_are_not_checked(tmp_path: Path):
    root = tmp_path / "data"
    kept(pages_of_run(3), root, "run-1")
    seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    (m,) = [s for s in list_manifests(root) if s.manifest is not None]
    report = VerifyReport(targets=["alice"])
    with Kept(1, empty_derived().schema) as spill:
        check_manifest_records(root, m, report, None, spill)
        assert spill.all_rows().is_empty() and spill.sealed(0).height > 0
    assert report.errors == [] and report.records > 0


def test_the_listed_records_are_those_of_the_whole_file_split(tmp_path: Path):
    """records.txt is read a MiB at a time: a hash, a character and a space cut by a block's
    end read as they do when the whole file is split (a damaged list included)."""
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(40_000)]
    text = "\n".join(hashes).encode()
    cut = (1 << 20) - 1  # "é" (two bytes) and the no-break space across the first MiB's end
    data = text[:cut] + "é\u00a0x".encode() + text[cut:] + b"\n\xff tail"
    path = tmp_path / "records.txt"
    path.write_bytes(data)
    listed = list(listed_records(path))
    assert listed == data.decode(errors="replace").split()
    assert len(listed) > 40_000 and "tail" in listed
    assert list(listed_records(tmp_path / "absent.txt")) == []
