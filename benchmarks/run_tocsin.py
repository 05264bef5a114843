"""Tocsin's stages as plain functions over one benchmark input (run by benchmarks.pipeline)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks.measure import Stages
from config.targets import Target
from tasks.aggregate import recompute_daily
from tasks.evidence import keep_pages
from tasks.evidence.seal import seal_report
from tasks.gx_suite import gx_validate
from tasks.ingest import store_batch, to_mentions
from tasks.parse import parse_batches
from tasks.schema import MENTIONS
from tasks.scoring import get_scorer, score_partitions
from tasks.sources.file import FileSource
from tasks.validate import split

BATCH = 200_000


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


def main(data: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="tocsin-bench-"))
    root, floor_dir = work / "data", work / "floor"
    st = Stages()
    now = datetime.now(UTC)
    from datetime import timedelta

    skew = timedelta(minutes=5)
    records = 0
    scorer = get_scorer("rules")
    floor_seconds = 0.0
    t_all = time.perf_counter()
    for target, path in targets_of(data):
        pages = FileSource([path], now=now).pages(target)
        # The evidence copy is written as pages stream through; its time lands in "parse".
        pages = keep_pages(pages, root, "bench", target.name)
        batches = parse_batches(pages, target, BATCH)
        touched: set[str] = set()
        while True:
            with st.stage("parse"):
                item = next(batches, None)
            if item is None:
                break
            staging, _ = item
            records += staging.height
            with st.stage("validate"):
                valid, rejected = split(staging, now, skew)
                gx_validate(staging, now, skew)
            # The floor: PyArrow writing the already-parsed rows as the same hive dataset.
            table = to_mentions(valid, "bench").to_arrow()
            t0 = time.perf_counter()
            pq.write_to_dataset(
                table,
                floor_dir,
                partition_cols=list(MENTIONS.partition_by),
                compression="zstd",
                existing_data_behavior="overwrite_or_ignore",
            )
            floor_seconds += time.perf_counter() - t0
            with st.stage("dedupe+write"):
                out = store_batch(root, valid, rejected, "bench")
            touched |= set(out.touched_mentions) | set(out.touched_quarantine)
        with st.stage("score"):
            score_partitions(root, target.name, sorted(touched), scorer)
        with st.stage("aggregate"):
            recompute_daily(root, target.name, target.timezone, sorted(touched), 30, "rules")
        with st.stage("seal"):
            seal_report(root, "bench", target.name, signing_key=None, tsa_url=None, now=now)
    total = time.perf_counter() - t_all - floor_seconds
    result = {
        "records": records,
        "targets": len(targets_of(data)),
        "input_mb": sum(p.stat().st_size for p in data.glob("*.jsonl")) / 1e6,
        "stages": st.result(),
        "total": {"seconds": total, "peak_rss_mb": st.overall_peak},
        "floor": {"seconds": floor_seconds, "peak_rss_mb": 0.0},
        "peak_rss_mb": st.overall_peak,
    }
    shutil.rmtree(work, ignore_errors=True)
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
