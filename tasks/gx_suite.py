"""The great-expectations side of validation: the suite built from the same declared rules as the
row-level quarantine, run over a run's rows (tasks.run_validation.RunValidation gathers its
batches), its result saved per run; Data Docs on request.

GX takes pandas, not Polars: one conversion per validation, of the rule columns only, through
Arrow.

Every use of GX's internals is here or in tasks/gx_shortcuts.py, and nowhere else: where GX
offers no public way to do what a batch needs, these modules own the workaround, checked on the
release named in ``GX_CHECKED`` (tests/test_gx_workarounds.py fails when another is installed,
and pins each workaround's behaviour against GX's public path):

- ``pandas_execution_engine.HASH_THRESHOLD`` set to 0 (``_context``): no dataframe fingerprint;
- ``ValidationDefinition.run`` re-done on GX's ``Validator`` (``_run_unstored``), without
  storing the result; tests/test_gx_suite.py checks the two give the same result;
- ``GX_ANALYTICS_ENABLED`` set (unless already set) just before GX is first imported (``_gx``):
  the releases that send usage analytics read it at import; 1.24 sends none;
- GX imported narrowed (``_narrowed``): its optional SQL and AWS extras (SQLAlchemy, boto3) left
  out when nothing has imported them yet, as if installed without them, and two of its
  dependencies that only expectations the suite never uses call (scipy.stats, altair: the
  distribution expectations) loaded on their first use instead of at GX's import: ~1.8 of the
  ~3.9 s of CPU that importing GX cost, paid by every ``tocsin import`` whatever its size.
  tests/test_gx_workarounds.py checks a narrowed GX gives the result a whole one gives;
- two of GX's internals answered faster for the length of one validation (``Expectation.
  configuration`` kept per expectation, metric ids made JSON-ready by a path for plain
  values): tasks/gx_shortcuts.py, the one other module that reaches into GX;
  tests/test_gx_suite.py checks the result is still ``ValidationDefinition.run``'s.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.abc
import json
import logging
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import polars as pl
import polars.selectors as cs

from tasks.files import file_lock, private_tree
from tasks.gx_shortcuts import shortcuts
from tasks.validate import rule_frame
from tasks.validation_rules import MENTION_RULES, Rule

GX_CHECKED = "1.24.1"
"""The great-expectations release the workarounds above were checked on."""


def _quiet_gx() -> None:
    for name in (
        "great_expectations",
        "great_expectations.core",
        "great_expectations.data_context",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)


def _gx() -> ModuleType:
    """great_expectations, imported on first use (``_narrowed``: ~2 s of CPU, ~3.9 s whole),
    which a process that never validates (the flow's own, a CLI command) does not pay. Usage
    analytics are off unless the environment says otherwise; GX reads the variable when it is
    imported, so it is set here, not when this module is."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if "great_expectations.expectations" not in sys.modules:
        with _narrowed():
            import great_expectations.expectations  # noqa: F401
    import great_expectations as gx

    return gx


# GX's optional extras it tries at its import (each in a try, set to GX's NotImported when
# absent): its SQL datasources and stores (SQLAlchemy), its S3 stores and Data Docs sites
# (boto3, botocore). The suite validates a pandas frame in memory and keeps its context on a
# local folder: neither is used. ~0.9 s of CPU.
LEFT_OUT = ("sqlalchemy", "boto3", "botocore")
# GX's dependencies that only the distribution expectations (KL divergence, KS tests) call, in
# their methods, none at import: ~1 s of CPU (scipy.stats) and ~0.7 s (altair, with narwhals
# and jsonschema's schemas). Loaded for real the first time anything of them is used.
DEFERRED = ("scipy.stats", "altair")


class _Deferred(ModuleType):
    """Stands for a module GX imports but does not use at its import: the first attribute asked
    of it (a function called, a class named) imports the real module, then answers from it.
    In ``sys.modules`` only while GX is imported; GX's modules keep it as their global."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)


class _LeftOut(importlib.abc.MetaPathFinder):
    """Refuses the packages named, to the thread importing GX only: another thread importing
    one of them meanwhile gets it."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names, self.thread = frozenset(names), threading.get_ident()

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.partition(".")[0] in self.names and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"{fullname}: not imported for GX (tasks.gx_suite)")


