"""Tocsin's stages as plain functions over one benchmark input (run by benchmarks.pipeline).

    python -m benchmarks.run_tocsin DATA [--workers N]

Targets are independent, as in a nightly run: with ``--workers 1`` they run in this process,
loaded one after another then derived together (each stage's time is then its own wall time:
the per-stage profile); with more, the targets are dealt into one group per worker process, as
``nightly`` runs them (end to end is the wall clock; stage times are summed over the workers, so
they add up to more than it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks.measure import Stages, hwm_mb, reset_peak, tree_peak
from config.targets import Target
from tasks.schema import MENTIONS

BATCH = 200_000
SKEW = timedelta(minutes=5)


def targets_of(data: Path) -> list[tuple[Target, Path]]:
    return [
        (
            Target(
                name=p.stem, timezone="Europe/Paris", handles={"x": f"target_{int(p.stem[1:])}"}
            ),
            p,
        )
        for p in sorted(data.glob("t*.jsonl"))
    ]


def _load_target(target: Target, path: Path, root: Path, now: datetime, st: Stages) -> int:
    """One target's pages kept, parsed, validated and stored, as a nightly run does; records."""
    from tasks.evidence import keep_pages
    from tasks.gx_suite import gx_validate
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.sources.file import FileSource
    from tasks.validate import split

    records = 0
    pages = FileSource([path], now=now).pages(target)
    # The evidence copy is written as pages stream through; its time lands in "parse". Not kept
    # ahead in a thread: a group's worker processes do not (tasks.ingest.load_pages, ``ahead``).
    batches = parse_batches(keep_pages(pages, root, "bench", target.name), target, BATCH)
    while True:
        with st.stage("parse"):
            item = next(batches, None)
        if item is None:
            break
        staging, _ = item
        records += staging.height
        with st.stage("validate"):
            valid, rejected = split(staging, now, SKEW)
            gx_validate(staging, now, SKEW)
        with st.stage("dedupe+write"):
            store_batch(root, valid, rejected, "bench")
    return records


def run_group(jobs: list[tuple[Target, Path]], root: Path, now: datetime) -> list[dict]:
    """A worker's targets, as ``nightly`` runs them (tasks/grouped.py): each one's pages kept,
    parsed, validated and stored in turn; then all of them scored and aggregated together
    (``derive_many``: their posts scored in one call); then each one sealed. Each target's
    "score" and "aggregate" are its derivation's own timings (its share of the shared call
    included); their peak RSS is the shared derivation's."""
    from tasks.derive import derive_many
    from tasks.evidence.seal import seal_report

    stages = [Stages() for _ in jobs]
    records = [_load_target(t, p, root, now, st) for (t, p), st in zip(jobs, stages, strict=True)]
    reset_peak()
    derived = derive_many(
        root, [(t.name, t.timezone) for t, _ in jobs], young_days=30, scorer_name="rules"
    )
    shared_peak = hwm_mb()  # one derivation for all: its peak is each one's score and aggregate
    for (target, _), st, d in zip(jobs, stages, derived, strict=True):
        if isinstance(d, Exception):
            raise d
        for name in ("score", "aggregate"):
            st.seconds[name] += d.timings.get(name, 0.0)
            st.peak[name] = max(st.peak[name], shared_peak)
        st.overall_peak = max(st.overall_peak, shared_peak)
        with st.stage("seal"):
            seal_report(root, "bench", target.name, signing_key=None, tsa_url=None, now=now)
    return [
        {"records": n, "stages": st.result(), "peak_rss_mb": st.overall_peak}
        for n, st in zip(records, stages, strict=True)
    ]


def _run_all(data: Path, root: Path, workers: int, now: datetime) -> list[dict]:
    jobs = targets_of(data)
    if workers <= 1:
        return run_group(jobs, root, now)
    # spawn, as Prefect's ProcessPoolTaskRunner does: each worker imports what it needs; the
    # targets dealt into one group per worker, as nightly does (flows.workers.target_groups).
    groups = [jobs[k::workers] for k in range(workers) if jobs[k::workers]]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        done = pool.map(run_group, groups, [root] * len(groups), [now] * len(groups))
        return [r for group in done for r in group]


def pyarrow_floor(root: Path, targets: list[str], out: Path) -> float:
    """PyArrow writing the rows Tocsin stored, as the same hive dataset, target by target (the
    granularity of Tocsin's own writes); only the writes are timed."""
    from tasks.store import scan

    seconds = 0.0
    for name in targets:
        table = scan(root, MENTIONS, where={"target": name}).collect().to_arrow()
        t0 = time.perf_counter()
        pq.write_to_dataset(
            table,
            out,
            partition_cols=list(MENTIONS.partition_by),
            compression="zstd",
            existing_data_behavior="overwrite_or_ignore",
        )
        seconds += time.perf_counter() - t0
    return seconds


def main(data: Path, workers: int = 1) -> dict:
    work = Path(tempfile.mkdtemp(prefix="tocsin-bench-"))
    root = work / "data"
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    with tree_peak() as sampled:
        results = _run_all(data, root, workers, now)
    total = time.perf_counter() - t0
    stages: dict[str, dict[str, float]] = {}
    for r in results:
        for name, s in r["stages"].items():
            acc = stages.setdefault(name, {"seconds": 0.0, "peak_rss_mb": 0.0})
            acc["seconds"] += s["seconds"]
            acc["peak_rss_mb"] = max(acc["peak_rss_mb"], s["peak_rss_mb"])
    # One process: its own high-water mark. Several: this process and its workers together,
    # sampled (each worker's own peak is per stage, at different moments).
    peak = max((r["peak_rss_mb"] for r in results), default=0.0)
    if workers > 1:
        peak = sampled["mb"]
    names = [t.name for t, _ in targets_of(data)]
    floor_seconds = pyarrow_floor(root, names, work / "floor")
    result = {
        "records": sum(r["records"] for r in results),
        "targets": len(names),
        "workers": workers,
        "input_mb": sum(p.stat().st_size for p in data.glob("*.jsonl")) / 1e6,
        "stages": stages,
        "total": {"seconds": total, "peak_rss_mb": peak},
        "floor": {"seconds": floor_seconds, "peak_rss_mb": 0.0},
        "peak_rss_mb": peak,
    }
    shutil.rmtree(work, ignore_errors=True)
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    print(json.dumps(main(args.data, args.workers)))
