"""A 50 MB post: stored and sealed whole, scored on a bounded prefix, memory measured.

Each measurement runs in its own process (``ru_maxrss`` is a process's peak) and prints what it
saw. Memory is asserted, time never is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_SCORER = """
import json, resource, sys
import polars as pl
from tasks.scoring import get_scorer
from tasks.scoring.base import SCORED_PREFIX

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

text = "@alice_reporter " + "salope " * (50 * 1024 * 1024 // 7)
frame = pl.DataFrame({"text": [text, "bonjour"], "lang": ["fr", "fr"]})
del text
before = rss()
scored = get_scorer("rules").score(frame)
print(json.dumps({"before": before, "peak": rss(), "stance": scored["stance"].to_list(),
                  "reasons": scored["reasons"][0].to_list(), "prefix": SCORED_PREFIX}))
"""

_IMPORT = """
import json, resource, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from config.targets import Target
from tasks.evidence import keep_pages
from tasks.evidence.seal import seal_report
from tasks.ingest import store_batch, validate_batch
from tasks.parse import parse_pages
from tasks.schema import MENTIONS
from tasks.scoring import get_scorer, score_partitions
from tasks.sources.file import FileSource
from tasks.store import scan

path, root = Path(sys.argv[1]), Path(sys.argv[2])
now = datetime(2026, 11, 24, 12, tzinfo=UTC)
target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
pages = keep_pages(FileSource([path], now=now).pages(target), root, "run1", "alice")
staging, _ = parse_pages(pages, target)
valid, rejected, _ = validate_batch(staging, now=now, skew=timedelta(minutes=5))
del staging
out = store_batch(root, valid, rejected, "run1")
del valid, rejected
scored = score_partitions(root, "alice", out.touched_mentions, get_scorer("rules"))
sealed = seal_report(root, "run1", "alice", signing_key=None, tsa_url=None, now=now)
text_len = scan(root, MENTIONS, ["text"]).collect()["text"].str.len_bytes().to_list()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak": peak, "written": out.written, "scored": scored, "text_len": text_len,
                  "sealed": sealed.describe()}))
"""


def _run(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_scorer_reads_a_bounded_prefix_of_a_50_mb_post():
    """The rules scorer held ~80 bytes a character of a post: 4 GB for 50 MB. It now reads
    the first ``SCORED_PREFIX`` characters, and still finds what is there."""
    got = _run(_SCORER)
    grown = got["peak"] - got["before"]
    print(f"scoring a 50 MB post: peak {got['peak']:.0f} MB, {grown:.0f} MB over its input")
    assert got["prefix"] == 20_000
    assert got["stance"] == ["hostile", "neutral"]
    assert grown < 300


@pytest.mark.timeout(600)
def test_a_50_mb_post_is_stored_and_sealed_whole_with_a_bounded_peak(tmp_path):
    """One 50 MB post through the plain functions an import runs (raw copy, parse, rules and
    great-expectations, store, score, seal). It peaked at 6.3 GB, then 1.5 GB; the goal is
    1 GB. The peak is printed."""
    body = "@alice_reporter " + "salope " * (50 * 1024 * 1024 // 7)
    tweet = {
        "id": "1",
        "text": body,
        "author_id": "7",
        "created_at": "2020-02-01T10:00:00.000Z",
        "edit_history_tweet_ids": ["1"],
    }
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"data": [tweet], "meta": {}}) + "\n")
    got = _run(_IMPORT, str(path), str(tmp_path / "data"))
    print(f"importing one 50 MB post: peak RSS {got['peak']:.0f} MB")
    assert (got["written"], got["scored"]) == (1, 1)
    assert got["text_len"] == [len(body)]
    assert got["sealed"].startswith("sealed 1 records in 1 pages")
    # The goal is 1 GB. Measured 950-1060 MB, and up to ~1150 MB on some runs: Polars keeps
    # what its steps freed (its own allocator, not given back for seconds), and the seal, which
    # reads the page back and derives its record in Python and Arrow, comes on top of that.
    assert got["peak"] < 1_200
