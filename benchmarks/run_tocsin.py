"""Tocsin's stages as plain functions over one benchmark input (run by benchmarks.pipeline).

    python -m benchmarks.run_tocsin DATA [--workers N]

Targets are independent, as in a nightly run: with ``--workers 1`` they run one after another in
this process (each stage's time is then its own wall time: the per-stage profile); with more,
each target runs whole in one of N worker processes, as ``nightly`` runs them (end to end is the
wall clock; stage times are summed over the workers, so they add up to more than it).
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

from benchmarks.measure import Stages, tree_peak
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


def run_target(target: Target, path: Path, root: Path, now: datetime) -> dict:
    """Every stage for one target's file, timed; what a nightly run does for one target."""
    from tasks.aggregate import recompute_daily
    from tasks.evidence import keep_pages
    from tasks.evidence.seal import seal_report
    from tasks.gx_suite import gx_validate
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.scoring import get_scorer, score_partitions
    from tasks.sources.file import FileSource
    from tasks.validate import split

    st = Stages()
    records = 0
    pages = FileSource([path], now=now).pages(target)
    # The evidence copy is written as pages stream through; its time lands in "parse".
    batches = parse_batches(keep_pages(pages, root, "bench", target.name), target, BATCH)
    touched: set[str] = set()
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
            out = store_batch(root, valid, rejected, "bench")
        touched |= set(out.touched_mentions) | set(out.touched_quarantine)
    with st.stage("score"):
        score_partitions(root, target.name, sorted(touched), get_scorer("rules"))
    with st.stage("aggregate"):
        recompute_daily(root, target.name, target.timezone, sorted(touched), 30, "rules")
    with st.stage("seal"):
        seal_report(root, "bench", target.name, signing_key=None, tsa_url=None, now=now)
    return {"records": records, "stages": st.result(), "peak_rss_mb": st.overall_peak}


def _run_all(data: Path, root: Path, workers: int, now: datetime) -> list[dict]:
    jobs = [(target, path, root, now) for target, path in targets_of(data)]
    if workers <= 1:
        return [run_target(*job) for job in jobs]
    # spawn, as Prefect's ProcessPoolTaskRunner does: each worker imports what it needs.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        return list(pool.map(run_target, *zip(*jobs, strict=True)))


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
