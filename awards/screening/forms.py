"""Forms of the organisers' entry pages: screening (one or many), moving, duplicates."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from awards.choices import as_choices
from awards.screening.rules import (
    NOTE_MAX_LENGTH,
    REASON_LABELS,
    SCREENING_LABELS,
    IneligibleReason,
)
from awards.submissions.models import Screening


def _reason_choices() -> list[SelectChoice]:
    pairs = [(r.value, REASON_LABELS[r]) for r in IneligibleReason]
    return as_choices([("", _l("Choose a reason")), *pairs])


class ScreeningForm(FlaskForm):
    """An eligibility decision, with a reason from the rules when the entry is not eligible."""

    decision = RadioField(
        _l("Decision"),
        choices=as_choices(
            [
                (Screening.ELIGIBLE.value, SCREENING_LABELS[Screening.ELIGIBLE]),
                (Screening.INELIGIBLE.value, SCREENING_LABELS[Screening.INELIGIBLE]),
                (Screening.PENDING.value, _l("Undo: not screened yet")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    reason = SelectField(
        _l("Reason the entry is not eligible"),
        choices=_reason_choices(),
        validators=[Optional()],
        description=_l("Only for an entry that is not eligible."),
    )
    note = TextAreaField(
        _l("Note to the team"),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH)],
        description=_l(
            "Sent to the entry's team with the decision. Required when the reason is “Other”."
        ),
    )
    next = HiddenField()

    def validate(self, extra_validators: Any = None) -> bool:
        """The field checks, then the reason rules (which need several fields at once)."""
        valid = super().validate(extra_validators)
        if self.decision.data == Screening.INELIGIBLE and not self.reason.data:
            self.reason.errors.append(_l("Choose the reason why the entry is not eligible."))
            valid = False
        if self.decision.data != Screening.INELIGIBLE and self.reason.data:
            self.reason.errors.append(
                _l("A reason is only given for an entry that is not eligible.")
            )
            valid = False
        if (
            self.decision.data == Screening.INELIGIBLE
            and self.reason.data == IneligibleReason.OTHER
            and not (self.note.data or "").strip()
        ):
            self.note.errors.append(_l("Explain the reason in the note when you choose “Other”."))
            valid = False
        return valid


class BulkScreeningForm(ScreeningForm):
    """The same decision for every ticked entry of the list."""

    entry_ids = SelectMultipleField(
        _l("Entries"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Tick at least one entry."))],
    )


class MoveCategoryForm(FlaskForm):
    """Move an entry to another category of its edition (before nomination only)."""

    category = SelectField(
        _l("New category"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a category."))],
    )


class DistinctPairForm(FlaskForm):
    """Two suspected duplicates that are in fact different projects."""

    first = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    second = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class WithdrawDuplicateForm(FlaskForm):
    """Withdraw one entry of a suspected duplicate pair, keeping the other."""

    withdraw = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    keep = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
