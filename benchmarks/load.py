"""Load: many targets at once on two Dask workers, one of them under a raid (issue 16, point 6).

Every target is a synthetic one. Target ``t0000`` replays seed-wave's raid (the pile-on of
2020-02-01, the day after the designating post); the others replay the ``quiet`` scenario
(chatter and small news bumps). Each target's window ends on its chosen day: the raid's, and a
quiet day of March 2021. Before anything is measured, each worker runs one quiet target into a
scratch root, so that first-use costs (imports, the scorer's model, the GX context) fall on
neither run. The same per-target work runs twice on one LocalCluster of two
single-threaded worker processes, each into its own data root:

- **with Prefect**: a flow that hands every target to Tocsin's task runner
  (``task_runner = "dask"`` with that cluster's ``dask_address``, flows.workers.run_targets),
  each target the ``backfill-target`` task that ``tocsin backfill -t ... -t ...`` runs, against
  a ``prefect server start`` on 127.0.0.1;
- **plain** (the baseline): the same function with the plain steps (tasks.lifecycle.plain_steps),
  submitted to the same workers with Dask's own client: no flow, no task runs, no API.

Printed: posts stored, throughput, each worker's peak RSS and CPU seconds, Prefect's overhead
(flow minus plain, wall and CPU) and the cost per target. Both runs must store the same number
of rows (checked). The data root is a local folder. The issue asks for a local S3 server; the
``s3://`` data root is not in this branch.

    python -m benchmarks.load                  # 6 targets × 1 day: a few minutes here
    python -m benchmarks.load --full           # the issue's size: 500 targets × 7 days (long)
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from benchmarks.measure import hwm_mb, reset_peak

RAID_DAY = date(2020, 2, 1)  # the day after seed-wave's designating post (01-31, 19:47 Paris)
QUIET_DAY = date(2021, 3, 15)  # inside the quiet scenario's window (March-April 2021)
WORKERS = 2


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


def measured(client: Any, run: Any) -> dict[str, Any]:
    """Wall seconds of ``run()``, and each worker's peak RSS (MB) and CPU seconds during it."""
    client.run(reset_peak)
    before = client.run(_peak_and_cpu)
    t0 = time.perf_counter()
    written = run()
    wall = time.perf_counter() - t0
    after = client.run(_peak_and_cpu)
    workers = {
        w: {"peak_mb": after[w][0], "cpu_s": after[w][1] - before[w][1]} for w in sorted(after)
    }
    return {"wall_s": wall, "written": written, "workers": workers}


def main(targets: int, days: int) -> dict[str, Any]:
    import logging

    from distributed import Client, LocalCluster
    from prefect import flow
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from benchmarks.run_prefect import long_running_server
    from config.settings import load_settings
    from config.targets import load_targets
    from flows.pipeline import backfill_target
    from flows.workers import run_targets
    from tasks.runs import new_run_id

    logging.getLogger("distributed").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="load-bench-"))
    targets_file = work / "targets.toml"
    targets_file.write_text(targets_toml(targets))
    now = datetime.now(UTC)

    @flow(name="load-benchmark")
    def with_prefect(settings: Any, chosen: list[Any]) -> int:
        run_id = new_run_id("load", now)
        calls = [
            dict(
                settings=settings,
                target=t,
                start=window(t.name, days)[0],
                end=window(t.name, days)[1],
                run_id=run_id,
                flow_name="load",
                now=now,
                raise_errors=False,
            )
            for t in chosen
        ]
        total = 0
        for result, error in run_targets(backfill_target, calls, settings):
            if error is not None:
                raise error
            total += sum(s.written for s in result)
        return total

    with (
        long_running_server(work / "prefect-home") as api,
        LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be taken
            memory_limit=0,
        ) as cluster,
        Client(cluster) as client,
    ):
        common = dict(targets_file=targets_file, task_runner="dask")
        plain_settings = load_settings(data_dir=work / "plain", **common)
        chosen = list(load_targets(targets_file).values())

        def plain() -> int:
            futures = [
                client.submit(
                    plain_target, plain_settings, t, *window(t.name, days), now, pure=False
                )
                for t in chosen
            ]
            return sum(client.gather(futures))

        # Every worker pays its first-use costs here, on one quiet target into a scratch root.
        warm = load_settings(data_dir=work / "warm-up", **common)
        client.run(plain_target, warm, chosen[-1], *window(chosen[-1].name, 1), now)
        flow_settings = load_settings(
            data_dir=work / "prefect", dask_address=cluster.scheduler_address, **common
        )

        def prefect() -> int:
            with temporary_settings(updates={PREFECT_API_URL: api}):
                return with_prefect(flow_settings, chosen)

        base = measured(client, plain)
        ours = measured(client, prefect)
    if base["written"] != ours["written"]:
        raise SystemExit(f"rows differ: plain {base['written']}, Prefect {ours['written']}")
    return {"targets": targets, "days": days, "plain": base, "prefect": ours, "work": str(work)}


def report(r: dict[str, Any]) -> list[str]:
    n = r["targets"]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}.",
        f"{n} targets × {r['days']} day(s), t0000 under seed-wave's raid, the others quiet; "
        f"{WORKERS} Dask worker processes (LocalCluster); data root on local disk.",
        f"posts stored: {r['prefect']['written']:,} (the same with and without Prefect)",
        "",
        "| run | wall s | posts/s | targets/min | CPU s (workers) | peak RSS per worker, MB |",
        "|---|---|---|---|---|---|",
    ]
    for name, key in (("plain, Dask only", "plain"), ("Prefect flow on Dask", "prefect")):
        m = r[key]
        cpu = sum(w["cpu_s"] for w in m["workers"].values())
        peaks = ", ".join(f"{w['peak_mb']:.0f}" for w in m["workers"].values())
        lines.append(
            f"| {name} | {m['wall_s']:.1f} | {m['written'] / m['wall_s']:,.0f} | "
            f"{n / m['wall_s'] * 60:.1f} | {cpu:.1f} | {peaks} |"
        )
    base, ours = r["plain"], r["prefect"]
    cpu_b = sum(w["cpu_s"] for w in base["workers"].values())
    cpu_o = sum(w["cpu_s"] for w in ours["workers"].values())
    extra = ours["wall_s"] - base["wall_s"]
    lines += [
        "",
        f"Prefect's overhead: {extra:+.1f} s wall ({extra / base['wall_s']:+.0%}), "
        f"{cpu_o - cpu_b:+.1f} CPU s on the workers (the API server's own work is not counted).",
        f"Cost per target (Prefect flow): {ours['wall_s'] * WORKERS / n:.2f} worker-seconds "
        f"(wall × workers / targets), {cpu_o / n:.2f} CPU s.",
    ]
    return lines


def cli() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--targets", type=int, default=6)
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--full", action="store_true", help="The issue's size: 500 targets × 7 days.")
    args = ap.parse_args()
    targets, days = (500, 7) if args.full else (args.targets, args.days)
    result = main(targets, days)
    print("\n".join(report(result)))
    print(f"(data roots under {result['work']})")


if __name__ == "__main__":
    cli()
