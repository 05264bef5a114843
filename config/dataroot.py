"""The data root a setting names: a local folder (a ``Path``, as always), or ``s3://bucket/prefix``
(tasks/storage), which then holds the evidence vault too: the settings carry it as the
``EvidenceRoot`` that every store function takes as its root, and that writes each evidence
object once, COMPLIANCE-locked for ``evidence_archive_retention_days``
(tasks/evidence/vaultstore.py; docs/several-machines.md).

What an s3:// data root cannot do yet is refused here, in one line naming the setting, rather
than kept unlocked or written into a local folder in place of the bucket.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from config.slices import EvidenceSettings
from tasks.evidence.vaultstore import EvidenceRoot
from tasks.storage import Root, S3Root, StorageError, is_s3


def data_root_of(value: Any) -> Any:
    """``s3://bucket/prefix`` (also as a ``Path`` reads it, ``s3:/bucket/prefix``, or a root
    already made) as its ``S3Root``; anything else as it is, for pydantic to make a ``Path``."""
    if isinstance(value, Root):
        value = value.url
    if not is_s3(value):
        return value
    try:
        return S3Root(str(value))
    except StorageError as exc:
        raise PydanticCustomError("s3_data_dir", str(exc)) from None


def refused(root: S3Root, why: str) -> PydanticCustomError:
    return PydanticCustomError("s3_data_dir", f"data_dir: {root.url}: {why}")


def evidence_root(
    root: S3Root, ev: EvidenceSettings, *, data_docs: bool, secret_blocks: bool = False
) -> EvidenceRoot:
    """The s3:// data root as the evidence vault's root, with the evidence settings' retention;
    ``secret_blocks`` (the ``prefect_secret_blocks`` setting): whether it may take its keys from
    Prefect Secret blocks when boto3 finds none (tasks/storage/credentials.py). The root carries
    that flag, never a key."""
    if ev.evidence_archive_retention_days is None:
        raise refused(
            root,
            "an s3:// data root keeps the evidence vault in the bucket, COMPLIANCE-locked: set "
            "evidence_archive_retention_days (how long no one may delete or alter an evidence "
            "object; docs/several-machines.md)",
        )
    if ev.evidence_archive:
        raise refused(
            root,
            "evidence_archive copies a local vault; on an s3:// data root the vault is itself "
            "written once and locked in the bucket, and a copy of it to another bucket is not "
            "done yet: unset evidence_archive",
        )
    if data_docs:
        raise refused(
            root,
            "data_docs builds great-expectations Data Docs in a local folder, which an s3:// "
            "data root has not: set data_docs = false (the validation results are kept under "
            "validation/ either way)",
        )
    return EvidenceRoot(
        root.url,
        ev.evidence_archive_retention_days,
        ev.evidence_archive_accept_unlocked,
        secret_blocks=secret_blocks,
    )
