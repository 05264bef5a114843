"""What the load benchmark reads back from its bucket (benchmarks/s3local.py): current objects
always, object versions only when asked (moto's version listing copies the whole bucket on every
page it serves, which ran the server out of memory at the issue's full size)."""

from __future__ import annotations

import pytest

from benchmarks import load_report
from benchmarks.s3local import held, written
from tests.support.s3server import s3_client


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("s3")) as client:
        client.create_bucket(Bucket="listed")
        client.put_bucket_versioning(Bucket="listed", VersioningConfiguration={"Status": "Enabled"})
        for body in (b"one", b"second"):  # two versions of one key
            client.put_object(Bucket="listed", Key="run/a", Body=body)
        client.put_object(Bucket="listed", Key="run/b", Body=b"xy")
        client.put_object(Bucket="listed", Key="other/c", Body=b"zzzz")
        yield client


def test_versions_are_counted_when_asked(s3):
    got = written(s3, "listed", "run/")
    assert got == {
        "versions": 3,
        "bytes": 3 + 6 + 2,
        "delete_markers": 0,
        "objects": 2,
        "object_bytes": 6 + 2,
    }


def test_without_versions_only_the_current_objects_are_counted_and_the_rest_is_unknown(s3):
    got = written(s3, "listed", "run/", versions=False)
    assert got == {
        "versions": None,
        "bytes": None,
        "delete_markers": None,
        "objects": 2,
        "object_bytes": 8,
    }
    assert held(s3, "listed") == {"objects": 3, "object_bytes": 12}


def test_the_report_says_versions_were_not_listed_and_why(s3):
    bucket = written(s3, "listed", "run/", versions=False)
    bucket["versions_skipped"] = "too big for moto"
    line = load_report.bucket_line("plain", bucket)
    assert "2 current objects" in line
    assert "versions not listed (too big for moto)" in line


def test_the_servers_peak_is_unknown_once_its_process_is_killed_not_zero(tmp_path):
    """A killed server not yet reaped (a zombie) has a status without memory lines: its peak
    was printed as 0 MB once; it is unknown."""
    import os
    import signal
    import subprocess
    import time

    from benchmarks.s3local import LocalS3

    proc = subprocess.Popen(["sleep", "60"])
    server = LocalS3(url="http://127.0.0.1:1", pid=proc.pid, log=tmp_path / "log")
    assert server.peak_mb() > 0  # alive: its own peak
    os.kill(proc.pid, signal.SIGKILL)
    while "State:\tZ" not in open(f"/proc/{proc.pid}/status").read():
        time.sleep(0.01)  # killed, not reaped yet
    assert server.peak_mb() is None
    proc.wait()
    assert server.peak_mb() is None  # reaped: gone
