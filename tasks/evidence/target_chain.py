"""What a target's seal reads of the manifests: the target's own, not every target's (issue 16).

A manifest folder is named ``<seq>--<run_id>--<target>`` (manifest.dir_name), so one listing of
``evidence/manifests`` tells which folders are the target's; a seal reads those only (and any
folder whose name does not parse, which stops sealing: _unsealed in seal.py). On an s3:// root
each manifest read is a HEAD and a GET: reading every target's manifests made each seal cost
O(targets) requests, and sealing them all quadratic.

What the target's own manifests do not tell, and how it is read without the others:
- segments, references, media indexes and custody states a seal covers are the target's, and
  only the target's manifests list them (a seal seals one target);
- the installation id: the target's manifests carry it; a target's first seal reads the first
  manifest (in name order) that has one;
- the timestamps already recorded. A per-target manifest records only its own target's tokens;
  a manifest of the installation-wide chain (sealed before per-target chains) recorded every
  manifest's, the other targets' included. So a token of one of the target's installation-wide
  manifests may have been recorded by another target's: by the first installation-wide manifest
  sealed after the token came, numbered above it. ``tokens_to_record`` reads those, climbing the
  installation-wide numbers (contiguous: one such manifest a number) until the token is found
  recorded or that chain ends. A token of a per-target manifest is recorded by the target's
  own later manifests only: no installation-wide seal comes after a per-target one (only tests
  seal that chain now, ``seal_report(per_target=False)``, and they read every manifest).
The result is the manifest a seal reading every manifest would write, byte for byte
(tests/test_seal_reads.py), in a vault `tocsin verify` passes. Where a vault is damaged, a seal
now sees only its target's share of the damage: another target's unreadable manifest no longer
stops it (its own still does, as does a folder not named like a manifest), and a manifest moved
under another target's folder name is not seen by its target's seal (verify names both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tasks.evidence.manifest import (
    Sealed,
    installation_id,
    manifest_folders,
    parse_dir_name,
    read_manifest_dir,
    recorded_tokens,
    sha256_file,
    target_chained,
)


def own_folder(name: str, target: str) -> bool:
    """A folder the target's seal reads: named for the target, or not a manifest name at all.
    A run id may hold ``--``, so the name's end decides, not its parse (a target ``a--b``'s
    folders end in ``--b`` too: read, then told apart by what their manifest says)."""
    return parse_dir_name(name) is None or name.endswith(f"--{target}")


@dataclass
class TargetChain:
    folders: list[Any]
    """Every manifest folder, in name order (one listing, unread)."""
    own: list[Sealed]
    """The folders ``own_folder`` keeps, read, in name order."""


def read_target_chain(root: Any, target: str | None) -> TargetChain:
    """The target's manifests; every manifest when ``target`` is None."""
    folders = manifest_folders(root)
    return TargetChain(
        folders,
        [read_manifest_dir(p) for p in folders if target is None or own_folder(p.name, target)],
    )


def own_manifests(root: Any, target: str) -> list[Sealed]:
    return read_target_chain(root, target).own


def chain_installation_id(tc: TargetChain) -> str | None:
    """The installation's id, as the target's own manifests carry it; for a target without any,
    the first manifest's that has one, read in name order one at a time (the first, as a rule).
    Every manifest of an installation carries the same (`tocsin verify` reports a mix), so this
    is manifest.installation_id over every manifest, without reading them all."""
    found = installation_id(tc.own)
    if found:
        return found
    read = {m.name for m in tc.own}
    for path in tc.folders:
        if path.name not in read:
            found = installation_id([read_manifest_dir(path)])
            if found:
                return found
    return None


def tokens_to_record(tc: TargetChain, mine: list[Sealed]) -> dict[str, str]:
    """{folder name: sha256 of its token} of the target's manifests (``mine``) holding a token
    that no manifest has recorded yet: what the next manifest records."""
    already = recorded_tokens(tc.own)
    todo = [m for m in mine if m.name not in already and m.has_token]
    old = [m for m in todo if not target_chained(m)]
    if old:
        already = already | _recorded_after(tc, old)
    return {m.name: sha256_file(m.token) for m in todo if m.name not in already}


def _recorded_after(tc: TargetChain, old: list[Sealed]) -> dict[str, str]:
    """What the installation-wide manifests numbered above ``old``'s recorded, climbing one
    number at a time until every token of ``old`` is found or that chain ends (no manifest of
    it at the next number; an unreadable one may be of it, so the climb goes on)."""
    by_seq: dict[int, list[Any]] = {}
    for path in tc.folders:
        parsed = parse_dir_name(path.name)
        if parsed:
            by_seq.setdefault(parsed[0], []).append(path)
    read = {m.name: m for m in tc.own}
    wanted = {m.name for m in old}
    out: dict[str, str] = {}
    seq = min(m.seq or 0 for m in old) + 1
    while wanted:
        at = [read.get(p.name) or read_manifest_dir(p) for p in by_seq.get(seq, [])]
        wide = [m for m in at if m.manifest is None or not target_chained(m)]
        if not wide:
            break
        for m in wide:
            got = (m.manifest or {}).get("timestamps_recorded") or {}
            out.update(got)
            wanted -= set(got)
        seq += 1
    return out
