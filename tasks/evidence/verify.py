"""`tocsin verify`: recompute everything a seal asserted and name whatever no longer holds.

For every selected manifest: the checksums of its folder, every segment file's SHA-256, every page
hash, every raw record re-derived from its page and hashed, both Merkle roots; for the whole
installation: the hash chain, the signatures, the timestamp tokens, and any segment or file that
no manifest accounts for. Anything altered, missing or added is an error naming the file and,
where it can, the record.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import polars as pl

from tasks import progress
from tasks.evidence import crosscheck, sign
from tasks.evidence.archive_check import ArchiveCheck, check_archive
from tasks.evidence.archive_store import Archive
from tasks.evidence.crosscheck import TablesCheck
from tasks.evidence.manifest import (
    FORMAT_1,
    RECORDS,
    Sealed,
    head,
    list_manifests,
    manifests_dir,
    sealed_segments,
)
from tasks.evidence.rawstore import evidence_dir, list_segments, pages_dir, relative
from tasks.evidence.refs import REFS_GLOB
from tasks.evidence.verify_chain import (
    ChainFacts,
    Finding,
    check_copies,
    check_folder_files,
    check_signatures,
    check_timestamps,
)
from tasks.evidence.verify_custody import check_custody
from tasks.evidence.verify_links import check_chain
from tasks.evidence.verify_locks import LockCheck, check_locks, check_unfinished
from tasks.evidence.verify_media import check_media
from tasks.evidence.verify_records import check_manifest_records, listed_records
from tasks.evidence.verify_refs import check_refs
from tasks.evidence.verify_report import report_lines
from tasks.evidence.verify_scope import check_scope, vault_targets
from tasks.evidence.verify_spill import LISTED_AT_ONCE, Kept, buckets_for
from tasks.evidence.verify_store import (
    children,
    files_under,
    name_matches,
    present,
    reading_root,
)
from tasks.storage import Root, is_s3

_EVIDENCE_ENTRIES = {"pages", "manifests", "keys", "tsa", "custody", "media", ".tmp", ".lock"}


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    manifests_total: int = 0
    manifests_checked: int = 0
    segments: int = 0
    pages: int = 0
    records: int = 0
    media: int = 0  # media files whose bytes were rehashed
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
    archive: ArchiveCheck | None = None  # the write-once archive, when one is set
    locks: LockCheck | None = None  # on an s3:// data root: the lock of every object checked

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


def _check_stray(root: Any, chain: list[Sealed], target: str | None, out: list[Finding]) -> None:
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
    if present(base):
        for p in files_under(base):
            if not (
                name_matches(p, "seg-*.parquet") or name_matches(p, REFS_GLOB)  # refs: check_refs
            ):
                out.append(Finding("error", relative(root, p), "added: not a segment file"))
    for p in children(evidence_dir(root)):
        if p.name not in _EVIDENCE_ENTRIES:
            out.append(
                Finding("error", relative(root, p), "added: not part of the evidence layout")
            )
    mdir = manifests_dir(root)
    if present(mdir):
        for p in children(mdir):
            if not p.is_dir():
                out.append(Finding("error", relative(root, p), "added: not a manifest folder"))


def _scope_targets(root: Any, chain: list[Sealed], target: str | None) -> list[str]:
    if target:
        return [target]
    return sorted(vault_targets(root))


def _archive_not_checked(archive: Archive) -> ArchiveCheck:
    """An archive beside a vault that is itself on object storage: its copies are compared with
    local files only (archive.py), so it is named as not checked; the vault's own locks are."""
    why = "the data root is itself on object storage: its own object locks are checked instead"
    check = ArchiveCheck(archive.url, accepted_unlocked=archive.accept_unlocked, not_checked=why)
    check.findings.append(
        Finding("warning", archive.url, f"the archive was not checked: {why}", topic="archive")
    )
    return check


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


def _sealed_count(selected: list[Sealed]) -> int:
    """The records the ``selected`` manifests say their segments hold (to size the buckets)."""
    return sum(
        int(seg.get("records") or 0)
        for m in selected
        for seg in (m.manifest or {}).get("segments", [])
        if isinstance(seg, dict) and str(seg.get("records", "")).isdigit()
    )


