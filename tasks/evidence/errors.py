"""The vault's own error, in a module of its own so that the S3 side (archive_store.py,
vaultstore.py) can raise it without importing the manifests (which import the vault's layout)."""

from __future__ import annotations

from tasks.errors import TocsinError


class EvidenceError(TocsinError):
    """The evidence copy cannot be sealed or read as it is (named file, and what to do)."""
