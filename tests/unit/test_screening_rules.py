"""Screening and category moves: which decisions are allowed, by state, decision and phase."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from awards.contest.rules import Schedule
from awards.screening.rules import (
    IneligibleReason,
    move_problem,
    move_window_open,
    reason_label,
    screening_problem,
    screening_window_open,
)
from awards.submissions.models import EntryState, Screening


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


SCHEDULE = Schedule(
    submission_opens=at(2020, 11, 5, 8),
    submission_closes=at(2021, 2, 1, 22),
    nomination_opens=at(2021, 2, 2, 8),
    nomination_closes=at(2021, 2, 26, 22),
    voting_opens=at(2021, 3, 1, 8),
    voting_closes=at(2021, 3, 31, 21),
    selection_opens=at(2021, 4, 1, 7),
    selection_closes=at(2021, 4, 12, 21),
    ceremony_at=at(2021, 5, 18, 11),
)

BEFORE_OPEN = at(2020, 11, 1)
SUBMISSION = at(2020, 12, 1)
GAP_BEFORE_NOMINATION = at(2021, 2, 2, 1)
NOMINATION = at(2021, 2, 10)
GAP_BEFORE_VOTING = at(2021, 2, 28)
VOTING = at(2021, 3, 15)
SELECTION = at(2021, 4, 5)
CEREMONY = at(2021, 5, 20)


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (BEFORE_OPEN, False),
        (SUBMISSION, True),
        (GAP_BEFORE_NOMINATION, True),
        (NOMINATION, True),
        (SCHEDULE.nomination_closes - timedelta(seconds=1), True),
        (SCHEDULE.nomination_closes, False),
        (GAP_BEFORE_VOTING, False),
        (VOTING, False),
        (SELECTION, False),
        (CEREMONY, False),
    ],
)
def test_screening_window(now, allowed):
    assert screening_window_open(SCHEDULE, now) is allowed


def problem(**overrides):
    values = {
        "state": EntryState.SUBMITTED,
        "current": Screening.PENDING,
        "current_reason": None,
        "decision": Screening.ELIGIBLE,
        "reason": None,
        "note": None,
        "schedule": SCHEDULE,
        "now": NOMINATION,
    }
    values.update(overrides)
    return screening_problem(**values)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, None),
        ({"decision": Screening.INELIGIBLE, "reason": "not_in_english"}, None),
        ({"current": Screening.INELIGIBLE, "current_reason": "other"}, None),
        ({"current": Screening.ELIGIBLE, "decision": Screening.PENDING}, None),
        (
            {
                "current": Screening.INELIGIBLE,
                "current_reason": "duplicate",
                "decision": Screening.INELIGIBLE,
                "reason": "previous_winner",
            },
            None,
        ),
        (
            {"decision": Screening.INELIGIBLE, "reason": "other", "note": "Project is a law."},
            None,
        ),
        ({"state": EntryState.DRAFT}, "Only submitted entries"),
        ({"state": EntryState.WITHDRAWN}, "Only submitted entries"),
        ({"now": VOTING}, "until nomination closes"),
        ({"now": BEFORE_OPEN}, "until nomination closes"),
        ({"decision": Screening.INELIGIBLE}, "Choose the reason"),
        ({"decision": Screening.INELIGIBLE, "reason": "made_up"}, "Choose the reason"),
        ({"decision": Screening.INELIGIBLE, "reason": "other"}, "Explain the reason"),
        ({"decision": Screening.INELIGIBLE, "reason": "other", "note": "  "}, "Explain"),
        ({"reason": "duplicate"}, "only given for an entry that is not eligible"),
        ({"current": Screening.ELIGIBLE}, "already has this decision"),
        (
            {
                "current": Screening.INELIGIBLE,
                "current_reason": "duplicate",
                "decision": Screening.INELIGIBLE,
                "reason": "duplicate",
            },
            "already has this decision",
        ),
    ],
)
def test_screening_transitions(overrides, expected):
    message = problem(**overrides)
    if expected is None:
        assert message is None
    else:
        assert expected in message


def test_every_reason_has_a_label():
    for reason in IneligibleReason:
        assert reason_label(reason.value) not in ("", reason.value)
    assert reason_label("legacy_value") == "legacy_value"
    assert reason_label(None) == ""


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (BEFORE_OPEN, True),
        (SUBMISSION, True),
        (GAP_BEFORE_NOMINATION, True),
        (SCHEDULE.nomination_opens - timedelta(seconds=1), True),
        (SCHEDULE.nomination_opens, False),
        (NOMINATION, False),
        (GAP_BEFORE_VOTING, False),
        (VOTING, False),
        (SELECTION, False),
        (CEREMONY, False),
    ],
)
def test_move_category_by_phase(now, allowed):
    assert move_window_open(SCHEDULE, now) is allowed
    message = move_problem(
        state=EntryState.SUBMITTED,
        same_edition=True,
        same_category=False,
        schedule=SCHEDULE,
        now=now,
    )
    assert (message is None) is allowed
    if not allowed:
        assert "before nomination opens" in message


@pytest.mark.parametrize(
    ("state", "same_edition", "same_category", "expected"),
    [
        (EntryState.DRAFT, True, False, None),
        (EntryState.WITHDRAWN, True, False, "withdrawn entry"),
        (EntryState.SUBMITTED, False, False, "its own edition"),
        (EntryState.SUBMITTED, True, True, "already in that category"),
    ],
)
def test_move_category_other_checks(state, same_edition, same_category, expected):
    message = move_problem(
        state=state,
        same_edition=same_edition,
        same_category=same_category,
        schedule=SCHEDULE,
        now=SUBMISSION,
    )
    if expected is None:
        assert message is None
    else:
        assert expected in message
