"""A Merkle tree over a category's valid votes, as in RFC 6962 (Certificate Transparency).

- A leaf is ``SHA-256(0x00 || data)``; an inner node is ``SHA-256(0x01 || left || right)``,
  so a leaf can never pass for a node (second-preimage resistance, RFC 6962 §2.1).
- The tree of ``n`` leaves splits at the largest power of two below ``n``: the left subtree is
  full and the right one holds the rest, recursively (RFC 6962 §2.1's MTH).
- An inclusion proof of leaf ``m`` is the list of sibling hashes on the way to the root, bottom
  first (RFC 6962 §2.1.1's PATH); :func:`verify_inclusion` is RFC 9162 §2.1.3.2's algorithm.

The leaves of a category are the votes' :func:`vote_leaf` data, sorted by their leaf hash so the
order reveals nothing of when anyone voted. A proof shows one vote is counted; its sibling hashes
reveal nothing of the other votes, and the tree's size is the category's number of valid votes
(published anyway), never a project's count. ``scripts/verify_receipt.py`` checks a proof with
the standard library only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

HASH_SIZE = 32  # SHA-256
LEAF_PREFIX = b"\x00"
#: The first field of every vote's leaf data: a new construction gets a new version.
LEAF_VERSION = "wsis-vote-v1"
NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def vote_leaf(edition_year: int, category_number: int, entry_id: int, receipt: str) -> bytes:
    """The committed data of one valid vote (versioned, unambiguous: fields joined by "|")."""
    return f"{LEAF_VERSION}|{edition_year}|{category_number}|{entry_id}|{receipt}".encode()


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n >= 2)."""
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


EMPTY_ROOT = hashlib.sha256(b"").digest()


@dataclass(frozen=True)
class Tree:
    """Every level of the tree, leaves first, for the root and for proofs of any leaf.

    Levels are built pairwise, which gives RFC 6962's tree: an odd node at the end of a level
    is carried up unchanged (it is the root of the right subtree that is not full).
    """

    levels: tuple[tuple[bytes, ...], ...]

    @property
    def size(self) -> int:
        return len(self.levels[0]) if self.levels else 0

    @property
    def root(self) -> bytes:
        return self.levels[-1][0] if self.levels and self.levels[0] else EMPTY_ROOT

    def index_of(self, leaf: bytes) -> int:
        """The position of a leaf hash (raises ValueError when it is not in the tree)."""
        return self.levels[0].index(leaf)

    def proof(self, index: int) -> list[bytes]:
        """The inclusion proof (audit path) of the leaf at ``index``, bottom first."""
        if not 0 <= index < self.size:
            raise IndexError(index)
        path = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            index //= 2
        return path


def build(leaf_hashes: Sequence[bytes]) -> Tree:
    """The tree over ``leaf_hashes`` (already hashed with :func:`leaf_hash`), in that order."""
    if not leaf_hashes:
        return Tree(((),))
    levels = [tuple(leaf_hashes)]
    while len(levels[-1]) > 1:
        level = levels[-1]
        upper = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            upper.append(level[-1])
        levels.append(tuple(upper))
    return Tree(tuple(levels))


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """RFC 6962's MTH, by its recursive definition (the reference :func:`build` is tested on)."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = _split(n)
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``path`` proves that leaf hash ``leaf`` is at ``index`` of the tree of ``size``
    leaves whose root is ``root`` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root
