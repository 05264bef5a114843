"""Load: many targets at once on two Dask workers, one of them under a raid (issue 16, point 6).

Every target is a synthetic one. Target ``t0000`` replays seed-wave's raid (the pile-on of
2020-02-01, the day after the designating post); the others replay the ``quiet`` scenario
(chatter and small news bumps). Each target's window ends on its chosen day: the raid's, and a
quiet day of March 2021. Before anything is measured, each worker runs one quiet target into a
scratch root, so that first-use costs (imports, the scorer's model, the GX context) fall on
neither run. The same per-target work runs twice on one LocalCluster of two
single-threaded worker processes, each into its own data root (Dask's worker profiler off, as
Tocsin turns it off on the clusters it starts, flows.workers.WITHOUT_PROFILER: it keeps ~0.8 MB
of call trees per second of work, up to 1000 s of them; ``--dask-profiler`` leaves it on):

- **with Prefect**: a flow that hands every target to Tocsin's task runner
  (``task_runner = "dask"`` with that cluster's ``dask_address``, flows.workers.run_targets),
  each target the ``backfill-target`` task that ``tocsin backfill -t ... -t ...`` runs, against
  a ``prefect server start`` on 127.0.0.1;
- **plain** (the baseline): the same function with the plain steps (tasks.lifecycle.plain_steps),
  submitted to the same workers with Dask's own client: no flow, no task runs, no API.

The data root is a local S3 server: ``moto_server`` on 127.0.0.1 (benchmarks/s3local.py),
one bucket with Object Lock, the two runs into ``s3://load-bench/plain`` and
``s3://load-bench/prefect`` (evidence COMPLIANCE-locked for ``RETENTION_DAYS``), the AWS variables
set before the cluster's workers start. ``--local`` keeps the data roots in a local folder.

Printed: the storage used, posts stored, throughput, each worker's peak RSS and CPU seconds, the
S3 server's CPU seconds and peak RSS, Prefect's overhead (flow minus plain, wall and CPU), the
cost per target, and on S3 what each run left in the bucket (versions and bytes). Both runs must
store the same rows: the posts each target's run says it wrote, and the mentions and quarantined
records read back from each data root, target by target (checked; a difference exits 1).

    python -m benchmarks.load                  # 6 targets × 1 day: a few minutes here
    python -m benchmarks.load --targets 50 --days 7 --write   # into docs/benchmarks.md
    python -m benchmarks.load --full           # the issue's size: 500 targets × 7 days (long)
    python -m benchmarks.load --local          # data roots in a local folder instead of S3
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from benchmarks.load_report import FULL, differences, report
from benchmarks.measure import hwm_mb, reset_peak
from benchmarks.single_target import ROOT, write_report

RAID_DAY = date(2020, 2, 1)  # the day after seed-wave's designating post (01-31, 19:47 Paris)
QUIET_DAY = date(2021, 3, 15)  # inside the quiet scenario's window (March-April 2021)
WORKERS = 2
BUCKET = "load-bench"
RETENTION_DAYS = 1
"""How long each evidence object stays COMPLIANCE-locked (the server is thrown away after)."""
MARKS = ("<!-- load:begin -->", "<!-- load:end -->")


def targets_toml(n: int) -> str:
    blocks = []
    for i in range(n):
        scenario = "seed-wave" if i == 0 else "quiet"
        blocks.append(
            f"""
[[target]]
name = "t{i:04d}"
timezone = "Europe/Paris"
handles = {{ x = "target_{i}", x_user_id = "{1_000_000_000_000_000_001 + i}" }}
synthetic = {{ scenario = "{scenario}", seed = {i} }}
"""
        )
    return "".join(blocks)


def window(target: str, days: int) -> tuple[datetime, datetime]:
    """[start, end): ``days`` whole UTC days ending with the scenario's chosen day."""
    last = RAID_DAY if target == "t0000" else QUIET_DAY
    end = datetime.combine(last + timedelta(days=1), dtime(), tzinfo=UTC)
    return end - timedelta(days=days), end


def plain_target(settings: Any, target: Any, start: datetime, end: datetime, now: datetime) -> int:
    """One target's backfill without Prefect: the plain steps, the same source and window."""
    from tasks.lifecycle import ingest, plain_steps
    from tasks.sources.registry import make_source

    return sum(
        ingest(
            plain_steps(),
            settings=settings,
            target=target,
            source=make_source(name, target, settings),
            start=start,
            end=end,
            run_id="plain",
            flow_name="load",
            now=now,
        ).written
        for name in target.sources
    )


def _peak_and_cpu() -> tuple[float, float]:
    """Run on each worker: its peak RSS since the reset (VmHWM, MB) and its CPU seconds."""
    t = os.times()
    return hwm_mb(), t.user + t.system


