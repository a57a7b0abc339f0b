#!/usr/bin/env python3
"""Check that your WSIS Prizes vote is counted, with nothing but Python 3's standard library.

Download the proof of your receipt from the results page ("Check my vote", as JSON), then:

    python3 verify_receipt.py proof.json

and compare the root it prints with the root published on the results page for your category
(and in the results' JSON API). The proof is RFC 6962's: a leaf is SHA-256(0x00 || vote), an
inner node SHA-256(0x01 || left || right); the check is RFC 9162 section 2.1.3.2. It shows your
vote is one of the tree's leaves; the sibling hashes reveal nothing about anyone else's vote.

Exit status: 0 when the proof holds for the root in the file, 1 when it does not, 2 on bad input.
"""

import hashlib
import json
import sys


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_proof(leaf: bytes, index: int, size: int, path: list) -> bytes | None:
    """The root that ``path`` leads to from ``leaf`` at ``index`` of ``size``, or None."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def main(argv: list) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            proof = json.load(handle)
        leaf = _leaf(proof["vote"].encode("utf-8"))
        path = [bytes.fromhex(h) for h in proof["path"]]
        root = root_from_proof(leaf, int(proof["index"]), int(proof["size"]), path)
        published = bytes.fromhex(proof["root"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"This is not a proof file: {exc}")
        return 2
    print(f"Your vote:        {proof['vote']}")
    print(f"Root it leads to: {root.hex() if root else '(none: the proof is malformed)'}")
    print(f"Root in the file: {published.hex()}")
    if root == published:
        print("The proof holds. Compare this root with the one published on the results page.")
        return 0
    print("The proof does NOT hold for this root.")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
