"""Addresses isolated from the right-to-left text around them, and always escaped."""

import pytest
from markupsafe import Markup

from awards.bidi import bdi, isolate_addresses


def test_bdi_escapes_what_it_wraps() -> None:
    assert bdi("<a>@example.org") == Markup("<bdi>&lt;a&gt;@example.org</bdi>")
    assert bdi("") == Markup("")
    assert bdi(None) == Markup("")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "تم إرسال الدعوة إلى ana@example.org.",
            "تم إرسال الدعوة إلى <bdi>ana@example.org</bdi>.",
        ),
        (
            "Enter a web address starting with https:// or http://",
            "Enter a web address starting with <bdi>https://</bdi> or <bdi>http://</bdi>",
        ),
        (
            "We added https:// to example.org/a?b=1&c=2 (see https://example.org/x).",
            "We added <bdi>https://</bdi> to example.org/a?b=1&amp;c=2 "
            "(see <bdi>https://example.org/x</bdi>).",
        ),
        ("<script>x@example.org</script>", "&lt;script&gt;<bdi>x@example.org</bdi>&lt;/script&gt;"),
        ("No address here.", "No address here."),
    ],
)
def test_every_address_of_a_message_is_isolated(text: str, expected: str) -> None:
    assert str(isolate_addresses(text)) == expected


def test_markup_is_left_as_built() -> None:
    built = Markup("<bdi>x@example.org</bdi>")
    assert isolate_addresses(built) is built
