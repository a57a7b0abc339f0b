"""Receipts: 128 random bits, readable groups, typed back in any reasonable way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.voting.receipts import LENGTH, encode, grouped, new_receipt, parse


def test_a_receipt_is_26_characters_of_crockford_base32() -> None:
    receipt = new_receipt()
    assert len(receipt) == LENGTH
    assert set(receipt) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_receipts_do_not_repeat() -> None:
    assert len({new_receipt() for _ in range(2000)}) == 2000


def test_grouped_for_reading() -> None:
    assert grouped("0123456789ABCDEFGHJKMNPQRS") == "0123-4567-89AB-CDEF-GHJKM-NPQRS"


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_every_128_bit_number_round_trips(number: int) -> None:
    receipt = encode(number)
    assert len(receipt) == LENGTH
    assert parse(receipt) == receipt
    assert parse(grouped(receipt)) == receipt
    assert parse(grouped(receipt).lower()) == receipt
    assert parse(" ".join(grouped(receipt).split("-"))) == receipt


def test_confusable_letters_read_as_digits() -> None:
    receipt = encode(2**128 - 1 - 12345)
    typed = receipt.replace("0", "o").replace("1", "l")
    assert parse(typed) == receipt


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a receipt",
        "0123456789ABCDEFGHJKMNPQR",  # 25 characters
        "0123456789ABCDEFGHJKMNPQRST",  # 27
        "0123456789ABCDEFGHJKMNPQRU",  # U is not in the alphabet
        "8123456789ABCDEFGHJKMNPQRS",  # more than 128 bits
        "../../etc/passwd",
        "0" * 1000,
    ],
)
def test_what_cannot_be_a_receipt(text: str) -> None:
    assert parse(text) is None


def test_encode_refuses_more_than_128_bits() -> None:
    with pytest.raises(ValueError, match="128"):
        encode(2**128)
