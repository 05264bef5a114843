"""No copies on re-run (issue 15, point 7): a page already in the vault is referenced, not copied.

The same backfill run twice: the second run writes no segment, only one refs file naming where
each page is already kept, and its manifest; verify passes, and an altered or unsealed refs file
is named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from config.targets import Target
from tasks.evidence import rawstore, verify_evidence
from tasks.evidence.keep import keep_pages
from tasks.evidence.refs import known_pages, read_refs
from tests.support.evidence import copy_vault, ingest_and_seal, pages_of_run

TARGET = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})


def _files(root: Path) -> dict[str, int]:
    base = root / "evidence"
    return {
        p.relative_to(base).as_posix(): p.stat().st_size
        for p in base.rglob("*")
        if p.is_file() and ".tmp" not in p.parts
    }


@pytest.fixture(scope="module")
def twice(tmp_path_factory) -> tuple[Path, dict[str, int], dict[str, int]]:
    root = tmp_path_factory.mktemp("refs") / "data"
    pages = pages_of_run(3, day="2020-02-01")
    ingest_and_seal(root, pages, TARGET, "backfill-1", None, None)
    before = _files(root)
    again = pages_of_run(3, day="2020-02-01")  # the same pages, received again
    ingest_and_seal(root, again, TARGET, "backfill-2", None, None)
    return root, before, _files(root)


def test_a_rerun_adds_no_page_bytes_only_its_manifest_and_one_refs_file(twice):
    root, before, after = twice
    assert all(after[name] == size for name, size in before.items())
    added = sorted(set(after) - set(before))
    manifest = [n for n in added if n.startswith("manifests/00000002--backfill-2--alice/")]
    assert added == sorted(manifest + ["pages/alice/backfill-2/refs-000001.jsonl"])
    segments = [n for n in after if n.endswith(".parquet")]
    assert segments == [n for n in before if n.endswith(".parquet")]
    refs = read_refs(root / "evidence" / "pages/alice/backfill-2/refs-000001.jsonl")
    assert len(refs) == 6 and {r["kept_in"]["segment"] for r in refs} == {
        "evidence/pages/alice/backfill-1/seg-000001.parquet"
    }
    assert [r["kept_in"]["seq"] for r in refs] == list(range(6))
    page_bytes = sum(size for n, size in before.items() if n.endswith(".parquet"))
    assert after["pages/alice/backfill-2/refs-000001.jsonl"] < page_bytes


def test_verify_passes_and_names_an_altered_or_unsealed_refs_file(twice, tmp_path):
    root, _, _ = twice
    report = verify_evidence(root, start=date(2020, 2, 1))
    assert report.ok, [f"{f.path}: {f.message}" for f in report.errors]
    copy = copy_vault(root, tmp_path / "data")
    rel = "evidence/pages/alice/backfill-2/refs-000001.jsonl"
    refs = copy / rel
    refs.write_bytes(refs.read_bytes().replace(b"run.jsonl:1", b"run.jsonl:9"))
    (copy / "evidence/pages/alice/backfill-2/refs-000002.jsonl").write_bytes(b"{}\n")
    found = {(f.path, f.message) for f in verify_evidence(copy).errors}
    assert (
        rel,
        "altered: its SHA-256 differs from the one sealed in 00000002--backfill-2--alice",
    ) in found
    assert (
        "evidence/pages/alice/backfill-2/refs-000002.jsonl",
        "added or not sealed: no manifest lists this refs file (after a crash before sealing, "
        "run `tocsin seal`)",
    ) in found


def test_a_page_twice_in_one_run_is_kept_once(tmp_path):
    root = tmp_path / "data"
    pages = pages_of_run(2, day="2020-02-01")
    ingest_and_seal(root, pages + pages[:1], TARGET, "run-1", None, None)
    files = _files(root)
    assert [n for n in files if "refs-" in n] == ["pages/alice/run-1/refs-000001.jsonl"]
    assert verify_evidence(root).ok


def test_a_page_received_again_points_at_the_seq_its_segment_holds(tmp_path, monkeypatch):
    # Pages in several segments of one run (two a segment), then all of them again: each
    # reference names the segment and seq the pages' own files hold (keep.py indexes a new
    # segment's pages by the first seq it wrote, without reading the file back).
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 2)
    root = tmp_path / "data"
    list(keep_pages([*pages_of_run(6), *pages_of_run(6)], root, "run-1", "alice"))
    on_disk = known_pages(root, "alice")  # read from each segment's seq column
    assert sorted(seq for _, seq in on_disk.values()) == list(range(9))  # 6 + 3 odd pages
    assert len({segment for segment, _ in on_disk.values()}) == 5
    run = root / "evidence" / "pages" / "alice" / "run-1"
    refs = [r for path in sorted(run.glob("refs-*.jsonl")) for r in read_refs(path)]
    assert len(refs) == 9
    assert {r["page_sha256"]: (r["kept_in"]["segment"], r["kept_in"]["seq"]) for r in refs} == (
        on_disk
    )
