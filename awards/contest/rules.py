"""Pure rules of the contest calendar: no database, no request, ``now`` passed in.

Phases are derived from an edition's dates, never stored. The windows are half-open:
a phase is open from its opening instant (included) to its closing instant (excluded), so a
deadline of 23:00 means a submission at 22:59:59 is on time and one at 23:00:00 is late.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Phase(enum.StrEnum):
    """Where an edition stands at an instant."""

    NOT_OPEN = "not_open"
    SUBMISSION = "submission"
    NOMINATION = "nomination"
    VOTING = "voting"
    SELECTION = "selection"
    #: Between two phases (e.g. nominees being prepared before voting opens).
    BETWEEN = "between"
    #: From the ceremony on: results are public.
    CEREMONY = "ceremony"
    #: The edition is archived (only when ``closes_at`` is set and passed).
    CLOSED = "closed"


#: The four working phases, each a window [opens, closes), in calendar order.
WINDOWS: tuple[tuple[Phase, str, str], ...] = (
    (Phase.SUBMISSION, "submission_opens", "submission_closes"),
    (Phase.NOMINATION, "nomination_opens", "nomination_closes"),
    (Phase.VOTING, "voting_opens", "voting_closes"),
    (Phase.SELECTION, "selection_opens", "selection_closes"),
)

#: Every instant of a schedule in the order they must come, with a human label.
MILESTONES: tuple[tuple[str, str], ...] = (
    ("submission_opens", "Submission opens"),
    ("submission_closes", "Submission deadline"),
    ("nomination_opens", "Nomination opens"),
    ("nomination_closes", "Nomination closes"),
    ("voting_opens", "Public voting opens"),
    ("voting_closes", "Public voting closes"),
    ("selection_opens", "Selection opens"),
    ("selection_closes", "Selection closes"),
    ("ceremony_at", "Prize ceremony"),
    ("closes_at", "Edition archived"),
)

PHASE_OF_FIELD: dict[str, Phase] = {
    **{opens: phase for phase, opens, _ in WINDOWS},
    **{closes: phase for phase, _, closes in WINDOWS},
    "ceremony_at": Phase.CEREMONY,
    "closes_at": Phase.CLOSED,
}


@dataclass(frozen=True)
class Schedule:
    """An edition's dates, all aware UTC. ``closes_at`` is optional."""

    submission_opens: datetime
    submission_closes: datetime
    nomination_opens: datetime
    nomination_closes: datetime
    voting_opens: datetime
    voting_closes: datetime
    selection_opens: datetime
    selection_closes: datetime
    ceremony_at: datetime
    closes_at: datetime | None = None

    def get(self, field: str) -> datetime | None:
        """Return the instant stored under ``field``."""
        return getattr(self, field)


@dataclass(frozen=True)
class ScheduleProblem:
    """Two instants of a schedule in the wrong order."""

    earlier: str
    later: str
    message: str


@dataclass(frozen=True)
class Milestone:
    """A named instant of a schedule."""

    field: str
    label: str
    at: datetime


def phase_at(schedule: Schedule, now: datetime) -> Phase:
    """Return the phase of ``schedule`` at the aware instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    if schedule.closes_at is not None and now >= schedule.closes_at:
        return Phase.CLOSED
    if now >= schedule.ceremony_at:
        return Phase.CEREMONY
    if now < schedule.submission_opens:
        return Phase.NOT_OPEN
    for phase, opens, closes in WINDOWS:
        start, end = schedule.get(opens), schedule.get(closes)
        if start is not None and end is not None and start <= now < end:
            return phase
    return Phase.BETWEEN


def is_open(schedule: Schedule, phase: Phase, now: datetime) -> bool:
    """Whether ``phase`` is the current phase of ``schedule`` at ``now``."""
    return phase_at(schedule, now) is phase


def validate_schedule(schedule: Schedule) -> list[ScheduleProblem]:
    """List every pair of consecutive instants that overlap or run backwards.

    Each phase must open before it closes; a phase may open at the very instant the previous
    one closes (phases never overlap); the ceremony comes after selection closes; the optional
    archive date comes after the ceremony. An empty list means the schedule is valid.
    """
    labels = dict(MILESTONES)
    present = [(m.field, m.at) for m in milestones(schedule)]
    problems: list[ScheduleProblem] = []
    for (f1, t1), (f2, t2) in zip(present, present[1:], strict=False):
        same_phase = PHASE_OF_FIELD[f1] is PHASE_OF_FIELD[f2]
        if t2 < t1 or (same_phase and t2 == t1):
            if same_phase:
                message = f"{labels[f1]} must come before {labels[f2]}."
            else:
                message = (
                    f"{PHASE_OF_FIELD[f1].value.replace('_', ' ').capitalize()} and "
                    f"{PHASE_OF_FIELD[f2].value.replace('_', ' ')} overlap: "
                    f"{labels[f2]} is before {labels[f1]}."
                )
            problems.append(ScheduleProblem(earlier=f1, later=f2, message=message))
    return problems


def milestones(schedule: Schedule) -> list[Milestone]:
    """All instants of the schedule, in calendar order."""
    return [
        Milestone(field, label, at)
        for field, label in MILESTONES
        if (at := schedule.get(field)) is not None
    ]


def next_milestone(schedule: Schedule, now: datetime) -> Milestone | None:
    """The first instant of the schedule strictly after ``now``, or None when all are past."""
    for milestone in milestones(schedule):
        if milestone.at > now:
            return milestone
    return None


class StepState(enum.StrEnum):
    """Where a step of the contest stands at an instant."""

    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Step:
    """One step of an edition for its visitors: a working phase, or the ceremony."""

    phase: Phase
    opens: datetime
    closes: datetime | None
    state: StepState


def steps(schedule: Schedule, now: datetime) -> list[Step]:
    """The four working phases and the ceremony in calendar order, each done, current or not.

    A phase is done from its closing instant on (windows are half-open); the ceremony is
    current from its instant on and is never done.
    """
    result = []
    for phase, opens, closes in WINDOWS:
        # The windows' dates are required fields of a Schedule: never None.
        start: datetime = getattr(schedule, opens)
        end: datetime = getattr(schedule, closes)
        state = (
            StepState.DONE
            if now >= end
            else StepState.CURRENT
            if now >= start
            else StepState.UPCOMING
        )
        result.append(Step(phase, start, end, state))
    ceremony = StepState.CURRENT if now >= schedule.ceremony_at else StepState.UPCOMING
    result.append(Step(Phase.CEREMONY, schedule.ceremony_at, None, ceremony))
    return result
