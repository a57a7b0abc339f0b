"""Pure rules about accounts: identity of e-mail addresses, passwords."""

from __future__ import annotations

import enum
import unicodedata


def email_key(address: str) -> str:
    """The identity of an e-mail address: NFKC-normalised, case-folded, trimmed.

    ``Ana@Example.org``, ``ana@EXAMPLE.ORG`` and a decomposed-Unicode spelling of the same
    address all give one key, so they can never make two accounts.
    """
    return unicodedata.normalize("NFKC", address.strip()).casefold()


PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128


class PasswordProblem(enum.StrEnum):
    """Why a new password is refused."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    SAME_AS_EMAIL = "same_as_email"


def password_problem(password: str, email: str) -> PasswordProblem | None:
    """What is wrong with ``password`` as a new password for ``email``, or ``None``."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > PASSWORD_MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if email and email_key(password) == email_key(email):
        return PasswordProblem.SAME_AS_EMAIL
    return None
