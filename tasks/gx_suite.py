"""The great-expectations side of validation: the suite built from the same declared rules as the
row-level quarantine, run on each batch, its result saved per run; Data Docs on request.

GX takes pandas, not Polars: one conversion per batch, of the rule columns only, through Arrow.
"""

from __future__ import annotations

import functools
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import polars.selectors as cs

from tasks.rules import MENTION_RULES, Rule

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _quiet_gx() -> None:
    for name in (
        "great_expectations",
        "great_expectations.core",
        "great_expectations.data_context",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)


def build_suite(now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES) -> Any:
    import great_expectations as gx
    import great_expectations.expectations as gxe

    suite = gx.ExpectationSuite(name="mentions")
    for rule in rules:
        cls_name, kwargs = rule.expectation_kwargs(now, skew)
        suite.add_expectation(getattr(gxe, cls_name)(**kwargs))
    return suite


@functools.cache
def _context(context_root: Path | None) -> tuple[Any, Any]:
    """One GX context (and its dataframe batch definition) per process and root: creating a
    context costs about a second, far more than validating a batch."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    _quiet_gx()
    # GX fingerprints every dataframe under 1 GB (an md5 over pandas' per-row hashes, kept as a
    # batch marker in the result) and skips larger ones. Nothing reads it, it checks nothing,
    # and it cost more than the checks themselves (~1.3 s per million rows): skip it always.
    # Every expectation still runs on every row. The raw records are hashed by tasks.evidence.
    pandas_execution_engine.HASH_THRESHOLD = 0
    if context_root is None:
        context = gx.get_context(mode="ephemeral")
    else:
        context = gx.get_context(mode="file", project_root_dir=str(context_root))
    # GX draws a progress bar per validation on stderr; a nightly run's log is no place for it.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("tocsin")
    names = {a.name for a in source.assets}
    asset = (
        source.get_asset("mentions")
        if "mentions" in names
        else source.add_dataframe_asset("mentions")
    )
    batch_names = {b.name for b in asset.batch_definitions}
    batch_def = (
        asset.get_batch_definition("batch")
        if "batch" in batch_names
        else asset.add_batch_definition_whole_dataframe("batch")
    )
    return context, batch_def


@functools.lru_cache(maxsize=8)
def _definition(
    context_root: Path | None, now: datetime, skew: timedelta, rules: tuple[Rule, ...]
) -> Any:
    """The suite and its validation definition, stored once per run time: storing them cost
    more than validating a batch, and every batch of a run shares them."""
    import great_expectations as gx

    context, batch_def = _context(context_root)
    suite = context.suites.add_or_update(build_suite(now, skew, rules))
    return context.validation_definitions.add_or_update(
        gx.ValidationDefinition(data=batch_def, suite=suite, name="mentions")
    )


def to_pandas(staging: pl.DataFrame, rules: tuple[Rule, ...] = MENTION_RULES) -> Any:
    """The columns the rules look at, as the pandas frame GX validates.

    Integers go as 64-bit: GX compares int64/float64 columns in one vectorised step but calls
    Python once per value for any other width. Strings become pandas' Arrow-backed ``str``, on
    which the suite's regex runs in pyarrow (see tasks.rules.NON_BLANK).
    """
    columns = sorted({r.column for r in rules})
    frame = staging.select(columns).with_columns(cs.integer().cast(pl.Int64))
    return frame.to_arrow().to_pandas()


def gx_validate(
    staging: pl.DataFrame,
    now: datetime,
    skew: timedelta,
    *,
    rules: tuple[Rule, ...] = MENTION_RULES,
    result_format: str = "BASIC",
    context_root: Path | None = None,
) -> dict[str, Any]:
    """Validate ``staging`` with the GX suite; returns GX's result as a JSON-ready dict.

    With ``context_root`` the validation runs in a file-backed GX context there, so its result
    shows up in the Data Docs built from it.
    """
    context, _ = _context(context_root)
    definition = _definition(context_root, now, skew, rules)
    result = definition.run(
        batch_parameters={"dataframe": to_pandas(staging, rules)},
        result_format={"result_format": result_format},
    )
    if context_root is not None:
        context.build_data_docs()
    return result.to_json_dict()


def gx_counts(result: dict[str, Any]) -> dict[str, int]:
    """Unexpected count per rule name, read back from a GX result."""
    counts: dict[str, int] = {}
    for r in result["results"]:
        cfg = r.get("expectation_config", r)
        meta = cfg.get("meta") or {}
        res = r.get("result", {})
        counts[meta.get("rule", cfg.get("type", "?"))] = int(res.get("unexpected_count") or 0)
    return counts
