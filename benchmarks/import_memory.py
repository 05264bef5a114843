"""Peak memory of ``tocsin import`` on one 50 MB post, the command as a user runs it (Prefect
included), beside the same command on a one-post file of ordinary size (the baseline, in the
same run: what Prefect, great-expectations and the imports cost before any post does).

    python -m benchmarks.import_memory [--runs N] [--budget MB]

Each import runs in a fresh data dir, in its own process, which writes its own peak RSS
(``ru_maxrss``: not the Prefect server it starts, a process of its own) when it exits. Prints
each figure; exits 1 when a 50 MB import peaks over the budget (1 GB: issue 13) or fails.
Takes ~1-2 minutes a run on 2 cores (Prefect's start dominates); not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_MB = 1024
POST_BYTES = 50 * 1024 * 1024
TARGETS = """
[[target]]
name = "alice"
timezone = "Europe/Paris"
handles = { x = "alice_reporter" }
"""
# The command, in a process that records its own peak on the way out (exit included).
_RUN = """
import atexit, resource, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open(out, "w") as fh:
        fh.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
atexit.register(peak)
sys.argv = ["tocsin", *sys.argv[1:]]
runpy.run_module("flows.cli", run_name="__main__", alter_sys=True)
"""


def post_file(path: Path, text: str) -> Path:
    tweet = {
        "id": "1",
        "text": text,
        "author_id": "7",
        "created_at": "2020-02-01T10:00:00.000Z",
        "edit_history_tweet_ids": ["1"],
    }
    path.write_text(json.dumps({"data": [tweet], "meta": {}}) + "\n")
    return path


def big_text() -> str:
    return "@alice_reporter " + "salope " * (POST_BYTES // 7)


def import_peak(file: Path, work: Path) -> tuple[float, str]:
    """(the import's peak RSS in MB, its output): a fresh data dir, Prefect home and HOME."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "targets.toml").write_text(TARGETS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_", "PREFECT_"))}
    env |= {
        "PYTHONPATH": str(REPO),
        "HOME": str(work / "home"),  # the signing key the first seal creates goes here
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
        "TOCSIN_TARGETS_FILE": str(work / "targets.toml"),
    }
    peak_file = work / "peak"
    args = [str(peak_file), "import", str(file), "--target", "alice"]
    args += ["--data-dir", str(work / "data")]
    log = work / "import.log"
    # Output to a file and a session of its own: the Prefect server it starts would hold a pipe.
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", _RUN, *args],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=900)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    output = log.read_text(errors="replace")
    if proc.returncode != 0 or not peak_file.exists():
        raise SystemExit(f"{file.name}: the import exited {proc.returncode}:\n{output[-3000:]}")
    return float(peak_file.read_text()), output


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--runs", type=int, default=1, help="50 MB imports to run (default 1)")
    ap.add_argument("--budget", type=float, default=BUDGET_MB, help="peak allowed, MB")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tocsin-import-memory-") as tmp:
        tmp = Path(tmp)
        small = post_file(tmp / "small.jsonl", "@alice_reporter bonjour")
        big = post_file(tmp / "big.jsonl", big_text())
        base, _ = import_peak(small, tmp / "small")
        print(f"baseline: one ordinary post, peak RSS {base:.0f} MB", flush=True)
        peaks = []
        for i in range(a.runs):
            peak, output = import_peak(big, tmp / f"big-{i}")
            if "│ ok" not in output:
                raise SystemExit(f"run {i + 1}: the import did not end ok:\n{output[-3000:]}")
            peaks.append(peak)
            print(
                f"run {i + 1}: one 50 MB post, peak RSS {peak:.0f} MB "
                f"({peak - base:+.0f} MB over the baseline; budget {a.budget:.0f} MB)",
                flush=True,
            )
    over = [p for p in peaks if p > a.budget]
    print(f"highest {max(peaks):.0f} MB over {len(peaks)} run(s): {'OVER' if over else 'within'}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
