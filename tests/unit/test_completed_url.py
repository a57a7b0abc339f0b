"""A bare domain typed as the website gets https:// (pure rule)."""

from __future__ import annotations

import pytest

from awards.submissions.input_checks import completed_url


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("example.org", "https://example.org"),
        (" www.example.org/project ", "https://www.example.org/project"),
        ("https://example.org", None),
        ("javascript:alert(1)", None),
        ("example", None),
        ("not a website", None),
        ("//example.org", None),
        ("", None),
        (None, None),
    ],
)
def test_bare_domains_are_completed_and_nothing_else(typed, expected):
    assert completed_url(typed) == expected
