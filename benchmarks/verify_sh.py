"""The export's verify.sh on a 20,000-post bundle: goal ≤ 60 s (issue 15, point 8).

    python -m benchmarks.verify_sh                 # 20,000 posts
    python -m benchmarks.verify_sh --posts 2000    # a quicker look

Builds a vault the way the pipeline does (keep the pages, parse, validate, store, seal, unsigned
and untimestamped: the signature and token checks cost the same few processes whatever the size),
with status changes read from a sealed recheck answer, exports every post, unpacks the zip and
times ``sh verify.sh`` in it. The baseline, in the same run, is the one-record-at-a-time loop
verify.sh ran before (the README's "one record by hand": one process pipeline per record and per
proof step), timed on a sample of records and scaled to the bundle's records and pages.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import polars as pl

GOAL_SECONDS = 60.0
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DAY = date(2020, 2, 1)
PER_PAGE = 100
SAMPLE = 100

# The README's check of one record, as verify.sh ran it for every record before it was batched.
ONE_BY_ONE = r"""
node() { n=$(printf '01%s%s' "$1" "$2" | xxd -r -p | sha256sum); echo "${n%% *}"; }
while read -r kind sha; do
  f="$kind/$sha.json"
  h=$(sha256sum < "$f"); [ "${h%% *}" = "$sha" ] || echo "FAILED $f"
  h=$( (printf '\000'; cat "$f") | sha256sum); h=${h%% *}
  while read -r side sibling; do
    if [ "$side" = L ]; then h=$(node "$sibling" "$h"); else h=$(node "$h" "$sibling"); fi
  done < "proofs/$kind/$sha.proof"
done
"""


def _pages(posts: int) -> list:
    from tasks.pages import RawPage

    out, n = [], 0
    users = [{"id": str(7 + u), "username": f"troll{u}", "name": f"User {u}"} for u in range(50)]
    while n < posts:
        tweets = []
        for _ in range(min(PER_PAGE, posts - n)):
            tid = str(10_000_000 + n)
            at = DAY.isoformat() + f"T{n % 24:02d}:{n % 60:02d}:{n % 59:02d}.000Z"
            tweets.append(
                {
                    "id": tid,
                    "text": f"@alice_reporter message {n} — on sait où tu habites",
                    "author_id": str(7 + n % 50),
                    "created_at": at,
                    "conversation_id": tid,
                    "edit_history_tweet_ids": [tid],
                    "lang": "fr",
                    "entities": {
                        "mentions": [{"start": 0, "end": 15, "username": "alice_reporter"}]
                    },
                }
            )
            n += 1
        body = orjson.dumps({"data": tweets, "includes": {"users": users}})
        out.append(RawPage(body, "file", f"bench.jsonl:{len(out) + 1}", NOW, DAY))
    return out


def build(root: Path, posts: int) -> Path:
    """A vault of ``posts`` posts of target alice, sealed, with one recheck; returns the bundle."""
    from config.targets import Target
    from tasks.evidence import keep_pages, seal_report
    from tasks.evidence.export import export_bundle
    from tasks.evidence.recheck import record_changes
    from tasks.evidence.table import STATUS_CHANGES
    from tasks.ingest import store_batch
    from tasks.pages import RawPage
    from tasks.parse import parse_batches
    from tasks.validate import split

    target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
    for run, pages in (("run-1", _pages(posts)),):
        for staging, _ in parse_batches(keep_pages(pages, root, run, "alice"), target, 50_000):
            valid, rejected = split(staging, NOW, timedelta(minutes=5))
            store_batch(root, valid, rejected, run)
        seal_report(root, run, "alice", signing_key=None, tsa_url=None, now=NOW)
    gone = [str(10_000_000 + i) for i in range(0, posts, 50)]
    answer = orjson.dumps({"errors": [{"value": i, "title": "Not Found Error"} for i in gone]})
    list(
        keep_pages(
            [RawPage(answer, "x", "GET /2/tweets", NOW, format="x-lookup")],
            root,
            "recheck-1",
            "alice",
        )
    )
    seal_report(root, "recheck-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    record_changes(
        root,
        STATUS_CHANGES.conform(
            pl.DataFrame(
                {
                    "target": "alice",
                    "platform": "x",
                    "post_id": gone,
                    "author_id": "7",
                    "status": "deleted",
                    "previous_status": "available",
                    "observed_at": datetime(2020, 2, 3, tzinfo=UTC),
                    "detail": "Not Found Error",
                    "lookup": "x-api",
                    "response_sha256": hashlib.sha256(answer).hexdigest(),
                    "run_id": "recheck-1",
                }
            )
        ),
    )
    out = root.parent / "out"
    result = export_bundle(root, "alice", DAY, DAY, out / "bundle.zip", now=NOW)
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(out)
    return next(p for p in out.iterdir() if p.is_dir())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=20_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tocsin-verify-sh-") as tmp:
        t0 = time.perf_counter()
        bundle = build(Path(tmp) / "data", args.posts)
        built = time.perf_counter() - t0
        records = len(list((bundle / "records").iterdir()))
        pages = len(list((bundle / "pages").iterdir()))
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        run = subprocess.run(["sh", "verify.sh"], cwd=bundle, capture_output=True, text=True)
        took = time.perf_counter() - t0
        cpu = _children_cpu() - cpu0
        verdict = (run.stdout.strip().splitlines() or ["(no output)"])[-1]
        sample = sorted((bundle / "records").iterdir())[:SAMPLE]
        listing = "".join(f"records {p.stem}\n" for p in sample)
        t0 = time.perf_counter()
        subprocess.run(["sh", "-c", ONE_BY_ONE], cwd=bundle, input=listing, text=True, check=True)
        per_record = (time.perf_counter() - t0) / len(sample)
    baseline = per_record * (records + pages)
    print(f"bundle: {args.posts} posts, {records} records, {pages} pages (built in {built:.1f} s)")
    print(f"verify.sh: {took:.1f} s wall, {cpu:.1f} s CPU (its processes), exit {run.returncode}")
    print(f"  {verdict}")
    print(f"  load average when it ran: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"baseline, one record at a time: {per_record * 1000:.0f} ms a record -> "
        f"~{baseline:.0f} s for this bundle ({baseline / took:.0f}x slower)"
    )
    met = run.returncode == 0 and took <= GOAL_SECONDS
    print(f"goal verify.sh <= {GOAL_SECONDS:.0f} s on the bundle: {'met' if met else 'NOT met'}")
    return 0 if run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
