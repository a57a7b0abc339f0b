"""The entry form and its small companions: shape of the input and its messages.

The form only checks the *shape* of what is typed (lengths, URL and e-mail shape, dates, known
choices), so a draft can be saved incomplete at any time. Whether the entry is complete enough
to submit is :func:`awards.submissions.rules.completeness_problems`, run by the service.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from awards.accounts.email_address import EmailAddress
from awards.contest.models import Category
from awards.geography import country_names
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions.models import ImageKind, ProjectStatus
from awards.submissions.rules import (
    MAX_CONTACTS,
    TEXT_ANSWERS,
    Contact,
    EntryInput,
    Problem,
    is_valid_email,
    is_valid_url,
)

#: The 17 Sustainable Development Goals (short names).
SDG_NAMES: dict[int, Any] = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}

GENDER_CHOICES = [
    ("", _l("Not answered")),
    ("female", _l("Female")),
    ("male", _l("Male")),
    ("other", _l("Another gender")),
    ("undisclosed", _l("Prefer not to say")),
]
PROJECT_STATUS_LABELS = {
    ProjectStatus.COMPLETED: _l("Completed"),
    ProjectStatus.MAJOR_PHASE_ENDED: _l("At the end of a major phase"),
}
#: Labels of :class:`awards.submissions.rules.DisplayStatus` values.
DISPLAY_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "withdrawn": _l("Withdrawn"),
    "eligible": _l("Eligible"),
    "ineligible": _l("Not eligible"),
    "nominated": _l("Nominated"),
    "champion": _l("Champion"),
    "winner": _l("Winner"),
}
IMAGE_KIND_LABELS = {ImageKind.LOGO: _l("Logo"), ImageKind.PHOTO: _l("Photo")}

TEXT_MAX = 20_000
DESCRIPTION_MAX_CHARS = 5_000


def _url_shape(form: Form, field: Field) -> None:
    if field.data and field.data.strip() and not is_valid_url(field.data.strip()):
        raise ValidationError(_l("Enter a web address starting with https:// or http://"))


def _email_shape(form: Form, field: Field) -> None:
    if field.data and field.data.strip() and not is_valid_email(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address like name@example.org"))


def _text(label: Any, max_chars: int = TEXT_MAX, **kwargs: Any) -> TextAreaField:
    message = _l("Keep this under %(n)d characters", n=max_chars)
    return TextAreaField(label, [Length(max=max_chars, message=message)], **kwargs)


class ContactForm(Form):
    """One contact person (a fixed slot of the entry form)."""

    name = StringField(_l("Full name"), [Length(max=120)])
    email = StringField(_l("E-mail address"), [Length(max=254), _email_shape])
    job_title = StringField(_l("Job title (optional)"), [Length(max=120)])
    gender = SelectField(
        _l("Gender (optional)"),
        choices=GENDER_CHOICES,
        default="",
        description=_l("Only used, anonymously, to report the gender balance of all entries."),
    )


class ImageAltForm(Form):
    """The alt text of an image already uploaded, and whether to remove it."""

    image_id = HiddenField()
    alt_text = StringField(_l("Text alternative"), [Length(max=300)])
    remove = BooleanField(_l("Remove this image"))


class EntryForm(FlaskForm):
    """The whole entry: project, entity, contacts, description, SDG linkages, answers, images."""

    version = HiddenField()
    creation_token = HiddenField()
    title = StringField(_l("Project title"), [Length(max=200)])
    category = SelectField(_l("Category"), coerce=int, validators=[InputRequired()])
    website = StringField(
        _l("Project website"),
        [Length(max=500), _url_shape],
        description=_l("For example https://example.org/project"),
    )
    start_date = DateField(
        _l("Start date of the project"),
        [Optional()],
        description=_l("For example 2019-03-27"),
    )
    project_status = RadioField(_l("Status of the project"), validate_choice=False)
    entity_name = StringField(
        _l("Entity name"),
        [Length(max=200)],
        description=_l("The organisation that submits the project."),
    )
    stakeholder_type = SelectField(_l("Stakeholder type"), default="")
    country = SelectField(_l("Country"), default="")
    contacts = FieldList(FormField(ContactForm), min_entries=MAX_CONTACTS, max_entries=MAX_CONTACTS)
    description = _text(_l("Short description"), DESCRIPTION_MAX_CHARS)
    impact_economic = _text(_l("Economic impact"))
    impact_social = _text(_l("Social impact"))
    impact_environmental = _text(_l("Environmental impact"))
    partnerships = _text(_l("Partnerships"))
    challenges = _text(_l("Challenges and future perspectives"))
    images = FieldList(FormField(ImageAltForm), min_entries=0, max_entries=20)
    new_image = FileField(
        _l("Add an image (optional)"),
        description=_l("A JPEG, PNG or WebP file, up to 5 MB: the logo or a photo."),
    )
    new_image_kind = SelectField(
        _l("What the image shows"),
        choices=[(k.value, label) for k, label in IMAGE_KIND_LABELS.items()],
        default=ImageKind.PHOTO.value,
    )
    new_image_alt = StringField(
        _l("Text alternative of the new image"),
        [Length(max=300)],
        description=_l("Describe the image for people who cannot see it."),
    )
    declared_previous_winner = BooleanField(_l("This project has won a WSIS Prize before"))

    def setup(self, categories: Sequence[Category], locale: str) -> EntryForm:
        """Fill the choices that depend on the edition and the viewer's language."""
        self.category.choices = [(c.id, f"{c.number}. {c.display_name}") for c in categories]
        self.stakeholder_type.choices = [("", _l("Choose a stakeholder type"))] + [
            (k.value, label) for k, label in STAKEHOLDER_LABELS.items()
        ]
        self.country.choices = [("", _l("Choose a country"))] + list(country_names(locale))
        self.project_status.choices = [(k.value, lbl) for k, lbl in PROJECT_STATUS_LABELS.items()]
        return self

    def validate_project_status(self, field: Field) -> None:
        if field.data and field.data not in {s.value for s in ProjectStatus}:
            raise ValidationError(_l("Choose one of the options"))

    def sdg_field(self, sdg: int) -> tuple[Field, Field]:
        """The checkbox and the answer of ``sdg``."""
        return self[f"sdg_{sdg}"], self[f"sdg_{sdg}_answer"]

    def to_input(self) -> EntryInput:
        """What was typed, as plain data for the rules and the service."""
        contacts = tuple(
            Contact(
                name=(c.form.name.data or "").strip(),
                email=(c.form.email.data or "").strip(),
                job_title=(c.form.job_title.data or "").strip(),
                gender=c.form.gender.data or None,
            )
            for c in self.contacts
        )
        sdgs = tuple(
            (n, self[f"sdg_{n}_answer"].data or "") for n in range(1, 18) if self[f"sdg_{n}"].data
        )
        kept = [i.form for i in self.images if not i.form.remove.data]
        alts = [(f.alt_text.data or "").strip() for f in kept]
        self._alt_field_ids = [f.alt_text.id for f in kept]
        if self.new_image.data:
            alts.append((self.new_image_alt.data or "").strip())
            self._alt_field_ids.append(self.new_image_alt.id)
        return EntryInput(
            title=(self.title.data or "").strip(),
            category_id=self.category.data,
            entity_name=(self.entity_name.data or "").strip(),
            stakeholder_type=self.stakeholder_type.data or None,
            country=self.country.data or None,
            website=(self.website.data or "").strip(),
            start_date=self.start_date.data,
            project_status=self.project_status.data or None,
            description=self.description.data or "",
            impact_economic=self.impact_economic.data or "",
            impact_social=self.impact_social.data or "",
            impact_environmental=self.impact_environmental.data or "",
            partnerships=self.partnerships.data or "",
            challenges=self.challenges.data or "",
            declared_previous_winner=bool(self.declared_previous_winner.data),
            contacts=contacts,
            sdgs=sdgs,
            image_alts=tuple(alts),
        )

    def image_edits(self) -> dict[int, tuple[str, bool]]:
        """Image id -> (alt text, remove?) for the images already stored."""
        edits: dict[int, tuple[str, bool]] = {}
        for item in self.images:
            if str(item.form.image_id.data or "").isdigit():
                edits[int(item.form.image_id.data)] = (
                    (item.form.alt_text.data or "").strip(),
                    bool(item.form.remove.data),
                )
        return edits

    def attach(self, problems: Sequence[Problem]) -> None:
        """Show the rules' problems at the fields they concern."""
        by_id = dict(iter_fields(self))
        alt_ids = getattr(self, "_alt_field_ids", [])
        for problem in problems:
            field_id = problem.field
            if field_id.startswith("images-") and field_id.split("-")[1].isdigit():
                index = int(field_id.split("-")[1])
                field_id = alt_ids[index] if index < len(alt_ids) else field_id
            target = by_id.get(field_id)
            if target is None:
                self.sdg_errors.append(problem.message)
                continue
            if not isinstance(target.errors, list):
                target.errors = list(target.errors)
            target.errors.append(problem.message)

    @property
    def sdg_errors(self) -> list[Any]:
        if not hasattr(self, "_sdg_errors"):
            self._sdg_errors: list[Any] = []
        return self._sdg_errors

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) of every error in page order, for the error summary."""
        main: list[tuple[str, str]] = []
        sdgs: list[tuple[str, str]] = [("sdgs", str(m)) for m in self.sdg_errors]
        for field_id, field in iter_fields(self):
            bucket = sdgs if field_id.startswith("sdg_") else main
            bucket += [(field_id, str(m)) for m in field.errors]
        at = next((i + 1 for i, (f, _) in enumerate(main) if f == "description"), None)
        if at is None:
            at = next((i for i, (f, _) in enumerate(main) if f in PAGE_AFTER_SDGS), len(main))
        return main[:at] + sdgs + main[at:]


#: Fields shown after the SDG linkages on the page (to order the error summary).
PAGE_AFTER_SDGS = frozenset(
    {
        *TEXT_ANSWERS[1:],
        "declared_previous_winner",
        "images-0-alt_text",
        "new_image",
        "new_image_kind",
        "new_image_alt",
    }
)


for _n in range(1, 18):
    setattr(
        EntryForm, f"sdg_{_n}", BooleanField(_l("SDG %(n)d: %(name)s", n=_n, name=SDG_NAMES[_n]))
    )
    setattr(
        EntryForm,
        f"sdg_{_n}_answer",
        _text(_l("How does the project advance SDG %(n)d?", n=_n)),
    )


def iter_fields(form: Form) -> Iterator[tuple[str, Field]]:
    """Every leaf field of ``form`` with its HTML id, in form order (sub-forms flattened)."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                yield from iter_fields(entry.form)
        elif isinstance(field, FormField):
            yield from iter_fields(field.form)
        else:
            yield field.id, field


def new_creation_token() -> str:
    """A random token that makes a double-clicked first save create one entry only."""
    return secrets.token_urlsafe(24)


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
