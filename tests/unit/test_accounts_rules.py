"""E-mail identity and new-password rules."""

import unicodedata

import pytest

from awards.access.rules import holds_role
from awards.accounts.roles import Role
from awards.accounts.rules import PasswordProblem, email_key, password_problem

ANGSTROM = "ÅNGSTRÖM@example.org"
ANGSTROM_NFD = unicodedata.normalize("NFD", ANGSTROM)


def test_decomposed_spelling_is_really_different_text():
    assert ANGSTROM_NFD != ANGSTROM  # otherwise the table below would prove nothing


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ana@example.org", "ANA@EXAMPLE.ORG"),
        ("Ana@Example.org", "ana@example.org"),
        ("  ana@example.org ", "ana@example.org"),
        (ANGSTROM, ANGSTROM_NFD),
        (ANGSTROM, "ångström@example.org"),
        (ANGSTROM_NFD, "ångström@example.org"),
        (ANGSTROM_NFD, unicodedata.normalize("NFD", "ångström@example.org")),
        ("strasse@example.org", "STRASSE@example.org"),
        ("ｆｕｌｌ@example.org", "full@example.org"),  # full-width letters (NFKC)
    ],
)
def test_same_identity(first, second):
    assert email_key(first) == email_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ana@example.org", "ana@example.com"),
        ("ana@example.org", "ana.b@example.org"),
        ("angstrom@example.org", "ångström@example.org"),
        ("ana+prizes@example.org", "ana@example.org"),
    ],
)
def test_different_identity(first, second):
    assert email_key(first) != email_key(second)


@pytest.mark.parametrize(
    ("password", "email", "expected"),
    [
        ("short", "ana@example.org", PasswordProblem.TOO_SHORT),
        ("123456789", "ana@example.org", PasswordProblem.TOO_SHORT),
        ("1234567890", "ana@example.org", None),
        ("x" * 128, "ana@example.org", None),
        ("x" * 129, "ana@example.org", PasswordProblem.TOO_LONG),
        ("ana@example.org", "ana@example.org", PasswordProblem.SAME_AS_EMAIL),
        ("ANA@example.org", "ana@example.org", PasswordProblem.SAME_AS_EMAIL),
        ("ana@example.org!", "ana@example.org", None),
        ("correct horse battery staple", "", None),
    ],
)
def test_password_problem(password, email, expected):
    assert password_problem(password, email) == expected


@pytest.mark.parametrize(
    ("grants", "role", "edition_id", "expected"),
    [
        ([], Role.JURY, 1, False),
        ([(Role.JURY, 1)], Role.JURY, 1, True),
        ([(Role.JURY, 1)], Role.JURY, 2, False),
        ([(Role.JURY, None)], Role.JURY, 2, True),
        ([(Role.JURY, 1)], Role.ORGANISER, None, False),
        ([(Role.ORGANISER, None)], Role.ORGANISER, None, True),
        ([(Role.ADMIN, None)], Role.JURY, 7, True),
        ([("jury", 3)], Role.JURY, 3, True),
    ],
)
def test_holds_role(grants, role, edition_id, expected):
    assert holds_role(grants, role, edition_id) is expected
