"""When an expert may save a review, and what a save does to it (pure: ``now`` passed in).

Round 1 (nomination) reviews may be saved from the moment they are assigned until
``nomination_closes``; round 2 (final selection) reviews while the selection window is open,
``selection_opens <= now < selection_closes``. Windows are half-open like every phase: a
23:00 deadline accepts 22:59:59 and refuses 23:00:00. Outside its window a review is
read-only. A submitted review may be revised while the window is open; it stays submitted,
so every revision must be complete.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from awards.contest.rules import Schedule

#: The rounds of review (the same numbers as ``review.models.NOMINATION_ROUND`` and
#: ``SELECTION_ROUND``): 1 nominates, 2 selects the winners among the Champions.
NOMINATION = 1
SELECTION = 2
ROUNDS = (NOMINATION, SELECTION)


class Refusal(enum.StrEnum):
    """Why a review cannot be saved at an instant."""

    NOT_YET = "not_yet"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    """When a round's reviews may be saved: ``[opens, closes)``; no ``opens``: from the start."""

    round: int
    opens: datetime | None
    closes: datetime

    def refusal(self, now: datetime) -> Refusal | None:
        """Why a save at ``now`` is refused, or None when it is allowed."""
        if now.tzinfo is None:
            raise ValueError("now must be aware")
        if self.opens is not None and now < self.opens:
            return Refusal.NOT_YET
        if now >= self.closes:
            return Refusal.CLOSED
        return None

    def is_open(self, now: datetime) -> bool:
        return self.refusal(now) is None


def window(schedule: Schedule, round_: int) -> Window:
    """The window in which reviews of ``round_`` may be saved."""
    if round_ == NOMINATION:
        return Window(NOMINATION, None, schedule.nomination_closes)
    if round_ == SELECTION:
        return Window(SELECTION, schedule.selection_opens, schedule.selection_closes)
    raise ValueError(f"no review round {round_!r}")


def may_save(schedule: Schedule, round_: int, now: datetime) -> bool:
    """Whether a review of ``round_`` may be saved (drafted, submitted, revised) at ``now``."""
    return window(schedule, round_).is_open(now)


def default_round(schedule: Schedule, now: datetime) -> int:
    """The round an expert's queue shows first: the selection from its opening on."""
    return SELECTION if now >= schedule.selection_opens else NOMINATION


def stays_submitted(submitted: bool, submit: bool) -> bool:
    """Whether a save leaves the review submitted: a submission, or any save of a review
    already submitted (a revision never takes a review back to draft)."""
    return submit or submitted
