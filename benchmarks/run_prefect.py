"""What Prefect adds: the same ingestion run as a flow (real tasks, ephemeral API server), and a
trivial flow for the fixed cost of starting one."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from benchmarks.run_tocsin import targets_of
from config.settings import load_settings
from flows.pipeline import ingest
from tasks.runs import new_run_id
from tasks.sources.file import FileSource


@flow(name="empty")
def empty() -> None:
    return None


@task(name="noop", cache_policy=NONE)
def noop(i: int) -> int:
    return i


@flow(name="noop-tasks")
def noop_tasks(n: int) -> int:
    return sum(noop(i) for i in range(n))


# About as many task runs as the 1M benchmark makes (42 targets × 6 tasks).
NOOP_TASKS = 250


@flow(name="bench-ingest")
def bench(data: str, root: str) -> int:
    settings = load_settings(data_dir=root, batch_size=200_000)
    now = datetime.now(UTC)
    run_id = new_run_id("bench", now)
    written = 0
    for target, path in targets_of(Path(data)):
        summary = ingest(
            settings=settings,
            target=target,
            source=FileSource([path], now=now),
            start=None,
            end=None,
            run_id=run_id,
            flow_name="bench",
            now=now,
        )
        written += summary["written"]
    return written


def main(data: Path) -> dict:
    t0 = time.perf_counter()
    empty()
    empty_seconds = time.perf_counter() - t0
    root = tempfile.mkdtemp(prefix="prefect-bench-")
    t0 = time.perf_counter()
    bench(str(data), root)
    flow_seconds = time.perf_counter() - t0 + empty_seconds
    # After the real run, not before: the in-process API server works off the events of a
    # flow's task runs in the background, and the next flow waits for it (a trivial flow took
    # 1 s alone but 7.5 s right after 250 task runs), which would be charged to the real run.
    t0 = time.perf_counter()
    noop_tasks(NOOP_TASKS)
    noop_seconds = time.perf_counter() - t0
    return {
        "flow_seconds": flow_seconds,
        "empty_flow_seconds": empty_seconds,
        "noop_tasks": NOOP_TASKS,
        "noop_flow_seconds": noop_seconds,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
