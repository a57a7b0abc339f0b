"""phase_at, validate_schedule and next_milestone: pure rules, tables of cases."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from awards.contest.rules import Phase, Schedule, next_milestone, phase_at, validate_schedule

SECOND = timedelta(seconds=1)
S = Schedule(
    submission_opens=datetime(2020, 11, 5, 8, tzinfo=UTC),
    submission_closes=datetime(2021, 2, 1, 22, tzinfo=UTC),
    nomination_opens=datetime(2021, 2, 1, 22, tzinfo=UTC),  # opens at the deadline
    nomination_closes=datetime(2021, 2, 26, 22, tzinfo=UTC),
    voting_opens=datetime(2021, 3, 1, 8, tzinfo=UTC),  # a gap before voting
    voting_closes=datetime(2021, 3, 31, 21, tzinfo=UTC),
    selection_opens=datetime(2021, 4, 1, 7, tzinfo=UTC),
    selection_closes=datetime(2021, 4, 12, 21, tzinfo=UTC),
    ceremony_at=datetime(2021, 5, 18, 11, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (S.submission_opens - SECOND, Phase.NOT_OPEN),
        (S.submission_opens, Phase.SUBMISSION),
        (S.submission_closes - SECOND, Phase.SUBMISSION),  # 22:59:59 Geneva: on time
        (S.submission_closes, Phase.NOMINATION),  # 23:00:00 Geneva: late
        (S.nomination_closes - SECOND, Phase.NOMINATION),
        (S.nomination_closes, Phase.BETWEEN),
        (S.voting_opens - SECOND, Phase.BETWEEN),
        (S.voting_opens, Phase.VOTING),
        (S.voting_closes - SECOND, Phase.VOTING),
        (S.voting_closes, Phase.BETWEEN),
        (S.selection_opens, Phase.SELECTION),
        (S.selection_closes, Phase.BETWEEN),
        (S.ceremony_at - SECOND, Phase.BETWEEN),
        (S.ceremony_at, Phase.CEREMONY),
        (S.ceremony_at + timedelta(days=3650), Phase.CEREMONY),
    ],
)
def test_phase_at_each_boundary(now, phase):
    assert phase_at(S, now) is phase


def test_the_edition_closes_only_when_an_archive_date_is_set():
    archived = replace(S, closes_at=S.ceremony_at + timedelta(days=30))
    assert phase_at(archived, archived.closes_at - SECOND) is Phase.CEREMONY
    assert phase_at(archived, archived.closes_at) is Phase.CLOSED


def test_the_same_instant_in_another_zone_is_the_same_phase():
    from zoneinfo import ZoneInfo

    geneva = S.submission_closes.astimezone(ZoneInfo("Europe/Zurich"))
    assert geneva.hour == 23
    assert phase_at(S, geneva - SECOND) is Phase.SUBMISSION
    assert phase_at(S, geneva) is Phase.NOMINATION


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        phase_at(S, datetime(2021, 1, 1))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize(
    ("changes", "pairs"),
    [
        ({}, []),
        ({"submission_closes": S.submission_opens}, [("submission_opens", "submission_closes")]),
        (
            {"submission_closes": S.submission_opens - SECOND},
            [("submission_opens", "submission_closes")],
        ),
        (
            {"nomination_opens": S.submission_closes - SECOND},
            [("submission_closes", "nomination_opens")],
        ),
        ({"ceremony_at": S.selection_closes - SECOND}, [("selection_closes", "ceremony_at")]),
        ({"closes_at": S.ceremony_at - SECOND}, [("ceremony_at", "closes_at")]),
        (
            {"voting_opens": S.nomination_opens, "voting_closes": S.nomination_closes},
            [("nomination_closes", "voting_opens")],
        ),
    ],
)
def test_validate_schedule_names_the_pairs_in_conflict(changes, pairs):
    problems = validate_schedule(replace(S, **changes))
    assert [(p.earlier, p.later) for p in problems] == pairs
    assert all(p.message for p in problems)


def test_overlap_message_names_both_phases():
    (problem,) = validate_schedule(replace(S, nomination_opens=S.submission_closes - SECOND))
    assert "Submission" in problem.message
    assert "nomination" in problem.message


@pytest.mark.parametrize(
    ("now", "field"),
    [
        (S.submission_opens - SECOND, "submission_opens"),
        (S.submission_opens, "submission_closes"),
        (S.voting_closes, "selection_opens"),
        (S.ceremony_at - SECOND, "ceremony_at"),
        (S.ceremony_at, None),
    ],
)
def test_next_milestone(now, field):
    milestone = next_milestone(S, now)
    assert (milestone.field if milestone else None) == field
