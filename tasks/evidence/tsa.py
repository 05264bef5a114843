"""RFC 3161 trusted timestamps: a token from a timestamp authority (TSA) for each manifest.

The token proves the manifest's SHA-256 existed at the TSA's time, independently of our clock and
our key; ``openssl ts -verify -data manifest.json -in manifest.json.tsr -CAfile tsa-ca.pem`` checks
it. We ask for SHA-256 (rfc3161-client defaults to SHA-512), a nonce (a replayed old reply fails),
and the TSA's certificate in the reply (so the reply verifies with the CA alone). A TSA that times
out or answers anything but a granted, matching token raises TimestampFailed: the caller keeps
the manifest untimestamped and says so, and ``tocsin seal --retry-timestamps`` completes it later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from tasks.errors import ConfigError, TocsinError

SHA256_OID = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")


class TimestampFailed(TocsinError):
    """The TSA could not be reached, or its answer is not a valid token for our data."""


@dataclass(frozen=True)
class TokenInfo:
    gen_time: datetime
    serial: int
    policy: str
    chain_checked: bool
    """False when no TSA CA certificate was available: only the hash binding was checked."""


def redact_url(url: str) -> str:
    """The URL without any user:password part, fit to be written into a manifest or a log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def load_ca(path: Path) -> list[x509.Certificate]:
    try:
        certs = x509.load_pem_x509_certificates(Path(path).read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"TSA CA file not found: {path}") from None
    except ValueError as exc:
        raise ConfigError(f"TSA CA file {path} holds no PEM certificate: {exc}") from None
    return certs


def check_token(
    data: bytes, token: bytes, roots: list[x509.Certificate] | None, nonce: int | None = None
) -> TokenInfo:
    """That ``token`` is a granted RFC 3161 reply over SHA-256(data), signed by a TSA chaining to
    one of ``roots`` (when given). Raises TimestampFailed saying what is wrong."""
    try:
        return _check_token(data, token, roots, nonce)
    except TimestampFailed:
        raise
    except Exception as exc:  # the reply is parsed lazily: a damaged one fails anywhere inside
        raise TimestampFailed(f"not a well-formed RFC 3161 timestamp reply ({exc})") from None


def _check_token(
    data: bytes, token: bytes, roots: list[x509.Certificate] | None, nonce: int | None
) -> TokenInfo:
    resp = decode_timestamp_response(token)
    if resp.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        words = "; ".join(resp.status_string) or "no reason given"
        raise TimestampFailed(f"the TSA refused the request (status {resp.status}: {words})")
    info = resp.tst_info
    if info.message_imprint.hash_algorithm != SHA256_OID:
        raise TimestampFailed("the token is not over a SHA-256 hash")
    if info.message_imprint.message != hashlib.sha256(data).digest():
        raise TimestampFailed("the token is for other data (its hash does not match)")
    if nonce is not None and info.nonce != nonce:
        raise TimestampFailed("the token answers another request (nonce mismatch)")
    if roots:
        builder = VerifierBuilder()
        for cert in roots:
            builder = builder.add_root_certificate(cert)
        try:
            builder.build().verify_message(resp, data)
        except (VerificationError, ValueError) as exc:
            raise TimestampFailed(
                f"the token's signature or certificate chain fails: {exc}"
            ) from None
    return TokenInfo(info.gen_time, info.serial_number, info.policy.dotted_string, bool(roots))


def request_token(
    data: bytes, url: str, *, timeout: float, roots: list[x509.Certificate] | None
) -> bytes:
    """A checked timestamp token (the TSA's DER reply, stored as received) for ``data``."""
    req = (
        TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(HashAlgorithm.SHA256)
        .cert_request(cert_request=True)
        .nonce(nonce=True)
        .build()
    )
    where = redact_url(url)
    try:
        r = httpx.post(
            url,
            content=req.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
        )
    except httpx.TimeoutException:
        raise TimestampFailed(f"TSA {where} did not answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise TimestampFailed(f"TSA {where} unreachable: {type(exc).__name__}: {exc}") from None
    if r.status_code != 200:
        raise TimestampFailed(f"TSA {where} answered HTTP {r.status_code}")
    try:
        check_token(data, r.content, roots, nonce=req.nonce)
    except TimestampFailed as exc:
        raise TimestampFailed(f"TSA {where}: {exc}") from None
    return r.content
