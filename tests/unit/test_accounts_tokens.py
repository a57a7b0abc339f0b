"""Signed links: purposes, expiry, forgery and single use by fingerprint."""

from datetime import UTC, datetime, timedelta

import pytest

from awards.accounts.tokens import (
    Purpose,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
    check_fingerprint,
    fingerprint,
    make_token,
    read_token,
)

SECRET = "unit-test-secret"
ISSUED = datetime(2021, 3, 1, 12, 0, tzinfo=UTC)
DAY = 24 * 3600


def _make(purpose=Purpose.VERIFY_EMAIL, payload=None, secret=SECRET):
    return make_token(secret, purpose, payload or {"u": 1, "f": "abc"}, now=ISSUED)


@pytest.mark.parametrize("purpose", list(Purpose))
def test_round_trip_within_max_age(purpose):
    token = _make(purpose)
    payload = read_token(SECRET, purpose, token, max_age=DAY, now=ISSUED + timedelta(hours=23))
    assert payload == {"u": 1, "f": "abc"}


@pytest.mark.parametrize(
    ("made_for", "read_as"),
    [
        (Purpose.VERIFY_EMAIL, Purpose.RESET_PASSWORD),
        (Purpose.RESET_PASSWORD, Purpose.VERIFY_EMAIL),
        (Purpose.CHANGE_EMAIL, Purpose.RESET_PASSWORD),
        (Purpose.JURY_INVITATION, Purpose.VERIFY_EMAIL),
    ],
)
def test_token_of_another_purpose_is_invalid(made_for, read_as):
    with pytest.raises(TokenInvalid):
        read_token(SECRET, read_as, _make(made_for), max_age=DAY, now=ISSUED)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2],
        lambda t: t + "x",
        lambda t: t.replace(".", "", 1),
        lambda t: "garbage",
        lambda t: "",
    ],
)
def test_mangled_token_is_invalid(mangle):
    with pytest.raises(TokenInvalid):
        read_token(SECRET, Purpose.VERIFY_EMAIL, mangle(_make()), max_age=DAY, now=ISSUED)


def test_token_signed_with_another_secret_is_invalid():
    token = _make(secret="someone-else")
    with pytest.raises(TokenInvalid):
        read_token(SECRET, Purpose.VERIFY_EMAIL, token, max_age=DAY, now=ISSUED)


@pytest.mark.parametrize(
    ("age", "expired"),
    [
        (timedelta(0), False),
        (timedelta(seconds=DAY), False),
        (timedelta(seconds=DAY + 1), True),
        (timedelta(days=30), True),
        (timedelta(seconds=-5), True),  # dated in the future: refused too
    ],
)
def test_expiry(age, expired):
    token = _make()
    if expired:
        with pytest.raises(TokenExpired):
            read_token(SECRET, Purpose.VERIFY_EMAIL, token, max_age=DAY, now=ISSUED + age)
    else:
        read_token(SECRET, Purpose.VERIFY_EMAIL, token, max_age=DAY, now=ISSUED + age)


@pytest.mark.parametrize(
    ("parts_a", "parts_b"),
    [
        ((1, "ana@example.org", "unverified"), (1, "ana@example.org", "verified")),
        ((1, "ana@example.org", 0), (1, "ana@example.org", 1)),  # security stamp bumped
        ((1, "ana@example.org", 0), (2, "ana@example.org", 0)),
        ((1, "new@example.org", 0), (1, "other@example.org", 0)),
        ((1, "ab", "c"), (1, "a", "bc")),  # parts are separated, not just concatenated
    ],
)
def test_fingerprint_changes_with_state(parts_a, parts_b):
    assert fingerprint(*parts_a) != fingerprint(*parts_b)
    assert fingerprint(*parts_a) == fingerprint(*parts_a)


def test_changed_fingerprint_means_used():
    current = fingerprint(1, "ana@example.org", 0)
    check_fingerprint(Purpose.RESET_PASSWORD, {"f": current}, current)
    with pytest.raises(TokenUsed) as info:
        check_fingerprint(Purpose.RESET_PASSWORD, {"f": current}, fingerprint(1, "ana", 1))
    assert info.value.reason == "used"
    assert info.value.purpose is Purpose.RESET_PASSWORD
