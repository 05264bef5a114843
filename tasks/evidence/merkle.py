"""Merkle trees as RFC 6962 (Certificate Transparency) defines them, so a third party can check an
inclusion proof with sha256sum and a few lines of shell.

Leaves and inner nodes are domain-separated: a leaf hashes ``0x00 || record``, a node
``0x01 || left || right``. Without the prefixes a node could be passed off as a leaf (a second
preimage). The tree over n leaves splits at the largest power of two below n; building it level by
level and carrying an unpaired last node up unchanged gives exactly that tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

LEAF, NODE = b"\x00", b"\x01"
ALGORITHM = "RFC 6962 SHA-256 Merkle tree (leaf = SHA-256(0x00 || record), node = SHA-256(0x01 || left || right))"


# The prefix is hashed first and the record fed after it: ``LEAF + record`` would copy the record,
# 50 MB more at the seal's peak for a 50 MB post.
_LEAF_STATE = hashlib.sha256(LEAF)


def leaf_hash(record: bytes) -> bytes:
    h = _LEAF_STATE.copy()
    h.update(record)
    return h.digest()


def leaf_hashes_of(records: Iterable[bytes]) -> list[bytes]:
    """``[leaf_hash(r) for r in records]``, without a Python call per record (a seal hashes a
    million of them)."""
    start, out = _LEAF_STATE.copy, []
    for r in records:
        h = start()
        h.update(r)
        out.append(h.digest())
    return out


def hash_records(records: Iterable[bytes], digests: list[bytes], leaves: list[bytes]) -> None:
    """Append each record's SHA-256 to ``digests`` and its leaf hash to ``leaves``, in one pass
    over the records (what a seal takes of every record: ``hashlib.sha256(r).digest()`` and
    ``leaf_hash(r)``), without a Python call per record."""
    sha256, start = hashlib.sha256, _LEAF_STATE.copy
    digest, leaf = digests.append, leaves.append
    for r in records:
        digest(sha256(r).digest())
        h = start()
        h.update(r)
        leaf(h.digest())


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE + left + right).digest()


def _parents(level: Sequence[bytes]) -> list[bytes]:
    """The level above: adjacent pairs hashed, an unpaired last node carried up unchanged."""
    sha256, pairs = hashlib.sha256, iter(level)
    up = [sha256(NODE + left + right).digest() for left, right in zip(pairs, pairs, strict=False)]
    if len(level) % 2:
        up.append(level[-1])
    return up


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        levels.append(_parents(levels[-1]))
    return levels


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The tree head over leaf hashes (already ``leaf_hash``ed); SHA-256 of nothing when empty."""
    if not leaf_hashes:
        return hashlib.sha256(b"").digest()
    level = leaf_hashes
    while len(level) > 1:  # only the level being built is kept: a root needs no proofs
        level = _parents(level)
    return level[0]


BLOCK = 1 << 16
"""Leaves whose subtree ``JoinedRoot`` builds at a time."""


def split_hashes(joined: bytes) -> list[bytes]:
    """32-byte hashes given end to end, one object each."""
    return [joined[i : i + 32] for i in range(0, len(joined), 32)]


class JoinedRoot:
    """The root of leaf hashes given end to end (32 bytes each), a chunk at a time, holding one
    ``block`` of them as separate objects at a time, never the whole list: a seal of millions
    of records held each leaf hash as its own object (73 bytes a record, then the levels).

    The same tree as ``root``: ``block`` is a power of two, so each full block is a perfect
    subtree, and the tree over n leaves is the tree over the full blocks' roots followed by the
    root of the leaves left (the split at the largest power of two below n falls on a block
    boundary)."""

    def __init__(self, block: int = BLOCK) -> None:
        if block < 1 or block & (block - 1):
            raise ValueError(f"block must be a power of two, not {block}")
        self._size = 32 * block
        self._roots: list[bytes] = []
        self._held = b""

    def add(self, chunk: bytes) -> None:
        held = self._held + chunk
        full = len(held) - len(held) % self._size
        for at in range(0, full, self._size):
            self._roots.append(root(split_hashes(held[at : at + self._size])))
        self._held = held[full:]

    def root(self) -> bytes:
        if len(self._held) % 32:
            raise ValueError("leaf hashes are 32 bytes each")
        roots = self._roots + ([root(split_hashes(self._held))] if self._held else [])
        return root(roots) if roots else hashlib.sha256(b"").digest()


class Tree:
    """A built tree: its root and inclusion proofs for any leaf."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self.size = len(leaf_hashes)
        self._levels = _levels(leaf_hashes) if leaf_hashes else [[]]

    @property
    def root(self) -> bytes:
        return self._levels[-1][0] if self.size else hashlib.sha256(b"").digest()

    def proof(self, index: int) -> list[tuple[str, bytes]]:
        """Siblings from the leaf up: ("L", h) when h sits on the left of the running hash."""
        if not 0 <= index < self.size:
            raise IndexError(f"leaf {index} outside a tree of {self.size}")
        path: list[tuple[str, bytes]] = []
        for level in self._levels[:-1]:
            if index % 2:
                path.append(("L", level[index - 1]))
            elif index + 1 < len(level):
                path.append(("R", level[index + 1]))
            index //= 2
        return path


def fold(leaf: bytes, path: Sequence[tuple[str, bytes]]) -> bytes:
    """The root an inclusion proof leads to from a leaf hash."""
    h = leaf
    for side, sibling in path:
        h = node_hash(sibling, h) if side == "L" else node_hash(h, sibling)
    return h


def proof_text(path: Sequence[tuple[str, bytes]]) -> str:
    """One sibling a line, ``L <hex>`` or ``R <hex>``: what the export's shell loop reads."""
    return "".join(f"{side} {h.hex()}\n" for side, h in path)


def parse_proof(text: str) -> list[tuple[str, bytes]]:
    out = []
    for line in text.splitlines():
        side, _, h = line.partition(" ")
        if side not in ("L", "R") or len(h) != 64:
            raise ValueError(f"not a proof line: {line[:80]!r}")
        out.append((side, bytes.fromhex(h)))
    return out
