"""`tocsin verify`: recompute everything a seal asserted and name whatever no longer holds.

For every selected manifest: the checksums of its folder, every segment file's SHA-256, every page
hash, every raw record re-derived from its page and hashed, both Merkle roots; for the whole
installation: the hash chain, the signatures, the timestamp tokens, and any segment or file that
no manifest accounts for. Anything altered, missing or added is an error naming the file and,
where it can, the record.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from tasks.evidence import merkle, sign
from tasks.evidence.manifest import (
    MANIFEST,
    PAGES,
    RECORDS,
    SIGNATURE,
    SUMS,
    Sealed,
    head,
    list_manifests,
    manifests_dir,
    sealed_segments,
    sha256_file,
)
from tasks.evidence.rawstore import evidence_dir, list_segments, pages_dir, read_segment, relative
from tasks.evidence.records import page_records
from tasks.evidence.verify_chain import (
    ChainFacts,
    Finding,
    check_chain,
    check_copies,
    check_folder_files,
    check_signatures,
    check_timestamps,
)
from tasks.parse import sha256_hex

_EVIDENCE_ENTRIES = {"pages", "manifests", "keys", "tsa", ".tmp", ".lock"}
_SUM_LINE = re.compile(rb"^([0-9a-f]{64})  ([A-Za-z0-9_.-]+)$")


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    manifests_total: int = 0
    manifests_checked: int = 0
    segments: int = 0
    pages: int = 0
    records: int = 0
    head: str | None = None
    facts: ChainFacts = field(default_factory=ChainFacts)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _selected(m: Sealed, target: str | None, start: date | None, end: date | None) -> bool:
    if target and (m.manifest or {}).get("target", m.target) != target:
        return False
    dates = (m.manifest or {}).get("dates") or {}
    first, last = dates.get("first"), dates.get("last")
    if start and last and date.fromisoformat(last) < start:
        return False
    return not (end and first and date.fromisoformat(first) > end)


def _check_sums(root: Path, m: Sealed, out: list[Finding]) -> None:
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
        if path.exists() and sha256_file(path) != digest:
            out.append(
                Finding(
                    "error",
                    where,
                    f"{relative(root, path)} does not match its checksum (one of the two was altered)",
                )
            )


def _expected(root: Path, m: Sealed, out: list[Finding]) -> tuple[list[dict[str, Any]], list[str]]:
    """The pages and record hashes the seal listed (best effort when a list was damaged)."""
    files = (m.manifest or {}).get("files") or {}
    lists: dict[str, bytes] = {}
    for name in (PAGES, RECORDS):
        path = m.path / name
        if not path.exists():
            out.append(Finding("error", relative(root, path), "missing"))
            lists[name] = b""
            continue
        lists[name] = path.read_bytes()
        if sha256_hex(lists[name]) != files.get(name):
            out.append(
                Finding(
                    "error",
                    relative(root, path),
                    f"altered: does not match the hash in {m.name}/{MANIFEST}",
                )
            )
    pages = []
    for line in lists[PAGES].splitlines():
        try:
            pages.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return pages, lists[RECORDS].decode(errors="replace").split()


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
    root: Path,
    m: Sealed,
    seg: dict[str, Any],
    listed: list[dict[str, Any]],
    expected: list[str],
    report: VerifyReport,
    leaves: tuple[list[bytes], list[bytes]],
) -> None:
    """One segment: its file hash, then every page and record re-derived from the kept bytes."""
    out = report.findings
    rel = str(seg.get("file"))
    path = Path(root) / rel
    report.segments += 1
    if not path.exists():
        what = f"missing: {seg.get('pages')} pages and {seg.get('records')} records sealed in it"
        out.append(Finding("error", rel, what, expected))
        return
    file_ok = sha256_file(path) == seg.get("sha256")
    if not file_ok:
        out.append(
            Finding("error", rel, f"altered: its SHA-256 differs from the one sealed in {m.name}")
        )
    try:
        kept = read_segment(path)
    except Exception as exc:  # any decoding failure of a damaged file is a finding, not a crash
        what = f"unreadable ({type(exc).__name__}: {exc}); its {len(expected)} records cannot be checked"
        out.append(Finding("error", rel, what, expected))
        return
    record_leaves, page_leaves = leaves
    target = (m.manifest or {}).get("target", "evidence")
    listed_by_seq = {p.get("seq"): p for p in listed}
    actual: list[str] = []
    spans: list[tuple[int, int, str]] = []  # (first record, end, "seq (ref)") per kept page
    for k in kept:
        body = k.page.body
        # An unchanged file holds unchanged pages: hash each page only when the file changed.
        sealed = listed_by_seq.get(k.seq)
        if not file_ok and (sealed is None or sealed.get("page_sha256") != sha256_hex(body)):
            out.append(
                Finding(
                    "error",
                    rel,
                    f"page {k.seq} ({k.page.ref}) altered or added: its hash is not the sealed one",
                )
            )
        page_leaves.append(merkle.leaf_hash(body))
        start = len(actual)
        for r in page_records(k.page, target, (m.manifest or {}).get("format")):
            actual.append(hashlib.sha256(r).hexdigest())
            record_leaves.append(merkle.leaf_hash(r))
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


def _check_manifest_records(root: Path, m: Sealed, report: VerifyReport) -> None:
    _check_sums(root, m, report.findings)
    pages, records = _expected(root, m, report.findings)
    manifest = m.manifest or {}
    leaves: tuple[list[bytes], list[bytes]] = ([], [])
    by_seg: dict[str, list[dict[str, Any]]] = {}
    for p in pages:
        by_seg.setdefault(str(p.get("segment")), []).append(p)
    cursor = 0
    for seg in manifest.get("segments", []):
        listed = by_seg.get(str(seg.get("file")), [])
        n = sum(int(p.get("records", 0)) for p in listed)
        _check_segment(root, m, seg, listed, records[cursor : cursor + n], report, leaves)
        cursor += n
    roots = manifest.get("merkle") or {}
    where = relative(root, m.path / MANIFEST)
    if merkle.root(leaves[0]).hex() != roots.get("records_root"):
        report.findings.append(
            Finding("error", where, "records_root does not match the records kept")
        )
    if merkle.root(leaves[1]).hex() != roots.get("pages_root"):
        report.findings.append(Finding("error", where, "pages_root does not match the pages kept"))


def _check_stray(root: Path, chain: list[Sealed], target: str | None, out: list[Finding]) -> None:
    sealed = sealed_segments(chain)
    for p in list_segments(root, target):
        if relative(root, p) not in sealed:
            out.append(
                Finding(
                    "error",
                    relative(root, p),
                    "added or not sealed: no manifest covers this segment (after a crash before "
                    "sealing, run `tocsin seal`)",
                )
            )
    base = pages_dir(root, target)
    if base.exists():
        for p in base.rglob("*"):
            if p.is_file() and not (p.name.startswith("seg-") and p.suffix == ".parquet"):
                out.append(Finding("error", relative(root, p), "added: not a segment file"))
    for p in evidence_dir(root).iterdir():
        if p.name not in _EVIDENCE_ENTRIES:
            out.append(
                Finding("error", relative(root, p), "added: not part of the evidence layout")
            )
    mdir = manifests_dir(root)
    if mdir.exists():
        for p in mdir.iterdir():
            if not p.is_dir():
                out.append(Finding("error", relative(root, p), "added: not a manifest folder"))


def verify_evidence(
    root: Path,
    *,
    target: str | None = None,
    start: date | None = None,
    end: date | None = None,
    public_keys: list[Path] | None = None,
    tsa_ca_files: list[Path] | None = None,
) -> VerifyReport:
    """Check the evidence copy under ``root`` (optionally one target, manifests overlapping the
    UTC days [start, end]) and report every problem found."""
    clock = time.perf_counter()
    report = VerifyReport()
    if not evidence_dir(root).exists():
        report.findings.append(
            Finding("error", "evidence", "missing: no evidence copy under this data root")
        )
        return report
    chain = list_manifests(root)
    report.manifests_total = len(chain)
    last = head(chain)
    report.head = f"{last.name} sha256 {last.sha256}" if last else None
    pinned = [sign.load_public_key(p) for p in public_keys] if public_keys else None
    check_chain(root, chain, report.findings)
    check_copies(root, report.findings)
    check_folder_files(root, chain, report.findings)
    check_signatures(root, chain, pinned, report.findings, report.facts)
    check_timestamps(root, chain, tsa_ca_files, report.findings, report.facts)
    for m in chain:
        if m.manifest is not None and _selected(m, target, start, end):
            report.manifests_checked += 1
            _check_manifest_records(root, m, report)
    _check_stray(root, chain, target, report.findings)
    if not chain and not list_segments(root, target):
        report.findings.append(Finding("warning", "evidence", "nothing sealed yet"))
    report.seconds = time.perf_counter() - clock
    return report


def report_lines(report: VerifyReport, *, full: bool = False) -> list[str]:
    """The short report `tocsin verify` prints."""
    f = report.facts
    lines = [
        f"manifests: {report.manifests_total} in the chain, head {report.head or '-'}",
        f"checked: {report.manifests_checked} manifest(s), {report.segments} segments, "
        f"{report.pages:,} pages, {report.records:,} records (hashes, Merkle roots)",
        f"signatures: {f.signed} valid, checked with {f.key_source}"
        if f.signed or f.key_fingerprints
        else "signatures: none (no signing key configured when sealed)",
        f"timestamps: {f.timestamped} valid"
        + (
            f" (latest TSA time {max(f.token_times.values()):%Y-%m-%d %H:%M:%S} UTC)"
            if f.token_times
            else ""
        )
        + (f", {f.pending} pending" if f.pending else "")
        + (f", {f.untimestamped} untimestamped (no TSA configured)" if f.untimestamped else ""),
    ]
    for finding in report.errors + report.warnings:
        lines.append(f"{finding.level.upper()}: {finding.path}: {finding.message}")
        if full and len(finding.records) > 1:
            lines += [f"    record {h}" for h in finding.records]
    verdict = (
        "OK: nothing altered, missing or added"
        if report.ok
        else (f"FAILED: {len(report.errors)} problem(s)")
    )
    lines.append(f"{verdict} ({report.seconds:.1f} s)")
    return lines
