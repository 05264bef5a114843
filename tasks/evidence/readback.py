"""Reading segments back to seal them: what each segment adds to a manifest.

A seal seals what is kept, not what it was told: each segment is read from disk (its SHA-256 taken
from the very bytes read), each page checked against the hash written with it when it was kept,
its records derived by the parser's own rule (``records.page_records``) and hashed, each kind of
hash in one comprehension over the segment rather than a call per record. This is nearly all of a
seal's work, and it runs outside the evidence lock (``seal.seal_report``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.evidence import merkle
from tasks.evidence.manifest import EvidenceError
from tasks.evidence.rawstore import holds_large_page, relative
from tasks.evidence.records import page_records
from tasks.evidence.table import EVIDENCE_PAGES
from tasks.pages import RawPage


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


# What a seal reads of a segment: all of it but what its path says, and when it was written.
_SEGMENT_COLUMNS = EVIDENCE_PAGES.arrow_schema().names
_READ = [c for c in _SEGMENT_COLUMNS if c not in ("target", "run_id", "kept_at")]


# The UTC instants read as microseconds since the epoch (EVIDENCE_PAGES: timestamp[us, UTC]).
_TIMES = ("retrieved_at",)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def read_back(rel: str, path: Path) -> tuple[str, dict[str, list[Any]]]:
    """A segment's SHA-256 and the columns a seal reads, both from one read of the file: the hash
    sealed is that of the very bytes the pages were read from."""
    try:
        data = path.read_bytes()
        # ParquetFile, not read_table: read_table imports pyarrow.dataset and with it pandas.
        file = pq.ParquetFile(pa.BufferReader(data))
        if file.schema_arrow.names != _SEGMENT_COLUMNS:
            raise ValueError(f"columns {file.schema_arrow.names} are not a segment's")
        table = file.read(columns=_READ)
        columns = {name: table.column(name).to_pylist() for name in _READ if name not in _TIMES}
        for name in _TIMES:  # Arrow's own conversion of zoned times: ~10 µs a page
            micros = table.column(name).cast(pa.timestamp("us", "UTC")).cast(pa.int64())
            micros = micros.to_pylist()
            columns[name] = [_EPOCH + timedelta(microseconds=us) for us in micros]
        columns["provenance"] = [orjson.loads(p) for p in columns["provenance"]]
        # The pages are Python bytes now: the Arrow copy goes before the records are derived
        # (handed back to the system only after a segment of a large page: holds_large_page).
        large = holds_large_page(table)
        del table, file
        if large:
            pa.default_memory_pool().release_unused()
    except Exception as exc:  # a damaged file must stop the seal with its name, not a trace
        raise EvidenceError(
            f"{rel}: unreadable before it could be sealed ({type(exc).__name__}: {exc}); "
            "run `tocsin verify` and investigate"
        ) from None
    return hashlib.sha256(data).hexdigest(), columns


@dataclass(frozen=True)
class Part:
    """What one segment adds to a manifest."""

    entry: dict[str, Any]  # its item in the manifest's "segments"
    run: str
    pages_jsonl: bytes
    page_leaves: list[bytes]
    record_sha256: bytes  # each record's SHA-256 (32 bytes), end to end, in leaf order
    record_leaves: bytes  # each record's leaf hash (32 bytes), end to end
    sources: set[str]
    retrieved: list[datetime]
    dates: list[date]


def read_part(root: Path, path: Path, target: str) -> Part:
    """Read one segment back, check each page against the hash written with it, derive and hash
    its records (each kind of hash in one comprehension over the segment, not a call a record)."""
    rel = relative(root, path)
    file_sha256, c = read_back(rel, path)
    sha256 = hashlib.sha256
    bodies = c["body"]
    page_sha256 = [sha256(b).hexdigest() for b in bodies]
    lines, retrieved, dates = [], [], []
    # Each page's records are hashed as the page is read and then let go: holding every record
    # until the end held a second copy of the segment (50 MB more for a 50 MB post).
    record_digests: list[bytes] = []
    record_leaves: list[bytes] = []
    for i, digest in enumerate(page_sha256):
        if digest != c["page_sha256"][i]:
            raise EvidenceError(
                f"{rel}: page {c['seq'][i]} no longer matches the hash written with it; it was "
                "altered before it could be sealed: run `tocsin verify` and investigate"
            )
        hint = c["date_hint"][i]
        page = RawPage(
            body=bodies[i],
            source=c["source"][i],
            ref=c["ref"][i],
            retrieved_at=c["retrieved_at"][i],
            date_hint=hint if isinstance(hint, date) else None,
            format=c["format"][i],
            provenance=c["provenance"][i],
        )
        recs = page_records(page, target)
        merkle.hash_records(recs, record_digests, record_leaves)
        n_recs = len(recs)
        del recs
        day = page.date_hint or page.retrieved_at.astimezone(UTC).date()
        retrieved.append(page.retrieved_at)
        dates.append(day)
        line = {
            "segment": rel,
            "seq": c["seq"][i],
            "page_sha256": digest,
            "records": n_recs,
            "retrieved_at": iso(page.retrieved_at),
            "date": day.isoformat(),
            "source": page.source,
            "format": page.format,
            "ref": page.ref,
        }
        lines.append(orjson.dumps(line, option=orjson.OPT_SORT_KEYS) + b"\n")
    entry = {"file": rel, "sha256": file_sha256, "pages": len(lines), "records": len(record_leaves)}
    # Joined: one object a segment, not one a record (a seal of millions holds them all).
    return Part(
        entry,
        run=path.parent.name,
        pages_jsonl=b"".join(lines),
        page_leaves=merkle.leaf_hashes_of(bodies),
        record_sha256=b"".join(record_digests),
        record_leaves=b"".join(record_leaves),
        sources=set(c["source"]),
        retrieved=retrieved,
        dates=dates,
    )
