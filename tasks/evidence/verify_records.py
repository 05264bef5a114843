"""`tocsin verify`, one manifest's records: its folder's checksums, then every segment it sealed
read back, each page and record re-derived from the kept bytes and hashed, and both Merkle roots
recomputed. Whatever no longer holds is a finding naming the file and, where it can, the record.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

import orjson
import polars as pl
import pyarrow as pa

from tasks.evidence import merkle
from tasks.evidence.manifest import MANIFEST, PAGES, RECORDS, SIGNATURE, SUMS, Sealed, sha256_file
from tasks.evidence.rawstore import read_segment, relative, vault_file
from tasks.evidence.records import page_records
from tasks.evidence.vaultstore import is_remote, read_blocks
from tasks.evidence.verify_chain import Finding
from tasks.evidence.verify_spill import LISTED_AT_ONCE, Kept
from tasks.pages import RawPage
from tasks.parse import sha256_hex

if TYPE_CHECKING:
    from tasks.evidence.verify import VerifyReport

_SUM_LINE = re.compile(rb"^([0-9a-f]{64})  ([A-Za-z0-9_.-]+)$")


@dataclass
class _RecordsHash:
    """What records.txt's SHA-256 must be, checked once the file has been read for its record
    hashes (``listed_records`` takes it on the way): a 10M-post manifest's is 650 MB, read
    once, and on S3 fetched once. Each finding goes where it would have been listed."""

    digest: Any = field(default_factory=hashlib.sha256)
    due: list[tuple[int, str | None, Finding]] = field(default_factory=list)

    def expect(self, out: list[Finding], digest: str | None, finding: Finding) -> None:
        self.due.append((len(out), digest, finding))

    def settle(self, out: list[Finding]) -> None:
        actual = self.digest.hexdigest()
        for at, want, finding in reversed(self.due):
            if actual != want:
                out.insert(at, finding)


def _check_sums(root: Any, m: Sealed, out: list[Finding], later: _RecordsHash) -> None:
    """The folder's SHA256SUMS lists exactly the files a seal wrote, with their hashes."""
    sums = m.path / SUMS
    where = relative(root, sums)
    if not sums.exists():
        out.append(Finding("error", where, "missing"))
        return
    listed: dict[str, str] = {}
    for n, line in enumerate(sums.read_bytes().splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            out.append(Finding("error", where, f"altered: line {n} is not a checksum line"))
            continue
        listed[match.group(2).decode()] = match.group(1).decode()
    expected = {MANIFEST, PAGES, RECORDS} | (
        {SIGNATURE} if (m.manifest or {}).get("signature") else set()
    )
    if set(listed) != expected:
        out.append(
            Finding(
                "error", where, f"altered: lists {sorted(listed)}, a seal lists {sorted(expected)}"
            )
        )
    for name, digest in listed.items():
        path = m.path / name
        if not path.exists():
            continue
        wrong = Finding(
            "error",
            where,
            f"{relative(root, path)} does not match its checksum (one of the two was altered)",
        )
        if name == RECORDS:
            later.expect(out, digest, wrong)
        elif sha256_file(path) != digest:
            out.append(wrong)


def _expected(
    root: Any, m: Sealed, out: list[Finding], later: _RecordsHash
) -> list[dict[str, Any]]:
    """The pages the seal listed (best effort when the list was damaged); both lists' hashes
    checked against the manifest's (records.txt's once it is read: ``_RecordsHash``)."""
    files = (m.manifest or {}).get("files") or {}
    pages_jsonl = b""
    for name in (PAGES, RECORDS):
        path = m.path / name
        if not path.exists():
            out.append(Finding("error", relative(root, path), "missing"))
            continue
        altered = Finding(
            "error",
            relative(root, path),
            f"altered: does not match the hash in {m.name}/{MANIFEST}",
        )
        if name == RECORDS:
            later.expect(out, files.get(name), altered)
            continue
        pages_jsonl = path.read_bytes()
        if sha256_hex(pages_jsonl) != files.get(name):
            out.append(altered)
    pages = []
    for line in pages_jsonl.splitlines():
        try:
            pages.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return pages


def listed_records(path: Any, digest: Any = None) -> Iterator[str]:
    """The record hashes a records.txt lists, as ``text.split()`` reads the whole file (best
    effort when damaged), a MiB at a time (one GET on S3): a 10M-post manifest's list is
    650 MB, 1.1 GB more as strings. ``digest`` (a hashlib object) is fed every byte. Nothing
    when the file is missing."""
    if not path.exists():
        return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    carry = ""
    for block in read_blocks(path):
        if digest is not None:
            digest.update(block)
        text = carry + decoder.decode(block)
        words = text.split()
        carry = words.pop() if words and not text[-1].isspace() else ""
        yield from words
    yield from (carry + decoder.decode(b"", final=True)).split()


def _diff_records(
    seg: str,
    expected: list[str],
    actual: list[str],
    sealed_in: dict[str, str],
    found_in: dict[str, str],
    out: list[Finding],
) -> None:
    missing = Counter(expected) - Counter(actual)
    added = Counter(actual) - Counter(expected)
    for h in missing:
        out.append(
            Finding(
                "error", seg, f"record {h} missing (sealed in page {sealed_in.get(h, '?')})", [h]
            )
        )
    for h in added:
        out.append(
            Finding(
                "error", seg, f"record {h} added (never sealed) in page {found_in.get(h, '?')}", [h]
            )
        )
    if not missing and not added and expected != actual:
        out.append(Finding("error", seg, "records reordered within the segment"))


def _check_segment(
    root: Any,
    m: Sealed,
    seg: dict[str, Any],
    listed: list[dict[str, Any]],
    expected: list[str],
    report: VerifyReport,
    leaves: tuple[merkle.JoinedRoot, list[bytes]],
    good: list[RawPage],
) -> None:
    """One segment: its file hash, then every page and record re-derived from the kept bytes.
    The pages found as sealed go to ``good``, for the working tables' check."""
    out = report.findings
    rel = str(seg.get("file"))
    path = vault_file(root, rel)
    report.segments += 1
    if not path.exists():
        what = f"missing: {seg.get('pages')} pages and {seg.get('records')} records sealed in it"
        out.append(Finding("error", rel, what, expected))
        return
    # On S3 the object is fetched once: its SHA-256 needs every byte, and the pages are then
    # read from those bytes rather than by range reads that would fetch it all a second time.
    data = path.read_bytes() if is_remote(path) else None
    digest = sha256_file(path) if data is None else hashlib.sha256(data).hexdigest()
    file_ok = digest == seg.get("sha256")
    if not file_ok:
        out.append(
            Finding("error", rel, f"altered: its SHA-256 differs from the one sealed in {m.name}")
        )
    try:
        kept = read_segment(path if data is None else pa.BufferReader(data))
    except Exception as exc:  # any decoding failure of a damaged file is a finding, not a crash
        what = f"unreadable ({type(exc).__name__}: {exc}); its {len(expected)} records cannot be checked"
        out.append(Finding("error", rel, what, expected))
        return
    record_leaves, page_leaves = leaves
    target = (m.manifest or {}).get("target", "evidence")
    listed_by_seq = {p.get("seq"): p for p in listed}
    actual: list[str] = []
    sha256 = hashlib.sha256
    spans: list[tuple[int, int, str]] = []  # (first record, end, "seq (ref)") per kept page
    for k in kept:
        body = k.page.body
        # An unchanged file holds unchanged pages: hash each page only when the file changed.
        sealed = listed_by_seq.get(k.seq)
        if file_ok:
            good.append(k.page)
        elif sealed is not None and sealed.get("page_sha256") == sha256_hex(body):
            good.append(k.page)
        else:
            out.append(
                Finding(
                    "error",
                    rel,
                    f"page {k.seq} ({k.page.ref}) altered or added: its hash is not the sealed one",
                )
            )
        page_leaves.append(merkle.leaf_hash(body))
        start = len(actual)
        # Each kind of hash in one comprehension over the page, not two calls a record.
        recs = page_records(k.page, target, (m.manifest or {}).get("format"))
        actual += [sha256(r).hexdigest() for r in recs]
        record_leaves.add(b"".join(merkle.leaf_hashes_of(recs)))
        del recs
        spans.append((start, len(actual), f"{k.seq} ({k.page.ref})"))
    report.pages += len(kept)
    report.records += len(actual)
    kept_seqs = {k.seq for k in kept}
    for p in listed:
        if p.get("seq") not in kept_seqs:
            out.append(Finding("error", rel, f"page {p.get('seq')} ({p.get('ref')}) missing"))
    if actual != expected:
        found_in = {actual[i]: where for lo, hi, where in spans for i in range(lo, hi)}
        sealed_in: dict[str, str] = {}
        pos = 0
        for p in listed:
            n = int(p.get("records", 0))
            for h in expected[pos : pos + n]:
                sealed_in.setdefault(h, f"{p.get('seq')} ({p.get('ref')})")
            pos += n
        _diff_records(rel, expected, actual, sealed_in, found_in, out)


def check_manifest_records(
    root: Any,
    m: Sealed,
    report: VerifyReport,
    derive: Callable[[list[RawPage]], pl.DataFrame] | None = None,
    kept: Kept | None = None,
) -> None:
    """Check one manifest's records; to ``kept``, the record hashes it lists and, with
    ``derive``, the rows of each segment's pages found as sealed. A segment's pages are let go
    once derived, and its part of the list once compared: held for the whole manifest, a
    1M-post import's took ``tocsin verify`` to 7.7 GB, a 10M one's past 24 GB."""
    later = _RecordsHash()
    _check_sums(root, m, report.findings, later)
    pages = _expected(root, m, report.findings, later)
    records = listed_records(m.path / RECORDS, later.digest)
    manifest = m.manifest or {}
    leaves = (merkle.JoinedRoot(), [])
    by_seg: dict[str, list[dict[str, Any]]] = {}
    for p in pages:
        by_seg.setdefault(str(p.get("segment")), []).append(p)
    for seg in manifest.get("segments", []):
        listed = by_seg.get(str(seg.get("file")), [])
        n = sum(int(p.get("records", 0)) for p in listed)
        expected = list(islice(records, n))
        good: list[RawPage] = []
        _check_segment(root, m, seg, listed, expected, report, leaves, good)
        if kept is not None:
            kept.add_sealed(expected, checked=True)
            if derive is not None:
                kept.add_rows(derive(good))
        del good, expected
    # Listed beyond what the pages list says the segments hold; the file read to its end.
    while rest := list(islice(records, LISTED_AT_ONCE)):
        if kept is not None:
            kept.add_sealed(rest, checked=True)
    later.settle(report.findings)
    roots = manifest.get("merkle") or {}
    where = relative(root, m.path / MANIFEST)
    if leaves[0].root().hex() != roots.get("records_root"):
        report.findings.append(
            Finding("error", where, "records_root does not match the records kept")
        )
    if merkle.root(leaves[1]).hex() != roots.get("pages_root"):
        report.findings.append(Finding("error", where, "pages_root does not match the pages kept"))
