"""Where an export bundle or a dossier is written: an explicit local path (``--out``), or by
default ``dossiers/<target>/<name>`` under the data root, a local folder or an ``s3://`` root.

The file is always made in a local scratch place first (a zip and a PDF are written by libraries
that need a file), then published whole: locally renamed into place (``os.replace``, as before),
on S3 one whole PUT created only if the key is free (``If-None-Match: *``), so an output is never
overwritten, nor half-written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from config.slices import EvidenceSettings
from tasks.evidence.errors import EvidenceError
from tasks.evidence.vaultstore import vault_root
from tasks.storage import ObjectPath, Root, is_s3, root_of

OUTPUT_DIR = "dossiers"  # tasks/site/dossiers.py lists what is there


def output_path(root: Root | Path | str, out: Path | str | None, target: str, name: str) -> Any:
    """``out`` itself (a local path) when given, else ``dossiers/<target>/<name>`` on the data
    root (a ``Path`` in a local folder, an ``ObjectPath`` on S3)."""
    if out is not None:
        return Path(out)
    return root_of(root).location(f"{OUTPUT_DIR}/{target}/{name}")


def refuse_existing(out: Any, what: str = "--out") -> None:
    if out.exists():
        raise EvidenceError(f"{out} already exists: choose another {what}, or remove it")


def scratch_for(out: Any, suffix: str) -> Path:
    """A local place to build ``out`` in: beside it for a local file (renamed into place after),
    else a private temporary folder of this machine."""
    if isinstance(out, ObjectPath):
        return Path(tempfile.mkdtemp(prefix="tocsin-out-")) / f".{out.name}{suffix}"
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(f".{out.name}{suffix}")


def publish(tmp: Path, out: Any) -> None:
    """Put the finished file ``tmp`` at ``out``: renamed locally; on S3 one whole PUT if the key
    is still free (``discard`` removes the scratch copy after)."""
    if not isinstance(out, ObjectPath):
        os.replace(tmp, out)
    elif out.root.create(out.rel, tmp.read_bytes()) is None:
        raise EvidenceError(f"{out} already exists: another run wrote it meanwhile")


def discard_dir(work: Path) -> None:
    """Remove the (emptied) scratch folder ``work``, and its temporary parent if it had one."""
    work.rmdir()
    if work.parent.name.startswith("tocsin-out-"):
        work.parent.rmdir()


def discard(tmp: Path) -> None:
    """Remove the scratch file ``tmp`` if still there, and its temporary folder if it had one."""
    tmp.unlink(missing_ok=True)
    if tmp.parent.name.startswith("tocsin-out-"):
        tmp.parent.rmdir()


def shown_path(out: Any) -> Any:
    """What the custody log records as the output: the absolute local path, or the s3:// URL."""
    return out if isinstance(out, ObjectPath) else Path(out).resolve()


def evidence_root(data_dir: Any, evidence: EvidenceSettings) -> Any:
    """The data root an export or a dossier reads the vault from and logs its custody entry in:
    a local folder as the path it is; an s3:// root opened with ``vaultstore.vault_root`` and the
    settings' retention (the custody entry is evidence, written once and locked)."""
    if not is_s3(data_dir):
        return data_dir
    return vault_root(
        data_dir,
        evidence.evidence_archive_retention_days,
        evidence.evidence_archive_accept_unlocked,
    )
