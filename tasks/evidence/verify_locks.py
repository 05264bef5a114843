"""`tocsin verify` on an ``s3://`` data root: the Object Lock of every evidence object it checked
(issue 16, point 3).

Each object the verification read (verify_store.ListedRoot records them) has its lock mode and
retain-until date read with HeadObject (archive_check.head_object: some servers, moto among
them, fail GetObjectRetention). Anything short of COMPLIANCE, or a retain-until date already
past as of ``now``, is a warning the verdict names; so is an object written over (more than one
version under its key: the version checked is the current one, the first is named). A manifest
folder without its manifest.json is a publish cut short (a warning), unless a version of that
manifest.json exists underneath a delete marker: then the manifest was hidden (an error).

A local folder has no object lock: nothing is said of locks there (its sealed files are
read-only, mode 0400, which the owner can undo).
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tasks.evidence.archive_check import head_object, lock_of, shown
from tasks.evidence.archive_store import COMPLIANCE, Archive, ArchiveError, Store, bucket_locked
from tasks.evidence.manifest import MANIFEST, manifests_dir, unfinished_manifests
from tasks.evidence.vaultstore import EvidenceRoot
from tasks.evidence.verify_chain import Finding
from tasks.evidence.verify_store import ListedRoot, listed
from tasks.storage.s3 import problem

TOPIC = "locks"
_HEADS_AT_ONCE = 10  # HeadObject requests in flight (botocore keeps 10 connections)


@dataclass
class LockCheck:
    url: str
    bucket_locked: bool | None = None
    checked: int = 0  # evidence objects whose lock was read
    modes: Counter[str] = field(default_factory=Counter)  # lock mode -> objects ("none")
    earliest_until: datetime | None = None  # of the COMPLIANCE ones
    unlocked: list[str] = field(default_factory=list)  # "rel (mode)"
    expired: list[str] = field(default_factory=list)  # "rel (until day)"
    rewritten: list[str] = field(default_factory=list)  # keys holding more than one version
    not_checked: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def compliance(self) -> int:
        return self.modes.get(COMPLIANCE, 0)

    def line(self) -> str:
        if self.not_checked:
            return f"object lock: {self.url}: NOT CHECKED ({self.not_checked})"
        if not self.checked:
            return f"object lock: {self.url}: no evidence object read, so none checked"
        until = f" until ≥ {self.earliest_until:%Y-%m-%d}" if self.earliest_until else ""
        if self.compliance == self.checked:
            modes = f"all COMPLIANCE{until}"
        else:
            others = ", ".join(
                f"{n} {'without a lock' if m == 'none' else m}"
                for m, n in sorted(self.modes.items())
                if m != COMPLIANCE
            )
            modes = f"{self.compliance} COMPLIANCE{until if self.compliance else ''}, {others}"
        return (
            f"object lock: {self.checked} object(s) checked (HeadObject), {modes}"
            + (f"; {len(self.expired)} past their retain-until date" if self.expired else "")
            + (f"; {len(self.rewritten)} written over" if self.rewritten else "")
            + ("" if self.bucket_locked else "; the bucket has no Object Lock")
        )

    def gaps(self) -> list[str]:
        """What the verdict must name: anything short of every object checked COMPLIANCE-locked
        and still retained."""
        if self.not_checked:
            return ["object lock not checked"]
        out = []
        if not self.bucket_locked:
            out.append("bucket without Object Lock")
        if self.unlocked:
            out.append(f"{len(self.unlocked)} evidence object(s) not COMPLIANCE-locked")
        if self.expired:
            out.append(f"{len(self.expired)} evidence object(s) past their retention")
        if self.rewritten:
            out.append(f"{len(self.rewritten)} evidence object(s) written over")
        return out

    def ok_words(self) -> str:
        if not self.checked or not self.earliest_until:
            return ""
        return (
            f", every one of the {self.checked} evidence object(s) checked COMPLIANCE-locked "
            f"until {self.earliest_until:%Y-%m-%d} at least"
        )


def _store(root: ListedRoot) -> Store:
    origin = root.origin
    accept = origin.accept_unlocked if isinstance(origin, EvidenceRoot) else False
    archive = Archive(root.url, root.bucket, root.prefix, 0, accept)
    return Store(archive, root.client, False)


def check_locks(root: Any, now: datetime) -> LockCheck | None:
    """The lock of every evidence object the verification read, as of ``now``; None for a local
    folder (no object lock to check)."""
    from botocore.exceptions import BotoCoreError, ClientError

    vault = listed(root)
    if vault is None:
        return None
    check = LockCheck(vault.url)
    try:
        store = _store(vault)
        check.bucket_locked = store.locked = bucket_locked(store.archive, store.s3)
        keys = sorted(vault.read_keys)
        with ThreadPoolExecutor(_HEADS_AT_ONCE) as pool:
            heads = list(pool.map(lambda rel: head_object(store, rel), keys))
        for rel, head in zip(keys, heads, strict=True):
            if head is None or head.get("DeleteMarker"):
                continue  # gone since it was read: the content checks saw it
            _tally(check, rel, head, now)
        _rewritten(store, set(keys), now, check)
    except (ArchiveError, BotoCoreError, ClientError) as exc:
        check.not_checked = str(exc) if isinstance(exc, ArchiveError) else problem(exc)
        check.findings.append(
            Finding(
                "warning",
                vault.url,
                f"the object locks could not be read: {check.not_checked}",
                topic=TOPIC,
            )
        )
        return check
    _findings(check, store)
    return check


def _tally(check: LockCheck, rel: str, head: dict[str, Any], now: datetime) -> None:
    check.checked += 1
    mode, until, past = lock_of(head, now)
    check.modes[mode] += 1
    if mode != COMPLIANCE:
        check.unlocked.append(f"{rel} ({mode})")
        return
    if until is None:
        return
    if past:
        check.expired.append(f"{rel} (until {until:%Y-%m-%d})")
    if check.earliest_until is None or until < check.earliest_until:
        check.earliest_until = until


def _rewritten(store: Store, keys: set[str], now: datetime, check: LockCheck) -> None:
    """The keys checked that hold more than one version: written once by the vault, so a second
    version was put over the first (which Object Lock keeps underneath: its lock is named)."""
    a = store.archive
    versions: dict[str, list[dict[str, Any]]] = {}
    pages = store.s3.get_paginator("list_object_versions")
    for page in pages.paginate(Bucket=a.bucket, Prefix=a.key("evidence/")):
        for v in page.get("Versions") or []:
            versions.setdefault(v["Key"][len(a.key("")) :], []).append(v)
    for rel in sorted(keys):
        if len(versions.get(rel) or []) < 2:
            continue
        # S3 lists a key's versions newest first; LastModified has one-second resolution, so two
        # versions put within the same second cannot be told apart by date.
        first = versions[rel][-1]
        mode, until, _ = lock_of(head_object(store, rel, first["VersionId"]) or {}, now)
        held = "without a lock" if mode == "none" else mode
        held += f" until {until:%Y-%m-%d}" if until else ""
        check.rewritten.append(f"{rel} (the first version, {held}, is still underneath)")


def _findings(check: LockCheck, store: Store) -> None:
    url = check.url
    if not check.bucket_locked:
        check.findings.append(
            Finding(
                "warning",
                url,
                f"UNLOCKED: bucket {store.archive.bucket} has no Object Lock; the evidence kept "
                "there can be altered or deleted"
                + (
                    " (accepted by evidence_archive_accept_unlocked)"
                    if store.archive.accept_unlocked
                    else ""
                ),
                topic=TOPIC,
            )
        )
    for names, what in (
        (
            check.unlocked if check.bucket_locked else [],
            "without a COMPLIANCE lock: they can be altered or deleted",
        ),
        (check.expired, "past their retain-until date: they can now be deleted"),
        (
            check.rewritten,
            "written over: more than one version under the key (the vault writes each once); "
            "the current version is the one checked",
        ),
    ):
        if names:
            check.findings.append(
                Finding(
                    "warning",
                    url,
                    f"{len(names)} evidence object(s) {what}: {shown(names)}",
                    topic=TOPIC,
                )
            )


def check_unfinished(root: Any, out: list[Finding]) -> None:
    """On S3, the manifest folders without a manifest.json: a manifest hidden behind a delete
    marker (an error: its locked versions are named), or a publish cut short (a warning)."""
    vault = listed(root)
    if vault is None:
        return
    base = manifests_dir(vault)
    for name in unfinished_manifests(vault):
        rel = f"{base.rel}/{name}/{MANIFEST}"
        got = vault.client.list_object_versions(Bucket=vault.bucket, Prefix=vault.key(rel))
        versions = [v for v in got.get("Versions") or [] if v["Key"] == vault.key(rel)]
        markers = [v for v in got.get("DeleteMarkers") or [] if v["Key"] == vault.key(rel)]
        if versions or markers:
            out.append(
                Finding(
                    "error",
                    rel,
                    f"missing: hidden behind a delete marker; {len(versions)} version(s) of it "
                    "are still stored underneath (restore the latest by deleting the marker)",
                )
            )
            continue
        out.append(
            Finding(
                "warning",
                f"{base.rel}/{name}",
                f"not a manifest: files without a {MANIFEST} (a seal cut short while "
                "publishing; its files stay locked)",
            )
        )
