"""The custody log: every export and dossier made, who asked, when, what, and the output's hash.

One append-only JSON-lines file per target, ``evidence/custody/<target>.jsonl`` (owner-only): a
line per output made — the OS user who ran it, the time, the kind (export, dossier), the
selection, the output's path and SHA-256. Lines are only ever appended, under the evidence lock.
The next seal of the target records the log's length and the SHA-256 of those bytes in its
manifest (``custody``), so the entries it covers are signed and timestamped with it; `tocsin
verify` checks that each sealed prefix is unchanged, and counts the entries not yet sealed.

On an s3:// data root nothing can be appended to an object, and an evidence object is never
rewritten: each entry is an object of its own, ``evidence/custody/<target>.jsonl/<n>.jsonl``
(n = 0000000001, 0000000002, ...: the line a local log would get, written once, COMPLIANCE-locked
by vaultstore.py), created under the first free number with ``If-None-Match: *``, so two writers
never take one number and a new entry always numbers after every entry already listed. Read in
number order and joined, the entries are the bytes the local log would hold; that is what a seal
covers (``"file": "evidence/custody/<target>.jsonl"`` either way).
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tasks.evidence.rawstore import check_name, evidence_dir, fsync_dir, relative
from tasks.evidence.vaultstore import folder_glob, is_remote, put_evidence
from tasks.files import FILE_MODE, file_lock, private_dir

KINDS = ("export", "dossier")
ENTRY = re.compile(r"^(\d{10})\.jsonl$")


def custody_dir(root: Any) -> Any:
    return evidence_dir(root) / "custody"


def custody_file(root: Any, target: str) -> Any:
    """The target's log: a file locally; on S3 the prefix its entry objects are under."""
    return custody_dir(root) / f"{check_name(target, 'target')}.jsonl"


def custody_entries(log: Any) -> list[Any]:
    """An S3 log's entry objects, in number order (other names under it are not entries)."""
    return [p for p in folder_glob(log, "*.jsonl") if ENTRY.match(p.name)]


def read_custody(root: Any, target: str) -> bytes | None:
    """The target's custody log as one byte string (an S3 log's entries joined in order), or
    None when there is none."""
    log = custody_file(root, target)
    if not is_remote(log):
        return log.read_bytes() if log.exists() else None
    entries = custody_entries(log)
    return b"".join(p.read_bytes() for p in entries) if entries else None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): the uid itself
        return f"uid {os.getuid()}"


def log_output(
    data_root: Any,
    target: str,
    kind: str,
    selection: dict[str, Any],
    path: Path,
    sha256: str,
    now: datetime,
) -> dict[str, Any]:
    """Append one entry for an output just made (``kind``: export or dossier; ``selection``: what
    was asked, as plain JSON values); returns the entry written."""
    if kind not in KINDS:
        raise ValueError(f"custody kind {kind!r} is not one of {', '.join(KINDS)}")
    entry = {
        "at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "user": _user(),
        "kind": kind,
        "target": target,
        "selection": selection,
        "output": str(path),
        "sha256": sha256,
    }
    line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS, default=str) + b"\n"
    dest = custody_file(data_root, target)
    if is_remote(dest):
        _put_entry(dest, line, now)
        return entry
    with file_lock(evidence_dir(data_root) / ".lock"):
        private_dir(dest.parent)
        new = not dest.exists()
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(dest.parent)
    return entry


def _put_entry(log: Any, line: bytes, now: datetime) -> None:
    """One entry object after every entry listed: the first number no other writer took."""
    entries = custody_entries(log)
    number = int(entries[-1].name[:10]) + 1 if entries else 1
    while not put_evidence(log / f"{number:010d}.jsonl", line, now):
        number += 1


def sealed_custody(chain: list[Any], target: str) -> dict[str, Any] | None:
    """The latest custody state a manifest of ``target`` sealed (the longest), if any."""
    states = [
        m.manifest["custody"]
        for m in chain
        if m.manifest and m.manifest.get("target") == target and m.manifest.get("custody")
    ]
    return max(states, key=lambda c: int(c.get("bytes", 0))) if states else None


def custody_to_seal(root: Any, target: str, chain: list[Any]) -> dict[str, Any] | None:
    """What the next manifest of ``target`` records of its custody log: None when there is no
    log or nothing was appended since the last seal."""
    path = custody_file(root, target)
    data = read_custody(root, target)
    if data is None:
        return None
    last = sealed_custody(chain, target)
    if last and int(last.get("bytes", 0)) >= len(data):
        return None
    return {
        "file": relative(root, path),
        "bytes": len(data),
        "entries": data.count(b"\n"),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
