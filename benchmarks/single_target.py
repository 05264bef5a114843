"""One target, N posts: ``tocsin import`` beside DuckDB doing a third of the work (issue 17, goal 1).

    python -m benchmarks.single_target                  # 1M posts
    python -m benchmarks.single_target --posts 100000   # scaled down
    python -m benchmarks.single_target --write          # records the figures in docs/benchmarks.md

Input: one file of X API v2 pages about one person (the generator's seed-wave mix and defect rates,
seed after seed, every page naming the same handle), cached under benchmarks/.cache. In the same
run, each in its own process:

- ``tocsin import FILE --target t0000``: the real command, as a user runs it (its own Python; no
  ``PREFECT_API_URL``, so the import's steps as plain functions, where the code before issue 17's
  fixed-cost work ran the Prefect flow with its temporary API server; the evidence copy, parse,
  validation with quarantine, dedupe and write, scores, daily aggregates, the seal), timed from
  outside;
- the DuckDB script a data engineer would write (``benchmarks.run_duckdb``): read the same file,
  deduplicate, write the same hive Parquet, count per day; timed from outside too, and its SQL
  alone from inside.

Prints both times, the ratio, and whether the goals (``tocsin import`` ≤ 1.5× DuckDB; its peak
RSS ≤ 2 GB, goal 5 read for one target) are met. Speed is never a test:
tests/test_benchmarks.py only runs this on a tiny input.

``--before REV`` also runs the import of the code at git revision REV (extracted with ``git
archive`` into the cache), in the same run, right before this checkout's: on a shared machine
only figures of one run compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
ROOT = Path(__file__).resolve().parents[1]
TARGET, HANDLE = "t0000", "target_0"
GOAL = 1.5
PEAK_MB = 2048
"""Issue 17, goal 5 (10M posts: peak RSS ≤ 2 GB), read for one target: one person's pile-on is
one target, and its import must not need more memory as it grows."""
BEGIN, END = "<!-- single-target:begin -->", "<!-- single-target:end -->"


def generate(n: int, cache: Path = CACHE) -> Path:
    """A folder holding one file, ``t0000.jsonl``, of about ``n`` mentions of one handle (X API v2
    pages, one a line); cached by size. Seeds differ, so do the posts' ids."""
    import orjson

    from tasks.sources import synthetic

    out = cache / f"x-v2-single-{n}"
    if (out / "DONE").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    records, seed = 0, 0
    with (out / f"{TARGET}.jsonl").open("wb") as fh:
        while records < n:
            for page in synthetic.generate_pages("seed-wave", seed=seed, handle=HANDLE):
                fh.write(page.body + b"\n")
                records += len(orjson.loads(page.body).get("data") or ())
                if records >= n:
                    break
            seed += 1
    (out / "DONE").write_text(json.dumps({"records": records, "seeds": seed}))
    return out


def checkout(rev: str, cache: Path = CACHE) -> Path:
    """The code at git revision ``rev``, extracted once into the cache (``git archive``)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    out = cache / f"code-{sha[:12]}"
    if not (out / "DONE").exists():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
        (out / "DONE").write_text(sha)
    return out


def _env(home: Path, code: Path = ROOT) -> dict[str, str]:
    # A local command with no Prefect server configured: as the Quick start runs it.
    return {
        **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
        "PYTHONPATH": str(code),
        # Tocsin's own signing key and Prefect's database go to the scratch folder.
        "XDG_CONFIG_HOME": str(home / "xdg"),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_LOGGING_LEVEL": "ERROR",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def _timed(
    argv: list[str], env: dict[str, str], cwd: Path = ROOT
) -> tuple[float, float, str, float]:
    """Run ``argv``; (wall seconds, the process's own peak RSS in MB, its stdout, the CPU
    seconds of it and of every process it waited for: a temporary Prefect server included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv[:4])} … failed ({proc.returncode}):\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout, cpu


