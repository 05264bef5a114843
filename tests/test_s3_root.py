"""The data root as one interface (issue 16, points 1-2): the same operations on a local folder
and on S3 (moto[server] on 127.0.0.1), whole single-part writes with their checksum, the store's
conditional writes, and the lease that gives an S3 root one writer at a time."""

from __future__ import annotations

import json
import pickle
import threading
import uuid
from pathlib import Path

import pytest

from tasks.files import NotLocal, locked, private_dir
from tasks.storage import Lease, LeaseLost, LocalRoot, S3Root, StorageError, root_of
from tests.support.s3server import s3_client

boto3 = pytest.importorskip("boto3")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A client of a local S3 server, the AWS variables pointing at it for this module."""
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


def new_bucket(s3) -> str:
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture(params=["local", "s3"])
def root(request, tmp_path):
    if request.param == "local":
        return LocalRoot(tmp_path / "data")
    s3 = request.getfixturevalue("s3")
    return S3Root(f"s3://{new_bucket(s3)}/tocsin/data")


def test_root_of_names_the_kind_of_root(tmp_path):
    assert root_of(tmp_path) == LocalRoot(tmp_path)
    assert root_of("s3://bucket/a/b/") == S3Root("s3://bucket/a/b")
    assert root_of("s3://bucket").url == "s3://bucket"
    # A URL that went through a Path (s3:/bucket/x) is still the bucket, never a local folder.
    assert root_of(Path("s3://bucket/x")) == S3Root("s3://bucket/x")
    with pytest.raises(StorageError, match=r"^data root s3:///x: no bucket named"):
        root_of("s3:///x")
    again = pickle.loads(pickle.dumps(S3Root("s3://bucket/p")))
    assert again == S3Root("s3://bucket/p")


def test_local_file_functions_refuse_an_s3_url(tmp_path):
    with pytest.raises(NotLocal) as caught:
        private_dir(Path("s3://bucket/x") / "state")
    assert str(caught.value) == (
        "s3:/bucket/x/state: this step writes local files only and does not support an s3:// "
        "data root yet (docs/several-machines.md says what does); use a local --data-dir"
    )


def test_whole_writes_and_conditional_writes(root):
    assert root.read("state/w.json") is None and not root.exists("state/w.json")
    tag = root.create("state/w.json", b"one")
    assert tag and root.read("state/w.json") == b"one"
    assert root.create("state/w.json", b"two") is None, "If-None-Match: * lets one creator win"
    assert root.read("state/w.json") == b"one"
    found = root.read_tagged("state/w.json")
    assert (found.data, found.tag) == (b"one", tag)
    newer = root.replace("state/w.json", b"two", tag)
    assert newer and newer != tag
    assert root.replace("state/w.json", b"three", tag) is None, "a stale tag is refused"
    assert root.read("state/w.json") == b"two"
    assert root.replace("state/none.json", b"x", tag) is None
    root.write("t/a=1/part-0.parquet", b"p1")
    root.write("t/a=2/part-0.parquet", b"p2")
    assert root.list("t") == ["t/a=1/part-0.parquet", "t/a=2/part-0.parquet"]
    assert root.list() == ["state/w.json", "t/a=1/part-0.parquet", "t/a=2/part-0.parquet"]
    assert not root.delete("state/w.json", tag), "the version read is gone: not deleted"
    assert root.delete("state/w.json", newer)
    assert not root.exists("state/w.json") and root.read("state/w.json") is None


def test_an_s3_write_is_one_put_carrying_its_sha256(s3):
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    data = bytes(range(256)) * 40_000  # 10 MB: past the size where uploaders go multipart
    root.write("big.bin", data)
    head = s3.head_object(Bucket=root.bucket, Key="p/big.bin", ChecksumMode="ENABLED")
    assert "-" not in head["ETag"], "a multipart upload's ETag ends in -<parts>"
    import base64
    import hashlib

    assert head["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()


def test_a_missing_bucket_is_one_line_naming_it(s3):
    root = S3Root("s3://no-such-bucket-here/p")
    with pytest.raises(StorageError) as caught:
        root.write("x", b"1")
    assert str(caught.value).startswith(
        "s3://no-such-bucket-here/p/x: cannot write it: NoSuchBucket"
    )


def test_the_lease_lets_one_writer_at_a_time(s3):
    """Four threads, each its own lease holder, increment one counter object by read then
    (unconditional) write: without the lease, increments are lost; with it, none is."""
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    root.write("counter", b"0")
    inside, overlaps = [0], []
    guard = threading.Lock()

    def work() -> None:
        for _ in range(3):
            with Lease(root):
                with guard:
                    inside[0] += 1
                    overlaps.append(inside[0])
                value = int(root.read("counter"))
                root.write("counter", str(value + 1).encode())
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert root.read("counter") == b"12"
    assert max(overlaps) == 1
    assert not root.exists(".lock"), "released: the lease object is deleted"


def test_a_held_lease_is_not_taken_and_a_stale_one_is_taken_over_once(s3):
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    held = Lease(root)
    held.acquire()
    assert not Lease(root).try_take(), "a live lease is not taken"
    held.release()
    # A holder that died: its lease has outlived its ttl (-1: stale at once, by the store's clock).
    root.create(".lock", json.dumps({"holder": "dead:1:x", "ttl": -1}).encode())
    first, second = Lease(root), Lease(root)
    assert first.try_take()
    assert json.loads(root.read(".lock"))["holder"] == first.holder
    assert not second.try_take(), "the takeover is If-Match on the stale ETag: one winner"
    first.tag = None  # not started by acquire: nothing to release


def test_a_lease_lost_while_held_fails_the_block(s3):
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    with pytest.raises(LeaseLost) as caught:
        with Lease(root):
            found = root.read_tagged(".lock")
            root.replace(".lock", b'{"holder": "other", "ttl": 60}', found.tag)  # taken over
    assert str(caught.value) == (
        f"{root.url}: the lease .lock expired while this process held it and another writer "
        "may have taken it; run the command again"
    )
    assert root.read(".lock") == b'{"holder": "other", "ttl": 60}', "the other's lease stays"


def test_locked_takes_the_lease_on_s3_and_flock_locally(s3, tmp_path):
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    with locked(root):
        assert json.loads(root.read(".lock"))["ttl"] == 60.0
    assert not root.exists(".lock")
    local = LocalRoot(tmp_path / "data")
    with locked(local):
        assert (tmp_path / "data" / ".lock").is_file()  # flock's file, as before
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


def test_state_files_on_s3_hold_what_they_hold_locally_and_lose_no_concurrent_update(s3, tmp_path):
    """Watermarks, cursors and the read budget: the same JSON as in a folder; and four threads
    spending the budget at once (a compare-and-swap each, retried when another came first)
    lose no read."""
    from datetime import UTC, datetime

    from tasks.sources.state import Budget, Mark, read_marks, write_marks
    from tasks.watermarks import read_watermark, write_watermark

    now = datetime(2020, 2, 1, 12, tzinfo=UTC)
    remote = S3Root(f"s3://{new_bucket(s3)}/p")
    local = tmp_path / "data"
    for root in (local, remote):
        write_watermark(root, "alice", "x", now)
        write_watermark(root, "alice", "x", datetime(2020, 1, 1, tzinfo=UTC))  # never back
        write_watermark(root, "bob", "x", now)
        write_marks(root, "alice", "x", {"q": Mark("123", now)})
        assert read_watermark(root, "alice", "x") == now
        assert read_marks(root, "alice", "x") == {"q": Mark("123", now)}
    for rel in ("state/watermarks.json", "state/cursors.json"):
        assert remote.read(rel) == (local / rel).read_bytes()

    def spend() -> None:
        budget = Budget(remote, "x", 1000, lambda: now, target="alice")
        for _ in range(5):
            budget.spend(1)

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    budget = Budget(remote, "x", 1000, lambda: now, target="alice")
    assert (budget.used(), budget.used_by()) == (20, {"alice": 20})


S3_NEEDS_RETENTION = (
    "error: invalid settings: data_dir: {url}: an s3:// data root keeps the evidence vault in "
    "the bucket, COMPLIANCE-locked: set evidence_archive_retention_days (how long no one may "
    "delete or alter an evidence object; docs/several-machines.md)"
)
S3_NO_DATA_DOCS = (
    "error: invalid settings: data_dir: {url}: data_docs builds great-expectations Data Docs in "
    "a local folder, which an s3:// data root has not: set data_docs = false (the validation "
    "results are kept under validation/ either way)"
)

S3_NO_ARCHIVE_COPY = (
    "error: invalid settings: data_dir: {url}: evidence_archive copies a local vault; on an "
    "s3:// data root the vault is itself written once and locked in the bucket, and a copy of it "
    "to another bucket is not done yet: unset evidence_archive"
)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        pytest.param(["--data-dir", "s3://bucket/x"], {}, S3_NEEDS_RETENTION, id="option"),
        pytest.param(
            [], {"TOCSIN_DATA_DIR": "s3://bucket/x"}, S3_NEEDS_RETENTION, id="environment"
        ),
        pytest.param(
            ["--data-dir", "s3://bucket/x"],
            {"TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS": "30", "TOCSIN_DATA_DOCS": "true"},
            S3_NO_DATA_DOCS,
            id="data-docs",
        ),
        pytest.param(
            ["--data-dir", "s3://bucket/x"],
            {
                "TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS": "30",
                "TOCSIN_EVIDENCE_ARCHIVE": "s3://archive/x",
            },
            S3_NO_ARCHIVE_COPY,
            id="archive-copy",
        ),
    ],
)
def test_an_s3_root_without_what_it_needs_is_refused_in_one_line_before_anything_is_written(
    args, env, expected, tmp_path, monkeypatch
):
    """An s3:// data root keeps the evidence in the bucket, locked: without a retention, or with
    Data Docs (a local folder), the run is refused before anything starts (exit 2)."""
    from typer.testing import CliRunner

    from flows.cli import app

    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cmd = ["backfill", "-t", "demo", "--from", "2020-01-20", "--to", "2020-01-20", *args]
    result = CliRunner().invoke(app, cmd)
    assert result.exit_code == 2
    assert result.output.strip() == expected.format(url="s3://bucket/x")
    assert list(tmp_path.iterdir()) == [], "nothing written locally (no s3: folder)"


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("s3://bucket/x/", id="url"),
        pytest.param(Path("s3://bucket/x"), id="through-a-path"),
        pytest.param(S3Root("s3://bucket/x"), id="root"),
    ],
)
def test_an_s3_data_dir_is_the_bucket_holding_locked_evidence(given, monkeypatch):
    """The settings carry an s3:// data root as an EvidenceRoot (the root every store function
    takes), with the evidence retention, never as a local folder named ``s3:``; a local one
    stays a Path; the root survives a pickle (Dask) and a copy with other keys."""
    from config.settings import load_settings
    from tasks.evidence.vaultstore import EvidenceRoot

    settings = load_settings(
        data_dir=given, evidence_archive_retention_days=30, evidence_archive_accept_unlocked=True
    )
    root = settings.data_dir
    assert isinstance(root, EvidenceRoot)
    assert (root.url, root.retention_days, root.accept_unlocked) == ("s3://bucket/x", 30, True)
    assert settings.model_dump(mode="json")["data_dir"] == "s3://bucket/x"
    again = pickle.loads(pickle.dumps(settings)).data_dir
    assert isinstance(again, EvidenceRoot) and again.retention_days == 30
    longer = settings.with_keys(evidence_archive_retention_days=60).data_dir
    assert isinstance(longer, EvidenceRoot) and longer.retention_days == 60
    monkeypatch.setenv("TOCSIN_DATA_DIR", "s3://other/y")
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS", "7")
    assert load_settings().data_dir == S3Root("s3://other/y")
    assert load_settings(data_dir="local").data_dir == Path("local")


def test_renewing_keeps_the_lease_and_fails_once_it_was_taken(s3):
    root = S3Root(f"s3://{new_bucket(s3)}/p")
    lease = Lease(root)
    lease.acquire()
    first = lease.tag
    assert lease.renew() and lease.tag != first, "a new version, conditional on the one held"
    assert json.loads(root.read(".lock"))["holder"] == lease.holder
    root.replace(".lock", b'{"holder": "other", "ttl": 60}', lease.tag)  # taken over
    assert not lease.renew() and lease.lost
    with pytest.raises(LeaseLost):
        lease.release()


WORKER = """
import sys
from tasks.files import locked
from tasks.storage import S3Root

root = S3Root(sys.argv[1])
for _ in range(4):
    with locked(root):
        value = int(root.read("counter"))
        root.write("counter", str(value + 1).encode())
"""


def test_two_processes_take_turns_on_one_root(s3, tmp_path):
    """Two processes (as two machines would) increment one object under ``locked(root)``:
    the lease gives the root to one at a time, so no increment is lost."""
    import os
    import subprocess
    import sys

    root = S3Root(f"s3://{new_bucket(s3)}/p")
    root.write("counter", b"0")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, root.url], env=env) for _ in range(2)]
    assert [p.wait(120) for p in procs] == [0, 0]
    assert root.read("counter") == b"8"
    assert not root.exists(".lock")
