"""What a verification covers: which targets exist, and which requests could only check nothing.

A target is known when the targets file names it or anything of it is in the data root (a
manifest, kept pages, table rows); an inverted window or an unknown target is refused before
anything is read, rather than reported as "0 manifests checked … OK".
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from tasks.evidence.manifest import EvidenceError, list_manifests
from tasks.evidence.rawstore import pages_dir
from tasks.evidence.verify_store import children, present, subfolders
from tasks.schema import MENTIONS, QUARANTINE


def vault_targets(root: Any) -> set[str]:
    """Every target something in the data root belongs to: a manifest, kept pages, table rows
    (in a local folder or on an s3:// root)."""
    names = {m.target for m in list_manifests(root) if m.target}
    if present(pages_dir(root)):
        names |= {p.name for p in children(pages_dir(root)) if p.is_dir()}
    for table in (MENTIONS, QUARANTINE):
        names |= {n[7:] for n in subfolders(root, table.path) if n.startswith("target=")}
    return names


def check_scope(
    root: Any,
    target: str | None,
    start: date | None,
    end: date | None,
    configured: Collection[str] | None = None,
) -> None:
    """Refuse a request that could only ever check nothing: an inverted window, or a target
    neither configured nor present anywhere in the data root."""
    if start and end and end < start:
        raise EvidenceError(f"--to {end} is before --from {start}: the window is empty")
    if target is None:
        return
    known = vault_targets(root)
    if target not in known and target not in (configured or ()):
        listed = ", ".join(sorted(known | set(configured or ()))) or "none"
        raise EvidenceError(
            f"unknown target {target!r}: not in the targets file and nothing of it under "
            f"{root} (known: {listed})"
        )
