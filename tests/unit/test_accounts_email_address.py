"""The one e-mail address check, used by every form."""

import pytest

from awards.accounts.email_address import is_email_address


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("ana@example.org", True),
        ("  ana@example.org  ", True),
        ("Ana.Lima+prizes@Example.ORG", True),
        ("ångström@example.org", True),
        ("ana@例え.jp", True),
        ("", False),
        ("ana", False),
        ("ana@", False),
        ("@example.org", False),
        ("ana@@example.org", False),
        ("ana example@example.org", False),
        ("ana@example..org", False),
        ("a" * 250 + "@x.org", False),
    ],
)
def test_is_email_address(text, valid):
    assert is_email_address(text) is valid
