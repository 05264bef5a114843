"""Verification of the hash chains: the installation-wide chain every manifest joined before
per-target chains, then each target's own chain (manifest.CHAIN_TARGET), which starts after the
target's last installation-wide manifest. Reads only the manifest folders."""

from __future__ import annotations

from typing import Any

from tasks.evidence.manifest import MANIFEST, READABLE_FORMATS, Sealed, dir_name, target_chained
from tasks.evidence.rawstore import relative
from tasks.evidence.verify_chain import Finding, manifest_rel


def _is_target_chained(m: Sealed) -> bool:
    if m.manifest is not None:
        return target_chained(m)
    return m.raw is not None and b'"chain": "target"' in m.raw  # unreadable: what it says


def check_chain(root: Any, chain: list[Sealed], out: list[Finding]) -> None:
    """The installation-wide chain of the manifests sealed before per-target chains (sequence
    numbers contiguous from 1, each linking to the one before), then each target's own chain
    (contiguous after the target's last installation-wide manifest, each linking to the one
    before, the first to that manifest)."""
    legacy: list[Sealed] = []
    targets: dict[str, list[Sealed]] = {}
    for m in chain:
        if m.seq is None:
            out.append(
                Finding("error", relative(root, m.path), "added: not a manifest folder name")
            )
            continue
        if m.manifest is None:
            out.append(Finding("error", manifest_rel(root, m), f"altered: {m.problem}"))
        else:
            _check_fields(root, m, out)
        if _is_target_chained(m):
            targets.setdefault(str((m.manifest or {}).get("target", m.target)), []).append(m)
        else:
            legacy.append(m)
    numbered = _numbered(root, legacy, "", out)
    ids = {str(m.manifest.get("installation_id")) for m in chain if m.manifest}
    if len(ids) > 1:
        out.append(
            Finding(
                "error",
                "evidence/manifests",
                f"manifests of {len(ids)} installations mixed: {sorted(ids)}",
            )
        )
    if numbered:
        _check_links(root, numbered, None, "", out)
    for target, ms in sorted(targets.items()):
        base = max(
            (m for m in numbered.values() if (m.manifest or {}).get("target", m.target) == target),
            key=lambda m: m.seq or 0,
            default=None,
        )
        _check_links(root, _numbered(root, ms, f" of target {target}", out), base, target, out)


def _check_fields(root: Any, m: Sealed, out: list[Finding]) -> None:
    c = m.manifest or {}
    if c.get("format") not in READABLE_FORMATS:
        out.append(
            Finding("error", manifest_rel(root, m), f"altered: format is {c.get('format')!r}")
        )
    # The folder name made from what the manifest says, compared whole: a target or run named
    # with "--" (allowed: "x--bob") splits the folder name ambiguously, so its parse can differ.
    seq, run_id, target = c.get("seq"), c.get("run_id"), c.get("target")
    said = (
        dir_name(seq, str(run_id), str(target))
        if isinstance(seq, int) and not isinstance(seq, bool)
        else None
    )
    if said != m.name:
        out.append(
            Finding(
                "error",
                manifest_rel(root, m),
                f"moved or altered: says seq {c.get('seq')}, run {c.get('run_id')}, target "
                f"{c.get('target')}, but lies in folder {m.name}",
            )
        )


def _numbered(root: Any, ms: list[Sealed], of: str, out: list[Finding]) -> dict[int, Sealed]:
    numbered: dict[int, Sealed] = {}
    for m in ms:
        if m.seq in numbered:
            out.append(
                Finding(
                    "error",
                    relative(root, m.path),
                    f"added: a second manifest numbered {m.seq}{of}",
                )
            )
            continue
        numbered[m.seq or 0] = m
    return numbered


def _check_links(
    root: Any, numbered: dict[int, Sealed], base: Sealed | None, target: str, out: list[Finding]
) -> None:
    """Contiguous numbers after ``base`` (from 1 without one), each linking to the one before."""
    if not numbered:
        return
    first = (base.seq or 0) + 1 if base else 1
    of = f" of target {target}" if target else ""
    # After an installation-wide base, the numbers up to the target's first own manifest may be
    # missing for a reason (that one was removed: its link says so); within the chain, none may.
    gaps_from = first if base is None else max(first, min(numbered))
    for seq in range(min(first, min(numbered)), max(numbered) + 1):
        m = numbered.get(seq)
        if base is None:
            prev = numbered.get(seq - 1)
        else:
            lower = [s for s in numbered if s < seq]
            prev = numbered[max(lower)] if lower else base
        if m is None:
            if seq < gaps_from:
                continue
            nxt = next((numbered[s] for s in sorted(numbered) if s > seq), None)
            where = f"; {nxt.name} follows the gap" if nxt else ""
            out.append(
                Finding(
                    "error",
                    f"evidence/manifests/{seq:08d}--…{('--' + target) if target else ''}",
                    f"missing: manifest {seq}{of} was removed{where}",
                )
            )
            continue
        if m.manifest is None:
            continue
        link = m.manifest.get("previous_manifest_sha256")
        if seq < first:
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m),
                    f"altered: numbered {seq}{of}, but {base.name if base else '-'} came before",
                )
            )
        elif seq == first and base is None and link is not None:
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m),
                    "altered: the first manifest links to an earlier one",
                )
            )
        elif prev is not None and link != prev.sha256:
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m),
                    f"chain broken: links to {str(link)[:16]}…, but {prev.name}/{MANIFEST} hashes to "
                    f"{str(prev.sha256)[:16]}… (one of them was altered, removed, inserted or reordered)",
                )
            )
