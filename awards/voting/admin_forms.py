"""Forms of the organisers' voting pages: quarantines, lifting them, the voting settings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from awards.choices import as_choices
from awards.voting.fraud_rules import ClusterKind
from awards.voting.models import QuarantineReason
from awards.voting.quarantines import NOTE_MAX, Scope

REASON_LABELS: dict[QuarantineReason, Any] = {
    QuarantineReason.SUBNET: _l("Many votes from one network"),
    QuarantineReason.USER_AGENT: _l("Many votes from one browser fingerprint"),
    QuarantineReason.SIGNUP_BURST: _l("Accounts created in a burst just before voting"),
    QuarantineReason.NOMINEE_BURST: _l("A burst of votes for one nominee"),
    QuarantineReason.OTHER: _l("Other (explained in the note)"),
}
KIND_LABELS: dict[ClusterKind, Any] = {
    ClusterKind.SUBNET: _l("One network"),
    ClusterKind.AGENT: _l("One browser fingerprint"),
    ClusterKind.SIGNUP: _l("Sign-up burst"),
    ClusterKind.BURST: _l("Burst for one nominee"),
}
_NOTE_HINT = _l("Kept in the audit trail with your name. Required.")


def _not_blank(form: Any, field: Any) -> None:
    field.data = (field.data or "").strip()
    if not field.data:
        raise ValidationError(str(_l("Say why: a reason is required.")))


def _note(label: Any) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            InputRequired(message=_l("Say why: a reason is required.")),
            _not_blank,
            Length(
                max=NOTE_MAX, message=_l("Keep the reason under %(max)s characters.", max=NOTE_MAX)
            ),
        ],
        description=_NOTE_HINT,
    )


class QuarantineForm(FlaskForm):
    """Set one vote, or one account's votes, aside."""

    reason = SelectField(
        _l("Reason"),
        choices=as_choices([(r.value, REASON_LABELS[r]) for r in QuarantineReason]),
        validators=[InputRequired(message=_l("Choose a reason."))],
    )
    note = _note(_l("Why (what you checked)"))


class ClusterForm(FlaskForm):
    """Set a whole cluster aside."""

    scope = RadioField(
        _l("Set aside"),
        choices=as_choices(
            [
                (Scope.VOTES.value, _l("These votes only")),
                (Scope.ACCOUNTS.value, _l("Every vote of the accounts that cast them")),
            ]
        ),
        default=Scope.VOTES.value,
        validators=[InputRequired(message=_l("Choose what to set aside."))],
    )
    note = _note(_l("Why (what you checked)"))


class LiftForm(FlaskForm):
    """Lift a quarantine: its votes count again."""

    lift_note = _note(_l("Why the votes count again"))


class VotingSettingsForm(FlaskForm):
    """An edition's voting settings."""

    allow_change = BooleanField(
        _l("Voters may change their vote until voting closes"),
        description=_l("WSIS practice: a vote is final. Cannot change once voting has opened."),
    )
    email_receipts = BooleanField(_l("Send each voter the receipt by e-mail too"))
    retention_days = IntegerField(
        _l("Days the full evidence is kept after voting closes"),
        validators=[
            InputRequired(message=_l("Enter a number of days.")),
            NumberRange(min=1, max=3650, message=_l("Enter a number of days from 1 to 3650.")),
        ],
        description=_l(
            "IP addresses, browsers and languages of the votes, for fraud review. Afterwards "
            "the IP address is cut to its network and the rest is removed."
        ),
    )
