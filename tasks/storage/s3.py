"""A data root on S3-compatible object storage (``s3://bucket/prefix``): base.py's interface over
boto3, and a ``pyarrow.fs.S3FileSystem`` / Polars ``storage_options`` for reading tables in place.

Endpoint, region and credentials are boto3's own: AWS_ENDPOINT_URL, AWS_REGION,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or ~/.aws); when those hold no credentials and the root
was made with ``secret_blocks`` (the ``prefect_secret_blocks`` setting), the key id and secret come
from Prefect Secret blocks (credentials.py). The Arrow and Polars readers are handed what boto3
resolved, so all three reach the same store with the same keys. Every write is ONE
single-part PUT carrying Content-MD5 and x-amz-checksum-sha256: S3 stores the whole object or
refuses it, so a crash leaves the old version or the new one, and no rename is needed.
``create`` is the PUT with ``If-None-Match: *``, ``replace`` the PUT with ``If-Match: <ETag>``;
the store refuses (412) the one that lost a race.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from tasks.storage.base import Root, StorageError, Tagged
from tasks.storage.connection import Connection, new_origin, shared
from tasks.storage.credentials import s3_session

SCHEME = "s3://"


def is_s3(value: object) -> bool:
    """Whether a data root names object storage (``s3://...``), or is already such a root.
    ``Path("s3://b/x")`` reads ``s3:/b/x``: that spelling is caught too, so an s3 URL that went
    through a ``Path`` is never taken for a local folder."""
    if isinstance(value, S3Root):
        return True
    text = str(value)
    return text.startswith(SCHEME) or text.startswith("s3:/")


def split_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of ``s3://bucket/prefix`` (also ``s3:/bucket/prefix``, a Path's form)."""
    rest = str(url).removeprefix(SCHEME) if str(url).startswith(SCHEME) else str(url)[4:]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise StorageError(f"data root {url}: no bucket named (write s3://bucket/prefix)")
    return bucket, prefix.strip("/")


def problem(exc: Exception) -> str:
    """An S3 failure in a few words (botocore's messages never hold the credentials)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        err = response.get("Error") or {}
        return f"{err.get('Code', '?')}: {err.get('Message') or 'no message'}"
    return f"{type(exc).__name__}: {exc}"


def status_of(exc: Exception) -> tuple[int | None, str]:
    response = getattr(exc, "response", None) or {}
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return status, str((response.get("Error") or {}).get("Code", ""))


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


class S3Root(Root):
    """``s3://bucket/prefix``. Picklable (Dask ships settings): the client is made again on the
    other side, from that machine's AWS variables (or, with ``secret_blocks``, that process's
    load of the Prefect Secret blocks): the pickle holds the URL and the flag, never a key."""

    remote = True

    def __init__(self, url: str, session: Any = None, secret_blocks: bool = False) -> None:
        self.bucket, self.prefix = split_url(url)
        self.url = f"{SCHEME}{self.bucket}/{self.prefix}" if self.prefix else SCHEME + self.bucket
        self.base = f"{self.prefix}/" if self.prefix else ""
        self.secret_blocks = bool(secret_blocks)
        self.conn = Connection(session)
        self.origin: str | None = None  # taken when first pickled (connection.py)

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "secret_blocks": self.secret_blocks, "origin": self.shipped()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        blocks = state.get("secret_blocks", False)
        self.__init__(state["url"], secret_blocks=blocks)  # type: ignore[misc]
        self.share(state.get("origin"))

    def shipped(self) -> str:
        """The token this root's pickled copies carry (taken on first use)."""
        if self.origin is None:
            self.origin = new_origin()
        return self.origin

    def share(self, origin: str | None) -> None:
        """Open through the connection of this process's other copies of ``origin``."""
        if origin:
            self.origin, self.conn = origin, shared(origin)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, S3Root) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    def __repr__(self) -> str:
        return f"S3Root({self.url!r})"

    def unopened(self) -> S3Root:
        """The same place, as a plain root with no boto3 session or client yet (one is made
        on first use): what to keep of a root for later, since this one's session and client
        (~10 MB, more on an evidence root, which holds its vault store too) live as long as it."""
        return S3Root(self.url, secret_blocks=self.secret_blocks)

    @property
    def session(self) -> Any:
        """boto3's session, with credentials (credentials.py; NoCredentials, a StorageError
        naming the variables and the blocks, when there are none)."""
        return self.conn.made(
            "session", lambda: s3_session(self.secret_blocks, f"data root {self.url}")
        )

    @property
    def client(self) -> Any:
        def make() -> Any:
            from botocore.config import Config

            config = Config(retries={"mode": "standard", "max_attempts": 5})
            return self.session.client("s3", config=config)

        return self.conn.made("client", make)

    def key(self, rel: str) -> str:
        return self.base + rel

    def where(self, rel: str) -> str:
        return f"{self.url}/{rel}" if rel else self.url

    def fail(self, rel: str, what: str, exc: Exception) -> StorageError:
        return StorageError(f"{self.where(rel)}: cannot {what}: {problem(exc)}")

    def location(self, rel: str) -> ObjectPath:
        return ObjectPath(self, rel)

    def _get(self, rel: str) -> dict[str, Any] | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(rel))
        except ClientError as exc:
            if status_of(exc)[1] in ("NoSuchKey", "404"):
                return None
            raise self.fail(rel, "read it", exc) from None
        except BotoCoreError as exc:
            raise self.fail(rel, "read it", exc) from None

    def read(self, rel: str) -> bytes | None:
        got = self._get(rel)
        return None if got is None else bytes(got["Body"].read())

    def read_blocks(self, rel: str, size: int) -> Iterator[bytes] | None:
        """The object's bytes as one GET sends them, ``size`` at a time (None: no object): a
        big object is never held whole."""
        got = self._get(rel)
        return None if got is None else _blocks(got["Body"], size)

    def read_tagged(self, rel: str) -> Tagged | None:
        got = self._get(rel)
        if got is None:
            return None
        data = bytes(got["Body"].read())
        date = (got.get("ResponseMetadata") or {}).get("HTTPHeaders", {}).get("date")
        age = 0.0
        if date and got.get("LastModified"):
            age = max(0.0, (parsedate_to_datetime(date) - got["LastModified"]).total_seconds())
        return Tagged(data, str(got["ETag"]), age)

    def _put(self, rel: str, data: bytes, **condition: str) -> str | None:
        """One single-part PUT with its checksums; the new ETag, or None when ``condition``
        (If-None-Match / If-Match) refused it."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            put = self.client.put_object(
                Bucket=self.bucket,
                Key=self.key(rel),
                Body=data,
                ContentMD5=b64(hashlib.md5(data).digest()),
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=b64(hashlib.sha256(data).digest()),
                **condition,
            )
        except ClientError as exc:
            status, code = status_of(exc)
            if condition and (status in (404, 409, 412) or code == "PreconditionFailed"):
                return None  # 409: a concurrent conditional write won; 404: If-Match, no object
            raise self.fail(rel, "write it", exc) from None
        except BotoCoreError as exc:
            raise self.fail(rel, "write it", exc) from None
        return str(put["ETag"])

    def write(self, rel: str, data: bytes) -> None:
        self._put(rel, data)

    def create(self, rel: str, data: bytes) -> str | None:
        return self._put(rel, data, IfNoneMatch="*")

    def replace(self, rel: str, data: bytes, tag: str) -> str | None:
        return self._put(rel, data, IfMatch=tag)

    def delete(self, rel: str, tag: str | None = None) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            cond = {"IfMatch": tag} if tag is not None else {}
            self.client.delete_object(Bucket=self.bucket, Key=self.key(rel), **cond)
        except ClientError as exc:
            status, code = status_of(exc)
            if tag is not None and (status in (404, 412) or code == "PreconditionFailed"):
                return False
            raise self.fail(rel, "delete it", exc) from None
        except BotoCoreError as exc:
            raise self.fail(rel, "delete it", exc) from None
        return True

    def exists(self, rel: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(rel))
        except ClientError as exc:
            if status_of(exc)[0] == 404 or status_of(exc)[1] in ("NoSuchKey", "404"):
                return False
            raise self.fail(rel, "look it up", exc) from None
        except BotoCoreError as exc:
            raise self.fail(rel, "look it up", exc) from None
        return True

    def list(self, prefix: str = "") -> list[str]:
        return sorted(self.tags(prefix))

    def tags(self, prefix: str = "") -> dict[str, str]:
        """Every key under ``prefix`` with its ETag, from the listing alone (no object read):
        what tells a rewritten object from the one seen before (derive.py's ledger)."""
        from botocore.exceptions import BotoCoreError, ClientError

        start = self.key(f"{prefix.strip('/')}/" if prefix.strip("/") else "")
        out = {}
        try:
            pages = self.client.get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.bucket, Prefix=start):
                out.update(
                    {o["Key"][len(self.base) :]: o["ETag"] for o in page.get("Contents") or []}
                )
        except (BotoCoreError, ClientError) as exc:
            raise self.fail(prefix, "list it", exc) from None
        return out

    def reader_options(self) -> dict[str, str]:
        """Endpoint, region and credentials as boto3 resolved them, in the names Polars' object
        store takes (``storage_options``): never logged, never written."""
        endpoint = str(self.client.meta.endpoint_url)
        options = {"aws_endpoint_url": endpoint, "aws_region": str(self.client.meta.region_name)}
        if endpoint.startswith("http://"):
            options["aws_allow_http"] = "true"
        creds = self.session.get_credentials()
        if creds is not None:
            frozen = creds.get_frozen_credentials()
            options["aws_access_key_id"] = frozen.access_key
            options["aws_secret_access_key"] = frozen.secret_key
            if frozen.token:
                options["aws_session_token"] = frozen.token
        return options

    def arrow(self) -> tuple[Any, str]:
        from pyarrow import fs

        opts = self.reader_options()
        parts = urlsplit(opts["aws_endpoint_url"])
        filesystem = fs.S3FileSystem(
            access_key=opts.get("aws_access_key_id"),
            secret_key=opts.get("aws_secret_access_key"),
            session_token=opts.get("aws_session_token"),
            region=opts["aws_region"],
            endpoint_override=parts.netloc,
            scheme=parts.scheme or "https",
        )
        return filesystem, f"{self.bucket}/{self.prefix}".rstrip("/")

    def scan_source(self, location: Any) -> tuple[str | Path, dict[str, str] | None]:
        return str(location), self.reader_options()

    def lease(self) -> AbstractContextManager[None]:
        from tasks.storage.lease import Lease

        return Lease(self)


