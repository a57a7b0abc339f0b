"""Forms of the Expert Group's pages: expert profiles, conflicts, assignment settings and runs.

Choices that depend on the edition (its categories, its jury) or the request's language (the
countries) are filled in by ``for_edition`` builders; every form is checked on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, IntegerField, RadioField, SelectField, StringField
from wtforms import TextAreaField as TextArea
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from awards.accounts.forms import ORGANISATION_MAX, MaxLength
from awards.accounts.models import User
from awards.choices import as_choices
from awards.contest.forms import MultiCheckboxField
from awards.contest.models import Edition
from awards.geography import country_names
from awards.review.conflict_services import NOTE_MAX
from awards.review.review_settings import MAX_PER_ENTRY
from awards.submissions.labels import GENDER_CHOICES

#: The largest seed the solver's tie-break takes (any 31-bit number).
SEED_MAX = 2**31 - 1
CAP_MAX = 10_000


def _country_choices(keep: str | None) -> list[Any]:
    locale = str(get_locale() or "en")
    return as_choices([("", str(_l("Not stated"))), *country_names(locale, keep=keep)])


def _category_choices(edition: Edition) -> list[Any]:
    return as_choices((c.id, f"{c.number}. {c.display_name}") for c in edition.categories)


def _expert_choices(experts: Iterable[User]) -> list[Any]:
    return as_choices([("", str(_l("Choose an expert"))), *((str(u.id), u.name) for u in experts)])


def _organisation_field(label: Any) -> StringField:
    return StringField(
        label,
        validators=[
            Optional(),
            MaxLength(
                max=ORGANISATION_MAX, message=_l("Organisation must be 200 characters or fewer")
            ),
        ],
    )


def _stripped(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _note_field(label: Any, hint: Any = None) -> TextArea:
    return TextArea(
        label,
        description=hint,
        filters=[_stripped],
        validators=[
            DataRequired(_l("Say why: a reason is required.")),
            MaxLength(max=NOTE_MAX, message=_l("Keep the reason under 1,000 characters.")),
        ],
    )


class _ProfileFields(FlaskForm):
    organisation = _organisation_field(_l("Organisation"))
    country = SelectField(_l("Country"), choices=[], validators=[Optional()])
    categories = MultiCheckboxField(_l("Categories of expertise"), coerce=int, choices=[])

    @classmethod
    def for_edition(cls, edition: Edition, keep_country: str | None, **kwargs: Any) -> Any:
        form = cls(**kwargs)
        form.country.choices = _country_choices(keep_country)
        form.categories.choices = _category_choices(edition)
        return form


class ExpertProfileForm(_ProfileFields):
    """An organiser's view of an expert's profile (the gender is the expert's own to give)."""

    review_cap = IntegerField(
        _l("Most reviews (optional)"),
        description=_l("Leave empty for no cap. The assignment never gives this expert more."),
        validators=[
            Optional(),
            NumberRange(min=0, max=CAP_MAX, message=_l("Enter a whole number from 0 to 10,000.")),
        ],
    )


class OwnProfileForm(_ProfileFields):
    """The expert's own profile: affiliation, expertise and, if they wish, their gender."""

    gender = RadioField(
        _l("Gender (optional)"),
        choices=as_choices(GENDER_CHOICES),
        default="",
        validators=[Optional()],
    )


class AddConflictForm(FlaskForm):
    """An organiser's ruling that an expert may not review an entry."""

    expert = SelectField(
        _l("Expert"), choices=[], validators=[InputRequired(_l("Choose an expert."))]
    )
    entry = IntegerField(
        _l("Entry number"),
        validators=[
            InputRequired(_l("Enter the entry's number.")),
            NumberRange(min=1, message=_l("Enter the entry's number.")),
        ],
    )
    note = _note_field(_l("Reason"), _l("The expert and the other organisers see this reason."))

    @classmethod
    def for_experts(cls, experts: Iterable[User], **kwargs: Any) -> AddConflictForm:
        form = cls(**kwargs)
        form.expert.choices = _expert_choices(experts)
        return form


class LiftConflictForm(FlaskForm):
    """Why a conflict of interest no longer holds."""

    note = _note_field(_l("Why the conflict no longer holds"))


class ReviewSettingsForm(FlaskForm):
    """How the edition's entries are reviewed."""

    reviews_per_entry = IntegerField(
        _l("Reviews per entry"),
        description=_l("How many experts review each eligible entry."),
        validators=[
            InputRequired(_l("Enter how many reviews each entry needs.")),
            NumberRange(
                min=1,
                max=MAX_PER_ENTRY,
                message=_l("Each entry needs from 1 to %(max)s reviews.", max=MAX_PER_ENTRY),
            ),
        ],
    )
    blind = BooleanField(
        _l("Blind review"),
        description=_l("Experts do not see who submitted an entry."),
    )
    same_country_conflicts = BooleanField(
        _l("Same-country conflicts"),
        description=_l(
            "An expert is conflicted with every entry from their own country (found when "
            "conflicts are next detected)."
        ),
    )


def _seed_field() -> IntegerField:
    return IntegerField(
        _l("Seed"),
        default=0,
        description=_l("Any number: the same seed and data always give the same assignment."),
        validators=[
            InputRequired(_l("Enter a seed, for example 0.")),
            NumberRange(min=0, max=SEED_MAX, message=_l("Enter a whole number of 0 or more.")),
        ],
    )


class PreviewForm(Form):
    """The preview's seed, read from the query string (it changes nothing: no CSRF)."""

    seed = _seed_field()


class RunForm(FlaskForm):
    """Store the assignment made with a seed."""

    seed = _seed_field()


class AddAssignmentForm(FlaskForm):
    """Give one expert one entry to review, by hand."""

    expert = SelectField(
        _l("Expert"), choices=[], validators=[InputRequired(_l("Choose an expert."))]
    )
    entry = IntegerField(
        _l("Entry number"),
        validators=[
            InputRequired(_l("Enter the entry's number.")),
            NumberRange(min=1, message=_l("Enter the entry's number.")),
        ],
    )

    @classmethod
    def for_experts(cls, experts: Iterable[User], **kwargs: Any) -> AddAssignmentForm:
        form = cls(**kwargs)
        form.expert.choices = _expert_choices(experts)
        return form
