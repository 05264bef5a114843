"""A real S3 server for tests: moto[server] on 127.0.0.1 (the only S3 server with Object Lock that
installs here; issue 16 lists its quirks), and the AWS variables pointing boto3, PyArrow and
Polars at it, nothing read from ~/.aws."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.s3local import aws_variables
from tests.support.smtp import free_port


@contextmanager
def moto_server(log_dir: Path) -> Iterator[str]:
    """Start ``moto_server`` on a free port of 127.0.0.1; yields its URL, kills it after."""
    exe = Path(sys.executable).with_name("moto_server")
    if not exe.exists():
        pytest.skip("moto_server not installed (pip install 'moto[server]', the test extra)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # The server keeps the real clock (under libfaketime it runs ~3x slower).
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    with open(log_dir / "moto.log", "wb") as log:
        proc = subprocess.Popen(
            [str(exe), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log, env=env
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"moto_server did not start on {url}")
                    time.sleep(0.1)
            yield url
        finally:
            proc.kill()  # a throwaway server: nothing to flush
            proc.wait(10)


@contextmanager
def s3_client(folder: Path) -> Iterator[object]:
    """A boto3 client of a moto server started for the caller, with the AWS variables pointing
    at it while the block runs (the body of each test module's ``s3`` fixture)."""
    import boto3

    with moto_server(folder) as url, pytest.MonkeyPatch.context() as mp:
        for name, value in aws_variables(url, folder).items():
            mp.setenv(name, value)
        yield boto3.client("s3")
