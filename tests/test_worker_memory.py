"""A worker process runs target after target (a Dask worker, a process of the pool): what it
keeps from one target to the next must not grow with the targets (issue 16, point 6).

Measured before the fix (benchmarks/load.py, 20 then 80 targets on a local S3 server): each
worker's peak RSS went from ~0.93 to ~1.4 GB (plain) and ~1.1 to ~2.1 GB (Prefect). The store
remembered every folder it scanned on its live S3 root, and a Dask task unpickles its own root
(with its own boto3 session and client, ~15 MB): one was pinned per target scanned. The rest of
the growth was Dask's worker profiler, which Tocsin's own clusters now run without.
"""

from __future__ import annotations

import gc
import os
import pickle
import uuid
import weakref

import pytest
from prefect import flow, task

from config.settings import Settings
from config.targets import Target
from flows.workers import run_targets
from tasks import store
from tasks.evidence.vaultstore import EvidenceRoot
from tasks.ingest import store_batch
from tasks.schema import MENTIONS
from tasks.storage import S3Root
from tests.conftest import NOW, SKEW, page, tweet
from tests.support.s3server import s3_client

pytest.importorskip("boto3")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


def _batch(name: str, post_id: str):
    from tasks.pages import RawPage
    from tasks.parse import parse_pages
    from tasks.validate import split

    target = Target(name=name, timezone="Europe/Paris", handles={"x": f"{name}_x"})
    pages = [RawPage(page([tweet(post_id, created_at="2020-02-01T12:00:00Z")]), "file", "f:1", NOW)]
    return split(parse_pages(pages, target)[0], NOW, SKEW)


def test_scanning_targets_through_roots_as_dask_ships_them_keeps_no_boto3_session(s3, monkeypatch):
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    root = S3Root(f"s3://{name}/data")
    targets = [f"t{i}" for i in range(6)]
    for i, target in enumerate(targets):
        store_batch(root, *_batch(target, str(100 + i)), "r1")
    # Only this test's folders: others' buckets belong to moto servers already stopped.
    monkeypatch.setattr(store, "_scanned", set())
    sessions = []
    for target in targets:
        shipped = pickle.loads(pickle.dumps(root))  # what each Dask task is handed
        got = store.scan(shipped, MENTIONS, where={"target": target}).collect()
        assert got["post_id"].to_list() == [str(100 + targets.index(target))]
        sessions.append(weakref.ref(shipped.session))  # opened by the scan's listing
        del shipped, got
    gc.collect()
    assert [s() is None for s in sessions] == [True] * len(targets), (
        "a root's boto3 session outlived the target it was shipped with"
    )
    # What the store remembers still finds a corrupt file, through a root opened anew.
    key = "mentions/target=t3/date=2020-02-01/part-0.parquet"
    root.write(key, b"PAR1 not really")
    found = store.find_corrupt()
    assert str(found).startswith(f"corrupt Parquet file {root.url}/{key}: ")


def test_copies_of_one_root_held_at_once_share_one_connection(s3):
    """Dask keeps each task's arguments while its future lives, and a run submits all its
    targets at once: each copy of the data root opening its own boto3 session grew a worker by
    ~7-10 MB a target, all held to the end (benchmarks/load.py at 500 targets: ~3.8 GB a worker
    after the plain run). The copies unpickled in one process now share one connection."""
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    root = EvidenceRoot(f"s3://{name}/data", retention_days=1, accept_unlocked=True)
    copies = [pickle.loads(pickle.dumps(root)) for _ in range(5)]  # a worker's queued tasks
    for i, shipped in enumerate(copies):
        shipped.write(f"probe/{i}", b"x")
    assert len({id(c.session) for c in copies}) == 1
    assert len({id(c.client) for c in copies}) == 1
    assert len({id(c.opened()) for c in copies}) == 1  # the vault store, its lock checked once
    assert [c.read(f"probe/{i}") for i, c in enumerate(copies)] == [b"x"] * 5
    again = pickle.loads(pickle.dumps(copies[0]))  # a copy of a copy: the same origin
    assert again.client is copies[0].client
    # A root made apart (another setting's, another test's server) opens its own.
    apart = EvidenceRoot(root.url, retention_days=1, accept_unlocked=True)
    assert apart.client is not copies[0].client and root.client is not copies[0].client
    # Shared while a copy lives, not beyond: the last copy gone, its session goes.
    session = weakref.ref(copies[0].session)
    del copies, again, shipped
    gc.collect()
    assert session() is None


@task
def _profiler_state() -> tuple[int, bool]:
    from distributed import get_worker

    return os.getpid(), "profile" in get_worker().periodic_callbacks


def test_the_dask_workers_a_run_starts_keep_no_profile(prefect_harness, tmp_path):
    settings = Settings(data_dir=tmp_path, workers=2, task_runner="dask")

    @flow
    def parent() -> list:
        return run_targets(_profiler_state, [{}, {}], settings)

    results = parent()
    assert [error for _, error in results] == [None, None]
    assert os.getpid() not in {pid for (pid, _), _ in results}  # Dask's workers, not the flow's
    # Dask samples a worker's stack every 10 ms and keeps 1000 s of call trees; off here.
    assert [profiling for (_, profiling), _ in results] == [False, False]
