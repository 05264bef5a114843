"""The seal and `verify` per record beside the parse (issue 17, goal 6), in one process, same pages.

    python -m benchmarks.seal                  # 1M posts, one target (benchmarks.single_target's input)
    python -m benchmarks.seal --posts 100000
    python -m benchmarks.seal --write          # records the figures in docs/benchmarks.md

The pages are kept as the import keeps them (``keep_pages``: the evidence copy, not timed), then,
alternately, ``--repeat`` times:

- the parse: ``tasks.parse.parse_batches`` over the pages in memory (as ``benchmarks.parse``);
- the seal: ``seal_report`` of the target (unsigned, no timestamp authority: the per-record work
  is reading each segment back, checking each page's hash, deriving every record from its page
  and hashing it twice, SHA-256 and RFC 6962 leaf, and the two Merkle trees);
- `verify` of the evidence: ``verify_evidence(tables=False)``: the chain, the folder's checksums,
  every segment read back, every page and record re-derived, hashed and compared, both roots.
  The working tables' check (``tables=True``) parses every sealed page again (it compares each row
  with its record re-read), so it costs a parse by construction; it is not timed here.

Each seal goes into a fresh copy of the kept pages (a seal never seals a segment twice). The best
of each is compared per record. Prints the rates and whether the goal (seal and verify at least
as fast per record as the parse) is met. Speed is never a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.parse import BATCH, load
from benchmarks.single_target import ROOT, TARGET, generate, write_report

MARKS = ("<!-- seal:begin -->", "<!-- seal:end -->")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def keep(pages: list, folder: Path) -> Path:
    from tasks.evidence import keep_pages

    root = folder / "kept"
    for _ in keep_pages(pages, root, "bench-run", TARGET):
        pass
    return root


def parse(target, pages) -> int:
    from tasks.parse import parse_batches

    return sum(frame.height for frame, _ in parse_batches(pages, target, BATCH))


def seal(root: Path) -> int:
    from tasks.evidence import seal_report

    result = seal_report(root, "bench-run", TARGET, signing_key=None, tsa_url=None, now=NOW)
    return result.records


def verify(root: Path) -> int:
    from tasks.evidence import verify_evidence

    report = verify_evidence(root, target=TARGET, tables=False, now=NOW)
    problems = list(report.errors)
    if problems:
        raise SystemExit(f"verify found problems in the benchmark's own vault: {problems[:3]}")
    return report.records


def report(rows: int, runs: dict[str, list[float]], counts: dict[str, int]) -> list[str]:
    best = {k: min(v) for k, v in runs.items()}
    rate = {k: counts[k] / best[k] for k in best}
    label = {
        "parse": "parse (typed rows, exact bytes, SHA-256)",
        "seal": "seal (read back, re-derive, 2 hashes, 2 trees)",
        "verify": "verify, evidence (tables=False)",
    }
    lines = [
        f"\n### Seal and verify beside the parse, one target, {rows:,} records",
        "",
        "```",
    ]
    for k in ("parse", "seal", "verify"):
        lines.append(
            f"  {label[k]:<48} {best[k]:>7.2f} s {rate[k]:>10,.0f} records/s  "
            f"(runs: {', '.join(f'{s:.2f}' for s in runs[k])})"
        )
    for k in ("seal", "verify"):
        ratio = rate[k] / rate["parse"]
        lines.append(
            f"Goal: {k} at least as fast per record as the parse: {ratio:.2f}× the parse's rate "
            f"→ {'met' if ratio >= 1 else 'NOT met'}"
        )
    lines.append("```")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--write", action="store_true", help="Write the results to docs/benchmarks.md.")
    args = ap.parse_args()
    loadavg = os.getloadavg()[0]
    (target, pages), _ = load(generate(args.posts))
    runs: dict[str, list[float]] = {"parse": [], "seal": [], "verify": []}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="tocsin-seal-bench-") as tmp:
        kept = keep(pages, Path(tmp))
        for i in range(args.repeat):
            t0 = time.perf_counter()
            counts["parse"] = parse(target, pages)
            runs["parse"].append(time.perf_counter() - t0)
            root = Path(tmp) / f"run-{i}"
            shutil.copytree(kept, root)
            t0 = time.perf_counter()
            counts["seal"] = seal(root)
            runs["seal"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            counts["verify"] = verify(root)
            runs["verify"].append(time.perf_counter() - t0)
            shutil.rmtree(root)
    lines = report(counts["parse"], runs, counts)
    print("\n".join(lines))
    if args.write:
        head = [
            "## The seal and verify beside the parse (issue 17, goal 6)",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {loadavg:.1f} at "
            f"the start, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
            f"Reproduce: `python -m benchmarks.seal --posts {args.posts} --write`.",
        ]
        write_report(ROOT / "docs" / "benchmarks.md", head + lines, MARKS)
        print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
