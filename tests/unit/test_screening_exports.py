"""Spreadsheet formula injection is neutralised in exported cells."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from awards.submissions.exports import neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain title", "Plain title"),
        ("A = B", "A = B"),
        ("", ""),
        (42, 42),
        (-5, -5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_dates_are_left_alone():
    moment = datetime(2021, 1, 1, tzinfo=UTC)
    assert neutralise(moment) is moment
