"""Which lock an export or a dossier states (lockstate.py holds the words and the vault's
HeadObject reading): the s3:// data root's own objects; else, on a local data root with
``evidence_archive``, the archive copy's lock, read as `tocsin verify` reads it
(archive_check.check_archive, no byte sample); else a local folder's: none."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from tasks.evidence.archive_check import check_archive
from tasks.evidence.archive_store import Archive
from tasks.evidence.lockstate import ARCHIVE, LOCAL, LockState, vault_lock_state
from tasks.evidence.manifest import Sealed
from tasks.storage import Root, S3Root, root_of


def archive_lock_state(
    root: Any, archive: Archive, manifests: list[Sealed], now: datetime, s3: Any = None
) -> LockState:
    """The archive copy's lock for ``manifests``, as `tocsin verify` checks it (no bytes
    downloaded but those the store kept no SHA-256 for)."""
    check = check_archive(root, archive, manifests, now, sample=0, s3=s3)
    state = LockState(ARCHIVE, archive.url, objects=check.expected, present=check.present)
    state.modes = Counter(check.modes)
    state.earliest_until = check.earliest_until
    state.expired = check.expired
    state.bucket_locked = check.bucket_locked
    state.altered = sum(1 for f in check.findings if f.level == "error")  # "altered: …" each
    state.not_checked = check.not_checked  # latest_until stays None: check_archive keeps the
    return state  # earliest only, so the words say "at the earliest"


def evidence_lock(
    root: Root | Any,
    manifests: list[Sealed],
    *,
    archive: Archive | None = None,
    now: datetime | None = None,
    also: list[str] | None = None,
) -> LockState:
    """The lock of the evidence behind ``manifests`` (and on S3 the vault objects ``also``
    names: the media files an export holds): the s3:// data root's own objects, else the
    archive copy when one is set (what it archives of those manifests), else none (a local
    folder)."""
    now = now or datetime.now(UTC)
    store = root_of(root)
    if isinstance(store, S3Root):
        return vault_lock_state(store, manifests, now, also)
    if archive is not None:
        return archive_lock_state(store.location(""), archive, manifests, now)
    return LockState(LOCAL, str(store.location("")))
