"""Freed memory handed back between stages: glibc's, Arrow's, and Polars' own jemalloc's.

Each check runs in a process of its own (a pytest worker's memory is every earlier test's) with
Polars' allocator at its defaults, and prints what it saw. Memory is asserted, time never is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Polars' jemalloc is reached on Linux only"
)


def _seen(script: str) -> dict:
    """What ``script``, run by a fresh interpreter, printed as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


_FREED = """
import json
import polars as pl
from tasks.memory import purge_polars_arenas, release_freed_memory

def anon():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("RssAnon:")) // 1024

start = anon()
frame = pl.DataFrame({"a": pl.arange(0, 40_000_000, eager=True)})
frame = frame.with_columns(b=pl.col("a") * 2, c=pl.col("a").cast(pl.String).str.len_bytes())
held = anon()
del frame
freed = anon()
release_freed_memory()
print(json.dumps({"start": start, "held": held, "freed": freed, "after": anon(),
                  "purged": purge_polars_arenas()}))
"""


def test_release_hands_back_what_polars_freed():
    seen = _seen(_FREED)
    print(seen)
    assert seen["purged"] is True
    assert seen["held"] - seen["start"] > 500  # the frames were there (MB)
    # Whatever the allocator's decay had already returned, nothing of them is left after the
    # release: within 64 MB of where the process started.
    assert seen["after"] - seen["start"] < 64


_BEFORE_POLARS = """
import json, sys
from tasks.memory import purge_polars_arenas
loaded = "polars" in sys.modules
before = purge_polars_arenas()  # Polars not loaded: nothing to reach, nothing remembered
import polars
print(json.dumps({"loaded_before": loaded, "before": before, "after": purge_polars_arenas()}))
"""


def test_a_release_before_polars_is_loaded_does_not_stop_the_later_ones():
    seen = _seen(_BEFORE_POLARS)
    assert seen == {"loaded_before": False, "before": False, "after": True}