def write_config(work: Path) -> Path:
    """``work/tocsin.toml`` (data under ``work/data``) and the one target it imports for
    (``work/targets.toml``); the config's path."""
    work.mkdir(parents=True, exist_ok=True)
    cfg = work / "tocsin.toml"
    targets = work / "targets.toml"
    targets.write_text(
        f'[[target]]\nname = "{TARGET}"\ntimezone = "Europe/Paris"\nsources = []\n'
        f'handles = {{ x = "{HANDLE}" }}\n'
    )
    cfg.write_text(f'data_dir = "{work / "data"}"\ntargets_file = "{targets}"\n')
    return cfg


def run_import(data: Path, work: Path, code: Path = ROOT) -> dict:
    """``tocsin import`` of the file for its one target (the code in ``code``), timed from
    outside; the stage times the run summary recorded, and its counts."""
    cfg = write_config(work)
    argv = [sys.executable, "-m", "flows.cli", "import", "--target", TARGET, "--config", str(cfg)]
    # Untimed, a first import of one page: Prefect creates its database on its first start (tens
    # of seconds here), which an installation in use has long done.
    first = work / "first.jsonl"
    with (data / f"{TARGET}.jsonl").open("rb") as fh:
        first.write_bytes(fh.readline())
    env = _env(work, code)
    _timed([*argv, str(first)], env, code)
    shutil.rmtree(work / "data")
    # Timed, the same again: what the command costs whatever the file (its fixed cost).
    fixed, _, _, fixed_cpu = _timed([*argv, str(first)], env, code)
    shutil.rmtree(work / "data")
    seconds, peak, _, cpu = _timed([*argv, str(data / f"{TARGET}.jsonl")], env, code)
    from tasks.runs import last_runs

    (run,) = last_runs(work / "data", 1).to_dicts()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "fixed_seconds": fixed,
        "fixed_cpu_seconds": fixed_cpu,
        "peak_rss_mb": peak,
        "records": run["records_in"],
        "valid": run["valid"],
        "quarantined": run["quarantined"],
        "written": run["written"],
        "status": run["status"],
        "timings": json.loads(run["timings"]) if isinstance(run["timings"], str) else {},
    }


def run_duckdb(data: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "benchmarks.run_duckdb", str(data)]
    seconds, peak, stdout, cpu = _timed(argv, _env(work))
    inside = json.loads(stdout.strip().splitlines()[-1])
    return {
        "seconds": seconds,
        "peak_rss_mb": peak,
        "records": inside["records"],
        "sql_seconds": inside["total"]["seconds"],
        "cpu_seconds": cpu,
    }


