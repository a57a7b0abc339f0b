"""The organisers' nomination form: the ticked entries of a category and the reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from awards.review.nominations import REASON_MAX


class NominationForm(FlaskForm):
    """The nominees of one category (entry ids) and, where needed, the written reason."""

    entry_ids = SelectMultipleField(
        _l("Nominees"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Tick at least one entry to nominate."))],
    )
    reason = TextAreaField(
        _l("Reason for the change"),
        validators=[
            Optional(),
            Length(
                max=REASON_MAX,
                message=_l("The reason is too long (%(max)s characters at most)."),
            ),
        ],
        description=_l(
            "Required when the nominees differ from the proposal, number more than the "
            "edition's limit, or settle a tie at the boundary. Kept in the audit trail; "
            "not sent to the teams."
        ),
    )


class NotifyForm(FlaskForm):
    """Send the nomination e-mails of a category (CSRF only)."""
