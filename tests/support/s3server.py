"""A real S3 server for tests: moto[server] on 127.0.0.1 (the only S3 server with Object Lock that
installs here; issue 16 lists its quirks), and the AWS variables pointing boto3, PyArrow and
Polars at it, nothing read from ~/.aws."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.s3local import NoMotoServer, aws_variables, serial_moto


@contextmanager
def moto_server(log_dir: Path) -> Iterator[str]:
    """The benchmark's moto server (benchmarks/s3local.py, ``serial_moto``: one request at a
    time, so that a conditional PUT is atomic as on AWS) on a free port of 127.0.0.1; yields its
    URL, kills it after. Skips the test where moto[server] is not installed."""
    try:
        with serial_moto(log_dir / "moto.log", timeout=30) as (url, _):
            yield url
    except NoMotoServer as exc:
        pytest.skip(str(exc))


@contextmanager
def s3_client(folder: Path) -> Iterator[object]:
    """A boto3 client of a moto server started for the caller, with the AWS variables pointing
    at it while the block runs (the body of each test module's ``s3`` fixture)."""
    import boto3

    with moto_server(folder) as url, pytest.MonkeyPatch.context() as mp:
        for name, value in aws_variables(url, folder).items():
            mp.setenv(name, value)
        yield boto3.client("s3")
