"""Pure rules of the organisers' screening: no database, no request, ``now`` passed in.

Screening is the eligibility check made on *submitted* entries before the Expert Group reviews
them. It may be done from the opening of submissions until nomination closes (the Expert
Group needs the eligible set), never during voting or later. Moving an entry to another
category is allowed only before nomination opens: once experts review, and above all once the
public votes, the category of an entry is fixed (in 2019 entries moved mid-vote and voters
could not change their votes).
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l

from awards.contest.rules import Schedule
from awards.submissions.models import EntryState, Screening


class IneligibleReason(enum.StrEnum):
    """Why an entry is not eligible: one reason per rule of the WSIS Prizes call."""

    INCOMPLETE = "incomplete"
    BELOW_WORD_COUNTS = "below_word_counts"
    NOT_COMPLETED = "not_completed"
    PREVIOUS_WINNER = "previous_winner"
    DUPLICATE = "duplicate"
    NOT_RELEVANT = "not_relevant"
    NOT_IN_ENGLISH = "not_in_english"
    OTHER = "other"


REASON_LABELS = {
    IneligibleReason.INCOMPLETE: _l("Incomplete submission"),
    IneligibleReason.BELOW_WORD_COUNTS: _l("Below the minimum word counts"),
    IneligibleReason.NOT_COMPLETED: _l("Project not completed or not at the end of a major phase"),
    IneligibleReason.PREVIOUS_WINNER: _l("Previous winner of a WSIS Prize"),
    IneligibleReason.DUPLICATE: _l("Duplicate submission"),
    IneligibleReason.NOT_RELEVANT: _l("Not relevant to the chosen action line"),
    IneligibleReason.NOT_IN_ENGLISH: _l("Not in English"),
    IneligibleReason.OTHER: _l("Other (explained in the note)"),
}

SCREENING_LABELS = {
    Screening.PENDING: _l("Not screened yet"),
    Screening.ELIGIBLE: _l("Eligible"),
    Screening.INELIGIBLE: _l("Not eligible"),
}

NOTE_MAX_LENGTH = 1000


def reason_label(value: str | None) -> str:
    """The translated label of a stored reason (the raw value if it is not a known one)."""
    if not value:
        return ""
    try:
        return str(REASON_LABELS[IneligibleReason(value)])
    except ValueError:
        return value


def screening_window_open(schedule: Schedule, now: datetime) -> bool:
    """Screening is possible from the opening of submissions until nomination closes."""
    return schedule.submission_opens <= now < schedule.nomination_closes


def screening_problem(
    *,
    state: EntryState,
    current: Screening,
    current_reason: str | None,
    decision: Screening,
    reason: str | None,
    note: str | None,
    schedule: Schedule,
    now: datetime,
) -> str | None:
    """Why the decision cannot be recorded, or None when it can.

    Allowed: any change of decision on a submitted entry while the window is open (organisers
    may correct themselves, including back to "not screened yet"), and a change of reason on an
    ineligible entry. Recording the very same decision again is refused so that bulk actions do
    not mail the team twice.
    """
    if state is not EntryState.SUBMITTED:
        return str(_l("Only submitted entries can be screened."))
    if not screening_window_open(schedule, now):
        return str(_l("Screening is only possible from submission until nomination closes."))
    if decision is Screening.INELIGIBLE:
        if reason not in set(IneligibleReason):
            return str(_l("Choose the reason why the entry is not eligible."))
        if reason == IneligibleReason.OTHER and not (note or "").strip():
            return str(_l("Explain the reason in the note when you choose “Other”."))
    elif reason:
        return str(_l("A reason is only given for an entry that is not eligible."))
    if decision is current and (decision is not Screening.INELIGIBLE or reason == current_reason):
        return str(_l("The entry already has this decision."))
    return None


def move_window_open(schedule: Schedule, now: datetime) -> bool:
    """Entries may change category until nomination opens (never during voting or later)."""
    return now < schedule.nomination_opens


def move_problem(
    *,
    state: EntryState,
    same_edition: bool,
    same_category: bool,
    schedule: Schedule,
    now: datetime,
) -> str | None:
    """Why the entry cannot move to the chosen category, or None when it can.

    Only before nomination opens (the edition not open yet, submission, or the gap after the
    submission deadline); never from nomination on, so never during voting.
    """
    if state is EntryState.WITHDRAWN:
        return str(_l("A withdrawn entry cannot be moved."))
    if not same_edition:
        return str(_l("An entry can only move to a category of its own edition."))
    if same_category:
        return str(_l("The entry is already in that category."))
    if not move_window_open(schedule, now):
        return str(
            _l(
                "Entries can only change category before nomination opens. "
                "From then on, and above all during voting, the category is fixed."
            )
        )
    return None


ENTRY_STATE_LABELS = {
    EntryState.DRAFT: _l("Draft"),
    EntryState.SUBMITTED: _l("Submitted"),
    EntryState.WITHDRAWN: _l("Withdrawn"),
}

#: Labels of the organisers' "state" filter (submitters' states, then screening states).
STATE_FILTER_LABELS = {
    EntryState.DRAFT.value: _l("Draft"),
    EntryState.SUBMITTED.value: _l("Submitted (any screening)"),
    EntryState.WITHDRAWN.value: _l("Withdrawn"),
    Screening.PENDING.value: _l("Submitted, not screened yet"),
    Screening.ELIGIBLE.value: _l("Submitted, eligible"),
    Screening.INELIGIBLE.value: _l("Submitted, not eligible"),
}

GENDER_LABELS = {
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Another gender"),
    "undisclosed": _l("Prefers not to say"),
    "": _l("Not answered"),
}