@contextlib.contextmanager
def _narrowed(
    left_out: Sequence[str] = LEFT_OUT, deferred: Sequence[str] = DEFERRED
) -> Iterator[SimpleNamespace]:
    """While GX is imported: ``left_out`` refused (those already imported, by the S3 storage or
    Prefect, stay as they are: GX then uses them as it would), ``deferred`` stood in for by a
    ``_Deferred`` each (unless already imported). Afterwards any importer gets the real
    modules. Yields what it did, ``left_out`` and ``deferred`` (the names it applied to)."""
    did = SimpleNamespace(
        left_out=[n for n in left_out if n.partition(".")[0] not in sys.modules],
        deferred=[n for n in deferred if n not in sys.modules],
    )
    finder = _LeftOut(did.left_out)
    stand_ins = {name: _Deferred(name) for name in did.deferred}
    sys.meta_path.insert(0, finder)
    sys.modules.update(stand_ins)
    try:
        yield did
    finally:
        sys.meta_path.remove(finder)
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def build_suite(now: datetime, skew: timedelta, rules: tuple[Rule, ...] = MENTION_RULES) -> Any:
    """The suite, not stored anywhere yet.

    Its expectations are handed to the constructor: ``add_expectation`` on a new suite whose
    name is already stored in the current context writes each expectation into the stored
    suite at once, which another process may be running.
    """
    gx = _gx()
    expectations = []
    for rule in rules:
        cls_name, kwargs = rule.expectation_kwargs(now, skew)
        expectations.append(getattr(gx.expectations, cls_name)(**kwargs))
    return gx.ExpectationSuite(name="mentions", expectations=expectations)


@functools.cache
def _context(context_root: Path | None) -> tuple[Any, Any]:
    """One GX context (and its dataframe batch definition) per process and root: creating a
    context costs about a second, far more than validating a batch. A file-backed one is
    created under the root's lock (see gx_validate)."""
    gx = _gx()
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


def _expectations(suite: Any) -> list[str]:
    """A suite's expectations as comparable text, ids aside: GX gives the expectations of a
    suite stored again new ids, even when nothing else about them changed."""
    return sorted(
        json.dumps({**e.configuration.to_json_dict(), "id": None}, sort_keys=True, default=str)
        for e in suite.expectations
    )


def _store_definition(
    context_root: Path | None, now: datetime, skew: timedelta, rules: tuple[Rule, ...]
) -> Any:
    """The suite and its validation definition as stored in the context.

    A file-backed context may be shared with another process (targets run in worker
    processes): a suite already stored with the same expectations is used as it is, since
    storing it again would give its expectations new ids and make the other process's copy
    stale (GX refuses to run a stale one).
    """
    gx = _gx()
    from great_expectations.exceptions import DataContextError

    context, batch_def = _context(context_root)
    wanted = build_suite(now, skew, rules)
    try:
        suite = context.suites.get(wanted.name)
    except DataContextError:
        suite = None
    if suite is None or _expectations(suite) != _expectations(wanted):
        suite = context.suites.add_or_update(wanted)
    try:
        definition = context.validation_definitions.get("mentions")
    except DataContextError:
        definition = None
    if definition is None or definition.suite != suite or definition.data.id != batch_def.id:
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(data=batch_def, suite=suite, name="mentions")
        )
    return definition


# Per context root: the run time, skew and rules last stored there by this process, and the
# validation definition stored for them.
_stored: dict[Path | None, tuple[tuple[datetime, timedelta, tuple[Rule, ...]], Any]] = {}


def _definition(
    context_root: Path | None, now: datetime, skew: timedelta, rules: tuple[Rule, ...]
) -> Any:
    """The validation definition for a run time, stored once per process and context: storing
    it cost more than validating a batch, and every batch of a run shares it.

    The suite is stored again when the run time changes (its not-future bounds do), and, in a
    file-backed context, when another process has stored its own since (GX would refuse to run
    ours: it checks what it runs against what is stored).
    """
    key = (now, skew, rules)
    held = _stored.get(context_root)
    if (
        held is None
        or held[0] != key
        or (context_root is not None and not held[1].is_fresh().success)
    ):
        held = _stored[context_root] = (key, _store_definition(context_root, now, skew, rules))
    return held[1]


