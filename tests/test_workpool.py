"""Several machines, for real on one: a Prefect server, a process work pool, the project's
prefect.yaml deployed with `prefect deploy --all`, a worker, and `prefect deployment run
backfill-days/backfill` on one day of the embedded synthetic source (issue 16, point 5).

Everything goes through Prefect's own commands, as the README tells an operator to run them; the
test only picks a free port, a PREFECT_HOME and a data root in tmp, and points TOCSIN_HOME (the
pull step's working directory) at this checkout. The flow run is followed through the server's
API until it ends, then the data root is read: mentions stored for the target, and a run record
of flow "backfill" with status ok. The server and the worker run in their own process groups,
killed whole at teardown whatever happened, and then every process still carrying the test's
marker in its environment (a flow run the worker started in a session of its own).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import yaml

from tasks.schema import MENTIONS, RUNS
from tasks.store import scan

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[1]
POOL = "tocsin"  # the work pool prefect.yaml names
# One UTC day of the seed-wave baseline (~200 posts): enough to store rows, quick to run.
# One UTC day, both ends included (the deployment takes days, as `tocsin backfill --from --to`).
FIRST_DAY = LAST_DAY = "2020-01-20"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# Overall limits, generous for a loaded 2-core machine: a fresh server database takes ~40 s.
SERVER_UP_S = 240
RUN_DONE_S = 420
# Set in every process the test starts (inherited by the worker's flow runs): teardown finds them.
MARKER = "TOCSIN_WORKPOOL_TEST"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def marked(value: str) -> list[int]:
    """The processes whose environment holds MARKER=value (Linux: /proc/PID/environ)."""
    wanted = f"{MARKER}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if wanted in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone, or not ours
                pass
    return found


def tail(path: Path, n: int = 3000) -> str:
    return path.read_text(errors="replace")[-n:] if path.exists() else "(no log)"


class Processes:
    """Long-running commands, each in its own session, logged to a file (not a pipe: nothing
    reads it while they run) and killed as a whole group at the end."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        self.logs, self.env = logs, env
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *args: str) -> Path:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out:
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "prefect", *args],
                    cwd=REPO,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        return log

    def stop(self) -> None:
        """SIGTERM each group, then SIGKILL it; then every process that still carries this
        test's marker: the worker starts each flow run in a session of its own, outside the
        worker's group."""
        for proc in reversed(self.procs):  # the worker (and its flow runs) before the server
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the group left behind
            except ProcessLookupError:
                pass
            proc.wait()
        for pid in marked(self.env[MARKER]):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[tuple[Processes, str]]:
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_", "PREFECT_"))}
    env |= {
        MARKER: str(tmp_path),
        "PYTHONPATH": str(REPO),
        "TOCSIN_HOME": str(REPO),
        # Kept from the session (conftest): the signing key stays out of the user's home.
        "TOCSIN_EVIDENCE_KEY_FILE": os.environ["TOCSIN_EVIDENCE_KEY_FILE"],
        "TOCSIN_CACHE_DIR": os.environ["TOCSIN_CACHE_DIR"],
        # A stray run (there should be none) writes here, never into the checkout's ./data.
        "TOCSIN_DATA_DIR": str(tmp_path / "stray"),
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
        # prefect.yaml schedules watch every 15 minutes: the server must not create those runs
        # for this worker to pick up. Only the run the test asks for exists.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    procs = Processes(logs, env)
    try:
        yield procs, api
    finally:
        procs.stop()
    assert not marked(str(tmp_path)), "processes left running after teardown"


def prefect(procs: Processes, *args: str, timeout: float = 300) -> str:
    """One Prefect command to its end; its output, or the test fails with it."""
    done = subprocess.run(
        [sys.executable, "-m", "prefect", "--no-prompt", *args],
        cwd=REPO,
        env=procs.env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    out = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"prefect {' '.join(args)} exited {done.returncode}:\n{out[-3000:]}")
    return out


def wait_for_server(api: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_UP_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"prefect server not answering on {api} after {SERVER_UP_S} s:\n{tail(log)}")


def wait_for_run(api: str, run_id: str, logs: list[Path]) -> dict:
    deadline = time.monotonic() + RUN_DONE_S
    run: dict = {}
    while time.monotonic() < deadline:
        run = httpx.get(f"{api}/flow_runs/{run_id}", timeout=10).raise_for_status().json()
        if run["state_type"] in TERMINAL:
            return run
        time.sleep(2)
    shown = "\n".join(f"--- {p.name}\n{tail(p)}" for p in logs)
    pytest.fail(f"flow run {run_id} still {run.get('state_type')} after {RUN_DONE_S} s:\n{shown}")


def test_backfill_deployment_runs_on_a_work_pool_worker(
    processes: tuple[Processes, str], tmp_path: Path
):
    procs, api = processes
    root = tmp_path / "data"
    phases: dict[str, float] = {}
    began = time.monotonic()

    def lap(name: str) -> None:  # how long each step took: printed, never asserted
        nonlocal began
        phases[name] = round(time.monotonic() - began, 1)
        began = time.monotonic()

    server_log = procs.start(
        "server",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        api.rsplit(":", 1)[1].removesuffix("/api"),
    )
    wait_for_server(api, server_log)
    lap("server up")

    prefect(procs, "work-pool", "create", POOL, "--type", "process")
    # The worker starts while deploy runs (both take a while); it polls the pool until work comes.
    worker_log = procs.start("worker", "worker", "start", "--pool", POOL, "--type", "process")
    deployed = prefect(procs, "deploy", "--all")
    lap("pool + worker start + deploy --all")
    names = {
        d["name"]
        for d in httpx.post(f"{api}/deployments/filter", json={}, timeout=10)
        .raise_for_status()
        .json()
    }
    declared = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]
    assert names == {d["name"] for d in declared}, deployed

    asked = prefect(
        procs,
        "deployment",
        "run",
        "backfill-days/backfill",
        "--param",
        "target=demo",
        "--param",
        f"first_day={FIRST_DAY}",
        "--param",
        f"last_day={LAST_DAY}",
        "--param",
        f"data_dir={root}",
    )
    lap("deployment run")
    found = re.search(r"UUID: ([0-9a-f-]{36})", asked)
    assert found, asked
    run = wait_for_run(api, found.group(1), [worker_log, server_log])
    lap("flow run to its end")
    assert run["state_type"] == "COMPLETED", (run["state"], tail(worker_log))
    assert run["parameters"]["target"] == "demo"

    # Run by the pool's process worker: only a worker records the process it started.
    assert run["work_pool_name"] == POOL
    assert run["infrastructure_pid"], run
    print(f"phases (s): {phases}")

    mentions = scan(root, MENTIONS).collect()
    assert mentions.height > 0
    assert set(mentions["target"].to_list()) == {"demo"}
    created = mentions["created_at"]
    assert created.min() >= datetime(2020, 1, 20, tzinfo=UTC)
    assert created.max() < datetime(2020, 1, 21, tzinfo=UTC)

    runs = scan(root, RUNS).collect().to_dicts()
    assert [(r["flow"], r["target"], r["source"], r["status"]) for r in runs] == [
        ("backfill", "demo", "synthetic", "ok")
    ]
    assert runs[0]["written"] == mentions.height
    assert not (tmp_path / "stray").exists()
