"""Phase and milestone labels, and schedule problems told in words that name the phases."""

from datetime import UTC, datetime

import pytest

from awards.contest.rules import MILESTONES, Phase, validate_schedule
from awards.contest.services import calendar_2021, problem_message, schedule_from
from awards.contest.timefmt import MILESTONE_LABELS, PHASE_LABELS


def test_every_phase_and_milestone_has_a_label():
    assert set(PHASE_LABELS) == set(Phase)
    assert set(MILESTONE_LABELS) == {field for field, _ in MILESTONES}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"nomination_opens": datetime(2021, 1, 20, 8, 0, tzinfo=UTC)},
            "“Submission of projects” and “Nomination by the Expert Group” overlap: "
            "“Nomination opens” is before “Submission deadline”.",
        ),
        (
            {"voting_closes": datetime(2021, 3, 1, 8, 0, tzinfo=UTC)},
            "“Public voting opens” must come before “Public voting closes”.",
        ),
        (
            {"ceremony_at": datetime(2021, 4, 10, 8, 0, tzinfo=UTC)},
            "“Selection of the winners” and “Prize ceremony and results” overlap: "
            "“Prize ceremony” is before “Selection closes”.",
        ),
    ],
)
def test_problems_name_the_phases(changes, expected):
    dates = {**calendar_2021(), **changes}
    problems = validate_schedule(schedule_from(dates))
    assert [problem_message(p) for p in problems] == [expected]
