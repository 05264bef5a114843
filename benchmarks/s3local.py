"""A local S3 server for the benchmarks: ``moto_server`` (moto[server], the test extra) on a free
port of 127.0.0.1, the only S3 server with Object Lock that installs on these machines (issue 16
lists its quirks), with the standard AWS variables pointing boto3, PyArrow and Polars at it.

The variables are set in ``os.environ`` for the block (and restored after), so a Dask
``LocalCluster`` or a ``prefect server`` started inside it passes them on to its processes; start
those inside the block, not before. Nothing is read from ``~/.aws``. The tests start the same
server (``serial_moto``, through tests/support/s3server.py).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LocalS3:
    url: str
    pid: int
    log: Path

    def client(self) -> Any:
        import boto3

        return boto3.client("s3")

    def cpu_s(self) -> float:
        """The server process's CPU seconds so far (user + system, /proc)."""
        with open(f"/proc/{self.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_mb(self) -> float | None:
        """The server process's peak RSS (VmHWM, MB): it keeps every object in memory. None when
        it cannot be read: the process is gone, or a zombie (killed, not yet reaped), whose
        status has no memory lines."""
        try:
            with open(f"/proc/{self.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def aws_variables(endpoint: str, folder: Path) -> dict[str, str]:
    """The standard AWS variables for the server at ``endpoint`` (``folder``: where the config
    and credentials files are said to be, and are not); tests/support/s3server.py uses them too."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
    }


# moto_server's own entry point serves each request in a thread, and its conditional PUT checks
# If-None-Match / If-Match and then writes, without a lock: under load two writers racing for
# the data root's lease were both told 200 (docs/several-machines.md, "Measured at load"). AWS
# evaluates the condition atomically; served one request at a time, moto does too.
SERIAL = """
import sys
from werkzeug.serving import run_simple
from moto.moto_server.threaded_moto_server import MotoRequestHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
app = DomainDispatcherApplication(create_backend_app)
run_simple(sys.argv[1], int(sys.argv[2]), app, threaded=False, request_handler=MotoRequestHandler)
"""


class NoMotoServer(RuntimeError):
    """moto[server] is not installed here (the tests skip; the benchmark stops)."""


@contextmanager
def serial_moto(log_path: Path, timeout: float = 60) -> Iterator[tuple[str, int]]:
    """``SERIAL`` (moto, one request at a time) on a free port of 127.0.0.1, its output in
    ``log_path``: yields its URL and process id, kills it after (it keeps everything in memory:
    nothing to flush). The tests' server too (tests/support/s3server.py). The server keeps the
    real clock: under libfaketime it ran ~3x slower."""
    if not Path(sys.executable).with_name("moto_server").exists():
        raise NoMotoServer("moto_server not installed: pip install 'moto[server]' (the test extra)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERIAL, "127.0.0.1", str(port)], stdout=log, stderr=log, env=env
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"moto_server did not start on {url}; see {log_path}"
                        ) from None
                    time.sleep(0.1)
            yield url, proc.pid
        finally:
            proc.kill()
            proc.wait(10)


@contextmanager
def local_s3(folder: Path) -> Iterator[LocalS3]:
    """``serial_moto`` (its log in ``folder``) and the AWS variables set for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "moto.log"
    with ExitStack() as stack:
        try:
            url, pid = stack.enter_context(serial_moto(log_path))
        except NoMotoServer as exc:
            raise SystemExit(str(exc)) from None
        saved = {k: os.environ.get(k) for k in aws_variables(url, folder)}
        try:
            os.environ.update(aws_variables(url, folder))
            yield LocalS3(url, pid, log_path)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def locked_bucket(client: Any, name: str) -> str:
    """A bucket with Object Lock enabled (hence versioned), as evidence on S3 requires."""
    client.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


# moto's ListObjectVersions deep-copies every version the whole bucket holds, values included,
# on every page it serves (moto/s3/models.py, list_object_versions). At 500 targets x 7 days
# (~29,000 current objects, ~700 MB) it grew to 21 GB over the listing and the kernel killed it;
# at 200 targets x 1 day (~5,400 objects) the listing peaked at under 1 GB. Above this many
# current objects in the bucket, the versions are not listed and the report says so.
VERSION_LISTING_MAX_OBJECTS = 10_000


def held(client: Any, bucket: str, prefix: str = "") -> dict[str, int]:
    """The current objects under ``prefix`` and their bytes (ListObjectsV2: no copy in moto)."""
    out = {"objects": 0, "object_bytes": 0}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            out["objects"] += 1
            out["object_bytes"] += obj["Size"]
    return out


def written(client: Any, bucket: str, prefix: str, versions: bool = True) -> dict[str, Any]:
    """What the bucket holds under ``prefix``: its current objects and their bytes, and unless
    ``versions`` is false, every version kept (each a PUT that stayed, as an Object Lock bucket
    keeps every version), their bytes and the delete markers (None when not listed)."""
    out: dict[str, Any] = {"versions": None, "bytes": None, "delete_markers": None}
    out.update(held(client, bucket, prefix))
    if not versions:
        return out
    out.update(versions=0, bytes=0, delete_markers=0)
    pages = client.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix)
    for page in pages:
        for v in page.get("Versions", []):
            out["versions"] += 1
            out["bytes"] += v["Size"]
        out["delete_markers"] += len(page.get("DeleteMarkers", []))
    return out


REQUEST = re.compile(r'"([A-Z]+) /([^/?\s]+)/?([^?\s]*)(\?\S*)? HTTP/[\d.]+" (\d{3})')


def requests(log: Path, root: str) -> dict[str, int]:
    """The requests the server logged for the prefix ``root`` (its objects, and listings of
    it): how many of each method, and the leases (``.lock`` objects): taken (PUT 200) and
    refused because another writer held one (PUT 412)."""
    out: Counter[str] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        m = REQUEST.search(line)
        if m is None:
            continue
        method, key, query, status = m.group(1), unquote(m.group(3)), m.group(4) or "", m.group(5)
        prefix = parse_qs(query.lstrip("?")).get("prefix", [""])[0]
        if (key or prefix).split("/")[0] != root:
            continue
        out["requests"] += 1
        out[method] += 1
        if key.endswith(".lock") and method == "PUT":
            out["lease taken" if status == "200" else f"lease refused ({status})"] += 1
    return dict(out)
