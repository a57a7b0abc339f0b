"""Organisers' forms over an edition: its calendar, deadlines, phases and categories.

Dates are typed as wall-clock times in the edition's zone (``datetime-local`` inputs); the
forms turn them into aware UTC instants and check the whole calendar before a service runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from awards.choices import as_choices
from awards.config import LANGUAGES
from awards.contest.banners import ALT_MAX, BannerInput
from awards.contest.models import Edition
from awards.contest.rules import validate_schedule
from awards.contest.services import (
    DEADLINE_FIELDS,
    SCHEDULE_FIELDS,
    problem_message,
    schedule_from,
)
from awards.contest.timefmt import MILESTONE_LABELS, from_local, to_local_input

_DATE_REQUIRED = _l("Enter a date and time, for example 2021-02-01 23:00.")


def _date_field(name: str, *, required: bool = True) -> DateTimeLocalField:
    validators = [InputRequired(message=_DATE_REQUIRED)] if required else [Optional()]
    return DateTimeLocalField(
        MILESTONE_LABELS[name],
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        validators=validators,
    )


class ScheduleForm(FlaskForm):
    """Every date of an edition's calendar, in the edition's zone."""

    submission_opens = _date_field("submission_opens")
    submission_closes = _date_field("submission_closes")
    nomination_opens = _date_field("nomination_opens")
    nomination_closes = _date_field("nomination_closes")
    voting_opens = _date_field("voting_opens")
    voting_closes = _date_field("voting_closes")
    selection_opens = _date_field("selection_opens")
    selection_closes = _date_field("selection_closes")
    ceremony_at = _date_field("ceremony_at")
    closes_at = _date_field("closes_at", required=False)

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    @classmethod
    def for_edition(cls, edition: Edition, **kwargs: Any) -> ScheduleForm:
        """The form, filled with the edition's dates read in its zone (unless posted)."""
        form = cls(zone=edition.timezone, **kwargs)
        if not form.is_submitted():
            for name in SCHEDULE_FIELDS:
                value = getattr(edition, name)
                form[name].data = (
                    datetime.fromisoformat(to_local_input(value, edition.timezone))
                    if value
                    else None
                )
        return form

    def date_fields(self) -> list[Any]:
        """The date inputs in calendar order."""
        return [self[name] for name in SCHEDULE_FIELDS]

    def dates(self) -> dict[str, datetime | None]:
        """The entered dates as aware UTC instants."""
        return {
            name: from_local(self[name].data, self.zone) if self[name].data else None
            for name in SCHEDULE_FIELDS
        }

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the calendar: each problem is shown on the later date's field."""
        if not super().validate(extra_validators):
            return False
        problems = validate_schedule(schedule_from(self.dates()))
        for problem in problems:
            self[problem.later].errors.append(problem_message(problem))
        return not problems


class ExtendDeadlineForm(FlaskForm):
    """Move one deadline later."""

    field = SelectField(
        _l("Deadline"),
        choices=as_choices((name, MILESTONE_LABELS[name]) for name in DEADLINE_FIELDS),
        validators=[DataRequired(message=_l("Choose the deadline to extend."))],
    )
    new_at = DateTimeLocalField(
        _l("New deadline"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        validators=[InputRequired(message=_DATE_REQUIRED)],
    )


class ClosePhaseForm(FlaskForm):
    """Confirm closing the current phase now."""

    phase = HiddenField(validators=[DataRequired()])
    confirm = BooleanField(
        _l("I understand that this phase ends now for everyone"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CategoryForm(FlaskForm):
    """A new category of an edition, with optional names in the other UN languages."""

    name = StringField(
        _l("Name in English"),
        validators=[
            DataRequired(message=_l("Enter the category's name.")),
            Length(max=200, message=_l("Use at most %(max)d characters.")),
        ],
    )
    action_line = StringField(
        _l("Action line or code"),
        description=_l("For example C7, or SR for a special recognition prize."),
        validators=[
            DataRequired(message=_l("Enter an action line or a short code.")),
            Length(max=16, message=_l("Use at most %(max)d characters.")),
        ],
    )
    number = IntegerField(
        _l("Number (optional)"),
        description=_l("Leave empty to number it after the last category."),
        validators=[
            Optional(),
            NumberRange(min=1, max=999, message=_l("Enter a number from 1 to 999.")),
        ],
    )
    suggested_sdgs = MultiCheckboxField(
        _l("Suggested SDGs"),
        choices=as_choices((str(n), str(n)) for n in range(1, 18)),
        validate_choice=True,
    )
    name_es = StringField(_l("Name in Spanish"), validators=[Optional(), Length(max=200)])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=200)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=200)])
    name_zh = StringField(_l("Name in Chinese"), validators=[Optional(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[Optional(), Length(max=200)])

    def translations(self) -> dict[str, str]:
        """Names per language code, only those filled in."""
        return {
            code: self[f"name_{code}"].data.strip()
            for code in LANGUAGES
            if f"name_{code}" in self and (self[f"name_{code}"].data or "").strip()
        }

    def translation_fields(self) -> list[Any]:
        """The per-language name inputs."""
        return [self[f"name_{code}"] for code in LANGUAGES if f"name_{code}" in self]


class BannerForm(FlaskForm):
    """The edition's logo or banner: a new image, its alt text, or its removal."""

    image = FileField(
        _l("Logo or banner image"),
        description=_l("A JPEG, PNG or WebP file, up to 5 MB, shown at the top of the home page."),
    )
    alt = StringField(
        _l("Alt text"),
        description=_l("What the image shows, for people who cannot see it."),
        validators=[
            Length(max=ALT_MAX, message=_l("Alt text must be 300 characters or fewer")),
        ],
    )
    remove = BooleanField(_l("Remove the banner"))

    @classmethod
    def for_edition(cls, edition: Edition, **kwargs: Any) -> BannerForm:
        """The form, showing the current alt text."""
        return cls(alt=edition.banner_alt or "", **kwargs)

    def to_input(self) -> BannerInput:
        upload = self.image.data
        stream = upload.stream if upload and getattr(upload, "filename", "") else None
        return BannerInput(stream=stream, alt=self.alt.data or "", remove=bool(self.remove.data))
