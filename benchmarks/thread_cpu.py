"""CPU seconds per thread of one `tocsin` command (issue 17: where a threaded import's time goes).

    python -m benchmarks.thread_cpu import FILE --target t0000 --config tocsin.toml

Runs ``tocsin ARGS...`` in a child process whose Python threads carry their names down to the
operating system (``prctl(PR_SET_NAME)``: the evidence copy's ``keep-<target>``, the frame
builder's ``parse-frame``, the store's ``tocsin-store_N``, the scorer's lanes; the main thread
``main``; native threads it starts without a name of their own inherit that one), samples ``/proc/<pid>/task/*/stat`` every 0.2 s, and prints each thread name's user
and system CPU seconds, summed over the threads of that name. ``getrusage`` around a step
(``benchmarks.import_steps``) counts every thread of the process while the step runs, and a
sampling profiler counts wall time per thread; this counts what each thread spent. A thread
that ends between two samples loses at most its last 0.2 s.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import time

_PR_SET_NAME = 15


def _child(args: list[str]) -> int:
    """``tocsin ARGS`` in this process, each thread named at the OS level as in Python."""
    import ctypes
    import threading

    libc = ctypes.CDLL(None)
    inner = threading.Thread._bootstrap_inner  # type: ignore[attr-defined]

    def named(self: threading.Thread) -> None:
        libc.prctl(_PR_SET_NAME, self.name[:15].encode(), 0, 0, 0)
        inner(self)

    threading.Thread._bootstrap_inner = named  # type: ignore[attr-defined]
    libc.prctl(_PR_SET_NAME, b"main", 0, 0, 0)
    from flows.cli import main

    sys.argv = ["tocsin", *args]
    main()  # the CLI exits with the command's status
    return 0


def _sample(pid: int, seen: dict[str, tuple[str, int, int]]) -> None:
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as fh:
                stat = fh.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seen[tid] = (name, int(fields[11]), int(fields[12]))  # utime, stime in ticks


def run(args: list[str]) -> list[str]:
    """Each thread name's CPU seconds over the command ``tocsin ARGS``, most first."""
    cmd = [sys.executable, "-m", "benchmarks.thread_cpu", "--child", *args]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    seen: dict[str, tuple[str, int, int]] = {}
    while child.poll() is None:
        _sample(child.pid, seen)
        time.sleep(0.2)
    if child.returncode:
        raise SystemExit(f"tocsin {' '.join(args)} exited with {child.returncode}")
    tick = os.sysconf("SC_CLK_TCK")
    by: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for name, user, system in seen.values():
        # a pool's threads together; the OS keeps 15 characters ("tocsin-chunks6_"), "keep-t0000"
        # reads "keep-t"
        key = re.sub(r"[-_0-9]+$", "", name) or name
        by[key][0] += user / tick
        by[key][1] += system / tick
        by[key][2] += 1
    lines = [f"{'thread':22s} {'CPU s':>7s} {'user':>7s} {'system':>7s} {'threads':>7s}"]
    for key, (user, system, n) in sorted(by.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        lines.append(f"{key:22s} {user + system:7.2f} {user:7.2f} {system:7.2f} {int(n):7d}")
    total = sum(u + s for u, s, _ in by.values())
    lines.append(f"{'all (sampled)':22s} {total:7.2f}")
    return lines


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        sys.exit(_child(sys.argv[2:]))
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    print("\n".join(run(sys.argv[1:])))


if __name__ == "__main__":
    main()
