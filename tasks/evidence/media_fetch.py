"""Fetching one media file into the vault (media.py decides which): streamed, capped, hashed on
the way, published under its SHA-256 (a file already there is referenced, not copied)."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from config.slices import HttpSettings
from tasks.evidence.media_store import FAILED, KEPT, NOT_FETCHED, files_dir
from tasks.evidence.rawstore import publish, relative, tmp_path
from tasks.files import FILE_MODE
from tasks.sources.fetched import TOOL

log = logging.getLogger("tocsin.evidence")
_CHUNK = 1 << 16
_MAX_BACKOFF = 30.0
_WHOLE_FILE_TIMEOUTS = 20


class PrivateAddress(httpx.RequestError):
    """A media host resolving to a private, loopback or link-local address: not asked."""


def refuse_private(request: httpx.Request) -> None:
    """Raise PrivateAddress when the request's host resolves to an address that is not global
    (an httpx request hook: it runs before the first request and before each redirect). A name
    that does not resolve is let through: the connection then fails and says so."""
    host = request.url.host
    try:
        infos = socket.getaddrinfo(host, request.url.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise PrivateAddress(
                f"{host} resolves to {address}, a private, loopback or link-local address "
                "(evidence_media_private_hosts = false)",
                request=request,
            )


class Fetcher:
    """Fetches one media file at a time into the vault: streamed, capped, hashed on the way,
    retried on 429/5xx/timeouts with a bounded backoff (a host that cannot be reached is not
    asked again this run); never raises for one bad file. Unless ``private_hosts``, a host that
    resolves to a private, loopback or link-local address is not asked (``refuse_private``):
    an imported file could otherwise make Tocsin fetch from the machine's own network."""

    def __init__(
        self,
        http: HttpSettings,
        max_bytes: int,
        *,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        private_hosts: bool = False,
    ) -> None:
        self.max_bytes, self.sleep = max_bytes, sleep
        self.unreachable: dict[str, str] = {}
        self.retries, self.max_wait = http.http_max_retries, http.http_max_wait_seconds
        # The timeout bounds each read, not a whole file: a server dripping a byte at a time
        # would hold the run for ever. A file gets this long in all.
        self.deadline = http.request_timeout_seconds * _WHOLE_FILE_TIMEOUTS
        # No Authorization header, ever: following a CDN's redirect cannot leak a credential.
        self.client = httpx.Client(
            timeout=httpx.Timeout(http.request_timeout_seconds),
            headers={"User-Agent": TOOL},
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
            event_hooks={"request": [] if private_hosts else [refuse_private]},
        )

    def close(self) -> None:
        self.client.close()

    def fetch(self, root: Path, target: str, url: str) -> dict[str, Any]:
        """The index fields of one fetch: kept (the file is in the vault) or failed (why)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            return {"status": NOT_FETCHED, "reason": f"not an http(s) address ({scheme or 'none'})"}
        if urlsplit(url).path.lower().endswith(".m3u8"):
            return {
                "status": NOT_FETCHED,
                "reason": "an HLS playlist (a streamed video), not a file",
            }
        host = urlsplit(url).netloc
        if host in self.unreachable:
            return {
                "status": FAILED,
                "reason": f"not tried: {host} unreachable earlier in this run "
                f"({self.unreachable[host]})",
                "transient": True,
            }
        attempt = 0
        while True:
            attempt += 1
            out = self._once(root, target, url)
            if out.pop("_unreachable", False):
                # A host that cannot be reached (no such name, connection refused) is not asked
                # again this run: hundreds of files would each wait for it.
                self.unreachable[host] = out["reason"]
            if not out.get("_retry") or attempt > self.retries:
                out.pop("_retry", None)
                out["attempts"] = attempt
                return out
            wait = min(out.pop("_retry_after", None) or 2.0 ** (attempt - 1), _MAX_BACKOFF)
            wait = min(wait, self.max_wait)
            log.info("media %s: %s; retrying in %.0f s", url, out.get("reason"), wait)
            self.sleep(wait)

    def _once(self, root: Path, target: str, url: str) -> dict[str, Any]:
        tmp = tmp_path(root, ".media")
        try:
            with self.client.stream("GET", url) as resp:
                status = resp.status_code
                if status != 200:
                    transient = status == 429 or status >= 500
                    out: dict[str, Any] = {
                        "status": FAILED,
                        "http_status": status,
                        "reason": f"HTTP {status} {resp.reason_phrase}".strip(),
                        "transient": transient,
                        "_retry": transient,
                    }
                    after = resp.headers.get("retry-after", "")
                    if transient and after.isdigit():
                        out["_retry_after"] = float(after)
                    return out
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    return self._too_large(status, f"{declared} bytes declared")
                h, size = hashlib.sha256(), 0
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
                with os.fdopen(fd, "wb") as fh:
                    started = time.monotonic()
                    for chunk in resp.iter_bytes(_CHUNK):
                        size += len(chunk)
                        if time.monotonic() - started > self.deadline:
                            reason = f"too slow: not received within {self.deadline:g} s"
                            return {"status": FAILED, "reason": reason, "transient": True}
                        if size > self.max_bytes:
                            return self._too_large(status, f"more than {self.max_bytes} bytes")
                        h.update(chunk)
                        fh.write(chunk)
                    fh.flush()
                    os.fsync(fh.fileno())
                digest = h.hexdigest()
                dest = files_dir(root, target) / digest
                reused = dest.exists() or not publish(tmp, dest)
                return {
                    "status": KEPT,
                    "http_status": status,
                    "sha256": digest,
                    "bytes": size,
                    "content_type": resp.headers.get("content-type"),
                    "file": relative(root, dest),
                    "final_url": str(resp.url) if str(resp.url) != url else None,
                    "_reused": reused,
                }
        except PrivateAddress as exc:
            return {"status": NOT_FETCHED, "reason": str(exc)[:300]}
        except httpx.TimeoutException as exc:
            reason = f"timeout: {type(exc).__name__}"
            return {"status": FAILED, "reason": reason, "transient": True, "_retry": True}
        except httpx.HTTPError as exc:
            # No such host, a connection refused or cut, a bad redirect: named, not retried now
            # (a later run that keeps a page naming it tries again).
            return {
                "status": FAILED,
                "reason": f"{type(exc).__name__}: {exc}"[:300],
                "transient": True,
                "_unreachable": isinstance(exc, httpx.ConnectError),
            }
        finally:
            tmp.unlink(missing_ok=True)

    def _too_large(self, status: int, what: str) -> dict[str, Any]:
        return {
            "status": FAILED,
            "http_status": status,
            "reason": f"too large: {what}, over evidence_media_max_bytes ({self.max_bytes})",
            "transient": False,
        }
