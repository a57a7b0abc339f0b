"""The entry form's sections and whether each is complete (pure).

Completeness comes from :func:`awards.submissions.rules.completeness_problems`, the rule the
submit check uses: a section is complete when no problem names one of its fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from awards.submissions.inputs import LONG_ANSWERS, Problem

#: (anchor id on the page, heading, pattern of the field ids it holds), in page order.
SECTIONS: tuple[tuple[str, LazyString, re.Pattern[str]], ...] = (
    (
        "section-project",
        _l("The project"),
        re.compile(r"^(title|category|website|start_date|project_status)$"),
    ),
    ("section-entity", _l("The entity"), re.compile(r"^(entity_name|stakeholder_type|country)$")),
    ("section-contacts", _l("Contact persons"), re.compile(r"^contacts-")),
    ("section-description", _l("Short description"), re.compile(r"^description$")),
    (
        "section-sdgs",
        _l("Links to the Sustainable Development Goals"),
        re.compile(r"^sdg(s$|_)"),
    ),
    (
        "section-impact",
        _l("Impact, partnerships and challenges"),
        re.compile("^(" + "|".join(name for name, _ in LONG_ANSWERS) + ")$"),
    ),
    ("section-images", _l("Images"), re.compile(r"^(images-|new_image)")),
    ("section-eligibility", _l("Eligibility"), re.compile(r"^declared_previous_winner$")),
)


@dataclass(frozen=True)
class SectionProgress:
    """One link of the section navigation."""

    anchor: str
    label: LazyString
    complete: bool
    problems: int


def section_of(field_id: str) -> str | None:
    """The anchor of the section holding ``field_id`` (None: no section)."""
    return next((anchor for anchor, _, pattern in SECTIONS if pattern.match(field_id)), None)


def progress(problems: Sequence[Problem]) -> list[SectionProgress]:
    """Every section, complete when none of ``problems`` is in it."""
    counts: dict[str | None, int] = {}
    for problem in problems:
        anchor = section_of(problem.field)
        counts[anchor] = counts.get(anchor, 0) + 1
    return [
        SectionProgress(anchor, label, counts.get(anchor, 0) == 0, counts.get(anchor, 0))
        for anchor, label, _ in SECTIONS
    ]
