"""The seal's read-back of each segment, done ahead in a helper process while the run loads
(tasks/evidence/sealahead.py): the seal seals the same parts it would read itself, a run that
fills no segment starts no helper, and a segment altered after it was read ahead is read again
by the seal, which stops and names it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasks.evidence import EvidenceError, rawstore, sealahead
from tasks.evidence.keep import keep_pages
from tasks.evidence.readback import read_part
from tasks.evidence.seal import seal_report
from tasks.pages import RawPage

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _pages(n: int) -> list[RawPage]:
    tweet = '{"id":"%d","text":"post %d","author_id":"7","created_at":"2026-01-01T00:00:00Z"}'
    return [
        RawPage(
            body=('{"data":[' + tweet % (2 * i, i) + "," + tweet % (2 * i + 1, i) + "]}").encode(),
            source="file",
            ref=f"page-{i}",
            retrieved_at=NOW,
            date_hint=None,
            format="auto",
            provenance={},
        )
        for i in range(n)
    ]


@pytest.fixture
def small_segments(monkeypatch) -> None:
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 3)


def _taken(monkeypatch) -> list[bool]:
    """Whether each segment the seal read came from the helper."""
    taken: list[bool] = []
    take = sealahead.take

    def spy(root, segment, target):
        part = take(root, segment, target)
        taken.append(part is not None)
        return part

    monkeypatch.setattr(sealahead, "take", spy)
    return taken


def test_the_seal_takes_from_the_helper_the_parts_it_would_read(
    tmp_path: Path, small_segments, monkeypatch
) -> None:
    list(keep_pages(_pages(10), tmp_path, "run-1", "t1", seal_ahead=True))
    assert sealahead.pending() == 4
    segments = rawstore.list_segments(tmp_path, "t1")
    ahead = [sealahead.take(tmp_path, s, "t1") for s in segments]
    assert ahead == [read_part(tmp_path, s, "t1") for s in segments]
    assert sealahead.pending() == 0  # and the helper stopped


def test_a_run_sealed_with_the_helper_seals_what_it_read_back(
    tmp_path: Path, small_segments, monkeypatch
) -> None:
    list(keep_pages(_pages(7), tmp_path, "run-1", "t1", seal_ahead=True))
    taken = _taken(monkeypatch)
    sealed = seal_report(tmp_path, "run-1", "t1", signing_key=None, tsa_url=None, now=NOW)
    assert taken == [True, True, True]
    assert "sealed 14 records in 7 pages" in sealed.describe()


def test_a_run_that_fills_no_segment_starts_no_helper(tmp_path: Path, monkeypatch) -> None:
    list(keep_pages(_pages(2), tmp_path, "run-1", "t1", seal_ahead=True))
    assert sealahead.pending() == 0
    taken = _taken(monkeypatch)
    seal_report(tmp_path, "run-1", "t1", signing_key=None, tsa_url=None, now=NOW)
    assert taken == [False]


def test_a_segment_altered_after_it_was_read_ahead_stops_the_seal(
    tmp_path: Path, small_segments, monkeypatch
) -> None:
    list(keep_pages(_pages(7), tmp_path, "run-1", "t1", seal_ahead=True))
    first = rawstore.list_segments(tmp_path, "t1")[0]
    assert sealahead.take(tmp_path, first, "t1") is not None  # read ahead, then given back
    sealahead.start(tmp_path, first, "t1", full=True)
    data = bytearray(first.read_bytes())
    data[len(data) // 2] ^= 0xFF
    first.write_bytes(bytes(data))
    with pytest.raises(EvidenceError, match="seg-000001"):
        seal_report(tmp_path, "run-1", "t1", signing_key=None, tsa_url=None, now=NOW)
    sealahead.drop(tmp_path, "t1")
    assert sealahead.pending() == 0


def test_a_helper_that_stops_answering_is_stopped_and_the_seal_reads_itself(
    tmp_path: Path, small_segments, monkeypatch
) -> None:
    # A helper that reads its requests and never answers (a stuck one).
    monkeypatch.setattr(sealahead, "HELPER", ["-c", "import sys; sys.stdin.buffer.read()"])
    monkeypatch.setattr(sealahead, "WAIT_SECONDS", 0.5)
    list(keep_pages(_pages(7), tmp_path, "run-1", "t1", seal_ahead=True))
    assert sealahead.pending() == 3
    taken = _taken(monkeypatch)
    sealed = seal_report(tmp_path, "run-1", "t1", signing_key=None, tsa_url=None, now=NOW)
    assert "sealed 14 records in 7 pages" in sealed.describe()
    assert taken == [False, False, False]  # the first waited, then the helper was given up
    assert sealahead.helper_pid() is None and sealahead.pending() == 0


def test_tocsin_import_of_a_file_filling_segments_seals_from_the_helper_and_verifies(
    settings, write_jsonl, monkeypatch
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from typer.testing import CliRunner

    from flows.cli import app
    from tasks.evidence import verify_evidence
    from tests.conftest import page, tweet

    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 40)
    taken = _taken(monkeypatch)
    lines = [page([tweet(str(1000 + i), text=f"@alice_reporter post {i}")]) for i in range(130)]
    path = write_jsonl("pages.jsonl", lines)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(settings.targets_file))
    args = ["import", str(path), "--target", "alice", "--data-dir", str(settings.data_dir)]
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert taken == [True, True, True, True]  # 40 + 40 + 40 + 10 pages
    report = verify_evidence(settings.data_dir)
    assert report.ok, report.errors
    assert sealahead.pending() == 0 and sealahead.helper_pid() is None
