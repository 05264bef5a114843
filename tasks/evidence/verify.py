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
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import polars as pl

from tasks.evidence import crosscheck, merkle, sign
from tasks.evidence.crosscheck import TablesCheck
from tasks.evidence.manifest import (
    FORMAT_1,
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
from tasks.evidence.verify_report import report_lines
from tasks.evidence.verify_scope import check_scope, vault_targets
from tasks.pages import RawPage
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
    targets: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    checked: list[str] = field(default_factory=list)  # names of the manifests checked
    signed: int = 0  # of the manifests checked
    timestamped: int = 0
    demo_timestamped: int = 0  # of those timestamped: by the demo's local authority only
    tables: TablesCheck | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        """Nothing found wrong (a vault with nothing sealed is not wrong, but see ``verified``)."""
        return not self.errors

    @property
    def verified(self) -> bool:
        """Nothing wrong, and something was checked: what `tocsin verify` exits 0 on."""
        return self.ok and self.manifests_checked > 0


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
    good: list[RawPage],
) -> None:
    """One segment: its file hash, then every page and record re-derived from the kept bytes.
    The pages found as sealed go to ``good``, for the working tables' check."""
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


def _check_manifest_records(
    root: Path, m: Sealed, report: VerifyReport
) -> tuple[list[RawPage], list[str]]:
    """Check one manifest's records; (the pages found as sealed, the record hashes it lists)."""
    _check_sums(root, m, report.findings)
    pages, records = _expected(root, m, report.findings)
    manifest = m.manifest or {}
    leaves: tuple[list[bytes], list[bytes]] = ([], [])
    good: list[RawPage] = []
    by_seg: dict[str, list[dict[str, Any]]] = {}
    for p in pages:
        by_seg.setdefault(str(p.get("segment")), []).append(p)
    cursor = 0
    for seg in manifest.get("segments", []):
        listed = by_seg.get(str(seg.get("file")), [])
        n = sum(int(p.get("records", 0)) for p in listed)
        _check_segment(root, m, seg, listed, records[cursor : cursor + n], report, leaves, good)
        cursor += n
    roots = manifest.get("merkle") or {}
    where = relative(root, m.path / MANIFEST)
    if merkle.root(leaves[0]).hex() != roots.get("records_root"):
        report.findings.append(
            Finding("error", where, "records_root does not match the records kept")
        )
    if merkle.root(leaves[1]).hex() != roots.get("pages_root"):
        report.findings.append(Finding("error", where, "pages_root does not match the pages kept"))
    return good, records


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


def _scope_targets(root: Path, chain: list[Sealed], target: str | None) -> list[str]:
    if target:
        return [target]
    return sorted(vault_targets(root))


def _coverage(report: VerifyReport, chain: list[Sealed]) -> None:
    """Signed and timestamped counts over the manifests checked, and a warning for each gap."""
    checked = [m for m in chain if m.name in set(report.checked)]
    unsigned = [m.name for m in checked if m.name not in report.facts.signed_names]
    untimed = [m.name for m in checked if m.name not in report.facts.timestamped_names]
    demo = [
        m.name
        for m in checked
        if m.name in report.facts.timestamped_names
        and (((m.manifest or {}).get("timestamp") or {}).get("demo"))
    ]
    report.signed = len(checked) - len(unsigned)
    report.timestamped = len(checked) - len(untimed)
    report.demo_timestamped = len(demo)
    for names, what in (
        (unsigned, "unsigned: nothing proves who sealed them (no signing key when sealed)"),
        (
            untimed,
            "untimestamped: nothing proves when they were sealed (no TSA token)",
        ),
        (
            demo,
            "timestamped only by the Tocsin DEMO authority: its tokens check, but they prove "
            "nothing to anyone else (not evidence)",
        ),
    ):
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            report.findings.append(
                Finding(
                    "warning",
                    "evidence/manifests",
                    f"{len(names)} of {len(checked)} manifest(s) checked {what}: {shown}",
                    topic="coverage",
                )
            )


def verify_evidence(
    root: Path,
    *,
    target: str | None = None,
    start: date | None = None,
    end: date | None = None,
    public_keys: list[Path] | None = None,
    tsa_ca_files: list[Path] | None = None,
    configured_targets: Collection[str] | None = None,
    tables: bool = True,
    keep_derived: bool = False,
) -> VerifyReport:
    """Check the evidence copy under ``root`` (optionally one target, manifests overlapping the
    UTC days [start, end]) and, with ``tables``, the working tables against the sealed records;
    report every problem found. An inverted window or a target unknown both to
    ``configured_targets`` and to the data root raises EvidenceError."""
    check_scope(root, target, start, end, configured_targets)
    clock = time.perf_counter()
    report = VerifyReport(start=start, end=end)
    if not evidence_dir(root).exists():
        report.findings.append(
            Finding("error", "evidence", "missing: no evidence copy under this data root")
        )
        return report
    chain = list_manifests(root)
    report.manifests_total = len(chain)
    report.targets = _scope_targets(root, chain, target)
    last = head(chain)
    report.head = f"{last.name} sha256 {last.sha256}" if last else None
    pinned = [sign.load_public_key(p) for p in public_keys] if public_keys else None
    check_chain(root, chain, report.findings)
    check_copies(root, report.findings)
    check_folder_files(root, chain, report.findings)
    check_signatures(root, chain, pinned, report.findings, report.facts)
    check_timestamps(root, chain, tsa_ca_files, report.findings, report.facts)
    derived: list[pl.DataFrame] = []
    sealed_checked: set[str] = set()
    sealed_all: set[str] = set()
    old_format: list[str] = []
    for m in chain:
        if m.manifest is None:
            continue
        in_scope = (m.manifest.get("target", m.target)) in report.targets
        if _selected(m, target, start, end):
            report.manifests_checked += 1
            report.checked.append(m.name)
            good, records = _check_manifest_records(root, m, report)
            sealed_checked.update(records)
            sealed_all.update(records)
            if not tables:
                continue
            if m.manifest.get("format") == FORMAT_1:
                old_format.append(m.name)  # records re-serialised then: rows hold other hashes
                continue
            name = str(m.manifest.get("target", m.target))
            derived.append(crosscheck.derive(good, name, m.name))
        elif tables and in_scope and (m.path / RECORDS).exists():
            sealed_all.update((m.path / RECORDS).read_text(errors="replace").split())
    _check_stray(root, chain, target, report.findings)
    _coverage(report, chain)
    if tables:
        report.tables = crosscheck.check_tables(
            root,
            report.targets,
            pl.concat(derived) if derived else crosscheck.empty_derived(),
            sealed_checked=sealed_checked,
            sealed_all=sealed_all,
            start=start,
            end=end,
            keep_derived=keep_derived,
        )
        report.findings += report.tables.findings
        if old_format:
            report.findings.append(
                Finding(
                    "warning",
                    "evidence/manifests",
                    f"{len(old_format)} manifest(s) of format 1 ({', '.join(old_format[:3])}): "
                    "their rows were not compared with their records",
                    topic="coverage",
                )
            )
    if not chain and not list_segments(root, target):
        report.findings.append(Finding("warning", "evidence", "nothing sealed yet"))
    report.seconds = time.perf_counter() - clock
    return report


__all__ = ["VerifyReport", "report_lines", "verify_evidence"]
