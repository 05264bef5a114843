"""What `tocsin verify` says of the write-once archive (archive.py), for the manifests it checked.

For each object those manifests put in the archive: is it there, under which lock (mode and
retain-until date, read with HeadObject: some servers fail GetObjectRetention), does its
SHA-256 as the store recorded it match the sealed file, and, for a sample (or all), do the
archived bytes themselves equal the local ones. Every count says what it covers; the verdict
only claims what was checked.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.evidence.archive import Item, sealed_items
from tasks.evidence.archive_store import (
    COMPLIANCE,
    Archive,
    ArchiveError,
    Store,
    b64,
    bucket_locked,
    read_object,
    s3_client,
    s3_problem,
)
from tasks.evidence.manifest import Sealed
from tasks.evidence.verify_chain import Finding

TOPIC = "archive"


@dataclass
class ArchiveCheck:
    url: str
    accepted_unlocked: bool = False  # evidence_archive_accept_unlocked
    bucket_locked: bool | None = None  # None: the archive could not be read at all
    expected: int = 0
    present: int = 0
    modes: Counter[str] = field(default_factory=Counter)  # lock mode -> objects ("none")
    earliest_until: datetime | None = None
    checksums_match: int = 0
    checksums_unknown: int = 0  # the store kept no SHA-256 for them
    compared: int = 0  # objects whose bytes were downloaded and compared
    sampled: bool = False  # compared is a random sample, not all
    expired: int = 0  # locked objects past their retain-until date
    unarchivable: int = 0  # sealed objects that cannot be archived as sealed (see findings)
    not_checked: str | None = None  # why nothing could be checked
    findings: list[Finding] = field(default_factory=list)

    @property
    def compliance(self) -> int:
        return self.modes.get(COMPLIANCE, 0)

    def line(self) -> str:
        if self.not_checked:
            return f"archive: {self.url}: NOT CHECKED ({self.not_checked})"
        lock = (
            f"{self.compliance} COMPLIANCE-locked"
            + (
                f" until {self.earliest_until:%Y-%m-%d} at the earliest"
                if self.earliest_until
                else ""
            )
            if self.bucket_locked
            else "UNLOCKED bucket (no Object Lock"
            + (": evidence_archive_accept_unlocked)" if self.accepted_unlocked else ")")
        )
        other = {m: n for m, n in self.modes.items() if m != COMPLIANCE}
        others = (
            "".join(f", {n} {m}" for m, n in sorted(other.items())) if self.bucket_locked else ""
        )
        how = "a random sample" if self.sampled else "all"
        if self.sampled and self.checksums_unknown:
            how += f" and the {self.checksums_unknown} without a stored SHA-256"
        return (
            f"archive: {self.url}: {self.present} of {self.expected} object(s) of the manifests "
            f"checked are there, {lock}{others}; SHA-256 as stored matches {self.checksums_match}"
            + (f" ({self.checksums_unknown} without one)" if self.checksums_unknown else "")
            + f"; bytes downloaded and compared: {self.compared} ({how})"
        )

    def gaps(self) -> list[str]:
        """What the verdict must name: anything short of every object archived and locked."""
        if self.not_checked:
            return ["archive not checked"]
        out = []
        if self.present < self.expected:
            out.append(f"{self.expected - self.present} object(s) not archived")
        if not self.bucket_locked:
            out.append("archive UNLOCKED")
        elif self.compliance < self.present:
            out.append(f"{self.present - self.compliance} archived object(s) not COMPLIANCE-locked")
        if self.expired:
            out.append(f"{self.expired} archived object(s) past their retention")
        if self.unarchivable:
            out.append(f"{self.unarchivable} sealed object(s) not archivable")
        return out

    def ok_words(self) -> str:
        if not self.bucket_locked or not self.earliest_until:
            return ""
        return f", archived and COMPLIANCE-locked until {self.earliest_until:%Y-%m-%d} at least"


def head_object(store: Store, rel: str, version: str | None = None) -> dict[str, Any] | None:
    """HeadObject of the current version (or ``version``): None when there is none; a delete
    marker on top is ``{"DeleteMarker": True}``. (Also how verify_locks.py reads the lock of a
    vault kept on S3.)"""
    from botocore.exceptions import ClientError

    a = store.archive
    which = {"VersionId": version} if version else {}
    try:
        return dict(
            store.s3.head_object(Bucket=a.bucket, Key=a.key(rel), ChecksumMode="ENABLED", **which)
        )
    except ClientError as exc:
        if (exc.response.get("Error") or {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders") or {}
            return {"DeleteMarker": True} if headers.get("x-amz-delete-marker") == "true" else None
        raise


def lock_of(head: dict[str, Any], now: datetime) -> tuple[str, datetime | None, bool]:
    """An object's lock as HeadObject gives it: (mode, or "none"; retain-until in UTC, or
    None; whether that date is past as of ``now``)."""
    mode = str(head.get("ObjectLockMode") or "none")
    until = head.get("ObjectLockRetainUntilDate")
    if until is None:
        return mode, None, False
    until = until.astimezone(UTC)
    return mode, until, until <= now


def shown(names: list[str], most: int = 3) -> str:
    """The first ``most`` names, and how many more."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def locked_original(store: Store, item: Item) -> str:
    """Object Lock keeps versions, not keys: when the current version is not the sealed one
    (written over, or hidden by a delete marker), the words saying whether a locked version
    with the sealed bytes' SHA-256 is still underneath."""
    return locked_version(store, item.rel, b64(hashlib.sha256(item.data()).digest()))


