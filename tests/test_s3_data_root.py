"""An ``s3://bucket/prefix`` data root end to end (issue 16, point 1): the backfill of three
synthetic targets run on a local folder and on S3 (moto[server] on 127.0.0.1, a bucket with
Object Lock, the standard AWS variables) stores the same rows, which PyArrow and Polars read in
place; every evidence object is COMPLIANCE-locked and cannot be deleted; a re-run writes nothing
but what a run always writes (its run record, validation result, evidence refs and manifest, the
site pages, the leases); nothing lands in a local folder in place of the bucket; `tocsin demo`
and `tocsin status` run there too. The flows run in-process on the session's Prefect test
server, the targets one after another (``workers = 1``) and, once, on a Dask cluster."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from rich.console import Console

from config.settings import load_settings
from tasks.evidence.vaultstore import EvidenceRoot
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.scoring.table import QUARANTINE_SCORES, SCORES
from tasks.storage import S3Root
from tasks.store import scan
from tests.support.s3server import s3_client

boto3 = pytest.importorskip("boto3")
# Three backfills before the first test (~80 s on a loaded 2-core machine), then a demo and a
# Dask backfill (~20 s and ~40 s).
pytestmark = [
    pytest.mark.usefixtures("prefect_harness"),
    pytest.mark.slow,
    pytest.mark.timeout(900),
]

DAYS = 3650  # past the server's clock whatever the machine's (faketime included)
START, END = datetime(2020, 2, 16, tzinfo=UTC), datetime(2020, 2, 17, tzinfo=UTC)
TARGETS = ("ana", "ben", "cho")  # seed-wave's quiet tail: ~200 posts each, one quarantined
TARGETS_TOML = "".join(
    f"""
[[target]]
name = "{name}"
timezone = "{zone}"
handles = {{ x = "demo_journalist", x_user_id = "1000000000000000001" }}
synthetic = {{ scenario = "seed-wave", seed = {seed} }}
"""
    for seed, (name, zone) in enumerate(
        zip(TARGETS, ("Europe/Paris", "Europe/Paris", "America/New_York"), strict=True)
    )
)
VARYING = {
    MENTIONS.name: ["run_id"],
    QUARANTINE.name: ["run_id"],
    SCORES.name: ["scored_at"],
    QUARANTINE_SCORES.name: ["scored_at"],
    DAILY.name: [],
}
"""The columns that name the run or the time of writing; every other column must be equal."""
RERUN_WRITES = ("runs/", "validation/", "evidence/manifests/", "evidence/pages/", "site/")
"""Where a re-run over stored data still writes: its own run records and validation results,
the evidence vault's record that it saw those pages (a refs file, a manifest), the site pages."""


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


def locked_bucket(s3) -> str:
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


