"""`tocsin verify`, the custody log (custody.py): every prefix of a target's log that a manifest
sealed is still there, byte for byte; entries appended since are counted as not yet sealed.
On an s3:// root a log is its entry objects joined in order (custody.py): an entry hidden behind
a delete marker shortens it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tasks.evidence.custody import ENTRY, custody_dir, custody_entries
from tasks.evidence.manifest import Sealed
from tasks.evidence.rawstore import relative
from tasks.evidence.vaultstore import is_remote
from tasks.evidence.verify_chain import Finding


def log_bytes(root: Any, rel: str) -> bytes | None:
    """The custody log at ``rel`` (a file; on S3 its entries joined), or None when absent."""
    base = custody_dir(root)
    if not is_remote(base):
        path = Path(root) / rel
        return path.read_bytes() if path.exists() else None
    entries = custody_entries(base.root.location(rel))
    return b"".join(p.read_bytes() for p in entries) if entries else None


def check_custody(root: Any, chain: list[Sealed], target: str | None, out: list[Finding]) -> None:
    sealed: dict[str, list[tuple[str, dict]]] = {}
    for m in chain:
        c = (m.manifest or {}).get("custody")
        name = str((m.manifest or {}).get("target", m.target))
        if c and (target is None or name == target):
            sealed.setdefault(str(c.get("file")), []).append((m.name, c))
    for rel, states in sorted(sealed.items()):
        data = log_bytes(root, rel)
        if data is None:
            out.append(Finding("error", rel, f"missing: the custody log sealed in {states[-1][0]}"))
            continue
        for name, c in states:
            size = int(c.get("bytes", 0))
            if len(data) < size:
                out.append(
                    Finding(
                        "error", rel, f"truncated: {name} sealed {size} bytes, {len(data)} left"
                    )
                )
            elif hashlib.sha256(data[:size]).hexdigest() != c.get("sha256"):
                out.append(
                    Finding(
                        "error",
                        rel,
                        f"altered: its first {c.get('entries')} entries differ from those sealed "
                        f"in {name}",
                    )
                )
        longest = max(int(c.get("bytes", 0)) for _, c in states)
        _unsealed(rel, data[longest:].count(b"\n"), out)
    base = custody_dir(root)
    if is_remote(base):
        _unsealed_objects(base, sealed, target, out)
        return
    if not base.exists():
        return
    for path in sorted(base.iterdir()):
        rel = relative(root, path)
        if rel in sealed or (target and path.stem != target):
            continue
        if not path.is_file() or path.suffix != ".jsonl":
            out.append(Finding("error", rel, "added: not a custody log"))
        else:
            _unsealed(rel, path.read_bytes().count(b"\n"), out)


def _unsealed_objects(base: Any, sealed: dict, target: str | None, out: list[Finding]) -> None:
    """On S3: the logs no manifest sealed yet, and any object under ``custody/`` that is not a
    log's entry."""
    logs: dict[str, int] = {}
    for key in base.root.list(base.rel):
        log, _, name = key[len(base.rel) + 1 :].partition("/")
        rel = f"{base.rel}/{log}"
        if target and log != f"{target}.jsonl":
            continue
        if not log.endswith(".jsonl") or not ENTRY.match(name):
            out.append(Finding("error", key, "added: not a custody log entry"))
        elif rel not in sealed:
            logs[rel] = logs.get(rel, 0) + (base.root.read(key) or b"").count(b"\n")
    for rel, entries in sorted(logs.items()):
        _unsealed(rel, entries, out)


def _unsealed(rel: str, entries: int, out: list[Finding]) -> None:
    if entries:
        out.append(
            Finding(
                "warning",
                rel,
                f"{entries} custody entr{'y' if entries == 1 else 'ies'} not yet sealed (the next "
                "seal covers them: `tocsin seal`)",
            )
        )
