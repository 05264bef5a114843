"""Find where records and pages were sealed, and build their Merkle inclusion proofs.

For an export: given the raw_sha256 and page_sha256 of the posts chosen, find the first manifest
that sealed each (the oldest evidence), read that manifest's segments back, rebuild its two trees
from the kept bytes, and take a proof per record and per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson

from tasks.evidence import merkle
from tasks.evidence.manifest import PAGES, RECORDS, Sealed
from tasks.evidence.rawstore import read_segment, vault_file
from tasks.evidence.records import page_records
from tasks.parse import sha256_hex


@dataclass(frozen=True)
class Proven:
    """One record or page with its bytes, the manifest that sealed it, and its proof."""

    sha256: str
    data: bytes
    manifest: str
    index: int
    tree_size: int
    proof: str


def _first_sealed(manifests: list[Sealed], wanted: set[str], listing: str) -> dict[str, str]:
    """{hash: manifest name} for each wanted hash, from the oldest manifest listing it."""
    where: dict[str, str] = {}
    for m in sorted(manifests, key=lambda m: m.seq or 0):
        left = wanted - where.keys()
        if not left:
            break
        raw = (m.path / listing).read_bytes()
        if listing == PAGES:
            hashes = [orjson.loads(line)["page_sha256"] for line in raw.splitlines() if line]
        else:
            hashes = raw.decode().split()
        for h in left.intersection(hashes):
            where[h] = m.name
    return where


def prove(
    root: Path, manifests: list[Sealed], records: set[str], pages: set[str]
) -> tuple[dict[str, Proven], dict[str, Proven]]:
    """Proofs for the records and pages that some manifest sealed; the others are left out."""
    rec_where = _first_sealed(manifests, records, RECORDS)
    page_where = _first_sealed(manifests, pages, PAGES)
    by_name = {m.name: m for m in manifests}
    out_records: dict[str, Proven] = {}
    out_pages: dict[str, Proven] = {}
    for name in sorted(set(rec_where.values()) | set(page_where.values())):
        m = by_name[name]
        target = (m.manifest or {}).get("target", "evidence")
        rec_leaves: list[bytes] = []
        rec_first: dict[str, tuple[int, bytes]] = {}
        page_leaves: list[bytes] = []
        page_first: dict[str, tuple[int, bytes]] = {}
        for seg in (m.manifest or {}).get("segments", []):
            for k in read_segment(vault_file(root, seg["file"])):
                ph = sha256_hex(k.page.body)
                if page_where.get(ph) == name:
                    page_first.setdefault(ph, (len(page_leaves), k.page.body))
                page_leaves.append(merkle.leaf_hash(k.page.body))
                for r in page_records(k.page, target, (m.manifest or {}).get("format")):
                    rh = sha256_hex(r)
                    if rec_where.get(rh) == name:
                        rec_first.setdefault(rh, (len(rec_leaves), r))
                    rec_leaves.append(merkle.leaf_hash(r))
        for leaves, first, dest in (
            (rec_leaves, rec_first, out_records),
            (page_leaves, page_first, out_pages),
        ):
            tree = merkle.Tree(leaves)
            for h, (i, data) in first.items():
                dest[h] = Proven(h, data, name, i, tree.size, merkle.proof_text(tree.proof(i)))
    return out_records, out_pages