def _check_records(
    root: Any,
    chain: Iterable[Sealed],
    selected: list[Sealed],
    report: VerifyReport,
    kept: Kept,
    tables: bool,
) -> list[str]:
    """Every selected manifest's records checked; with ``tables``, what the tables' check needs
    kept: the rows derived and the hashes listed of those, and the hashes listed of the other
    manifests of the targets in scope. The names of the selected manifests of format 1."""
    old_format: list[str] = []
    chosen = {m.name for m in selected}
    for m in chain:
        if m.manifest is None:
            continue
        if m.name in chosen:
            report.manifests_checked += 1
            report.checked.append(m.name)
            # records re-serialised in format 1: its rows hold other hashes, nothing to derive
            old = m.manifest.get("format") == FORMAT_1
            if tables and old:
                old_format.append(m.name)
            name = str(m.manifest.get("target", m.target))
            derive = (
                partial(crosscheck.derive, target=name, manifest=m.name)
                if tables and not old
                else None
            )
            check_manifest_records(root, m, report, derive, kept if tables else None)
        elif tables and m.manifest.get("target", m.target) in report.targets:
            records = listed_records(m.path / RECORDS)
            while chunk := list(islice(records, LISTED_AT_ONCE)):
                kept.add_sealed(chunk, checked=False)
    return old_format


def _check_rest(
    root: Any,
    chain: list[Sealed],
    target: str | None,
    report: VerifyReport,
    archive: Archive | None,
    archive_sample: int | None,
    when: datetime,
) -> None:
    """Strays, unfinished writes, references, custody, media, coverage and the archive."""
    _check_stray(root, chain, target, report.findings)
    check_unfinished(root, report.findings)
    check_refs(root, chain, target, report.findings)
    check_custody(root, chain, target, report.findings)
    report.media = check_media(root, chain, target, report.findings)
    _coverage(report, chain)
    if archive is not None:
        checked = [m for m in chain if m.name in set(report.checked)]
        report.archive = (
            check_archive(root, archive, checked, when, sample=archive_sample)
            if not is_s3(root)
            else _archive_not_checked(archive)
        )
        report.findings += report.archive.findings


def verify_evidence(
    root: Root | Path | str,
    *,
    target: str | None = None,
    start: date | None = None,
    end: date | None = None,
    public_keys: list[Path] | None = None,
    tsa_ca_files: list[Path] | None = None,
    configured_targets: Collection[str] | None = None,
    tables: bool = True,
    keep_derived: pl.Series | Collection[str] | None = None,
    archive: Archive | None = None,
    archive_sample: int | None = 20,
    now: datetime | None = None,
) -> VerifyReport:
    """Check the evidence copy under ``root`` (optionally one target, manifests overlapping the
    UTC days [start, end]) and, with ``tables``, the working tables against the sealed records;
    report every problem found. With an ``archive``, what the manifests checked put there is
    checked too (archive_check.py: lock, retention as of ``now``, checksums, and the bytes of
    ``archive_sample`` objects, None: all). An inverted window or a target unknown both to
    ``configured_targets`` and to the data root raises EvidenceError. ``keep_derived``: record
    hashes whose rows, as their sealed records derive them, ``report.tables.derived`` keeps
    (what an export takes its posts' content from; not all of them: a pile-on's are millions).

    ``root`` is a local folder or an ``s3://`` data root (a URL or a storage root): there every
    check reads the objects themselves, and the lock mode and retain-until date of every evidence
    object read are checked as of ``now`` (verify_locks.py)."""
    clock = time.perf_counter()
    root = reading_root(root)
    check_scope(root, target, start, end, configured_targets)
    report = VerifyReport(start=start, end=end)
    when = now or datetime.now(UTC)
    if not present(evidence_dir(root)):
        report.findings.append(
            Finding("error", "evidence", "missing: no evidence copy under this data root")
        )
        return report
    chain = list_manifests(root)
    report.manifests_total = len(chain)
    shown = progress.bar("verify", total=len(chain), unit="manifests checked")
    report.targets = _scope_targets(root, chain, target)
    last = head(chain)
    report.head = f"{last.name} sha256 {last.sha256}" if last else None
    pinned = [sign.load_public_key(p) for p in public_keys] if public_keys else None
    shown.stage("chain, signatures, timestamps")
    check_chain(root, chain, report.findings)
    check_copies(root, report.findings)
    check_folder_files(root, chain, report.findings)
    check_signatures(root, chain, pinned, report.findings, report.facts)
    check_timestamps(root, chain, tsa_ca_files, report.findings, report.facts)
    selected = [m for m in chain if m.manifest is not None and _selected(m, target, start, end)]
    kept = Kept(buckets_for(_sealed_count(selected)), crosscheck.empty_derived().schema)
    with kept:
        shown.stage("records")
        old_format = _check_records(root, shown.count(chain), selected, report, kept, tables)
        _check_rest(root, chain, target, report, archive, archive_sample, when)
        if tables:
            shown.stage("tables against the sealed records")
            report.tables = crosscheck.check_tables(
                root, report.targets, kept, start=start, end=end, keep_derived=keep_derived
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
    report.locks = check_locks(root, when)
    if report.locks is not None:
        report.findings += report.locks.findings
    shown.close()
    report.seconds = time.perf_counter() - clock
    return report


__all__ = ["VerifyReport", "report_lines", "verify_evidence"]