def report(n: int, ours: dict, duck: dict, before: dict | None = None) -> list[str]:
    rows = ours["records"]
    ratio = ours["seconds"] / duck["seconds"]
    strict = ours["seconds"] / duck["sql_seconds"]
    stages = ", ".join(f"{k} {v:.2f}" for k, v in ours["timings"].items())
    outside = ours["seconds"] - sum(ours["timings"].values())
    lines = [
        f"\n### One target, {rows:,} posts ({n:,} asked)",
        "",
        "```",
        f"  tocsin import (the command, timed from outside) {ours['seconds']:>8.2f} s "
        f"{rows / ours['seconds']:>10,.0f} rows/s {ours['peak_rss_mb']:>7,.0f} MB" + _cpu(ours),
        f"    stages its run summary recorded (s): {stages}",
        f"    outside them (Python start, imports, and Prefect's temporary API server if the "
        f"command started one): {outside:.2f} s",
        f"    the same command on one page of it: {ours['fixed_seconds']:.2f} s (its fixed cost)"
        + _cpu(ours, "fixed_cpu_seconds"),
        f"    {ours['valid']:,} valid, {ours['quarantined']:,} quarantined, "
        f"{ours['written']:,} written, status {ours['status']}",
        f"  DuckDB script (timed from outside)               {duck['seconds']:>8.2f} s "
        f"{rows / duck['seconds']:>10,.0f} rows/s {duck['peak_rss_mb']:>7,.0f} MB" + _cpu(duck),
        f"    of which its SQL (read+dedupe+write+daily count): {duck['sql_seconds']:.2f} s, "
        f"{duck['records']:,} rows kept",
        "Goal:",
        f"  tocsin import ≤ {GOAL}× DuckDB (both commands timed from outside): {ratio:.2f}× → "
        f"{'met' if ratio <= GOAL else 'NOT met'}",
        f"  (against DuckDB's SQL alone: {strict:.2f}× → {'met' if strict <= GOAL else 'NOT met'})",
        f"  tocsin import's peak RSS ≤ {PEAK_MB:,} MB (goal 5, for one target): "
        f"{ours['peak_rss_mb']:,.0f} MB → {'met' if ours['peak_rss_mb'] <= PEAK_MB else 'NOT met'}",
        "```",
    ]
    if before is not None:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in before["timings"].items())
        lines[-1:-1] = [
            f"Before (the code at {before['rev']}, run just before this checkout's, same input):",
            f"  tocsin import                                    {before['seconds']:>8.2f} s "
            f"{rows / before['seconds']:>10,.0f} rows/s {before['peak_rss_mb']:>7,.0f} MB"
            + _cpu(before),
            f"    stages (s): {stages}",
            f"    the same command on one page of it: {before['fixed_seconds']:.2f} s"
            + _cpu(before, "fixed_cpu_seconds"),
            f"    {before['written']:,} written (this checkout: {ours['written']:,}); "
            f"{before['seconds'] / duck['seconds']:.2f}× DuckDB; this checkout takes "
            f"{ours['seconds'] / before['seconds']:.2f}× its time",
        ]
    return lines


def _cpu(run: dict, key: str = "cpu_seconds") -> str:
    """`` (N s CPU)`` when the run measured it: the command's and that of the processes it
    waited for (a temporary Prefect server); it varies less than wall time on a shared machine."""
    return f" ({run[key]:.2f} s CPU)" if run.get(key) is not None else ""


def write_report(path: Path, lines: list[str], marks: tuple[str, str] = (BEGIN, END)) -> None:
    """Replace this benchmark's section of ``path`` (added before the hand-written prose the
    first time); the pipeline benchmark's own section is left alone. ``marks``: the section's
    first and last lines (benchmarks.parse has its own)."""
    begin, end = marks
    section = "\n".join([begin, *lines, end])
    text = path.read_text() if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    elif "\n## Reading these figures" in text:
        head, rest = text.split("\n## Reading these figures", 1)
        text = head + section + "\n\n## Reading these figures" + rest
    else:
        text = text + "\n" + section + "\n"
    path.write_text(text)


def run(n: int, before: str | None = None) -> list[str]:
    t0 = time.perf_counter()
    data = generate(n)
    print(f"input for {n:,}: {data} ({time.perf_counter() - t0:.1f} s)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="single-target-"))
    try:
        old = None
        if before is not None:
            old = run_import(data, work / "before", checkout(before)) | {"rev": before}
        ours = run_import(data, work / "tocsin")
        duck = run_duckdb(data, work / "duckdb")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(n, ours, duck, old)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--posts", default="1000000", help="Sizes, comma-separated (default 1M).")
    ap.add_argument("--write", action="store_true", help="Write the results to docs/benchmarks.md.")
    ap.add_argument("--before", metavar="REV", help="Also run the code at this git revision.")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    out = [
        "## One target, `tocsin import` beside DuckDB (issue 17, goal 1)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the "
        f"start, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. Reproduce: "
        f"`python -m benchmarks.single_target --posts {args.posts}"
        + (f" --before {args.before}" if args.before else "")
        + " --write`.",
    ]
    for n in (int(s) for s in args.posts.split(",") if s):
        lines = run(n, args.before)
        print("\n".join(lines), flush=True)
        out += lines
    out[2] += (
        f" Load average {os.getloadavg()[0]:.1f} at the end. On a shared machine wall times "
        "follow the other users' load; the CPU seconds (in brackets) vary less."
    )
    if args.write:
        write_report(ROOT / "docs" / "benchmarks.md", out)
        print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
