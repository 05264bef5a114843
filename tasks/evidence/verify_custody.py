"""`tocsin verify`, the custody log (custody.py): every prefix of a target's log that a manifest
sealed is still there, byte for byte; entries appended since are counted as not yet sealed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tasks.evidence.custody import custody_dir
from tasks.evidence.manifest import Sealed
from tasks.evidence.rawstore import relative
from tasks.evidence.verify_chain import Finding


def check_custody(root: Path, chain: list[Sealed], target: str | None, out: list[Finding]) -> None:
    sealed: dict[str, list[tuple[str, dict]]] = {}
    for m in chain:
        c = (m.manifest or {}).get("custody")
        name = str((m.manifest or {}).get("target", m.target))
        if c and (target is None or name == target):
            sealed.setdefault(str(c.get("file")), []).append((m.name, c))
    for rel, states in sorted(sealed.items()):
        path = Path(root) / rel
        if not path.exists():
            out.append(Finding("error", rel, f"missing: the custody log sealed in {states[-1][0]}"))
            continue
        data = path.read_bytes()
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
