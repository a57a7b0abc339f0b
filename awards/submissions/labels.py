"""Names of the entry's codes in the viewer's language: SDGs, genders, statuses, image kinds."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from awards.submissions.models import ImageKind, ProjectStatus

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