def versions(s3, bucket: str) -> dict[tuple[str, str], str]:
    """Every version (and delete marker) in the bucket: (key, version id) -> ETag."""
    out = {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
            out[(v["Key"], v["VersionId"])] = v.get("ETag", "delete marker")
    return out


def run_backfill(data_dir: str | Path, targets_file: Path, **keys: object) -> list[dict]:
    from flows.pipeline import backfill

    settings = load_settings(
        data_dir=data_dir, targets_file=targets_file, evidence_archive_retention_days=DAYS, **keys
    )
    return backfill(target=list(TARGETS), start=START, end=END, settings=settings)


def tables(root: object) -> dict[str, pl.DataFrame]:
    out = {}
    for table in (MENTIONS, QUARANTINE, SCORES, QUARANTINE_SCORES, DAILY):
        df = scan(root, table).collect().drop(VARYING[table.name])
        out[table.name] = df.sort(df.columns)
    return out


@pytest.fixture(scope="module")
def runs(s3, tmp_path_factory):
    """The backfill on a local folder, then twice on S3, from an empty working directory."""
    folder = tmp_path_factory.mktemp("s3-data-root")
    targets_file = folder / "targets.toml"
    targets_file.write_text(TARGETS_TOML)
    cwd = folder / "cwd"
    cwd.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        local = folder / "local"
        run_backfill(local, targets_file, workers=1)
        bucket = locked_bucket(s3)
        url = f"s3://{bucket}/tocsin"
        first = run_backfill(url, targets_file, workers=1)
        before = versions(s3, bucket)
        again = run_backfill(url, targets_file, workers=1)
        after = versions(s3, bucket)
        yield SimpleNamespace(
            local=local,
            url=url,
            bucket=bucket,
            first=first,
            again=again,
            before=before,
            after=after,
            cwd=cwd,
            targets_file=targets_file,
        )


def test_the_tables_on_s3_hold_the_rows_of_a_local_folder_read_in_place(runs):
    expected, got = tables(runs.local), tables(runs.url)
    for name in expected:
        try:
            assert_frame_equal(got[name], expected[name])
        except AssertionError as exc:
            raise AssertionError(f"table {name}: {exc}") from None
    assert set(got[MENTIONS.name]["target"]) == set(TARGETS)
    assert got[QUARANTINE.name].height > 0  # the comparison covered a quarantined record
    assert {row["status"] for row in runs.first} == {"ok"}

    # Read in place by PyArrow and Polars, with what boto3 resolved from the AWS variables.
    import pyarrow.dataset as ds

    root = S3Root(runs.url)
    filesystem, base = root.arrow()
    on_arrow = ds.dataset(
        f"{base}/{MENTIONS.path}", filesystem=filesystem, format="parquet", partitioning="hive"
    )
    on_polars = pl.scan_parquet(
        f"{runs.url}/{MENTIONS.path}/*/*/part-0.parquet",
        hive_partitioning=True,
        storage_options=root.reader_options(),
    )
    rows = expected[MENTIONS.name].height
    assert rows > 500
    assert on_arrow.count_rows() == rows
    assert on_polars.select(pl.len()).collect().item() == rows
    by_target = on_polars.group_by("target").len().sort("target").collect()
    local_by_target = expected[MENTIONS.name].group_by("target").len().sort("target")
    assert_frame_equal(by_target, local_by_target, check_dtypes=False)

    # And by DuckDB, with no httpfs extension (these machines cannot download it): PyArrow's S3
    # filesystem handed to DuckDB through fsspec, as docs/several-machines.md shows.
    import duckdb
    from fsspec.implementations.arrow import ArrowFSWrapper

    con = duckdb.connect()
    con.register_filesystem(ArrowFSWrapper(filesystem))
    on_duckdb = con.sql(
        f"select target, count(*) as len from read_parquet('{runs.url}/{MENTIONS.path}/*/*/"
        "part-0.parquet', hive_partitioning = true) group by target order by target"
    ).pl()
    assert_frame_equal(on_duckdb, local_by_target, check_dtypes=False)


def test_every_evidence_object_is_compliance_locked_and_cannot_be_deleted(runs, s3):
    prefix = "tocsin/evidence/"
    keys = [k for (k, _), tag in runs.after.items() if k.startswith(prefix) and tag[0] == '"']
    keys = sorted(set(keys) - {prefix + ".lock"})  # the sealer's lease, released
    kinds = {k.removeprefix(prefix).split("/")[0] for k in keys}
    assert {"pages", "manifests", "keys"} <= kinds, kinds
    assert any("/seg-" in k for k in keys) and any(k.endswith("/manifest.json.sig") for k in keys)
    soon = datetime.now(UTC) + timedelta(days=DAYS - 2)
    for key in keys:
        head = s3.head_object(Bucket=runs.bucket, Key=key)
        assert head.get("ObjectLockMode") == "COMPLIANCE", key
        assert head["ObjectLockRetainUntilDate"] > soon, key
    segment = next(k for k in keys if "/seg-" in k)
    version = s3.head_object(Bucket=runs.bucket, Key=segment)["VersionId"]
    with pytest.raises(boto3.exceptions.botocore.exceptions.ClientError) as refused:
        s3.delete_object(Bucket=runs.bucket, Key=segment, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assert s3.head_object(Bucket=runs.bucket, Key=segment)["VersionId"] == version


def test_a_rerun_writes_nothing_but_what_every_run_writes(runs):
    assert {row["written"] for row in runs.again} == {0}
    assert {row["status"] for row in runs.again} == {"ok"}
    second = runs.again[0]["run_id"]
    assert second != runs.first[0]["run_id"]
    new = sorted(k.removeprefix("tocsin/") for k, _ in runs.after.keys() - runs.before.keys())
    assert not runs.before.keys() - runs.after.keys(), "no version removed"
    unexpected = [
        k
        for k in new
        if not k.endswith(".lock")
        and not (k.startswith(RERUN_WRITES) and (second in k or k.startswith("site/")))
    ]
    assert unexpected == [], "the re-run rewrote stored objects"
    assert any(k.startswith(f"{RUNS.path}/{second}") for k in new)
    assert not any("/seg-" in k for k in new), "no page kept twice"


def test_nothing_is_written_to_a_local_folder_in_place_of_the_bucket(runs):
    assert list(runs.cwd.iterdir()) == []


def test_status_reads_the_s3_root(runs, monkeypatch):
    from flows.console import print_status

    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS", str(DAYS))
    buf = io.StringIO()
    print_status(data_dir=runs.url, config_file=None, console=Console(file=buf, width=200))
    shown = buf.getvalue()
    assert f"data root: {runs.url}\n" in shown
    for target in TARGETS:
        assert target in shown
    assert "mentions" in shown and "Last runs" in shown


def test_the_demo_runs_on_s3_verify_passes_there_and_a_used_prefix_is_refused(
    s3, tmp_path, monkeypatch
):
    from flows.demo import run_demo

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS", str(DAYS))
    bucket = locked_bucket(s3)
    url = f"s3://{bucket}/demo"
    buf = io.StringIO()
    report = run_demo(data_dir=url, seed=0, console=Console(file=buf, width=200))
    printed = buf.getvalue()
    assert isinstance(report["root"], EvidenceRoot) and report["root"].url == url
    assert {s["status"] for s in report["summaries"]} == {"ok"}
    assert report["evidence"][0].startswith("1 manifest(s) sealed, 1 signed")
    assert {"harassment", "support"} <= set(report["episodes"]["kind"])
    assert str(report["digest"]).startswith(f"{url}/digests/demo/")
    for rel in ("mentions", "evidence", "ground_truth/seed-wave-seed0.parquet", "site/index.html"):
        assert f"{url}/{rel}" in printed, rel
    keys = {k.removeprefix("demo/") for k, _ in versions(s3, bucket)}
    assert {".tocsin-demo", "site/index.html"} <= keys
    assert any(k.startswith("validation/") for k in keys)
    assert any(k.startswith("episodes/target=demo/") for k in keys)
    assert any(k.startswith("digests/demo/") and k.endswith(".html") for k in keys)
    # The digest reads the vault on S3: its manifests are there, sealed and signed.
    digest = S3Root(url).read("digests/demo/demo-2020-W05-en.txt").decode()
    assert "in sealed and signed manifests" in digest
    assert "No sealed manifest covers this period" not in digest
    assert list(tmp_path.iterdir()) == []
    # Again, as typed (the option goes through a Path: s3:/bucket/demo): refused in one line.
    from typer.testing import CliRunner

    from flows.cli import app

    again = CliRunner().invoke(app, ["demo", "--data-dir", url])
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"error: {url} already holds objects, and evidence on object storage cannot be erased "
        "(COMPLIANCE-locked); run the demo with --data-dir naming a new prefix"
    )
    assert {k.removeprefix("demo/") for k, _ in versions(s3, bucket)} == keys
    # The check: `tocsin verify --data-dir s3://...` passes, and says every evidence
    # object it read is COMPLIANCE-locked (read with HeadObject, not assumed).
    checked = CliRunner().invoke(app, ["verify", "--data-dir", url])
    assert checked.exit_code == 0, checked.output
    lock = next(line for line in checked.output.splitlines() if line.startswith("object lock:"))
    assert "all COMPLIANCE until" in lock
    assert checked.output.strip().splitlines()[-1].startswith("OK")


def test_a_bucket_without_object_lock_keeps_no_evidence_and_stores_nothing(runs, s3, monkeypatch):
    from flows.pipeline import BackfillIncomplete

    monkeypatch.chdir(runs.cwd)
    bucket = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)  # no Object Lock
    refused = (
        f"ArchiveError: evidence archive s3://{bucket}/tocsin: bucket {bucket} has no Object Lock"
    )
    with pytest.raises(BackfillIncomplete) as failed:
        run_backfill(f"s3://{bucket}/tocsin", runs.targets_file, workers=1)
    for target in TARGETS:
        assert f"{target}/synthetic: {refused}" in str(failed.value)
    kept = {k.split("/")[1] for k, _ in versions(s3, bucket)}
    assert kept == {RUNS.path, "site"}, "only the failed runs' records, and the site's pages"
    assert list(runs.cwd.iterdir()) == []


def test_a_dask_backfill_on_s3_stores_the_rows_of_a_sequential_one(runs, s3, monkeypatch):
    """task_runner = dask (a LocalCluster of two workers, each reaching the bucket with the
    same AWS variables): the same rows as the local, sequential run."""
    pytest.importorskip("prefect_dask")
    from flows import workers

    through_dask, in_dask = [], workers.in_dask

    def spied(fn, calls, settings, sizes=None):  # the real runner, its use recorded
        through_dask.append(settings.data_dir)
        return in_dask(fn, calls, settings, sizes)

    monkeypatch.setattr(workers, "in_dask", spied)
    monkeypatch.chdir(runs.cwd)
    url = f"s3://{locked_bucket(s3)}/tocsin"
    done = run_backfill(url, runs.targets_file, workers=2, task_runner="dask")
    assert through_dask == [S3Root(url)]
    assert {row["status"] for row in done} == {"ok"}
    expected, got = tables(runs.local), tables(url)
    for name in expected:
        assert_frame_equal(got[name], expected[name])
    assert list(runs.cwd.iterdir()) == []
