"""The entry form and its small companions: shape of the input and its messages.

The form only checks the *shape* of what is typed (lengths, URL and e-mail shape, dates, known
choices), so a draft can be saved incomplete at any time. Whether the entry is complete enough
to submit is :func:`awards.submissions.rules.completeness_problems`, run by the service.

Data goes one way: :meth:`EntryForm.for_entry` / :meth:`EntryForm.for_edition` build the form,
:meth:`EntryForm.to_input` hands the service one :class:`~awards.submissions.editing.EntryEdit`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
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
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from awards.choices import as_choices
from awards.contest.models import Category, Edition
from awards.contest.timefmt import format_day
from awards.geography import country_names
from awards.i18n import current_locale
from awards.query_args import bounded_int
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions.editing import EntryEdit
from awards.submissions.entry_fields import snapshot
from awards.submissions.entry_images import ImageEdits, Upload
from awards.submissions.input_checks import completed_url, is_valid_email, is_valid_url
from awards.submissions.inputs import (
    MAX_CONTACTS,
    SCALAR_FIELDS,
    SDGS,
    TEXT_ANSWERS,
    Contact,
    EntryInput,
    Problem,
)
from awards.submissions.labels import (
    GENDER_CHOICES,
    IMAGE_KIND_LABELS,
    PROJECT_STATUS_LABELS,
    SDG_NAMES,
)
from awards.submissions.models import Entry, ImageKind, ProjectStatus

#: The example day of the start date's hint, written the page's way (the browser's date field
#: shows its own format, so the hint gives a day, never a pattern such as 2019-03-27).
START_DATE_EXAMPLE = date(2019, 3, 27)
TEXT_MAX = 20_000
DESCRIPTION_MAX_CHARS = 5_000


def _url_shape(form: Form, field: Field) -> None:
    if field.data and field.data.strip() and not is_valid_url(field.data.strip()):
        raise ValidationError(_l("Enter a web address starting with https:// or http://"))


def _email_shape(form: Form, field: Field) -> None:
    if field.data and field.data.strip() and not is_valid_email(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address like name@example.org"))


def start_date_hint(locale: str) -> str:
    """ "For example 27 March 2019", in ``locale``'s long way of writing a day."""
    return _("For example %(day)s", day=format_day(START_DATE_EXAMPLE, locale))


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
        choices=as_choices(GENDER_CHOICES),
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
    category = RadioField(_l("Category"), coerce=int, validators=[InputRequired()])
    website = StringField(
        _l("Project website"),
        [Length(max=500), _url_shape],
        description=_l("For example https://example.org/project"),
    )
    start_date = DateField(
        _l("Start date of the project"),
        [Optional()],
        description=LazyString(lambda: start_date_hint(current_locale())),
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
        choices=as_choices((k.value, label) for k, label in IMAGE_KIND_LABELS.items()),
        default=ImageKind.PHOTO.value,
    )
    new_image_alt = StringField(
        _l("Text alternative of the new image"),
        [Length(max=300)],
        description=_l("Describe the image for people who cannot see it."),
    )
    declared_previous_winner = BooleanField(_l("This project has won a WSIS Prize before"))

    @classmethod
    def for_edition(
        cls, edition: Edition, locale: str, data: dict[str, Any] | None = None
    ) -> EntryForm:
        """The form for ``edition``: from ``data`` when given (never the request), else from the
        request when posted."""
        form = cls(formdata=None, data=data) if data is not None else cls()
        return form.setup(edition.categories, locale)

    @classmethod
    def for_entry(cls, entry: Entry, locale: str) -> EntryForm:
        """The form filled with what is stored in ``entry``."""
        return cls.for_edition(entry.edition, locale, form_data(entry))

    def process(
        self, formdata: Any = None, obj: Any = None, data: Any = None, **kwargs: Any
    ) -> None:
        formdata = self.meta.wrap_formdata(self, formdata)
        #: Whether the "Submit the entry" button was pressed (not "Save draft").
        self.submit_pressed = formdata is not None and "submit" in formdata
        super().process(formdata, obj, data=data, **kwargs)
        #: Whether ``https://`` was added to a bare domain typed as the website.
        self.website_completed = False
        completed = completed_url(self.website.data) if formdata is not None else None
        if completed:
            self.website.data, self.website_completed = completed, True

    def setup(self, categories: Sequence[Category], locale: str) -> EntryForm:
        """Fill the choices that depend on the edition and the viewer's language."""
        self.category.choices = as_choices(
            (c.id, f"{c.number}. {c.display_name}") for c in categories
        )
        stakeholders = [(k.value, label) for k, label in STAKEHOLDER_LABELS.items()]
        self.stakeholder_type.choices = as_choices(
            [("", _l("Choose a stakeholder type")), *stakeholders]
        )
        countries = [("", _l("Choose a country")), *country_names(locale)]
        self.country.choices = as_choices(countries)
        self.project_status.choices = as_choices(
            (k.value, label) for k, label in PROJECT_STATUS_LABELS.items()
        )
        return self

    def chosen_category(self, edition: Edition) -> Category | None:
        """The category picked in the form, among ``edition``'s."""
        return next((c for c in edition.categories if c.id == self.category.data), None)

    def validate_start_date(self, field: Field) -> None:
        if field.process_errors:
            field.errors[:] = []
            raise StopValidation(_l("Enter a real date, like 2019-03-27"))

    def validate_project_status(self, field: Field) -> None:
        if field.data and field.data not in {s.value for s in ProjectStatus}:
            raise ValidationError(_l("Choose one of the options"))

    def sdg_field(self, sdg: int) -> tuple[Field, Field]:
        """The checkbox and the answer of ``sdg``."""
        return self[f"sdg_{sdg}"], self[f"sdg_{sdg}_answer"]

    def to_input(self) -> EntryEdit:
        """What was typed and which button was pressed, as plain data for the service."""
        return EntryEdit(
            data=self.typed(),
            submit=getattr(self, "submit_pressed", False),
            seen_version=_int(self.version.data),
            creation_token=self.creation_token.data or None,
            image_edits=self.image_edits(),
            upload=self.upload(),
        )

    def typed(self) -> EntryInput:
        """What was typed into the fields, as :class:`EntryInput`."""
        contacts = tuple(
            Contact(
                name=(c.form.name.data or "").strip(),
                email=(c.form.email.data or "").strip(),
                job_title=(c.form.job_title.data or "").strip(),
                gender=c.form.gender.data or None,
            )
            for c in self.contacts
        )
        sdgs = tuple((n, self[f"sdg_{n}_answer"].data or "") for n in SDGS if self[f"sdg_{n}"].data)
        kept = [i.form for i in self.images if not i.form.remove.data]
        alts = [(f.alt_text.data or "").strip() for f in kept]
        self._alt_field_ids = [f.alt_text.id for f in kept]
        if self.new_image.data:
            alts.append((self.new_image_alt.data or "").strip())
            self._alt_field_ids.append(self.new_image_alt.id)
        scalars = {name: self._scalar(name) for name in SCALAR_FIELDS}
        return EntryInput(**scalars, contacts=contacts, sdgs=sdgs, image_alts=tuple(alts))

    def _scalar(self, name: str) -> Any:
        if name == "category_id":
            return self.category.data
        value = self[name].data
        if name in TEXT_ANSWERS:
            return value or ""
        if name == "declared_previous_winner":
            return bool(value)
        if isinstance(value, str) or value is None:
            stripped = (value or "").strip()
            keeps_empty = EntryInput.__dataclass_fields__[name].default == ""
            return stripped if keeps_empty else stripped or None
        return value

    def upload(self) -> Upload | None:
        """The new image, if a file was chosen."""
        file = self.new_image.data
        if not file or not getattr(file, "filename", None):
            return None
        return Upload(file.stream, self.new_image_kind.data, self.new_image_alt.data or "")

    def image_edits(self) -> ImageEdits:
        """Image id -> (alt text, remove?) for the images already stored."""
        edits: ImageEdits = {}
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


for _n in SDGS:
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


def form_data(entry: Entry) -> dict[str, Any]:
    """The form's data for the stored ``entry`` (the same fields as its snapshot)."""
    snap = snapshot(entry)
    data: dict[str, Any] = {
        name: getattr(snap, name) for name in SCALAR_FIELDS if name != "category_id"
    }
    data["category"] = snap.category_id
    data["version"] = entry.version
    data["contacts"] = [
        {"name": c.name, "email": c.email, "job_title": c.job_title, "gender": c.gender or ""}
        for c in snap.contacts
    ]
    for sdg, answer in snap.sdgs:
        data[f"sdg_{sdg}"], data[f"sdg_{sdg}_answer"] = True, answer
    data["images"] = [{"image_id": i.id, "alt_text": i.alt_text} for i in entry.images]
    return data


def _int(value: Any) -> int | None:
    return bounded_int(value, low=0)


def new_creation_token() -> str:
    """A random token that makes a double-clicked first save create one entry only."""
    return secrets.token_urlsafe(24)
