"""The one check of an e-mail address's form, for every form of the platform.

Syntax only (no DNS look-up, so the answer does not depend on the network); the text is kept
as typed. Identity of two addresses is :func:`awards.accounts.rules.email_key`.
"""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

EMAIL_MAX = 254


def is_email_address(text: str) -> bool:
    """Whether ``text`` (trimmed) is a syntactically valid address of at most 254 characters."""
    text = text.strip()
    if not text or len(text) > EMAIL_MAX:
        return False
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


class EmailAddress:
    """WTForms validator: an address in the correct format (empty input is left to others)."""

    def __init__(self, message: Any = None) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if not field.data:
            return
        if not is_email_address(field.data):
            raise ValidationError(
                self.message
                or _l("Enter an email address in the correct format, like name@example.org")
            )
