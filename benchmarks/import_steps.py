"""CPU seconds, page faults and peak memory per step of one `tocsin import`, in this process
(issue 17, goals 1 and 5).

    python -m benchmarks.import_steps FILE [--work DIR]

``tasks.lifecycle.import_plain`` (what `tocsin import` runs without a Prefect API) of FILE for one
target, ``t0000`` (handle ``target_0``, as benchmarks.single_target generates), with each step's
function wrapped: the user and system CPU seconds (``getrusage``: all threads of the process, so
a step run in threads counts their sum) and the minor page faults it took, summed over its calls,
and how far it raised the process's peak RSS (``ru_maxrss`` after each call less before it:
the steps that set the peak; docs/benchmarks.md, 2026-12-07).
Nested steps are indented under the step that calls them and are counted in it too. The garbage
collector's own CPU seconds are printed apart. On a shared machine only CPU seconds compare, and
only between runs alternated in the same minutes (A B A B), never wall times.

Steps not found (code of another revision) are left out, so the same command measures the code
before a change: ``PYTHONPATH=<checkout> python -m benchmarks.import_steps FILE``.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (module, class or None, function, label): the steps, in the order a run reaches them.
STEPS = [
    ("tasks.evidence.keep", None, "_keep", "keep (evidence copy)"),
    ("tasks.evidence.rawstore", None, "_write_segment_file", "  segment Parquet write"),
    ("tasks.evidence.keep", None, "pages_refs", "  media refs found in memory"),
    ("tasks.parse", "_Builder", "add_page", "parse add_page"),
    ("tasks.parse", "_Builder", "frame", "parse frame"),
    ("tasks.formats.x_columns", None, "read", "  x_columns.read"),
    ("tasks.run_validation", "RunValidation", "split", "validate split (with a GX check)"),
    ("tasks.run_validation", "RunValidation", "check", "validate GX check"),
    ("tasks.ingest", None, "store_batch", "store_batch"),
    ("tasks.spool", "Spool", "add", "  spool add"),
    ("tasks.ingest", None, "commit_mentions", "commit_mentions"),
    ("tasks.lifecycle", None, "bring_up_to_date", "derive"),
    ("tasks.derive", None, "score_partitions", "  score_partitions"),
    ("tasks.derive", None, "score_quarantine", "  score_quarantine"),
    ("tasks.derive", None, "recompute_daily", "  aggregate"),
    ("tasks.scoring", None, "stance_daily", "    stance_daily"),  # imported when called
    ("tasks.aggregate", None, "compute_daily", "    compute_daily"),
    ("tasks.lifecycle", None, "fetch_media", "fetch_media"),
    ("tasks.evidence.media", None, "read_back", "  segments read back"),
    ("tasks.lifecycle", None, "seal_report", "seal"),
    ("tasks.evidence.seal", None, "read_part", "  read_part"),
    ("tasks.evidence.seal", None, "collect", "  collect"),
]


def _usage() -> tuple[float, float, int, float]:
    """User and system CPU seconds, minor page faults, peak RSS in MB (Linux counts KB)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime, r.ru_minflt, r.ru_maxrss / 1024


def _wrapped(fn: Callable[..., Any], totals: list[float]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        u0, s0, f0, m0 = _usage()
        try:
            return fn(*args, **kwargs)
        finally:
            u1, s1, f1, m1 = _usage()
            totals[0] += u1 - u0
            totals[1] += s1 - s0
            totals[2] += f1 - f0
            totals[3] += 1
            totals[4] += m1 - m0

    return call


def instrument() -> dict[str, list[float]]:
    """Wrap every step found; {label: [user s, system s, page faults, calls, MB the peak RSS
    rose]}, filled as it runs."""
    out: dict[str, list[float]] = {}
    for module, cls, name, label in STEPS:
        try:
            owner: Any = importlib.import_module(module)
        except ImportError:
            continue
        owner = getattr(owner, cls, None) if cls else owner
        fn = getattr(owner, name, None) if owner is not None else None
        if fn is None:
            continue
        out[label] = [0.0, 0.0, 0, 0, 0.0]
        setattr(owner, name, _wrapped(fn, out[label]))
    return out


def collector_time() -> list[float]:
    """[CPU seconds, collections] of Python's cycle collector from now on."""
    spent, started = [0.0, 0], [0.0]

    def track(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[0] += time.process_time() - started[0]
            spent[1] += 1

    gc.callbacks.append(track)
    return spent


def run(data: Path, work: Path) -> list[str]:
    """Import ``data`` under ``work`` (emptied first) with every step measured; the report."""
    from benchmarks.single_target import TARGET, write_config

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = write_config(work)
    steps = instrument()
    from tasks.lifecycle import import_plain

    spent = collector_time()
    u0, s0, f0, _ = _usage()
    row = import_plain([str(data)], TARGET, config_file=str(config))
    u1, s1, f1, peak = _usage()
    lines = [
        f"{row['records_in']:,} records, {row['valid']:,} valid, {row['quarantined']:,} "
        f"quarantined, {row['written']:,} written, status {row['status']}",
        f"{'step':36s} {'user':>7s} {'system':>7s} {'CPU s':>7s} {'faults':>9s} {'calls':>6s} "
        f"{'peak +MB':>8s}",
    ]
    for label, (user, system, faults, calls, rose) in steps.items():
        if calls:
            lines.append(
                f"{label:36s} {user:7.2f} {system:7.2f} {user + system:7.2f} "
                f"{int(faults):9,d} {int(calls):6,d} {rose:8,.0f}"
            )
    lines += [
        f"{'the import, in all':36s} {u1 - u0:7.2f} {s1 - s0:7.2f} {u1 - u0 + s1 - s0:7.2f} "
        f"{f1 - f0:9,d}",
        f"Python's cycle collector: {spent[0]:.2f} s CPU in {spent[1]:,} collections; peak RSS "
        f"{peak:,.0f} MB",
    ]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("file", type=Path, help="X API v2 pages, one a line (single_target's input).")
    ap.add_argument("--work", type=Path, help="Scratch folder (default: a temporary one).")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="import-steps-"))
    try:
        print("\n".join(run(args.file, work)))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