def gx_rows(staging: pl.DataFrame, rules: tuple[Rule, ...] = MENTION_RULES) -> pl.DataFrame:
    """The columns of ``staging`` the suite reads, long texts as the row rules read them (a
    bounded stand-in with the same verdicts: tasks.validate.rule_frame). What a run gathers,
    batch after batch, to validate at once (tasks.run_validation.RunValidation)."""
    return rule_frame(staging, sorted({r.column for r in rules}), rules)


def to_pandas(staging: pl.DataFrame, rules: tuple[Rule, ...] = MENTION_RULES) -> Any:
    """The columns the rules look at, as the pandas frame GX validates.

    Integers go as 64-bit: GX compares int64/float64 columns in one vectorised step but calls
    Python once per value for any other width. Strings become pandas' Arrow-backed ``str``, on
    which the suite's regex runs in pyarrow (see tasks.validation_rules.NON_BLANK).
    """
    frame = gx_rows(staging, rules).with_columns(cs.integer().cast(pl.Int64))
    return frame.to_arrow().to_pandas()


def gx_validate(
    staging: pl.DataFrame,
    now: datetime,
    skew: timedelta,
    *,
    rules: tuple[Rule, ...] = MENTION_RULES,
    result_format: str = "BASIC",
    context_root: Path | None = None,
    build_docs: bool = True,
) -> dict[str, Any]:
    """Validate ``staging`` with the GX suite; returns GX's result as a JSON-ready dict.

    With ``context_root`` the validation runs in a file-backed GX context there, so its result
    shows up in the Data Docs built from it (rebuilt here unless ``build_docs`` is false: a run
    of many batches builds them once, at its end, with ``build_data_docs``).
    """
    params = {"dataframe": to_pandas(staging, rules)}
    fmt = {"result_format": result_format}
    if context_root is None:
        result = _run_unstored(_definition(None, now, skew, rules), params, fmt)
    else:
        # Worker processes may validate against the same context folder at once: whatever
        # reads or writes it (its config, the stored suite, the results, the Data Docs) is
        # done by one at a time.
        with file_lock(Path(context_root) / ".lock"):
            context, _ = _context(context_root)
            definition = _definition(context_root, now, skew, rules)
            with shortcuts():
                result = definition.run(batch_parameters=params, result_format=fmt)
            if build_docs:
                context.build_data_docs()
            private_tree(Path(context_root))  # GX writes its files with the umask's modes
    return result.to_json_dict()


def build_data_docs(context_root: Path) -> None:
    """Rebuild the Data Docs of the file-backed context at ``context_root`` from every result
    stored there (GX rebuilds them whole: ~0.3 s, growing with history, so once per run)."""
    with file_lock(Path(context_root) / ".lock"):
        context, _ = _context(context_root)
        context.build_data_docs()
        private_tree(Path(context_root))


def _run_unstored(definition: Any, params: dict[str, Any], result_format: dict[str, str]) -> Any:
    """What ``definition.run`` returns, without storing the result in the context.

    An ephemeral context keeps every result in memory, where nothing reads it, and checks
    before each run that the suite is the stored one, which nothing but this module stores:
    the two cost ~10 % of a batch's validation. The steps and the result's ``meta`` are those
    of ``ValidationDefinition.run`` (GX ``GX_CHECKED``); tests/test_gx_suite.py checks the two
    results agree.
    """
    from great_expectations.constants import DATAFRAME_REPLACEMENT_STR
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(
        batch_definition=definition.batch_definition,
        batch_parameters=params,
        result_format=result_format,
    )
    with shortcuts():
        result = validator.validate_expectation_suite(definition.suite)
    run_id = RunIdentifier(run_time=datetime.now(UTC))
    result.meta["validation_id"] = definition.id
    result.meta["checkpoint_id"] = None
    result.meta["run_id"] = run_id
    result.meta["validation_time"] = run_id.run_time
    result.meta["batch_parameters"] = {**params, "dataframe": DATAFRAME_REPLACEMENT_STR}
    return result


def gx_counts(result: dict[str, Any]) -> dict[str, int]:
    """Unexpected count per rule name, read back from a GX result."""
    counts: dict[str, int] = {}
    for r in result["results"]:
        cfg = r.get("expectation_config", r)
        meta = cfg.get("meta") or {}
        res = r.get("result", {})
        counts[meta.get("rule", cfg.get("type", "?"))] = int(res.get("unexpected_count") or 0)
    return counts