def measured(client: Any, run: Any, s3: Any = None) -> dict[str, Any]:
    """Wall seconds of ``run()`` (which returns the posts written per target), each worker's
    peak RSS (MB) and CPU seconds during it, and the S3 server's CPU seconds (``s3``)."""
    client.run(reset_peak)
    before = client.run(_peak_and_cpu)
    s3_cpu = s3.cpu_s() if s3 else 0.0
    t0 = time.perf_counter()
    per_target = run()
    wall = time.perf_counter() - t0
    after = client.run(_peak_and_cpu)
    workers = {
        w: {"peak_mb": after[w][0], "cpu_s": after[w][1] - before[w][1]} for w in sorted(after)
    }
    return {
        "wall_s": wall,
        "written": sum(per_target.values()),
        "per_target": per_target,
        "workers": workers,
        "s3_cpu_s": (s3.cpu_s() - s3_cpu) if s3 else None,
    }


def shown(name: str, run: dict[str, Any]) -> dict[str, Any]:
    """``run`` as measured, printed at once: a later step that fails (reading back, the S3
    server's listing) leaves these figures in the output."""
    workers = ", ".join(
        f"{w}: peak {v['peak_mb']:.0f} MB, {v['cpu_s']:.0f} CPU s"
        for w, v in run["workers"].items()
    )
    s3 = f", S3 server {run['s3_cpu_s']:.0f} CPU s" if run["s3_cpu_s"] is not None else ""
    print(
        f"{name} run measured: {run['wall_s']:.1f} s wall, {run['written']:,} posts written, "
        f"{len(run['per_target'])} targets; {workers}{s3}",
        flush=True,
    )
    return run


def stored(root: Any) -> dict[str, dict[str, int]]:
    """Rows per target read back from a data root: its mentions and its quarantine."""
    import polars as pl

    from tasks.schema import MENTIONS, QUARANTINE
    from tasks.store import scan

    out = {}
    for table in (MENTIONS, QUARANTINE):
        counts = scan(root, table, ["target"]).group_by("target").agg(pl.len()).collect()
        out[table.name] = dict(zip(counts["target"], counts["len"], strict=True))
    return out


