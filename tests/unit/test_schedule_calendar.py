"""The 2021 calendar helper and the demo's "make this phase current now" calendars."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from awards.contest.rules import Phase, phase_at, validate_schedule
from awards.contest.services import calendar_2021, calendar_with_phase_now, schedule_from

GENEVA = ZoneInfo("Europe/Zurich")


def test_2021_calendar_has_the_real_dates_in_utc():
    dates = calendar_2021()
    assert dates == {
        "submission_opens": datetime(2020, 11, 5, 8, 0, tzinfo=UTC),
        "submission_closes": datetime(2021, 2, 1, 22, 0, tzinfo=UTC),  # 23:00 Geneva (CET)
        "nomination_opens": datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
        "nomination_closes": datetime(2021, 2, 26, 22, 0, tzinfo=UTC),
        "voting_opens": datetime(2021, 3, 1, 8, 0, tzinfo=UTC),
        "voting_closes": datetime(2021, 3, 31, 21, 0, tzinfo=UTC),  # 23:00 Geneva (CEST)
        "selection_opens": datetime(2021, 4, 1, 7, 0, tzinfo=UTC),
        "selection_closes": datetime(2021, 4, 12, 21, 0, tzinfo=UTC),
        "ceremony_at": datetime(2021, 5, 18, 11, 0, tzinfo=UTC),  # 13:00 Geneva
    }
    assert validate_schedule(schedule_from(dates)) == []


@pytest.mark.parametrize(
    ("instant", "phase"),
    [
        (datetime(2021, 2, 1, 21, 59, 59, tzinfo=UTC), Phase.SUBMISSION),
        (datetime(2021, 2, 1, 22, 0, tzinfo=UTC), Phase.NOMINATION),
        (datetime(2021, 2, 27, 12, 0, tzinfo=UTC), Phase.BETWEEN),
        (datetime(2021, 3, 15, 12, 0, tzinfo=UTC), Phase.VOTING),
        (datetime(2021, 4, 5, 12, 0, tzinfo=UTC), Phase.SELECTION),
        (datetime(2021, 5, 18, 11, 0, tzinfo=UTC), Phase.CEREMONY),
    ],
)
def test_2021_calendar_phases(instant, phase):
    assert phase_at(schedule_from(calendar_2021()), instant) is phase


def test_calendar_placed_in_another_year_keeps_local_times():
    dates = calendar_2021(2026)
    assert dates["submission_opens"].astimezone(GENEVA).date().isoformat() == "2025-11-05"
    assert {d.astimezone(GENEVA).hour for d in dates.values()} == {9, 13, 23}
    assert validate_schedule(schedule_from(dates)) == []


NOWS = [
    datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the night the clocks go forward
    datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # just after they go back
    datetime(2026, 7, 1, 22, 30, tzinfo=UTC),  # after 23:00 Geneva, before midnight UTC
]


@pytest.mark.parametrize("now", NOWS)
@pytest.mark.parametrize(
    "phase", [Phase.SUBMISSION, Phase.NOMINATION, Phase.VOTING, Phase.SELECTION, Phase.CEREMONY]
)
def test_shifted_calendar_makes_the_phase_current(phase, now):
    dates = calendar_with_phase_now(phase, now)
    schedule = schedule_from(dates)
    assert validate_schedule(schedule) == []
    assert phase_at(schedule, now) is phase
    # Deadlines keep their Geneva wall-clock time and the phases keep their length (in days).
    assert dates["submission_closes"].astimezone(GENEVA).hour == 23
    voting = (
        dates["voting_closes"].astimezone(GENEVA).date()
        - dates["voting_opens"].astimezone(GENEVA).date()
    )
    assert voting == timedelta(days=30)


def test_shifted_calendar_leaves_time_before_the_deadline():
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    dates = calendar_with_phase_now(Phase.VOTING, now)
    assert dates["voting_closes"] - now > timedelta(days=10)
    assert now - dates["voting_opens"] > timedelta(days=5)


def test_only_working_phases_and_the_ceremony_can_be_placed():
    with pytest.raises(ValueError, match="between"):
        calendar_with_phase_now(Phase.BETWEEN, datetime(2026, 1, 1, tzinfo=UTC))
