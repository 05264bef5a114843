"""`tocsin verify`, media files (media.py): every media index is listed by a manifest of its
target with its SHA-256, and every file an index says was kept is there, named by its SHA-256,
with exactly those bytes. A vault sealed before media were kept has none of this: nothing to
check, nothing wrong."""

from __future__ import annotations

from typing import Any

from tasks.evidence.manifest import Sealed, sha256_file
from tasks.evidence.media_store import (
    INDEX_GLOB,
    KEPT,
    files_dir,
    list_indexes,
    media_dir,
    read_index,
)
from tasks.evidence.rawstore import relative, vault_file
from tasks.evidence.verify_chain import Finding, sealed_file
from tasks.evidence.verify_store import files_under, is_file, name_matches, present


def check_media(root: Any, chain: list[Sealed], target: str | None, out: list[Finding]) -> int:
    """Check the media of ``target`` (or all); the number of files whose bytes were checked."""
    listed: set[str] = set()
    named: set[str] = set()
    hashed: dict[str, str | None] = {}
    for m in sorted((m for m in chain if m.manifest), key=lambda m: m.seq or 0):
        owner = str((m.manifest or {}).get("target", m.target))
        for entry in (m.manifest or {}).get("media") or []:
            rel = str(entry.get("file"))
            listed.add(rel)
            if target and owner != target:
                continue
            path = sealed_file(root, m, entry, "a media index", out)
            if path is None:
                continue
            for n, e in enumerate(read_index(path), 1):
                if e.get("status") != KEPT:
                    continue
                _check_file(root, owner, rel, n, e, hashed, named, out)
    for path in list_indexes(root, target):
        if relative(root, path) not in listed:
            out.append(
                Finding(
                    "error",
                    relative(root, path),
                    "added or not sealed: no manifest lists this media index (after a crash "
                    "before sealing, run `tocsin seal`)",
                )
            )
    _check_stray(root, target, named, out)
    return sum(1 for h in hashed.values() if h is not None)


def _check_file(
    root: Any,
    owner: str,
    index: str,
    n: int,
    e: dict[str, object],
    hashed: dict[str, str | None],
    named: set[str],
    out: list[Finding],
) -> None:
    digest, rel = str(e.get("sha256")), str(e.get("file"))
    expected = relative(root, files_dir(root, owner) / digest)
    if rel != expected:
        out.append(
            Finding("error", index, f"line {n}: names {rel!r}, not the target's file {expected}")
        )
        return
    named.add(rel)
    if rel not in hashed:
        path = vault_file(root, rel)
        hashed[rel] = sha256_file(path) if is_file(path) else None
        if hashed[rel] is None:
            out.append(Finding("error", rel, f"missing: a media file sealed by {index} line {n}"))
        elif hashed[rel] != digest:
            out.append(
                Finding(
                    "error",
                    rel,
                    f"altered: its SHA-256 is {hashed[rel]}, not the {digest} sealed by {index}",
                )
            )


def _check_stray(root: Any, target: str | None, named: set[str], out: list[Finding]) -> None:
    base = media_dir(root, target)
    if not present(base):
        return
    for p in sorted(files_under(base)):
        rel = relative(root, p)
        if name_matches(p, INDEX_GLOB) and p.parent.parent.parent == media_dir(root):
            continue  # indexes: checked above
        if p.parent.name == "files" and p.parent.parent.parent == media_dir(root):
            if rel not in named:
                out.append(
                    Finding(
                        "warning",
                        rel,
                        "not sealed: no sealed media index names this file (a fetch interrupted "
                        "before its index was written); it is not evidence",
                    )
                )
            continue
        out.append(Finding("error", rel, "added: not part of the media layout"))