def main(
    targets: int, days: int, local: bool = False, dask_profiler: bool = False
) -> dict[str, Any]:
    import logging
    from contextlib import ExitStack

    import dask
    from distributed import Client, LocalCluster
    from prefect import flow
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from benchmarks.run_prefect import long_running_server
    from benchmarks.s3local import VERSION_LISTING_MAX_OBJECTS, local_s3, locked_bucket
    from benchmarks.s3local import held as bucket_held
    from benchmarks.s3local import requests as s3_requests
    from benchmarks.s3local import written as bucket_written
    from config.settings import load_settings
    from config.targets import load_targets
    from flows.pipeline import backfill_targets
    from flows.workers import WITHOUT_PROFILER, run_targets
    from tasks.runs import new_run_id

    logging.getLogger("distributed").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="load-bench-"))
    targets_file = work / "targets.toml"
    targets_file.write_text(targets_toml(targets))
    now = datetime.now(UTC)

    @flow(name="load-benchmark")
    def with_prefect(settings: Any, chosen: list[Any]) -> dict[str, int]:
        run_id = new_run_id("load", now)
        # One target a task, as the backfill flow runs its targets on Dask (target_groups).
        calls = [
            dict(
                settings=settings,
                targets=[t],
                start=window(t.name, days)[0],
                end=window(t.name, days)[1],
                run_id=run_id,
                flow_name="load",
                now=now,
            )
            for t in chosen
        ]
        per_target = {}
        results = run_targets(backfill_targets, calls, settings)
        for t, (result, error) in zip(chosen, results, strict=True):
            if error is not None:
                raise error
            per_target[t.name] = sum(s.written for s in result[0])
        return per_target

    load = [os.getloadavg()[0]]
    with ExitStack() as stack:
        common: dict[str, Any] = dict(targets_file=targets_file, task_runner="dask")
        if local:
            s3 = None
            roots: dict[str, Any] = {n: work / n for n in ("warm-up", "plain", "prefect")}
        else:
            # The AWS variables are set here, before the API server and the cluster start.
            s3 = stack.enter_context(local_s3(work / "s3"))
            s3_client = s3.client()
            locked_bucket(s3_client, BUCKET)
            roots = {n: f"s3://{BUCKET}/{n}" for n in ("warm-up", "plain", "prefect")}
            common["evidence_archive_retention_days"] = RETENTION_DAYS
        api = stack.enter_context(long_running_server(work / "prefect-home"))
        if not dask_profiler:  # its nannies hand the configuration to the workers they start
            stack.enter_context(dask.config.set(WITHOUT_PROFILER))
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken
                memory_limit=0,
            )
        )
        client = stack.enter_context(Client(cluster))
        plain_settings = load_settings(data_dir=roots["plain"], **common)
        chosen = list(load_targets(targets_file).values())

        def plain() -> dict[str, int]:
            futures = [
                client.submit(
                    plain_target, plain_settings, t, *window(t.name, days), now, pure=False
                )
                for t in chosen
            ]
            return dict(zip((t.name for t in chosen), client.gather(futures), strict=True))

        # Every worker pays its first-use costs here, on one quiet target into its own scratch
        # root (two writers of one target's evidence in one root would race for its keys).
        warm_up = [
            client.submit(
                plain_target,
                load_settings(data_dir=f"{roots['warm-up']}-{i}", **common),
                chosen[-1],
                *window(chosen[-1].name, 1),
                now,
                workers=[address],
                allow_other_workers=False,
                pure=False,
            )
            for i, address in enumerate(sorted(client.scheduler_info()["workers"]))
        ]
        client.gather(warm_up)
        flow_settings = load_settings(
            data_dir=roots["prefect"], dask_address=cluster.scheduler_address, **common
        )

        def prefect() -> dict[str, int]:
            with temporary_settings(updates={PREFECT_API_URL: api}):
                return with_prefect(flow_settings, chosen)

        load.append(os.getloadavg()[0])
        base = shown("plain", measured(client, plain, s3))
        load.append(os.getloadavg()[0])
        ours = shown("prefect", measured(client, prefect, s3))
        load.append(os.getloadavg()[0])
        t0 = time.perf_counter()
        for run, settings in ((base, plain_settings), (ours, flow_settings)):
            run["stored"] = stored(settings.data_dir)
        read_back = time.perf_counter() - t0
        s3_peak = None
        if s3 is not None:
            # The server's peak over both runs, before the listings below add their own.
            s3_peak = s3.peak_mb()
            try:
                whole = bucket_held(s3_client, BUCKET)["objects"]
            except Exception:  # noqa: BLE001 - the listings below report the failure
                whole = None
            versions = whole is not None and whole <= VERSION_LISTING_MAX_OBJECTS
            for run, name in ((base, "plain"), (ours, "prefect")):
                run["requests"] = s3_requests(s3.log, name)
                try:
                    run["bucket"] = bucket_written(s3_client, BUCKET, f"{name}/", versions)
                    if not versions:
                        run["bucket"]["versions_skipped"] = (
                            f"the bucket holds {whole:,} current objects, and moto's version "
                            "listing copies every version of every object on each page it serves"
                        )
                except Exception as exc:  # noqa: BLE001 - reported, not hidden
                    run["bucket"] = {"error": f"{type(exc).__name__}: {exc}"}
    result = {
        "targets": targets,
        "days": days,
        "workers": WORKERS,
        "retention_days": RETENTION_DAYS,
        "storage": "local folder" if local else "s3",
        "dask_profiler": dask_profiler,
        "s3_url": None if local else f"s3://{BUCKET}/{{plain,prefect}}",
        "plain": base,
        "prefect": ours,
        "work": str(work),
        "load": load,
        "read_back_s": read_back,
        "s3_peak_mb": s3_peak,
    }
    result["differences"] = differences(base, ours)
    return result


def cli() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--targets", type=int, default=6)
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--full", action="store_true", help="The issue's size: 500 targets × 7 days.")
    ap.add_argument("--local", action="store_true", help="Data roots in a local folder, not S3.")
    ap.add_argument("--write", action="store_true", help="Write the results to docs/benchmarks.md.")
    ap.add_argument(
        "--dask-profiler",
        action="store_true",
        help="Leave Dask's worker profiler on (Dask's default; Tocsin's own clusters turn it off).",
    )
    args = ap.parse_args()
    targets, days = FULL if args.full else (args.targets, args.days)
    result = main(targets, days, local=args.local, dask_profiler=args.dask_profiler)
    lines = report(result)
    print("\n".join(lines))
    print(f"(work folder: {result['work']})")
    if args.write:
        size = "--full" if args.full else f"--targets {targets} --days {days}"
        head = [
            f"### {targets} targets × {days} day(s), {result['prefect']['written']:,} posts, "
            f"{'local folder' if args.local else 'local S3 server'}",
            "",
            f"`python -m benchmarks.load {size}{' --local' if args.local else ''} --write`, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
            "",
        ]
        # One paragraph per line (the table's rows together), as Markdown shows them.
        md = [
            x
            for line in lines
            for x in ([line] if line.startswith("|") or not line else [line, ""])
        ]
        write_report(ROOT / "docs" / "benchmarks.md", head + md, MARKS)
        print("wrote docs/benchmarks.md")
    if result["differences"]:
        raise SystemExit("the plain and Prefect runs did not store the same rows")


if __name__ == "__main__":
    cli()
