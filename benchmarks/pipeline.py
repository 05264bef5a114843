"""The pipeline at 100k / 1M (/ 10M) mentions, beside DuckDB and the PyArrow floor.

    python -m benchmarks.pipeline                 # 100k and 1M
    python -m benchmarks.pipeline --sizes 100000  # one size
    python -m benchmarks.pipeline --ten-million   # adds 10M (generation is cached)

Input: X API v2 JSONL pages from the synthetic generator (seed-wave's mix and defect rates, one
seed per target, many targets), cached under benchmarks/.cache. Each contender runs in its own
process so its peak RSS is its own: Tocsin's stages (benchmarks.run_tocsin), the DuckDB script a
data engineer would write (run_duckdb), the Polars floor doing the same work as DuckDB
(run_polars), and Tocsin's run as a Prefect flow (run_prefect). Prints wall time, rows/s and peak RSS per stage, the ratios,
and whether each goal is met; results are appended to docs/benchmarks.md by --write.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
ROOT = Path(__file__).resolve().parents[1]


def generate(n: int, cache: Path = CACHE) -> Path:
    """Write about ``n`` mentions as page files, one file per target; cached by size."""
    out = cache / f"x-v2-{n}"
    done = out / "DONE"
    if done.exists():
        return out
    import orjson

    from tasks.sources import synthetic

    out.mkdir(parents=True, exist_ok=True)
    records, seed = 0, 0
    while records < n:
        path = out / f"t{seed:04d}.jsonl"
        with path.open("wb") as fh:
            for page in synthetic.generate_pages("seed-wave", seed=seed, handle=f"target_{seed}"):
                fh.write(page.body + b"\n")
                records += len(orjson.loads(page.body).get("data") or ())
                if records >= n:
                    break
        seed += 1
    done.write_text(json.dumps({"records": records, "targets": seed}))
    return out


def _run(module: str, *args: str, env_extra: dict[str, str] | None = None) -> dict:
    """Run a contender in a fresh process; it prints one JSON line of results last."""
    env = {
        **os.environ,
        **(env_extra or {}),
        "PREFECT_LOGGING_LEVEL": "ERROR",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    proc = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode:
        raise SystemExit(f"{module} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_stage(name: str, s: dict, rows: int) -> str:
    rate = rows / s["seconds"] if s["seconds"] else float("inf")
    return f"  {name:<28} {s['seconds']:>8.2f} s {rate:>12,.0f} rows/s {s['peak_rss_mb']:>8,.0f} MB"


def report(
    n: int,
    ours: dict,
    duck: dict,
    floor: dict,
    prefect: dict | None,
    par: dict | None = None,
    served: dict | None = None,
) -> list[str]:
    """``ours``: Tocsin with targets one after another (the per-stage profile); ``par``: the same
    with targets spread over worker processes, as ``nightly`` runs them."""
    rows = ours["records"]
    best = par or ours
    lines = [
        f"\n## {rows:,} mentions ({ours['input_mb']:.0f} MB of X API v2 pages, "
        f"{ours['targets']} targets)",
        "",
        "```",
    ]
    lines.append(
        "Tocsin, per stage, targets one after another (plain functions, streamed in batches; "
        "parse includes reading the files and writing the evidence copy):"
    )
    for name, s in ours["stages"].items():
        lines.append(_fmt_stage(name, s, rows))
    lines.append(_fmt_stage("end to end, one process", ours["total"], rows))
    if par:
        lines.append(
            _fmt_stage(f"end to end, {par['workers']} worker processes", par["total"], rows)
            + " (peak: all processes together, sampled)"
        )
    lines.append("Beside it:")
    lines.append(_fmt_stage("DuckDB read+dedupe+write+agg", duck["total"], rows))
    lines.append(_fmt_stage("Polars floor, the same work", floor["total"], rows))
    lines.append(_fmt_stage("PyArrow floor (write only)", ours["floor"], rows))
    common = sum(ours["stages"][k]["seconds"] for k in ("parse", "dedupe+write", "aggregate"))
    lines.append("Ratios:")
    lines.append(
        f"  Tocsin end to end ({best['workers']} process{'es' if best['workers'] > 1 else ''}) "
        f"/ DuckDB (which does a third of the work): "
        f"{best['total']['seconds'] / duck['total']['seconds']:.2f}"
    )
    lines.append(
        f"  Tocsin stages DuckDB also does (parse, dedupe+write, aggregate) / DuckDB: "
        f"{common / duck['total']['seconds']:.2f}"
    )
    lines.append(
        f"  Tocsin stages DuckDB also does / Polars floor: {common / floor['total']['seconds']:.2f}"
    )
    lines.append(
        f"  Tocsin write / PyArrow floor: "
        f"{ours['stages']['dedupe+write']['seconds'] / ours['floor']['seconds']:.2f}"
    )
    if prefect:
        lines.append(
            f"Prefect: the same run as a flow took {prefect['flow_seconds']:.2f} s; "
            f"a trivial flow {prefect['empty_flow_seconds']:.2f} s "
            f"(ephemeral API server start included); overhead ≈ "
            f"{prefect['flow_seconds'] - best['total']['seconds']:.2f} s "
            f"(targets in {prefect.get('workers', 1)} worker process(es), as in the plain run)"
        )
        if "noop_flow_seconds" in prefect:
            per_task = prefect["noop_flow_seconds"] / prefect["noop_tasks"] * 1000
            lines.append(
                f"  of which task runs: a flow of {prefect['noop_tasks']} empty tasks took "
                f"{prefect['noop_flow_seconds']:.2f} s ({per_task:.0f} ms a task run); the rest: "
                "the server start, the worker processes starting, and the API server's own work "
                "while the workers run (it shares their cores)"
            )
    if served:
        lines.append(
            f"Prefect with a long-running server (as scheduled deployments run): the same flow "
            f"took {served['flow_seconds']:.2f} s, a trivial flow {served['empty_flow_seconds']:.2f} s; "
            f"overhead ≈ {served['flow_seconds'] - best['total']['seconds']:.2f} s"
        )
    lines.append("Goals:")
    if 900_000 <= rows < 2_000_000:
        runs = [
            (r["flow_seconds"], how)
            for r, how in ((prefect, "ephemeral API server"), (served, "long-running server"))
            if r
        ]
        if not runs:
            runs = [(best["total"]["seconds"], "no Prefect")]
        for e2e, how in runs:
            lines.append(
                f"  1M end to end ≤ 15 s, Prefect included ({how}): {e2e:.1f} s → "
                f"{'met' if e2e <= 15 else 'NOT met'}"
            )
    ratio = common / floor["total"]["seconds"]
    lines.append(
        f"  stages DuckDB also does (parse, dedupe+write, aggregate) within 1.5× of the Polars "
        f"floor: {ratio:.2f}× → {'met' if ratio <= 1.5 else 'NOT met'}"
    )
    if rows >= 9_000_000:
        lines.append(
            f"  peak RSS ≤ 2 GB at 10M: {best['peak_rss_mb']:,.0f} MB → "
            f"{'met' if best['peak_rss_mb'] <= 2048 else 'NOT met'}"
        )
    lines.append("```")
    return lines


BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def write_report(path: Path, lines: list[str]) -> None:
    """Replace the generated section of ``path``; the prose around it is written by hand."""
    section = "\n".join([BEGIN, *lines, END])
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = section + "\n" + text
    path.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--ten-million", action="store_true")
    ap.add_argument("--no-prefect", action="store_true", help="Skip the Prefect overhead run.")
    ap.add_argument(
        "--prefect-all", action="store_true", help="Run the Prefect flow at 10M too (long)."
    )
    ap.add_argument("--write", action="store_true", help="Write the results to docs/benchmarks.md.")
    ap.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="Worker processes of the end-to-end runs (default: one per core, as nightly).",
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.ten_million:
        sizes.append(10_000_000)
    out = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Reproduce: `python -m benchmarks.pipeline --write` "
        "(add `--ten-million` for 10M).",
    ]
    for n in sizes:
        t0 = time.perf_counter()
        data = generate(n)
        print(f"input for {n:,}: {data} ({time.perf_counter() - t0:.1f} s)", flush=True)
        ours = _run("benchmarks.run_tocsin", str(data))
        par = None
        if args.workers > 1:
            par = _run("benchmarks.run_tocsin", str(data), "--workers", str(args.workers))
        duck = _run("benchmarks.run_duckdb", str(data))
        floor = _run("benchmarks.run_polars", str(data))
        # Prefect's overhead is measured up to 1M; at 10M it would only add another long run.
        skip = args.no_prefect or (n > 1_000_000 and not args.prefect_all)
        prefect, served = None, None
        if not skip:
            argv = ("benchmarks.run_prefect", str(data), "--workers", str(args.workers))
            prefect = _run(*argv)
            # As scheduled deployments run: against a Prefect server that is already up.
            from benchmarks.run_prefect import long_running_server

            with tempfile.TemporaryDirectory(prefix="prefect-home-") as home:
                with long_running_server(Path(home)) as url:
                    served = _run(*argv, env_extra={"PREFECT_API_URL": url})
        lines = report(n, ours, duck, floor, prefect, par, served)
        print("\n".join(lines), flush=True)
        out += lines
    if args.write:
        write_report(ROOT / "docs" / "benchmarks.md", out)
        print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
