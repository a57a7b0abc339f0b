"""Blind review's redaction (pure): whole words, any case, websites in their usual spellings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.review.blinding import identifying_strings, redact, website_forms

SECRETS = identifying_strings(
    "Ministry of Health",
    "https://www.health.example.org/",
    [("Ana Pérez", "ana@health.example.org"), ("Li", "li@example.net")],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ministry of Health built it.", "The [x] built it."),
        ("THE MINISTRY OF HEALTH", "THE [x]"),
        ("See https://www.health.example.org/ now", "See [x] now"),
        ("See www.health.example.org or health.example.org.", "See [x] or [x]."),
        ("Write to ana@health.example.org, or ask Ana Pérez.", "Write to [x], or ask [x]."),
        ("Ministry of Healthcare reforms", "Ministry of Healthcare reforms"),  # not a whole word
        ("Li and Lima", "Li and Lima"),  # too short to withhold: it would strike words
        ("", ""),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text, SECRETS, "[x]") == expected


def test_website_forms() -> None:
    assert website_forms("https://www.a.example.org/x/") == [
        "https://www.a.example.org/x/",
        "www.a.example.org/x",
        "www.a.example.org",
        "a.example.org",
    ]
    assert website_forms("  ") == []
    assert "b.example.org" in website_forms("b.example.org/path")


def test_identifying_strings_are_unique_and_longest_first() -> None:
    found = identifying_strings("Acme", "", [("ACME", "x@acme.test"), ("", "")])
    assert [s.casefold() for s in found] == ["x@acme.test", "acme"]


@given(st.text(max_size=80))
def test_nothing_withheld_is_left_in_the_text(text: str) -> None:
    redacted = redact(f"{text} Ministry of Health {text}", SECRETS, "[x]")
    assert "ministry of health" not in redacted.casefold() or "ministry of health" in (
        text.casefold()
    )
