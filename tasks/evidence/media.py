"""Media are evidence too (issue 15, point 5): the files attached to collected posts, fetched,
hashed and sealed like the pages that name them.

Layout under ``<root>/evidence/media/<target>/``::

    files/<sha256>                 each file's bytes as received, named by their SHA-256: a file
                                   received again (another post, another run) is referenced, not
                                   copied (read-only, owner-only, like every evidence file)
    <run_id>/media-000001.jsonl    the run's media index: one line per media item, what it is,
                                   where it came from, and what became of it

The references come from the kept pages' exact bytes (media_refs.py): the pages the next seal
will seal. The evidence copy finds them as it writes each segment and holds them for this stage
(keep.py, ``media``); a segment not held (kept by an earlier run that stopped before this
stage, by another process, or past media_refs.HELD_BYTES) is read back from the evidence copy.
Either way the same function reads the same bytes: the index is the same.

An index line says ``kept`` (with ``sha256``, ``bytes``, ``content_type`` and ``file``),
``failed`` (``reason``: the HTTP status, a timeout, too large...; ``transient`` when asking again
may work) or ``not_fetched`` (``reason``: no file in the payload, a streamed video's playlist).
One bad file never stops the rest nor the run.
The next seal lists each new index file in its manifest (``media``, with its SHA-256), so the
files' hashes are signed and timestamped with the pages; `tocsin verify` rehashes every file.

No credential is ever sent to a media host: the files are public (CDN addresses), fetched with a
client of their own. Only ``http``/``https`` addresses are fetched. Items already kept for the
target, or refused for good, are not fetched again; a transient failure is retried by the next
run that keeps a page naming it (pages are read once, before they are sealed).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pyarrow.parquet as pq

from config.slices import HttpSettings
from tasks.evidence.manifest import Sealed, sealed_segments
from tasks.evidence.media_fetch import Fetcher
from tasks.evidence.media_refs import MediaRef, pages_refs, take
from tasks.evidence.media_store import (
    FAILED,
    INDEX_GLOB,
    KEPT,
    NOT_FETCHED,
    files_dir,
    index_entry,
    list_indexes,
    media_dir,
    media_table,
    read_index,
    unsealed_indexes,
)
from tasks.evidence.rawstore import (
    check_name,
    list_segments,
    relative,
    segment_identity,
    write_new,
)
from tasks.evidence.target_chain import own_manifests
from tasks.evidence.vaultstore import folder_glob, parquet_input
from tasks.sources.http import utcnow

log = logging.getLogger("tocsin.evidence")


@dataclass
class MediaReport:
    """What one pass did: items seen in the pages, kept (new files, files already there),
    failed, not fetched, skipped as done before; the index written, if any."""

    seen: int = 0
    kept: int = 0
    reused: int = 0
    failed: int = 0
    not_fetched: int = 0
    skipped: int = 0
    index: Path | None = None
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if not self.seen:
            return "no media"
        return (
            f"{self.seen} media: {self.kept} kept ({self.reused} already in the vault), "
            f"{self.failed} failed, {self.not_fetched} not fetched, {self.skipped} done before"
        )


def _done(root: Path, target: str) -> set[tuple[str, str, str, str]]:
    """Items not to fetch again: kept, or refused for good (not transient)."""
    out = set()
    for path in list_indexes(root, target):
        for e in read_index(path):
            if e.get("status") != FAILED or not e.get("transient"):
                out.add((e["platform"], e["post_id"], e["media_key"], e.get("url") or ""))
    return out


def pending_refs(
    root: Path, target: str, chain: list[Sealed] | None = None
) -> list[tuple[MediaRef, str]]:
    """(reference, page SHA-256) of every media item named by the target's pages no manifest
    has sealed yet, once each, in page order. Only the target's own manifests are read: only
    they seal its pages (target_chain.py). Each segment's references are those the evidence
    copy held for it (media_refs.take), or else read back from it (``read_back``)."""
    sealed = sealed_segments(own_manifests(root, target) if chain is None else chain)
    out: list[tuple[MediaRef, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for seg in list_segments(root, target):
        if relative(root, seg) in sealed:
            continue
        refs = take(segment_identity(seg))
        for ref, sha in read_back(seg) if refs is None else refs:
            k = (ref.platform, ref.post_id, ref.media_key)
            if k not in seen:
                seen.add(k)
                out.append((ref, sha))
    return out


def read_back(segment: Any) -> list[tuple[MediaRef, str]]:
    """The media references of one segment's pages, read back from it: for a segment whose
    references no one held (an earlier run stopped before its media stage)."""
    t = pq.ParquetFile(parquet_input(segment)).read(columns=["body", "format", "page_sha256"])
    cols = (t.column(n).to_pylist() for n in ("body", "format", "page_sha256"))
    return pages_refs(zip(*cols, strict=True))


def _line(entry: dict[str, Any]) -> bytes:
    clean = {k: v for k, v in entry.items() if not k.startswith("_") and v is not None}
    return orjson.dumps(clean, option=orjson.OPT_SORT_KEYS) + b"\n"


def write_index(root: Path, target: str, run_id: str, entries: Iterable[dict[str, Any]]) -> Path:
    """One new index file for the run; never replaces one."""
    run_dir = media_dir(root, target) / run_id
    data = b"".join(_line(e) for e in entries)
    number = len(folder_glob(run_dir, INDEX_GLOB)) + 1
    while True:
        dest = run_dir / f"media-{number:06d}.jsonl"
        if write_new(root, dest, data):
            return dest
        number += 1


def fetch_media(
    root: Path,
    run_id: str,
    target: str,
    http: HttpSettings,
    *,
    max_bytes: int,
    private_hosts: bool = False,
    clock: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> MediaReport:
    """Fetch and keep the media named by the target's pages not yet sealed, and write the run's
    index of them (sealed by the next seal). Items done before are skipped. ``clock`` gives each
    item's ``fetched_at``: when its answer was received. ``private_hosts``: also ask hosts that
    resolve to private, loopback or link-local addresses (media_fetch.Fetcher)."""
    check_name(run_id, "run id")
    check_name(target, "target")
    report = MediaReport()
    refs = pending_refs(root, target)
    report.seen = len(refs)
    if not refs:
        return report
    done = _done(root, target)
    entries = []
    fetcher = Fetcher(
        http, max_bytes, sleep=sleep, transport=transport, private_hosts=private_hosts
    )
    try:
        for ref, page_sha in refs:
            if (ref.platform, ref.post_id, ref.media_key, ref.url or "") in done:
                report.skipped += 1
                continue
            base = asdict(ref) | {"page_sha256": page_sha}
            if ref.url is None:
                got: dict[str, Any] = {
                    "status": NOT_FETCHED,
                    "reason": "the payload names no file for it",
                }
            else:
                got = fetcher.fetch(root, target, ref.url)
            got["fetched_at"] = clock().astimezone(UTC).isoformat().replace("+00:00", "Z")
            if got["status"] == KEPT:
                report.kept += 1
                report.reused += bool(got.get("_reused"))
            elif got["status"] == FAILED:
                report.failed += 1
                report.problems.append(f"{ref.platform} post {ref.post_id}: {got['reason']}")
            else:
                report.not_fetched += 1
            entries.append(base | got)
    finally:
        fetcher.close()
        # Even when something unexpected stops the loop (a full disk): what was fetched is named.
        if entries:
            report.index = write_index(root, target, run_id, entries)
    if report.failed:
        log.warning(
            "%s: %d media file(s) not kept (recorded with the reason): %s",
            target,
            report.failed,
            "; ".join(report.problems[:3]),
        )
    return report


__all__ = [
    "FAILED",
    "INDEX_GLOB",
    "KEPT",
    "NOT_FETCHED",
    "Fetcher",
    "MediaReport",
    "fetch_media",
    "files_dir",
    "index_entry",
    "list_indexes",
    "media_dir",
    "media_table",
    "pending_refs",
    "read_back",
    "read_index",
    "unsealed_indexes",
    "write_index",
]
