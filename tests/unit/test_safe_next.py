"""Only same-site paths are redirected to after sign-in or a language switch."""

import pytest

from awards.i18n import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/entries/", "/entries/"),
        ("/organise/entries/?category=2&page=3", "/organise/entries/?category=2&page=3"),
        ("/%0d%0a", "/%0d%0a"),  # percent-encoded: a harmless path, not a header break
        ("", "/"),
        (None, "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),  # browsers read a backslash as a slash
        ("entries", "/"),
        ("/\r\nSet-Cookie: a=1", "/"),
        ("/a\nb", "/"),
        ("/a\tb", "/"),
        ("/a\x00b", "/"),
        ("/a\x7fb", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected
