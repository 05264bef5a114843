"""The watch flow with ``task_runner = "dask"`` (each target one task on a local Dask cluster)
returns the same summaries and stores the same rows as the watch run one target after another.

Integration: the Dask run starts a LocalCluster whose workers import the stack (~1 minute on a
loaded 2-core machine); `python -m pytest -m integration tests/test_dask_watch.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from polars.testing import assert_frame_equal

from config.settings import load_settings
from flows.watch import watch
from tasks.schema import MENTIONS, RUNS
from tasks.scoring.table import SCORES
from tasks.store import scan
from tasks.watermarks import write_watermark
from tests.test_dask_backfill import TARGETS, TARGETS_TOML, VARYING

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

# Half of seed-wave's quiet last day: a few hundred posts over the three targets.
MARK, NOW = datetime(2020, 2, 16, tzinfo=UTC), datetime(2020, 2, 16, 12, tzinfo=UTC)


def test_a_dask_watch_returns_and_stores_what_a_sequential_one_does(prefect_harness, tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text(TARGETS_TOML)
    summaries, stored = {}, {}
    for runner in ("process", "dask"):
        root = tmp_path / runner
        for name in TARGETS:
            write_watermark(root, name, "synthetic", MARK)
        settings = load_settings(data_dir=root, targets_file=targets, task_runner=runner, workers=2)
        summaries[runner] = watch(
            now=NOW, outbox=str(tmp_path / runner / "outbox"), settings=settings, site=False
        )
        stored[runner] = {}
        for table in (MENTIONS, SCORES, RUNS):
            df = scan(root, table).collect().drop(VARYING[table.name])
            stored[runner][table.name] = df.sort(df.columns)
    assert [s["target"] for s in summaries["dask"]] == list(TARGETS)
    assert sum(s["written"] for s in summaries["dask"]) > 0
    assert summaries["dask"] == summaries["process"]
    for name, df in stored["process"].items():
        try:
            assert_frame_equal(stored["dask"][name], df, check_row_order=True)
        except AssertionError as exc:
            raise AssertionError(f"table {name}: {exc}") from None
