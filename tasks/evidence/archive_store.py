"""The S3 side of the evidence archive (archive.py): the client, the bucket's lock, and the three
requests it makes — a PUT that writes once, a GET, a listing. Endpoint, region and credentials
are boto3's own (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION), or, when
boto3 finds no credentials and the archive says ``secret_blocks`` (prefect_secret_blocks), the
Prefect Secret blocks of tasks/storage/credentials.py; boto3 is imported only when an archive is
set.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from tasks.evidence.errors import EvidenceError

COMPLIANCE = "COMPLIANCE"


class ArchiveError(EvidenceError):
    """The evidence archive cannot be written or refuses what was sealed (named, with the fix)."""


@dataclass(frozen=True)
class Archive:
    """Where sealed evidence is archived, and under which rule (from the evidence settings)."""

    url: str
    bucket: str
    prefix: str
    retention_days: int
    accept_unlocked: bool = False
    secret_blocks: bool = False  # may take its keys from Prefect Secret blocks: a flag, no key

    def key(self, rel: str) -> str:
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def where(self, rel: str) -> str:
        return f"s3://{self.bucket}/{self.key(rel)}"


def s3_client(archive: Archive | None = None) -> Any:
    """boto3's S3 client: endpoint, region and credentials from the standard AWS variables, or
    the Prefect Secret blocks when they hold none and ``archive.secret_blocks``; ArchiveError
    naming both when neither has credentials."""
    from botocore.config import Config

    from tasks.storage.credentials import NoCredentials, s3_session

    blocks = archive.secret_blocks if archive else False
    try:
        session = s3_session(blocks, f"evidence archive {archive.url}" if archive else "S3")
    except NoCredentials as exc:
        raise ArchiveError(str(exc)) from None
    return session.client("s3", config=Config(retries={"mode": "standard", "max_attempts": 5}))


def s3_problem(exc: Exception) -> str:
    """An S3 failure in a few words (botocore's messages never hold the credentials)."""
    from botocore.exceptions import ClientError

    if isinstance(exc, ClientError):
        err = exc.response.get("Error") or {}
        return f"{err.get('Code', '?')}: {err.get('Message') or 'no message'}"
    return f"{type(exc).__name__}: {exc}"


@dataclass
class Store:
    archive: Archive
    s3: Any
    locked: bool


def bucket_locked(archive: Archive, s3: Any) -> bool:
    """Whether the bucket has Object Lock enabled (it can only be set when the bucket is made)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        conf = s3.get_object_lock_configuration(Bucket=archive.bucket)
    except ClientError as exc:
        if (exc.response.get("Error") or {}).get("Code") == "ObjectLockConfigurationNotFoundError":
            return False
        raise ArchiveError(f"evidence archive {archive.url}: {s3_problem(exc)}") from None
    except BotoCoreError as exc:
        raise ArchiveError(f"evidence archive {archive.url}: {s3_problem(exc)}") from None
    return (conf.get("ObjectLockConfiguration") or {}).get("ObjectLockEnabled") == "Enabled"


def open_store(archive: Archive, s3: Any | None = None) -> Store:
    """The archive, ready to write: refused when its bucket has no Object Lock, unless the
    settings accept unlocked evidence."""
    s3 = s3 or s3_client(archive)
    locked = bucket_locked(archive, s3)
    if not locked and not archive.accept_unlocked:
        raise ArchiveError(
            f"evidence archive {archive.url}: bucket {archive.bucket} has no Object Lock, so "
            "archived evidence could be altered or deleted; use a bucket created with Object "
            "Lock enabled, or set evidence_archive_accept_unlocked = true to accept unlocked "
            "evidence"
        )
    return Store(archive, s3, locked)


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def retain_until(now: datetime, days: int) -> datetime:
    """``days`` after ``now``, rounded up to the second (S3 keeps no finer): never shorter."""
    until = now + timedelta(days=days)
    return until.replace(microsecond=0) + timedelta(seconds=1 if until.microsecond else 0)


def put_once(store: Store, rel: str, data: bytes | Path, now: datetime) -> datetime | None | bool:
    """Write one object, once: False if the key already exists (If-None-Match refused it),
    else its retain-until date (None in an unlocked bucket). ``data``: the bytes, or a local
    file sent as it is read (records.txt of a 10M-post seal is 650 MB: never held whole)."""
    from botocore.exceptions import BotoCoreError, ClientError

    a = store.archive
    until = retain_until(now, a.retention_days) if store.locked else None
    lock = {"ObjectLockMode": COMPLIANCE, "ObjectLockRetainUntilDate": until} if until else {}
    md5, sha256 = _digests(data)
    try:
        with _body(data) as body:
            store.s3.put_object(
                Bucket=a.bucket,
                Key=a.key(rel),
                Body=body,
                ContentMD5=b64(md5),
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=b64(sha256),
                IfNoneMatch="*",
                **lock,
            )
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = (exc.response.get("Error") or {}).get("Code")
        if status == 412 or code == "PreconditionFailed":
            return False
        raise ArchiveError(f"{a.where(rel)}: not archived: {s3_problem(exc)}") from None
    except BotoCoreError as exc:
        raise ArchiveError(f"{a.where(rel)}: not archived: {s3_problem(exc)}") from None
    return until


def holds(store: Store, rel: str, data: bytes | Path) -> bool:
    """Whether the object at ``rel`` holds exactly ``data`` (bytes, or a local file's),
    compared a chunk at a time; False when there is no object."""
    from botocore.exceptions import ClientError

    a = store.archive
    try:
        got = store.s3.get_object(Bucket=a.bucket, Key=a.key(rel))["Body"]
    except ClientError as exc:
        if (exc.response.get("Error") or {}).get("Code") in ("NoSuchKey", "404"):
            return False
        raise
    with _readable(data) as fh:
        for chunk in got.iter_chunks(_CHUNK):
            if fh.read(len(chunk)) != chunk:
                return False
        return fh.read(1) == b""


_CHUNK = 1 << 20  # what a file sent or compared is read by


def _digests(data: bytes | Path) -> tuple[bytes, bytes]:
    """The MD5 and SHA-256 digests of ``data`` (a file's read a chunk at a time)."""
    md5, sha256 = hashlib.md5(), hashlib.sha256()
    with _readable(data) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            md5.update(chunk)
            sha256.update(chunk)
    return md5.digest(), sha256.digest()


def _body(data: bytes | Path) -> Any:
    """What a PUT sends: the bytes, or the file opened (botocore reads it as it sends it, and
    seeks back to its start for a retry)."""
    return open(data, "rb") if isinstance(data, Path) else nullcontext(data)


@contextmanager
def _readable(data: bytes | Path) -> Iterator[IO[bytes]]:
    if isinstance(data, Path):
        with open(data, "rb") as fh:
            yield fh
    else:
        yield io.BytesIO(data)


def read_object(store: Store, rel: str) -> bytes | None:
    """An object's bytes (its current version), or None if there is none."""
    from botocore.exceptions import ClientError

    a = store.archive
    try:
        return bytes(store.s3.get_object(Bucket=a.bucket, Key=a.key(rel))["Body"].read())
    except ClientError as exc:
        if (exc.response.get("Error") or {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise


def listing(store: Store, prefixes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """{rel: (size, ETag)} of what the archive holds under these prefixes (relative to its own)."""
    from botocore.exceptions import BotoCoreError, ClientError

    a = store.archive
    strip = len(a.key(""))
    out: dict[str, tuple[int, str]] = {}
    try:
        pages = store.s3.get_paginator("list_objects_v2")
        for prefix in sorted(set(prefixes)):
            for page in pages.paginate(Bucket=a.bucket, Prefix=a.key(prefix)):
                for o in page.get("Contents") or []:
                    out[o["Key"][strip:]] = (int(o["Size"]), str(o.get("ETag", "")).strip('"'))
    except (BotoCoreError, ClientError) as exc:
        raise ArchiveError(f"evidence archive {a.url}: cannot list it: {s3_problem(exc)}") from None
    return out
