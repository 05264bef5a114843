"""The workarounds tasks/gx_suite.py and tasks/gx_shortcuts.py keep for GX's internals: checked
on one GX release, and each pinned against what GX's public path does (the re-done
``ValidationDefinition.run`` is pinned in tests/test_gx_suite.py)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import polars as pl
import pytest

from tasks import gx_shortcuts, gx_suite
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
    # GX's own behaviour: every dataframe under 1 GB fingerprinted. (Imported here: importing GX
    # takes seconds, which every pytest worker would pay to collect this module.)
    from great_expectations.execution_engine import pandas_execution_engine

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


# A fresh process validates a batch with COMPLETE results and prints them (the ids GX draws at
# random and its times aside) with the modules it holds; with "whole", GX is imported in full
# first.
_VALIDATE = """
import json, sys
from datetime import UTC, datetime
if "whole" in sys.argv:
    import great_expectations.expectations
from config.targets import Target
from tasks.gx_suite import gx_validate
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tests.support.wire import NOW, SKEW, page, tweet
target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
body = page([tweet("1"), tweet("2", text=""), tweet("3", created_at="2099-01-01T00:00:00Z")])
staging = parse_pages([RawPage(body, "file", "f:1", datetime(2020, 2, 2, tzinfo=UTC))], target)[0]
result = gx_validate(staging, NOW, SKEW, result_format="COMPLETE")
for key in ("run_id", "validation_time", "validation_id"):
    result["meta"][key] = None
result["meta"]["batch_markers"]["ge_load_time"] = None
for each in result["results"]:
    each["expectation_config"]["id"] = None
print(json.dumps({"result": result, "modules": sorted(sys.modules)}, default=str))
"""


def _validated(*argv: str) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", _VALIDATE, *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return json.loads(run.stdout.splitlines()[-1])


# Slow (~20 s): imports the whole of GX in a process of its own. By default,
# tests/test_validate.py cross-checks the narrowed GX with the row rules.
@pytest.mark.slow
def test_a_narrowed_gx_validates_as_a_whole_one():
    narrowed, whole = _validated(), _validated("whole")
    assert narrowed["result"] == whole["result"]
    assert narrowed["result"]["success"] is False
    assert {r["result"]["unexpected_count"] for r in narrowed["result"]["results"]} != {0}
    spared = {*gx_suite.LEFT_OUT, *gx_suite.DEFERRED}
    assert spared <= set(whole["modules"])
    assert not spared & set(narrowed["modules"])


def test_what_gx_defers_still_works_once_used_and_what_it_left_out_imports_afterwards():
    code = (
        "import sys; from tasks import gx_suite; gx_suite._gx(); "
        "from great_expectations.expectations.core import "
        "expect_column_kl_divergence_to_be_less_than as kl; "
        "print(type(kl.stats).__name__, 'scipy.stats' in sys.modules); "
        "print(round(float(kl.stats.entropy([0.5, 0.5], [0.9, 0.1])), 4), kl.alt.Chart.__name__); "
        "import scipy.stats, sqlalchemy, boto3; "
        "print(kl.stats.entropy is scipy.stats.entropy, type(scipy.stats).__name__, "
        "sqlalchemy.__name__, boto3.__name__)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == [
        "_Deferred", "False", "0.5108", "Chart", "True", "module", "sqlalchemy", "boto3",
    ]  # fmt: skip


def test_left_out_refuses_the_thread_importing_gx_only():
    name = "colorsys"  # a module nothing here imports
    sys.modules.pop(name, None)
    got: list = []
    with gx_suite._narrowed(left_out=(name,), deferred=()) as did:
        assert did.left_out == [name]
        with pytest.raises(ModuleNotFoundError, match="not imported for GX"):
            importlib.import_module(name)
        other = threading.Thread(target=lambda: got.append(importlib.import_module(name)))
        other.start()
        other.join()
    assert got[0].__name__ == name
    assert importlib.import_module(name) is got[0]


def test_a_deferred_module_is_the_real_one_once_used_and_only_while_gx_is_imported():
    name = "wave"  # a module nothing here imports
    sys.modules.pop(name, None)
    with gx_suite._narrowed(left_out=(), deferred=(name,)) as did:
        stand_in = importlib.import_module(name)
        assert did.deferred == [name]
        assert type(stand_in).__name__ == "_Deferred"
    assert name not in sys.modules
    real = importlib.import_module(name)
    assert stand_in.Error is real.Error
    assert importlib.import_module(name) is real


def test_a_validation_builds_each_configuration_once_and_gx_alone_rebuilds_it(target):
    gx_validate(_batch(target), NOW, SKEW)  # installs the keeper
    suite = gx_suite.build_suite(NOW, SKEW)
    expectation = suite.expectations[0]
    # Outside a validation, GX's own behaviour: a new configuration at each read.
    assert expectation.configuration is not expectation.configuration
    assert expectation.configuration == expectation.configuration
    seen: list = []
    with gx_shortcuts.shortcuts():
        first = expectation.configuration
        assert expectation.configuration is first
        assert first == suite.expectations[0].configuration
        other = threading.Thread(target=lambda: seen.append(gx_shortcuts.KEPT.get()))
        other.start()
        other.join()
    assert seen == [None]  # another thread's validation keeps its own, or none
    assert expectation.configuration is not first
    assert gx_shortcuts.KEPT.get() is None


def test_kept_configurations_do_not_outlive_a_validation_that_fails(target):
    with pytest.raises(RuntimeError), gx_shortcuts.shortcuts():
        raise RuntimeError("a validation that fails")
    assert gx_shortcuts.KEPT.get() is None


def test_metric_ids_are_gx_own_for_plain_values_and_left_to_gx_otherwise(target):
    """``json_ready`` gives what GX's ``convert_to_json_serializable`` gives, for the plain
    values metric keyword arguments hold, and hands anything else to it."""
    import enum

    import numpy as np
    from great_expectations.core.id_dict import IDDict
    from great_expectations.util import convert_to_json_serializable as gx_json

    gx_validate(_batch(target), NOW, SKEW)  # installs the shortcut
    handed: list = []

    def fallback(value):
        handed.append(value)
        return gx_json(value)

    class Colour(enum.Enum):
        RED = "red"

    plain = {
        "column": "text",
        "mostly": 1.0,
        "n": 3,
        "strict": True,
        "row_condition": None,
        "nan": float("nan"),
        2: ["a", ("b", 1.5, None)],
        "nested": {"value_set": ["fr", "en"], "parse": False},
    }
    other = {"colour": Colour.RED, "count": np.int64(4), "ratio": np.float32(0.25)}
    for value in (plain, other, IDDict(plain)):
        assert gx_shortcuts.json_ready(value, fallback) == gx_json(value)
    # Plain values never reach GX's; an enum, numpy scalars and a dict subclass do, whole
    assert [type(h) for h in handed] == [Colour, np.int64, np.float32, IDDict]
    # The ids themselves, inside a validation of ours and outside one (GX's own)
    kwargs = IDDict({"column": "lang", "value_set": ["fr", "en", None], "mostly": 0.5})
    outside = kwargs.to_id()
    with gx_shortcuts.shortcuts():
        assert kwargs.to_id() == outside
