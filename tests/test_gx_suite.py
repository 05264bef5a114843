"""The great-expectations side: what gx_validate keeps per process (context, stored suite) stays
right when the run time changes, and when another process shares the context folder."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tasks import gx_suite
from tasks.gx_suite import build_data_docs, gx_counts, gx_validate
from tasks.validate import rule_counts
from tasks.validation_rules import MENTION_RULES
from tests.conftest import NOW, SKEW
from tests.support.batches import mixed_batch

REPO = Path(__file__).resolve().parents[1]


def _timeless(result: dict[str, Any]) -> dict[str, Any]:
    """A result without what differs between any two runs: when it ran, when GX loaded the
    batch."""
    result = copy.deepcopy(result)
    for key in ("run_id", "validation_time", "batch_markers"):
        result["meta"][key] = None
    return result


def _max_value(result: dict[str, Any], rule: str) -> str:
    (r,) = [r for r in result["results"] if r["expectation_config"]["meta"]["rule"] == rule]
    return r["expectation_config"]["kwargs"]["max_value"]


@pytest.mark.parametrize("result_format", ["BASIC", "COMPLETE"])
def test_the_result_is_the_one_validation_definition_run_gives(target, result_format):
    staging = mixed_batch(target)
    ours = gx_validate(staging, NOW, SKEW, result_format=result_format)
    definition = gx_suite._definition(None, NOW, SKEW, MENTION_RULES)
    theirs = definition.run(
        batch_parameters={"dataframe": gx_suite.to_pandas(staging)},
        result_format={"result_format": result_format},
    ).to_json_dict()
    assert _timeless(ours) == _timeless(theirs)
    assert ours["meta"]["validation_id"] == definition.id is not None
    assert ours["meta"]["batch_parameters"] == {"dataframe": "<DATAFRAME>"}


def test_the_run_time_may_change_and_change_back(target):
    # One process, several runs (a long-lived worker): each batch is checked against its own
    # run time, including a run time it has already seen.
    staging = mixed_batch(target)
    for now in (NOW, NOW + timedelta(hours=1), NOW):
        result = gx_validate(staging, now, SKEW)
        assert _max_value(result, "created_at_not_future") == (now + SKEW).isoformat()
        assert gx_counts(result) == rule_counts(staging, now, SKEW)


def test_building_a_suite_leaves_the_stored_one_alone(target):
    gx_validate(mixed_batch(target), NOW, SKEW)
    context, _ = gx_suite._context(None)
    stored = context.suites.get("mentions").to_json_dict()
    gx_suite.build_suite(NOW + timedelta(days=1), SKEW)
    assert context.suites.get("mentions").to_json_dict() == stored


_OTHER_PROCESS = """
import sys
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from tasks.gx_suite import gx_validate

staging = pl.read_parquet(sys.argv[1])
now = datetime.fromisoformat(sys.argv[2])
gx_validate(staging, now, timedelta(seconds=int(sys.argv[3])), context_root=Path(sys.argv[4]))
"""


def test_a_context_folder_shared_with_another_process(target, tmp_path):
    staging = mixed_batch(target)
    root = tmp_path / "gx"
    first = gx_validate(staging, NOW, SKEW, context_root=root)
    # Another run, an hour later, validates against the same folder from its own process and
    # stores its own suite there; this process's next batch is still checked against its own.
    staging.write_parquet(tmp_path / "batch.parquet")
    later = NOW + timedelta(hours=1)
    other = [str(tmp_path / "batch.parquet"), later.isoformat(), str(int(SKEW.total_seconds()))]
    subprocess.run([sys.executable, "-c", _OTHER_PROCESS, *other, str(root)], cwd=REPO, check=True)
    second = gx_validate(staging, NOW, SKEW, context_root=root)
    assert _max_value(second, "created_at_not_future") == (NOW + SKEW).isoformat()
    assert gx_counts(second) == gx_counts(first) == rule_counts(staging, NOW, SKEW)
    assert len(list(root.glob("gx/uncommitted/validations/mentions/*/*/*.json"))) == 3
    assert (root / "gx/uncommitted/data_docs/local_site/index.html").is_file()


def test_a_batch_can_leave_the_data_docs_to_the_end_of_its_run(target, tmp_path):
    staging = mixed_batch(target)
    root = tmp_path / "gx"
    gx_validate(staging, NOW, SKEW, context_root=root, build_docs=False)
    index = root / "gx/uncommitted/data_docs/local_site/index.html"
    assert not index.exists()
    build_data_docs(root)
    assert index.is_file()
