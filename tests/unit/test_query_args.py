"""Integers from URLs are taken only when the database can hold them."""

import pytest

from awards.query_args import MAX_ID, bounded_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, the parser does not
        ("", None),
        (None, None),
        ("abc", None),
        (7, 7),
    ],
)
def test_bounded_int(value, expected):
    assert bounded_int(value) == expected


def test_bounded_int_takes_its_own_bounds():
    assert bounded_int("0", low=0) == 0
    assert bounded_int("11", high=10) is None
