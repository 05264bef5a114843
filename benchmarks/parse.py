"""The parse beside the Polars floor (issue 17, goal 3), in one process, on the same pages.

    python -m benchmarks.parse                  # 1M posts, one target (benchmarks.single_target's input)
    python -m benchmarks.parse --posts 100000
    python -m benchmarks.parse --profile        # adds a cProfile of Tocsin's parse (top 25)
    python -m benchmarks.parse --write          # records the figures in docs/benchmarks.md

Tocsin: ``tasks.parse.parse_batches`` over the pages already in memory (pages → typed staging rows,
each record's exact bytes and SHA-256, problems named; batches of 200k records as the benchmark
runs them; each batch's frame built in a thread while the next batch's pages are read, as every
run does). The floor: Polars ``read_ndjson`` with an explicit schema of the same bytes, tweets
exploded and unnested, users too (no exact bytes, no hashes, no type checks: a number where a
string belongs is coerced). Neither reads the file nor writes anything. Each runs ``--repeat``
times, alternately; the best of each is compared. Prints the ratio and whether the goal (parse
≤ 1.3× the floor) is met. Speed is never a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from benchmarks.run_polars import SCHEMA
from benchmarks.single_target import HANDLE, ROOT, TARGET, generate, write_report

GOAL = 1.3
MARKS = ("<!-- parse:begin -->", "<!-- parse:end -->")
BATCH = 200_000


def load(data: Path) -> tuple[list, bytes]:
    """The file's pages as the import reads them, and its bytes."""
    from config.targets import Target
    from tasks.sources.file import FileSource

    path = data / f"{TARGET}.jsonl"
    target = Target(name=TARGET, timezone="Europe/Paris", handles={"x": HANDLE})
    pages = list(FileSource([path], now=datetime.now(UTC)).pages(target))
    return [target, pages], path.read_bytes()


def tocsin(target, pages) -> int:
    from tasks.parse import parse_batches

    return sum(frame.height for frame, _ in parse_batches(pages, target, BATCH))


def floor(body: bytes) -> int:
    pages = pl.read_ndjson(body, schema=SCHEMA).with_row_index("page")
    tweets = pages.select("page", "data").explode("data").unnest("data")
    users = (
        pages.select("page", u=pl.col("includes").struct.field("users")).explode("u").unnest("u")
    )
    return tweets.height + 0 * users.height


def report(
    n: int,
    rows: int,
    ours: list[float],
    theirs: list[float],
    cpu: tuple[list[float], list[float]] | None = None,
) -> list[str]:
    """Wall times decide the goal; CPU seconds (every thread of the process) are printed too, as
    they move less than wall time when other processes share the cores."""
    best, base = min(ours), min(theirs)
    ratio = best / base
    cpu_line = []
    if cpu:
        mine, floors = min(cpu[0]), min(cpu[1])
        cpu_line = [
            f"  CPU seconds, best run: Tocsin {mine:.2f}, the floor {floors:.2f} "
            f"(ratio {mine / floors:.2f}; the floor reads on both cores; Tocsin reads pages "
            "on one while a thread builds the last batch's frame in Polars)"
        ]
    return [
        f"\n### Parse, one target, {rows:,} records ({n:,} posts asked)",
        "",
        "```",
        f"  Tocsin parse (typed rows, exact bytes, SHA-256)  {best:>7.2f} s "
        f"{rows / best:>10,.0f} rows/s  (runs: {', '.join(f'{s:.2f}' for s in ours)})",
        f"  Polars read_ndjson + explode + unnest             {base:>7.2f} s "
        f"{rows / base:>10,.0f} rows/s  (runs: {', '.join(f'{s:.2f}' for s in theirs)})",
        *cpu_line,
        f"Goal: parse within {GOAL}× the Polars floor: {ratio:.2f}× → "
        f"{'met' if ratio <= GOAL else 'NOT met'}",
        "```",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--write", action="store_true", help="Write the results to docs/benchmarks.md.")
    args = ap.parse_args()
    loadavg = os.getloadavg()[0]
    (target, pages), body = load(generate(args.posts))
    ours, theirs, rows = [], [], 0
    cpu_ours, cpu_theirs = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = tocsin(target, pages)
        ours.append(time.perf_counter() - t0)
        cpu_ours.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        floor(body)
        theirs.append(time.perf_counter() - t0)
        cpu_theirs.append(time.process_time() - c0)
    lines = report(args.posts, rows, ours, theirs, (cpu_ours, cpu_theirs))
    print("\n".join(lines))
    if args.write:
        head = [
            "## The parse beside the Polars floor (issue 17, goal 3)",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {loadavg:.1f} at "
            f"the start, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
            f"Reproduce: `python -m benchmarks.parse --posts {args.posts} --write`.",
        ]
        write_report(ROOT / "docs" / "benchmarks.md", head + lines, MARKS)
        print("wrote docs/benchmarks.md")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(tocsin, target, pages)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
