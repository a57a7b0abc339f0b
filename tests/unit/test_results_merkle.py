"""The Merkle tree of valid votes (RFC 6962): roots, inclusion proofs, tampering detected."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards import ROOT
from awards.results.merkle import (
    EMPTY_ROOT,
    build,
    leaf_hash,
    root_of,
    verify_inclusion,
    vote_leaf,
)


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(vote_leaf(2021, 1, i % 7, f"receipt-{i}")) for i in range(n)]


def test_known_values_of_rfc_6962() -> None:
    # The empty tree's root is the hash of nothing; a leaf is hashed with a 0x00 prefix.
    assert EMPTY_ROOT.hex() == hashlib.sha256(b"").hexdigest()
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert build([]).root == EMPTY_ROOT


@pytest.mark.parametrize("n", [*range(1, 34), 100, 257])
def test_the_levels_give_the_recursive_root_and_every_proof_checks(n: int) -> None:
    leaves = _leaves(n)
    tree = build(leaves)
    assert tree.root == root_of(leaves)
    for index in range(n):
        assert verify_inclusion(leaves[index], index, n, tree.proof(index), tree.root)


@given(st.integers(2, 200), st.data())
def test_a_proof_fails_once_any_vote_of_the_tree_changes(n: int, data: st.DataObject) -> None:
    leaves = _leaves(n)
    index = data.draw(st.integers(0, n - 1))
    changed = data.draw(st.integers(0, n - 1))
    proof = build(leaves).proof(index)
    tampered = list(leaves)
    tampered[changed] = leaf_hash(b"another vote")
    tampered_root = build(tampered).root
    assert not verify_inclusion(leaves[index], index, n, proof, tampered_root)


@given(st.integers(1, 120), st.data())
def test_a_proof_is_for_one_vote_at_one_place(n: int, data: st.DataObject) -> None:
    leaves = _leaves(n)
    tree = build(leaves)
    index = data.draw(st.integers(0, n - 1))
    proof = tree.proof(index)
    other = data.draw(st.integers(0, n - 1))
    if leaves[other] != leaves[index]:
        assert not verify_inclusion(leaves[other], index, n, proof, tree.root)
    assert not verify_inclusion(leaves[index], n, n, proof, tree.root)


def test_the_leaf_names_the_edition_category_nominee_and_receipt() -> None:
    assert vote_leaf(2021, 3, 42, "ABCD") == b"wsis-vote-v1|2021|3|42|ABCD"


def test_the_voters_script_checks_a_proof_with_the_standard_library_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    votes = [vote_leaf(2021, 1, i % 5, f"R{i:04d}") for i in range(37)]
    leaves = [leaf_hash(v) for v in votes]
    tree = build(leaves)
    proof = {
        "vote": votes[11].decode(),
        "index": 11,
        "size": 37,
        "path": [h.hex() for h in tree.proof(11)],
        "root": tree.root.hex(),
    }
    script = ROOT / "static" / "results" / "verify_receipt.py"
    good = tmp_path / "proof.json"
    good.write_text(json.dumps(proof))
    ran = subprocess.run(
        [sys.executable, "-I", str(script), str(good)], capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout
    assert tree.root.hex() in ran.stdout
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**proof, "vote": votes[12].decode()}))
    ran = subprocess.run(
        [sys.executable, "-I", str(script), str(forged)], capture_output=True, text=True
    )
    assert ran.returncode == 1
    assert "does NOT hold" in ran.stdout
