"""The steps of "What happens next" on the home page: done, current or upcoming at ``now``."""

from datetime import UTC, datetime, timedelta

import pytest

from awards.contest.rules import Phase, Schedule, StepState, steps

SECOND = timedelta(seconds=1)
S = Schedule(
    submission_opens=datetime(2020, 11, 5, 8, tzinfo=UTC),
    submission_closes=datetime(2021, 2, 1, 22, tzinfo=UTC),
    nomination_opens=datetime(2021, 2, 2, 8, tzinfo=UTC),
    nomination_closes=datetime(2021, 2, 26, 22, tzinfo=UTC),
    voting_opens=datetime(2021, 3, 1, 8, tzinfo=UTC),
    voting_closes=datetime(2021, 3, 31, 21, tzinfo=UTC),
    selection_opens=datetime(2021, 4, 1, 7, tzinfo=UTC),
    selection_closes=datetime(2021, 4, 12, 21, tzinfo=UTC),
    ceremony_at=datetime(2021, 5, 18, 11, tzinfo=UTC),
)
LETTER = {StepState.DONE: "D", StepState.CURRENT: "C", StepState.UPCOMING: "U"}


@pytest.mark.parametrize(
    ("now", "states"),
    [
        (S.submission_opens - SECOND, "UUUUU"),
        (S.submission_opens, "CUUUU"),
        (S.submission_closes - SECOND, "CUUUU"),
        (S.submission_closes, "DUUUU"),  # between submission and nomination
        (S.nomination_opens, "DCUUU"),
        (S.voting_opens, "DDCUU"),
        (S.selection_opens, "DDDCU"),
        (S.selection_closes, "DDDDU"),
        (S.ceremony_at - SECOND, "DDDDU"),
        (S.ceremony_at, "DDDDC"),
        (S.ceremony_at + timedelta(days=400), "DDDDC"),
    ],
)
def test_steps_are_done_current_or_upcoming(now, states):
    assert "".join(LETTER[s.state] for s in steps(S, now)) == states


def test_steps_are_the_four_phases_then_the_ceremony_with_their_dates():
    result = steps(S, S.submission_opens)
    assert [s.phase for s in result] == [
        Phase.SUBMISSION,
        Phase.NOMINATION,
        Phase.VOTING,
        Phase.SELECTION,
        Phase.CEREMONY,
    ]
    assert (result[0].opens, result[0].closes) == (S.submission_opens, S.submission_closes)
    assert (result[-1].opens, result[-1].closes) == (S.ceremony_at, None)
