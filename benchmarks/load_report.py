"""The load benchmark's report (benchmarks/load.py): its figures as printed and as written to
docs/benchmarks.md, and the check that its two runs stored the same rows."""

from __future__ import annotations

import os
import platform
import time
from typing import Any

FULL = (500, 7)
"""The issue's size: targets × days."""


def differences(base: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    """What differs between two runs' rows: per target written, then read back per table."""
    out = []
    for what, a, b in [("written", base["per_target"], ours["per_target"])] + [
        (f"stored {t}", base["stored"][t], ours["stored"][t]) for t in base["stored"]
    ]:
        bad = sorted(k for k in a.keys() | b.keys() if a.get(k, 0) != b.get(k, 0))
        out += [f"{what}, {k}: plain {a.get(k, 0)}, Prefect {b.get(k, 0)}" for k in bad[:10]]
    for name, run in (("plain", base), ("Prefect", ours)):
        kept = run["stored"]["mentions"]
        bad = sorted(k for k in run["per_target"] if run["per_target"][k] != kept.get(k, 0))
        out += [f"{name}, {k}: wrote {run['per_target'][k]}, stored {kept.get(k, 0)}" for k in bad]
    return out


def _cpu(m: dict[str, Any]) -> float:
    return sum(w["cpu_s"] for w in m["workers"].values())


def report(r: dict[str, Any]) -> list[str]:
    n, days = r["targets"], r["days"]
    base, ours = r["plain"], r["prefect"]
    on_s3 = r["storage"] == "s3"
    storage = (
        f"data roots {r['s3_url']} on a local S3 server (moto_server on 127.0.0.1, one bucket "
        f"with Object Lock, evidence COMPLIANCE-locked {r['retention_days']} day)"
        if on_s3
        else "data roots in a local folder (--local)"
    )
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}; load average (1 min) "
        + " / ".join(f"{x:.1f}" for x in r["load"])
        + " (start, before plain, before Prefect, end).",
        f"{n} targets × {days} day(s), t0000 under seed-wave's raid, the others quiet; "
        f"{r['workers']} Dask worker processes (LocalCluster, Dask's worker profiler "
        + ("on, --dask-profiler" if r.get("dask_profiler") else "off, as in Tocsin's own clusters")
        + f"); {storage}.",
        f"Storage: {'S3 (moto_server)' if on_s3 else 'local folder'}.",
        f"posts stored: {ours['written']:,} by each run; per target, written and read back "
        f"(mentions {sum(ours['stored']['mentions'].values()):,}, quarantine "
        f"{sum(ours['stored']['quarantine'].values()):,}): "
        + ("the same in both runs" if not r["differences"] else "DIFFERENT (below)")
        + f" (read back in {r['read_back_s']:.1f} s)",
        "",
        "| run | wall s | posts/s | targets/min | CPU s (workers) | peak RSS per worker, MB |"
        + (" S3 server CPU s |" if on_s3 else ""),
        "|---|---|---|---|---|---|" + ("---|" if on_s3 else ""),
    ]
    for name, m in (("plain, Dask only", base), ("Prefect flow on Dask", ours)):
        peaks = ", ".join(f"{w['peak_mb']:.0f}" for w in m["workers"].values())
        lines.append(
            f"| {name} | {m['wall_s']:.1f} | {m['written'] / m['wall_s']:,.0f} | "
            f"{n / m['wall_s'] * 60:.1f} | {_cpu(m):.1f} | {peaks} |"
            + (f" {m['s3_cpu_s']:.1f} |" if on_s3 else "")
        )
    extra = ours["wall_s"] - base["wall_s"]
    cost = ours["wall_s"] * r["workers"] / n
    lines += [
        "",
        f"Prefect's overhead: {extra:+.1f} s wall ({extra / base['wall_s']:+.0%}), "
        f"{_cpu(ours) - _cpu(base):+.1f} CPU s on the workers (the API server's own work is not "
        "counted).",
        f"Cost per target (Prefect flow): {cost:.2f} worker-seconds "
        f"(wall × workers / targets), {_cpu(ours) / n:.2f} CPU s on the workers"
        + (f", {ours['s3_cpu_s'] / n:.2f} CPU s in the S3 server." if on_s3 else "."),
    ]
    if on_s3:
        peak = r["s3_peak_mb"]
        lines.append(
            f"S3 server peak RSS (warm-up, both runs, read-back): {peak:,.0f} MB (moto keeps every "
            "object in memory)."
            if peak is not None
            else "S3 server peak RSS: not measured (its process could not be read)."
        )
        for name, m in (("plain", base), ("Prefect", ours)):
            lines.append(bucket_line(name, m["bucket"]))
            q = m["requests"]
            kinds = ", ".join(f"{q.get(k, 0):,} {k}" for k in ("GET", "PUT", "HEAD", "DELETE"))
            refused = sum(v for k, v in q.items() if k.startswith("lease refused"))
            lines.append(
                f"Requests to the S3 server for the {name} run's root: {q['requests']:,} "
                f"({kinds}); its leases (.lock objects): {q.get('lease taken', 0):,} taken, "
                f"{refused:,} attempts refused while another writer held one (412)."
            )
    if (n, days) != FULL:
        total = cost * FULL[0] * FULL[1] / days / r["workers"]
        lines.append(
            f"The issue's size ({FULL[0]} targets × {FULL[1]} days) is not this run's. An estimate, "
            f"not a measurement: at this run's {cost / days:.2f} worker-seconds per target-day, "
            f"~{total / 60:.0f} min of wall time for the Prefect run alone (the plain run again "
            "as long), if the cost per target-day stayed flat, which no run has shown yet "
            "(docs/benchmarks.md, load section)."
        )
    return lines + [f"  {d}" for d in r["differences"]]


def bucket_line(name: str, b: dict[str, Any]) -> str:
    """What a run left in the bucket, or why it is not known."""
    where = f"In the bucket after the {name} run:"
    if "error" in b:
        return f"{where} not listed ({b['error']})."
    if b["versions"] is None:
        return (
            f"{where} {b['objects']:,} current objects, {b['object_bytes'] / 1e6:,.1f} MB; object "
            f"versions not listed ({b.get('versions_skipped', 'not asked')})."
        )
    return (
        f"{where} {b['versions']:,} object versions written, {b['bytes'] / 1e6:,.1f} MB "
        f"({b['objects']:,} current objects, {b['object_bytes'] / 1e6:,.1f} MB; "
        f"{b['delete_markers']:,} delete markers)."
    )
