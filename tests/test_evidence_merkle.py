"""Merkle trees: RFC 6962's definition, inclusion proofs, and the proof text format."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.evidence import merkle


def rfc6962(records: list[bytes]) -> bytes:
    """MTH as RFC 6962 section 2.1 writes it, recursively: the reference the fast one must match."""
    if not records:
        return hashlib.sha256(b"").digest()
    if len(records) == 1:
        return hashlib.sha256(b"\x00" + records[0]).digest()
    k = 1
    while k * 2 < len(records):
        k *= 2
    return hashlib.sha256(b"\x01" + rfc6962(records[:k]) + rfc6962(records[k:])).digest()


@given(st.lists(st.binary(max_size=8), max_size=40))
def test_root_is_rfc6962_and_every_proof_leads_to_it(records):
    leaves = merkle.leaf_hashes_of(records)
    assert leaves == [merkle.leaf_hash(r) for r in records]
    tree = merkle.Tree(leaves)
    assert tree.root == merkle.root(leaves) == rfc6962(records)
    for i, leaf in enumerate(leaves):
        path = tree.proof(i)
        assert merkle.fold(leaf, path) == tree.root
        assert merkle.parse_proof(merkle.proof_text(path)) == path


@given(st.lists(st.binary(max_size=64), max_size=40))
def test_hash_records_appends_each_records_sha256_and_leaf_hash(records):
    digests, leaves = [b"before"], [b"before"]
    merkle.hash_records(records, digests, leaves)
    assert digests == [b"before", *(hashlib.sha256(r).digest() for r in records)]
    assert leaves == [b"before", *(hashlib.sha256(b"\x00" + r).digest() for r in records)]


@pytest.mark.parametrize(
    ("records", "root_hex"),
    [
        # RFC 6962's own test vector for the empty tree, and a hand-checked two-leaf tree.
        pytest.param(
            [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", id="empty"
        ),
        pytest.param(
            [b"a", b"b"],
            hashlib.sha256(
                b"\x01" + hashlib.sha256(b"\x00a").digest() + hashlib.sha256(b"\x00b").digest()
            ).hexdigest(),
            id="two",
        ),
    ],
)
def test_known_roots(records, root_hex):
    assert merkle.root([merkle.leaf_hash(r) for r in records]).hex() == root_hex


def test_a_proof_for_another_leaf_or_a_swapped_side_fails():
    leaves = [merkle.leaf_hash(bytes([i])) for i in range(7)]
    tree = merkle.Tree(leaves)
    path = tree.proof(5)
    assert merkle.fold(leaves[4], path) != tree.root
    flipped = [("R" if s == "L" else "L", h) for s, h in path]
    assert merkle.fold(leaves[5], flipped) != tree.root
    with pytest.raises(IndexError):
        tree.proof(7)
    with pytest.raises(ValueError, match="not a proof line"):
        merkle.parse_proof("X 00")


@given(
    st.lists(st.binary(max_size=4), max_size=70),
    st.sampled_from([1, 2, 4, 8, 16]),
    st.lists(st.integers(min_value=0, max_value=70), max_size=6),
)
def test_the_root_of_joined_leaves_built_a_block_at_a_time_is_rfc6962(records, block, cuts):
    """What a seal computes over millions of records: the leaf hashes end to end, in chunks
    (one a segment) cut anywhere, a block of leaves at a time."""
    joined = b"".join(merkle.leaf_hashes_of(records))
    edges = sorted({0, len(records), *(min(c, len(records)) for c in cuts)})
    chunks = [joined[32 * a : 32 * b] for a, b in zip(edges, edges[1:], strict=False)]
    assert root_of_joined(chunks, block=block) == rfc6962(records)
    assert root_of_joined([joined]) == rfc6962(records)


def root_of_joined(chunks: list[bytes], block: int = merkle.BLOCK) -> bytes:
    tree = merkle.JoinedRoot(block)
    for chunk in chunks:
        tree.add(chunk)
    return tree.root()


def test_a_block_that_is_not_a_power_of_two_or_a_leaf_cut_short_is_refused():
    with pytest.raises(ValueError, match="power of two"):
        root_of_joined([b"\x00" * 32], block=3)
    with pytest.raises(ValueError, match="32 bytes"):
        root_of_joined([b"\x00" * 33], block=4)
