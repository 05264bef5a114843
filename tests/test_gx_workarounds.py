"""The workarounds tasks/gx_suite.py keeps for GX's internals: checked on one GX release, and
each pinned against what GX's public path does (the re-done ``ValidationDefinition.run`` is
pinned in tests/test_gx_suite.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import polars as pl
from great_expectations.execution_engine import pandas_execution_engine

from tasks import gx_suite
from tasks.gx_suite import GX_CHECKED, gx_validate
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.validation_rules import MENTION_RULES
from tests.conftest import NOW, SKEW, page, tweet

REPO = Path(__file__).resolve().parents[1]


def _batch(target) -> pl.DataFrame:
    body = page([tweet("1"), tweet("2", text=""), tweet("3", created_at="2099-01-01T00:00:00Z")])
    return parse_pages([RawPage(body, "file", "f:1", datetime(2020, 2, 2, tzinfo=UTC))], target)[0]


def test_the_workarounds_were_checked_on_the_installed_gx():
    # Another release may have moved what they reach into: check them again, then the pin.
    assert version("great-expectations") == GX_CHECKED


def test_skipping_the_fingerprint_changes_only_the_batch_marker(target, monkeypatch):
    staging = _batch(target)
    ours = gx_validate(staging, NOW, SKEW, result_format="COMPLETE")
    # GX's own behaviour: every dataframe under 1 GB fingerprinted.
    monkeypatch.setattr(pandas_execution_engine, "HASH_THRESHOLD", 1e9)
    definition = gx_suite._definition(None, NOW, SKEW, MENTION_RULES)
    theirs = definition.run(
        batch_parameters={"dataframe": gx_suite.to_pandas(staging)},
        result_format={"result_format": "COMPLETE"},
    ).to_json_dict()
    assert "pandas_data_fingerprint" in theirs["meta"]["batch_markers"]
    assert "pandas_data_fingerprint" not in ours["meta"]["batch_markers"]
    for result in (ours, theirs):
        for key in ("run_id", "validation_time", "batch_markers"):
            result["meta"][key] = None
    assert ours == theirs
    assert ours["success"] is False
    assert {r["result"]["unexpected_count"] for r in ours["results"]} != {0}


def test_analytics_are_turned_off_when_gx_is_first_used_not_when_the_module_is_imported():
    code = (
        "import os; os.environ.pop('GX_ANALYTICS_ENABLED', None); "
        "from tasks import gx_suite; print(os.environ.get('GX_ANALYTICS_ENABLED')); "
        "gx_suite._gx(); print(os.environ.get('GX_ANALYTICS_ENABLED'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["None", "false"]
