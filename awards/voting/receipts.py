"""Vote receipts: 128 random bits a voter can read aloud, type back and check later.

A receipt is drawn from :mod:`secrets` (the operating system's CSPRNG), never derived from the
vote, the voter or the time, so knowing every other receipt says nothing about the next one.
It is written in Crockford's base 32 (digits and capital letters without I, L, O and U): 26
characters, stored in that canonical form (``Vote.receipt``, unique) and shown in groups,
``7ZK3-M9QX-...``. :func:`parse` takes back what a person types: any case, spaces or hyphens,
and the letters people confuse with digits (O for 0, I and L for 1).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 128
#: 128 bits in 5-bit characters.
LENGTH = 26
#: How the 26 characters are grouped on screen and in mail.
GROUPS = (4, 4, 4, 4, 5, 5)
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALUE = {char: index for index, char in enumerate(ALPHABET)}


def encode(number: int) -> str:
    """``number`` (0 <= number < 2**128) as 26 canonical characters."""
    if not 0 <= number < 2**BITS:
        raise ValueError("a receipt holds 128 bits")
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def new_receipt() -> str:
    """A fresh receipt in its canonical form."""
    return encode(secrets.randbits(BITS))


def grouped(receipt: str) -> str:
    """The canonical ``receipt`` in readable groups: ``ABCD-EFGH-JKMN-PQRS-TVWXY-Z0123``."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(receipt[start : start + size])
        start += size
    return "-".join(parts)


def parse(text: str) -> str | None:
    """The canonical receipt a person typed or a link carried, or None if it cannot be one."""
    if len(text) > 64:
        return None
    canonical = "".join(text.split()).replace("-", "").upper().translate(_CONFUSED)
    if len(canonical) != LENGTH or any(char not in _VALUE for char in canonical):
        return None
    if _VALUE[canonical[0]] >= 2 ** (BITS - 5 * (LENGTH - 1)):
        return None  # more than 128 bits: no receipt was ever written so
    return canonical
