"""The one test hook of the pipeline: die at a named stage boundary, exactly as a crash would.

``TOCSIN_TEST_KILL_AFTER=<stage>`` makes the process SIGKILL itself when it reaches that
boundary (stages: store, score, aggregate, seal). tests/test_crash_matrix.py uses it to prove
that running the same command again ends where a clean run ends. It is the only place under
``tasks/`` that reads the environment: a test hook, not a setting (nothing to configure, no
effect unless that variable is set).
"""

from __future__ import annotations

import os
import signal

KILL_ENV = "TOCSIN_TEST_KILL_AFTER"
STAGES = ("store", "score", "aggregate", "seal")


def crash_point(stage: str) -> None:
    """Kill this process (no cleanup, no flush) if the test hook names ``stage``."""
    if os.environ.get(KILL_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)
