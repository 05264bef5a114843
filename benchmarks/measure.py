"""Wall time and peak RSS per stage, from inside the measured process (Linux /proc)."""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


def hwm_mb() -> float:
    """This process's peak RSS since it started or since ``reset_peak`` (VmHWM), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    # Writing 5 to clear_refs resets the peak-RSS watermark, so each stage's peak is its own.
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


class Stages:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.peak: dict[str, float] = defaultdict(float)
        self.overall_peak = 0.0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        reset_peak()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - t0
            peak = hwm_mb()
            self.peak[name] = max(self.peak[name], peak)
            self.overall_peak = max(self.overall_peak, peak)

    def result(self) -> dict[str, dict[str, float]]:
        return {k: {"seconds": self.seconds[k], "peak_rss_mb": self.peak[k]} for k in self.seconds}


def _rss_mb(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # the process has just ended
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid``, read from /proc: unlike
    ``multiprocessing.active_children()`` this reaps nothing, so a sampling thread cannot race
    the process pool's own bookkeeping."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                found += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


@contextmanager
def tree_peak(every: float = 0.02) -> Iterator[dict[str, float]]:
    """The peak of this process's RSS plus its live children's, sampled every ``every`` seconds
    while the block runs (worker processes peak at different moments: adding up each one's own
    peak would overstate it). The result is in the yielded dict's ``mb`` once the block ends."""
    out = {"mb": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = [os.getpid(), *_children(os.getpid())]
            out["mb"] = max(out["mb"], sum(_rss_mb(pid) for pid in pids))
            done.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        done.set()
        thread.join()
