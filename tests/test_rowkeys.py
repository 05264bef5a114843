"""rowkeys: the same rows as Polars' ``unique`` and anti-join, hashes colliding or not."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks import rowkeys

COLUMNS = ["platform", "post_id", "version"]
values = st.one_of(st.none(), st.sampled_from(["", "a", "b", "é", "1"]))
rows = st.lists(st.tuples(values, values, st.one_of(st.none(), st.integers(0, 2))), max_size=25)


def frame(items: list[tuple]) -> pl.DataFrame:
    cols = list(zip(*items, strict=True)) if items else [[], [], []]
    schema = {"platform": pl.String, "post_id": pl.String, "version": pl.Int32}
    data = dict(zip(COLUMNS, cols, strict=True))
    return pl.DataFrame(data, schema=schema).with_row_index("n")


# The fixture's patch holds for every example, as it should.
FIXTURE = HealthCheck.function_scoped_fixture


@pytest.fixture(params=["real hashes", "every hash equal"])
def hashes(request, monkeypatch):
    """Run each test with Polars' hashes and with hashes that all collide (the columns then
    decide every answer)."""
    if request.param == "every hash equal":
        monkeypatch.setattr(
            rowkeys, "row_hashes", lambda f, c: pl.Series("hash", [7] * f.height, pl.UInt64)
        )


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE])
@given(items=rows)
def test_the_first_of_each_key_are_the_rows_unique_keeps(hashes, items):
    f = frame(items)
    expected = f.unique(subset=COLUMNS, keep="first", maintain_order=True)
    assert rowkeys.first_of_each_key(f, COLUMNS).equals(expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE])
@given(items=rows, stored=rows)
def test_the_rows_absent_from_another_frame_are_those_of_the_anti_join(hashes, items, stored):
    f, other = frame(items), frame(stored).drop("n")
    expected = f.join(other, on=COLUMNS, how="anti", nulls_equal=True, maintain_order="left")
    assert rowkeys.absent_from(f, other, COLUMNS).equals(expected)
