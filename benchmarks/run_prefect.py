"""What Prefect adds: the same ingestion run as a flow (real tasks), and a trivial flow for the
fixed cost of starting one.

Without ``PREFECT_API_URL`` each flow starts an ephemeral API server, as the Quick start does;
``long_running_server()`` starts a real ``prefect server start`` beforehand, as a deployment's
scheduled runs have one (benchmarks.pipeline runs both)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from benchmarks.run_tocsin import targets_of
from config.settings import Settings, load_settings
from config.targets import Target
from flows import steps
from flows.workers import in_workers, worker_count
from tasks.grouped import derive_pulled
from tasks.lifecycle import ingest
from tasks.runs import new_run_id
from tasks.sources.file import FileSource


@contextmanager
def long_running_server(home: Path) -> Iterator[str]:
    """A ``prefect server start`` on a free loopback port (its own PREFECT_HOME); the API URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    env.pop("PREFECT_API_URL", None)
    home.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}/api"
    cmd = ["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with (home / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", *cmd], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 120
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"prefect server did not start; see {home / 'server.log'}")
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            proc.wait(30)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


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


@task(name="bench-targets", cache_policy=NONE)
def bench_targets(
    settings: Settings, jobs: list[tuple[Target, Path]], run_id: str, now: datetime
) -> int:
    """A worker's targets, as ``nightly``'s ``collect_targets`` runs them: each one ingested
    in turn without its derivation, then all derived together (tasks/grouped.py)."""
    run_steps = steps.run_steps()
    pulled = []
    for target, path in jobs:
        summary = ingest(
            run_steps,
            settings=settings,
            target=target,
            source=FileSource([path], now=now),
            start=None,
            end=None,
            run_id=run_id,
            flow_name="bench",
            now=now,
            derive=False,
        )
        pulled.append((target, [summary]))
    derive_pulled(run_steps, settings, pulled)
    for _, (summary,) in pulled:
        if summary.status == "failed":
            raise RuntimeError(f"{summary.target}: {summary.error}")
    return sum(summary.written for _, (summary,) in pulled)


@flow(name="bench-ingest")
def bench(data: str, root: str, workers: int) -> int:
    """Tocsin's run as a flow, the targets dealt into one group per worker process, as
    ``nightly`` runs them."""
    settings = load_settings(data_dir=root, batch_size=200_000, workers=workers)
    now = datetime.now(UTC)
    run_id = new_run_id("bench", now)
    jobs = targets_of(Path(data))
    n = worker_count(settings, len(jobs))
    groups = [jobs[k::n] for k in range(n) if jobs[k::n]]  # as flows.workers.target_groups
    calls = [dict(settings=settings, jobs=g, run_id=run_id, now=now) for g in groups]
    results = in_workers(bench_targets, calls, n, [len(g) for g in groups])
    for _, error in results:
        if error is not None:
            raise error
    return sum(written for written, _ in results)


def main(data: Path, workers: int = 1) -> dict:
    t0 = time.perf_counter()
    empty()
    empty_seconds = time.perf_counter() - t0
    root = tempfile.mkdtemp(prefix="prefect-bench-")
    t0 = time.perf_counter()
    bench(str(data), root, workers)
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
        "workers": workers,
        "server": "long-running" if os.environ.get("PREFECT_API_URL") else "ephemeral",
    }


if __name__ == "__main__":
    # Imported by name, not run as __main__: worker processes find the task by its module.
    from benchmarks.run_prefect import main as run

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    print(json.dumps(run(args.data, args.workers)))
