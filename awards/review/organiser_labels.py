"""Labels of the Expert Group's stored values, as the organisers' pages print them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from awards.review.conflicts import ConflictReason
from awards.review.models import AssignmentState, ConflictSource

CONFLICT_REASON_LABELS: dict[str, Any] = {
    ConflictReason.TEAM: _l("On the entry's team"),
    ConflictReason.ORGANISATION: _l("Same organisation"),
    ConflictReason.EMAIL_DOMAIN: _l("Same e-mail domain"),
    ConflictReason.COUNTRY: _l("Same country"),
    ConflictReason.DECLARED: _l("Declared by the expert"),
    ConflictReason.ORGANISER: _l("Set by an organiser"),
}

CONFLICT_SOURCE_LABELS: dict[str, Any] = {
    ConflictSource.AUTOMATIC: _l("Found automatically"),
    ConflictSource.DECLARED: _l("The expert"),
    ConflictSource.ORGANISER: _l("An organiser"),
}

ASSIGNMENT_STATE_LABELS: dict[str, Any] = {
    AssignmentState.ASSIGNED: _l("Not started"),
    AssignmentState.DRAFT: _l("Started"),
    AssignmentState.SUBMITTED: _l("Submitted"),
    AssignmentState.WITHDRAWN: _l("Withdrawn"),
}


def conflict_note(source: str, note: str | None) -> str:
    """An automatic conflict's note lists its reasons as codes: read them as words."""
    if source != ConflictSource.AUTOMATIC or not note:
        return note or ""
    words = [CONFLICT_REASON_LABELS.get(code.strip()) for code in note.split(",")]
    return ", ".join(str(w) for w in words if w is not None) or note