def locked_version(store: Store, rel: str, want: str) -> str:
    """``locked_original`` for the object at ``rel`` whose sealed bytes' SHA-256 (base64, as
    S3 keeps it) is ``want``."""
    a = store.archive
    listed = store.s3.list_object_versions(Bucket=a.bucket, Prefix=a.key(rel))
    versions = [v for v in listed.get("Versions") or [] if v["Key"] == a.key(rel)]
    for v in reversed(versions):  # oldest first: S3 lists newest first (dates are to the second)
        head = head_object(store, rel, v["VersionId"]) or {}
        until = head.get("ObjectLockRetainUntilDate")
        if head.get("ChecksumSHA256") == want and head.get("ObjectLockMode") == COMPLIANCE:
            return (
                f"; the locked original, version {v['VersionId']} (COMPLIANCE until "
                f"{until:%Y-%m-%d}), still holds the sealed bytes"
            )
    return "; no locked version holds the sealed bytes"


def check_archive(
    root: Path,
    archive: Archive,
    manifests: list[Sealed],
    now: datetime,
    *,
    sample: int | None = 20,
    s3: Any = None,
) -> ArchiveCheck:
    """Check what ``manifests`` put in the archive; ``sample`` objects have their bytes
    downloaded and compared (None: all of them)."""
    from botocore.exceptions import BotoCoreError, ClientError

    check = ArchiveCheck(archive.url, accepted_unlocked=archive.accept_unlocked)
    items, problems = sealed_items(root, manifests)
    check.expected = len(items)
    check.unarchivable = len(problems)
    for p in problems:
        check.findings.append(Finding("warning", "evidence", f"not archivable: {p}", topic=TOPIC))
    try:
        store = Store(archive, s3 or s3_client(archive), False)
        store.locked = bucket_locked(archive, store.s3)
        check.bucket_locked = store.locked
        present, unknown = _check_heads(store, items, now, check)
        _compare_bytes(store, present, unknown, sample, check)
    except (ArchiveError, BotoCoreError, ClientError) as exc:
        why = str(exc) if isinstance(exc, ArchiveError) else s3_problem(exc)
        check.not_checked = why
        check.findings.append(
            Finding("warning", archive.url, f"the archive could not be checked: {why}", topic=TOPIC)
        )
    return check


def _check_heads(
    store: Store, items: list[Item], now: datetime, check: ArchiveCheck
) -> tuple[list[Item], list[Item]]:
    a = store.archive
    missing: list[str] = []
    unlocked: list[str] = []
    expired: list[str] = []
    present: list[Item] = []
    unknown: list[Item] = []
    for item in items:
        head = head_object(store, item.rel)
        if head is None:
            missing.append(item.rel)
            continue
        if head.get("DeleteMarker"):
            check.findings.append(
                Finding(
                    "warning",
                    a.where(item.rel),
                    "deleted: a delete marker hides it (the next seal writes it again)"
                    + locked_original(store, item),
                    topic=TOPIC,
                )
            )
            continue
        present.append(item)
        mode, until, past = lock_of(head, now)
        check.modes[mode] += 1
        if mode != COMPLIANCE:
            unlocked.append(f"{item.rel} ({mode})")
        elif until is not None:
            if past:
                expired.append(f"{item.rel} (until {until:%Y-%m-%d})")
            if check.earliest_until is None or until < check.earliest_until:
                check.earliest_until = until
        stored = head.get("ChecksumSHA256")
        if not stored:  # Tocsin always sends one: written by someone else, or the store drops it
            check.checksums_unknown += 1
            unknown.append(item)
        elif stored == b64(hashlib.sha256(item.data()).digest()):
            check.checksums_match += 1
        else:
            check.findings.append(
                Finding(
                    "error",
                    a.where(item.rel),
                    "altered: the archived object's SHA-256 is not the sealed file's"
                    + locked_original(store, item),
                    topic=TOPIC,
                )
            )
    check.present = len(present)
    check.expired = len(expired)
    for names, level, what in (
        (missing, "warning", "not in the archive (the next seal, or `tocsin seal`, writes them)"),
        (
            unlocked if check.bucket_locked else [],
            "warning",
            "in the archive without a COMPLIANCE lock: they can be altered or deleted",
        ),
        (expired, "warning", "past their retention date: they can now be deleted"),
    ):
        if names:
            check.findings.append(
                Finding(level, a.url, f"{len(names)} object(s) {what}: {shown(names)}", topic=TOPIC)
            )
    if not check.bucket_locked:
        check.findings.append(
            Finding(
                "warning",
                a.url,
                f"UNLOCKED: bucket {a.bucket} has no Object Lock; the archived evidence can be "
                "altered or deleted"
                + (
                    " (accepted by evidence_archive_accept_unlocked)"
                    if a.accept_unlocked
                    else " (sealing refuses to archive there without evidence_archive_accept_unlocked)"
                ),
                topic=TOPIC,
            )
        )
    return present, unknown


def _compare_bytes(
    store: Store,
    present: list[Item],
    unknown: list[Item],
    sample: int | None,
    check: ArchiveCheck,
) -> None:
    """Download and compare ``sample`` objects picked at random (None: all), and every object
    the store kept no SHA-256 for (nothing else vouches for those)."""
    rest = [i for i in present if i not in unknown]
    chosen = rest
    if sample is not None and sample < len(rest):
        chosen = random.sample(rest, sample)
        check.sampled = True
    for item in unknown + chosen:
        held = read_object(store, item.rel)
        check.compared += 1
        if held != item.data():
            check.findings.append(
                Finding(
                    "error",
                    store.archive.where(item.rel),
                    "altered: the archived bytes differ from the sealed file's"
                    + locked_original(store, item),
                    topic=TOPIC,
                )
            )
