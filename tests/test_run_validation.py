"""great-expectations once over a run's rows, cross-checked with the row rules' counts summed
over its batches (tasks.run_validation.RunValidation), and the retries of the steps run inside a group."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks import run_validation
from tasks.errors import SelfCheckFailed, TocsinError
from tasks.gx_suite import gx_counts
from tasks.ingest import retried
from tasks.run_validation import RunValidation
from tasks.validate import rule_counts, split
from tests.conftest import NOW, SKEW
from tests.support.batches import mixed_batch


def _batches(target) -> list[pl.DataFrame]:
    rows = mixed_batch(target)
    return [rows.slice(0, 2), rows.slice(2, 3), rows.slice(5)]


def test_one_validation_covers_every_batch_and_agrees_with_the_row_rules(target, tmp_path):
    batches = _batches(target)
    run = RunValidation(NOW, SKEW, validation_dir=tmp_path)
    for batch in batches:
        valid, rejected = run.split(batch)
        want_valid, want_rejected = split(batch, NOW, SKEW)
        assert_frame_equal(valid, want_valid)
        assert_frame_equal(rejected, want_rejected)
    assert list(tmp_path.iterdir()) == []  # nothing validated by GX yet
    result = run.check()
    assert run.checked == 1 and run.check() is None
    assert [p.name for p in tmp_path.iterdir()] == ["result-0000.json"]
    assert json.loads((tmp_path / "result-0000.json").read_text()) == json.loads(
        json.dumps(result, default=str)
    )
    everything = pl.concat(batches)
    assert {r["result"]["element_count"] for r in result["results"]} == {everything.height}
    assert gx_counts(result) == rule_counts(everything, NOW, SKEW)
    assert sum(gx_counts(result).values()) > 0


def test_gathered_rows_are_validated_once_they_reach_the_bound(target, tmp_path):
    run = RunValidation(NOW, SKEW, validation_dir=tmp_path, gather_bytes=1)
    for batch in _batches(target):
        run.split(batch)
    assert run.check() is None  # each batch was over the bound: validated as it came
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"result-000{i}.json" for i in range(3)]


def test_a_disagreement_with_great_expectations_stops_the_run(target, monkeypatch):
    real = run_validation.split_counted

    def miscounted(staging, now, skew):
        valid, rejected, counts = real(staging, now, skew)
        return valid, rejected, {**counts, "text_non_blank": counts["text_non_blank"] + 1}

    monkeypatch.setattr(run_validation, "split_counted", miscounted)
    run = RunValidation(NOW, SKEW)
    for batch in _batches(target):
        run.split(batch)
    with pytest.raises(SelfCheckFailed) as err:
        run.check()
    assert str(err.value) == (
        "row rules and great-expectations disagree on the failures of the run's 7 rows since "
        "the last check (rule: (row rules, GX)): {'text_non_blank': (4, 1)}; both are built from "
        "tasks/validation_rules.py, so one of them is wrong: the run's valid rows are not "
        "committed"
    )


def test_a_step_in_a_group_retries_transient_errors_only():
    calls = []

    def flaky(fail_with: list[BaseException]) -> str:
        calls.append(1)
        if fail_with:
            raise fail_with.pop(0)
        return "done"

    assert retried(flaky, delays=(0, 0))([OSError("disk full"), TimeoutError()]) == "done"
    assert len(calls) == 3
    with pytest.raises(OSError, match="still full"):
        retried(flaky, delays=(0, 0))([OSError("a"), OSError("b"), OSError("still full")])
    calls.clear()

    class Clear(TocsinError, OSError):
        pass

    with pytest.raises(Clear):
        retried(flaky, delays=(0, 0))([Clear("ours")])
    assert len(calls) == 1
