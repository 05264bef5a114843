"""`tocsin verify`, pages received again (refs.py): every refs file is listed by a manifest with
its SHA-256, and every reference in it points at a page of the same target sealed no later."""

from __future__ import annotations

from typing import Any

import orjson

from tasks.evidence.manifest import PAGES, Sealed
from tasks.evidence.rawstore import relative
from tasks.evidence.refs import list_refs, read_refs
from tasks.evidence.verify_chain import Finding, sealed_file


def _sealed_pages(m: Sealed) -> set[str]:
    path = m.path / PAGES
    if not path.exists():
        return set()  # reported by the manifest's own check
    out = set()
    for line in path.read_bytes().splitlines():
        try:
            out.add(str(orjson.loads(line).get("page_sha256")))
        except (orjson.JSONDecodeError, AttributeError):
            continue
    return out


def check_refs(root: Any, chain: list[Sealed], target: str | None, out: list[Finding]) -> None:
    listed: set[str] = set()
    sealed: dict[str, set[str]] = {}  # target: pages sealed so far, in chain order
    for m in sorted((m for m in chain if m.manifest), key=lambda m: m.seq or 0):
        name = str((m.manifest or {}).get("target", m.target))
        pages = sealed.setdefault(name, set())
        pages |= _sealed_pages(m)
        for entry in (m.manifest or {}).get("references") or []:
            rel = str(entry.get("file"))
            listed.add(rel)
            if target and name != target:
                continue
            path = sealed_file(root, m, entry, "a refs file", out)
            if path is None:
                continue
            for n, ref in enumerate(read_refs(path), 1):
                if ref.get("page_sha256") not in pages:
                    out.append(
                        Finding(
                            "error",
                            rel,
                            f"line {n}: page {ref.get('page_sha256')} was sealed by no manifest "
                            f"of {name} up to {m.name}",
                        )
                    )
    for path in list_refs(root, target):
        if relative(root, path) not in listed:
            out.append(
                Finding(
                    "error",
                    relative(root, path),
                    "added or not sealed: no manifest lists this refs file (after a crash before "
                    "sealing, run `tocsin seal`)",
                )
            )
