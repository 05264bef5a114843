"""great-expectations run ahead, in a helper process (tasks/gxahead.py), for a large run's rows:
the same results as validating in the run's own process, the same check against the row rules
before anything is committed, and a helper that ends or stops answering costs nothing but time
(the run validates what it was not answered itself)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tasks import gxahead, run_validation
from tasks.errors import SelfCheckFailed
from tasks.run_validation import RunValidation
from tests.conftest import NOW, SKEW
from tests.support.batches import mixed_batch


def _batches(target) -> list[pl.DataFrame]:
    rows = mixed_batch(target)
    return [rows.slice(0, 2), rows.slice(2, 3), rows.slice(5), rows]


def _results(folder: Path) -> list[list[dict]]:
    """Each result file's per-expectation outcomes (what GX found, its run's times aside)."""
    out = []
    for path in sorted(folder.iterdir()):
        result = json.loads(path.read_text())
        out.append(
            [
                {"rule": r["expectation_config"]["meta"]["rule"], **r["result"]}
                | {"success": r["success"]}
                for r in result["results"]
            ]
        )
    return out


def _submitted(monkeypatch) -> list[int]:
    """The row count of each request sent to a helper."""
    sent: list[int] = []
    submit = gxahead.Checker.submit

    def spy(self, rows, now, skew):
        sent.append(rows.height)
        return submit(self, rows, now, skew)

    monkeypatch.setattr(gxahead.Checker, "submit", spy)
    return sent


def test_rows_validated_by_the_helper_give_the_results_validated_here(
    target, tmp_path, monkeypatch
) -> None:
    sent = _submitted(monkeypatch)
    here = RunValidation(NOW, SKEW, validation_dir=tmp_path / "here", gather_bytes=1)
    ahead = RunValidation(NOW, SKEW, validation_dir=tmp_path / "ahead", gather_bytes=1, ahead=True)
    for batch in _batches(target):
        assert here.split(batch) is not None
        ahead.split(batch)
    here.check()
    ahead.check()
    assert sent == [b.height for b in _batches(target)]  # every batch went to the helper
    assert ahead.checked == here.checked == 4
    assert ahead.helper is None  # stopped at the check
    assert _results(tmp_path / "ahead") == _results(tmp_path / "here")
    failed = {r["rule"]: r["unexpected_count"] for r in _results(tmp_path / "ahead")[3]}
    assert failed["text_non_blank"] == 1 and failed["created_at_not_future"] == 1


def test_a_run_that_gathers_less_than_the_bound_starts_no_helper(target, tmp_path, monkeypatch):
    sent = _submitted(monkeypatch)
    run = RunValidation(NOW, SKEW, validation_dir=tmp_path, ahead=True)
    for batch in _batches(target):
        run.split(batch)
    result = run.check()
    assert sent == [] and run.helper is None
    assert run.checked == 1 and result is not None and result["success"] is False


def test_a_disagreement_found_by_the_helper_stops_the_run_before_the_commit(
    target, monkeypatch
) -> None:
    real = run_validation.split_counted

    def miscounted(staging, now, skew):
        valid, rejected, counts = real(staging, now, skew)
        return valid, rejected, {**counts, "text_non_blank": counts["text_non_blank"] + 1}

    monkeypatch.setattr(run_validation, "split_counted", miscounted)
    sent = _submitted(monkeypatch)
    run = RunValidation(NOW, SKEW, gather_bytes=1, ahead=True)
    with pytest.raises(SelfCheckFailed) as err:
        for batch in _batches(target)[:3]:
            run.split(batch)
        run.check()
    assert sent  # the helper answered, and its answer was compared
    assert "row rules and great-expectations disagree on the failures of the run's" in str(
        err.value
    )
    assert "the run's valid rows are not committed" in str(err.value)


@pytest.mark.parametrize(
    ("helper", "wait"),
    [
        (["-c", "pass"], gxahead.WAIT_SECONDS),  # ends at once: its pipe breaks
        (["-c", "import sys; sys.stdin.buffer.read()"], 0.5),  # reads, never answers
    ],
    ids=["ended", "stuck"],
)
def test_what_a_failed_helper_did_not_answer_is_validated_here(
    target, tmp_path, monkeypatch, helper, wait
) -> None:
    monkeypatch.setattr(gxahead, "HELPER", helper)
    monkeypatch.setattr(gxahead, "WAIT_SECONDS", wait)
    sent = _submitted(monkeypatch)
    here = RunValidation(NOW, SKEW, validation_dir=tmp_path / "here", gather_bytes=1)
    ahead = RunValidation(NOW, SKEW, validation_dir=tmp_path / "ahead", gather_bytes=1, ahead=True)
    for batch in _batches(target):
        here.split(batch)
        ahead.split(batch)
    here.check()
    ahead.check()
    assert sent  # the helper was tried, and given up
    assert ahead.checked == 4 and ahead.helper is None
    assert _results(tmp_path / "ahead") == _results(tmp_path / "here")


def test_tocsin_import_of_a_large_file_validates_in_the_helper(
    settings, write_jsonl, monkeypatch
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from typer.testing import CliRunner

    from flows.cli import app
    from tasks import ingest
    from tasks.runs import last_runs
    from tests.conftest import page, tweet

    monkeypatch.setattr(ingest, "GX_AHEAD_BYTES", 1)  # every batch is "large"
    sent = _submitted(monkeypatch)
    lines = [page([tweet(str(1000 + i), text=f"@alice_reporter post {i}")]) for i in range(50)]
    lines.append(page([tweet("9", text="   ")]))  # one quarantined: blank text
    path = write_jsonl("pages.jsonl", lines)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(settings.targets_file))
    monkeypatch.setenv("TOCSIN_BATCH_SIZE", "20")
    args = ["import", str(path), "--target", "alice", "--data-dir", str(settings.data_dir)]
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sum(sent) == 51 and len(sent) >= 2
    (run,) = last_runs(settings.data_dir, 1).to_dicts()
    assert run["status"] == "ok" and run["valid"] == 50 and run["quarantined"] == 1
    files = sorted((settings.data_dir / "validation").rglob("result-*.json"))
    assert len(files) == len(sent)
    blank = [
        r["result"]["unexpected_count"]
        for f in files
        for r in json.loads(f.read_text())["results"]
        if r["expectation_config"]["meta"]["rule"] == "text_non_blank"
    ]
    assert sum(blank) == 1
