"""What a submitter types, as plain data, and the one declaration of the entry's fields.

:class:`EntryInput` is the single list of the entry's own fields: the snapshot of a stored
entry, the form's data, the save and the comparison of two versions are all derived from
``dataclasses.fields(EntryInput)`` through :data:`SCALAR_FIELDS`, so a new field is declared
once here (and as a column and a form field). The organisers' exports may import it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

#: How many contact slots the form offers.
MAX_CONTACTS = 3
#: Most images an entry may carry (one logo and photos).
MAX_IMAGES = 6
#: Minimum words of the answer that explains each linked SDG.
SDG_ANSWER_MIN_WORDS = 20
#: The Sustainable Development Goals, by number.
SDGS = range(1, 18)


@dataclass(frozen=True)
class Contact:
    """A contact person as typed."""

    name: str = ""
    email: str = ""
    job_title: str = ""
    gender: str | None = None


@dataclass(frozen=True)
class EntryInput:
    """Everything a submitter can type into the entry form (images apart from alt texts)."""

    title: str = ""
    category_id: int | None = None
    entity_name: str = ""
    stakeholder_type: str | None = None
    country: str | None = None
    website: str = ""
    start_date: date | None = None
    project_status: str | None = None
    description: str = ""
    impact_economic: str = ""
    impact_social: str = ""
    impact_environmental: str = ""
    partnerships: str = ""
    challenges: str = ""
    declared_previous_winner: bool = False
    contacts: tuple[Contact, ...] = ()
    #: Linked SDGs and the answer explaining each link, ordered by SDG number.
    sdgs: tuple[tuple[int, str], ...] = ()
    #: Alt text of every image (kept or newly uploaded), in order.
    image_alts: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Limits:
    """An edition's word limits."""

    description_min: int = 150
    description_max: int = 200
    answer_min: int = 50
    sdg_answer_min: int = SDG_ANSWER_MIN_WORDS


@dataclass(frozen=True)
class Problem:
    """Something missing or wrong, tied to the form field (its HTML id) to fix."""

    field: str
    message: str | LazyString


#: The free-text answers of the form, in page order.
TEXT_ANSWERS: tuple[str, ...] = (
    "description",
    "impact_economic",
    "impact_social",
    "impact_environmental",
    "partnerships",
    "challenges",
)

LONG_ANSWERS: tuple[tuple[str, LazyString], ...] = (
    ("impact_economic", _l("Economic impact")),
    ("impact_social", _l("Social impact")),
    ("impact_environmental", _l("Environmental impact")),
    ("partnerships", _l("Partnerships")),
    ("challenges", _l("Challenges and future perspectives")),
)


#: Fields of :class:`EntryInput` that are not one value of the entry's own row.
COMPOUND_FIELDS = frozenset({"contacts", "sdgs", "image_alts"})
#: The entry's own fields (one column each, same name on the model), in form order.
SCALAR_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(EntryInput) if f.name not in COMPOUND_FIELDS
)
#: Scalar fields stored as an enum on the model (the input holds the enum's value).
ENUM_FIELDS = frozenset({"stakeholder_type", "project_status"})
