"""flows/workers.py's workaround on Prefect's process pool, pinned to the release it was checked on.

Prefect has no public way to release a ProcessPoolTaskRunner's message queue when it could not
stop the thread forwarding it (as after a worker was killed while writing to it); the interpreter
then waits at exit on that queue forever. These tests fail when Prefect changes under it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import prefect
import pytest
from prefect.task_runners import ProcessPoolTaskRunner

from flows.workers import PREFECT_CHECKED, QUEUE_ATTRIBUTE, release_message_queue

REPO = Path(__file__).resolve().parents[1]

# A runner whose forwarder never stops (as one stuck on a queue a killed worker left half
# written) and a queue holding more than its pipe takes, which nobody reads: the queue's
# feeder thread blocks, and the interpreter joins that thread at exit.
STUCK = """
import sys, threading
from prefect.task_runners import ProcessPoolTaskRunner
from flows.workers import QUEUE_ATTRIBUTE, release_message_queue
runner = ProcessPoolTaskRunner(max_workers=1)
runner._forward_subprocess_messages = threading.Event().wait
with runner:
    getattr(runner, QUEUE_ATTRIBUTE).put(b"x" * (1 << 20))
print("stopped, queue kept:", getattr(runner, QUEUE_ATTRIBUTE) is not None, flush=True)
if sys.argv[1] == "release":
    print("released:", release_message_queue(runner), flush=True)
"""


def test_prefect_is_the_release_the_workaround_was_checked_on():
    assert prefect.__version__ == PREFECT_CHECKED, (
        f"Prefect {prefect.__version__}: check flows/workers.py's release_message_queue against "
        "it (is the queue still there after a worker died? is there a public way now?), then "
        "update PREFECT_CHECKED"
    )


def test_a_runner_stopped_cleanly_leaves_no_queue_to_release():
    runner = ProcessPoolTaskRunner(max_workers=1)
    with runner:
        assert getattr(runner, QUEUE_ATTRIBUTE) is not None  # the queue workers report through
    assert getattr(runner, QUEUE_ATTRIBUTE) is None
    assert release_message_queue(runner) is False


def _stuck(mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", STUCK, mode],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_a_process_whose_runner_kept_its_queue_exits_once_it_is_released():
    proc = _stuck("release")
    try:
        out, _ = proc.communicate(timeout=240)  # a hang fails the test instead of stalling it
    finally:
        proc.kill()
    assert proc.returncode == 0, out
    assert "Timed out waiting for process-pool message forwarding to stop." in out
    assert "stopped, queue kept: True" in out
    assert "released: True" in out


# The negative control of the test above (~25 s: it waits out the hang): with -m slow.
@pytest.mark.slow
def test_without_the_release_that_process_never_exits():
    """The control: what the release prevents (a slow exit could only pass this, never fail)."""
    proc = _stuck("keep")
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("stopped"):
                assert line.strip() == "stopped, queue kept: True"
                break
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
