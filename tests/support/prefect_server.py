"""One Prefect test server for every pytest-xdist worker of a run.

``prefect_test_harness`` starts a server per process: with two workers, two servers, each
migrating its own SQLite database (25–45 s each on this 2-core machine, while the tests wait).
Under xdist the first worker that needs Prefect starts one server, under a file lock in the
folder every worker of the run shares, and the others use it. The server lives until the pytest
process that started the workers exits: a small watchdog started with it stops it then, whatever
order the workers finish in and even if one of them dies. Its database and log stay in pytest's
temporary folder for the run.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

STARTUP_S = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))

# Runs uvicorn as its child and stops it once the process named by argv[1] is gone (the pytest
# process that started the workers) or when uvicorn exits by itself.
WATCHDOG = """
import os, subprocess, sys, time
owner, args = int(sys.argv[1]), sys.argv[2:]
server = subprocess.Popen(args)
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
while server.poll() is None and alive(owner):
    time.sleep(0.5)
if server.poll() is None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def shared_api(folder: Path, owner: int) -> str:
    """The API address of the run's server, started in ``folder`` if no worker has yet.

    ``owner`` is the pid whose end stops the server (the pytest process that started the
    workers). Raises RuntimeError with the server's log when it does not answer in time."""
    import prefect

    state = folder / "prefect-server.json"
    with open(folder / "prefect-server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if state.exists():
            api = json.loads(state.read_text())["api"]
            if _healthy(api):
                return api
        port = _free_port()
        api = f"http://127.0.0.1:{port}/api"
        log = folder / "prefect-server.log"
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": (
                f"sqlite+aiosqlite:///{folder / 'prefect-server.db'}"
            ),
        }
        uvicorn = [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(Path(prefect.__file__).parent.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        with open(log, "ab") as out:
            watchdog = subprocess.Popen(
                [sys.executable, "-c", WATCHDOG, str(owner), *uvicorn],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_S
        while not _healthy(api):
            if watchdog.poll() is not None or time.monotonic() > deadline:
                watchdog.kill()
                raise RuntimeError(
                    f"the shared Prefect test server did not answer on {api} within {STARTUP_S} s; "
                    f"its log ({log}):\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.2)
        state.write_text(json.dumps({"api": api}))
        return api


def drain() -> None:
    """Send what the log and event workers still hold, as ``prefect_test_harness`` does on exit."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=10)
        except RuntimeError:
            pass


def global_settings():
    """The current settings (the shared API's address) also as the process-wide ones, as
    ``prefect_test_harness`` does: Prefect's event and log workers run in threads whose context
    was copied before the fixture ran, and without an address they start a server of their own.
    The context manager is private to Prefect (checked on 3.8.8); without it, a no-op."""
    import contextlib

    import prefect.context

    swap = getattr(prefect.context, "_temporary_global_settings_context", None)
    if swap is None:
        return contextlib.nullcontext()
    return swap(prefect.context.get_settings_context())