def _blocks(body: Any, size: int) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(size)
    finally:
        body.close()


class ObjectPath:
    """A key under an S3 root, with the few ``Path`` manners the store uses (``/``, ``name``,
    ``parent``, ``exists``, ``glob``...). It has no ``__fspath__`` on purpose: a local file
    function handed one fails, instead of writing under a folder named ``s3:``."""

    __slots__ = ("rel", "root")

    def __init__(self, root: S3Root, rel: str) -> None:
        self.root, self.rel = root, rel.strip("/")

    def __truediv__(self, name: str) -> ObjectPath:
        return ObjectPath(self.root, f"{self.rel}/{name}" if self.rel else str(name))

    def __str__(self) -> str:
        return self.root.where(self.rel)

    def __repr__(self) -> str:
        return f"ObjectPath({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ObjectPath) and str(other) == str(self)

    def __lt__(self, other: ObjectPath) -> bool:
        return str(self) < str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def unopened(self) -> ObjectPath:
        """This key on its root's ``unopened`` copy: holds no connection while it is kept."""
        return ObjectPath(self.root.unopened(), self.rel)

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    @property
    def parent(self) -> ObjectPath:
        return ObjectPath(self.root, self.rel.rsplit("/", 1)[0] if "/" in self.rel else "")

    def exists(self) -> bool:
        """Whether an object is stored at this key (a "folder" is only a prefix: ``is_dir``)."""
        return self.root.exists(self.rel)

    def is_dir(self) -> bool:
        """Whether some object is stored under this key."""
        return bool(self.root.list(self.rel))

    def read_bytes(self) -> bytes:
        data = self.root.read(self.rel)
        if data is None:
            raise FileNotFoundError(str(self))
        return data

    def read_blocks(self, size: int) -> Iterator[bytes]:
        """``read_bytes`` a block at a time (one GET)."""
        blocks = self.root.read_blocks(self.rel, size)
        if blocks is None:
            raise FileNotFoundError(str(self))
        return blocks

    def write_bytes(self, data: bytes) -> None:
        self.root.write(self.rel, data)

    def unlink(self, missing_ok: bool = False) -> None:
        if not missing_ok and not self.root.exists(self.rel):
            raise FileNotFoundError(str(self))
        self.root.delete(self.rel)

    def glob(self, pattern: str) -> list[ObjectPath]:
        """The objects under this one matching ``pattern`` segment by segment (``*`` stays
        within a segment, as Path.glob's does)."""
        want = PurePosixPath(pattern).parts
        found = []
        for key in self.root.list(self.rel):
            rest = PurePosixPath(key[len(self.rel) + 1 :] if self.rel else key).parts
            if len(rest) == len(want) and all(
                fnmatch.fnmatchcase(p, w) for p, w in zip(rest, want, strict=True)
            ):
                found.append(ObjectPath(self.root, key))
        return found

    def rglob(self, pattern: str) -> list[ObjectPath]:
        """The objects anywhere under this one whose name matches ``pattern``."""
        return [
            ObjectPath(self.root, key)
            for key in self.root.list(self.rel)
            if fnmatch.fnmatchcase(key.rsplit("/", 1)[-1], pattern)
        ]
