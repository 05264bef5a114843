"""Wall time and peak RSS per stage, from inside the measured process (Linux /proc)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


def _hwm_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
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
        _reset_peak()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - t0
            peak = _hwm_mb()
            self.peak[name] = max(self.peak[name], peak)
            self.overall_peak = max(self.overall_peak, peak)

    def result(self) -> dict[str, dict[str, float]]:
        return {k: {"seconds": self.seconds[k], "peak_rss_mb": self.peak[k]} for k in self.seconds}
