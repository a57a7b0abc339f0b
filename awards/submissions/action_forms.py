"""The small forms of the team and withdrawal pages: invite, confirm, withdraw."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, Optional

from awards.accounts.email_address import EmailAddress


class InviteForm(FlaskForm):
    """Invite a co-submitter by e-mail."""

    email = StringField(
        _l("E-mail address of the person to invite"),
        [
            DataRequired(_l("Enter an e-mail address")),
            Length(max=254),
            EmailAddress(_l("Enter an e-mail address like name@example.org")),
        ],
    )


class ConfirmForm(FlaskForm):
    """A bare POST form (CSRF token only) for confirmations."""


class VersionForm(FlaskForm):
    """Withdrawal sends the version it was shown, so it never withdraws a changed entry."""

    version = IntegerField(validators=[Optional()])
