"""The live view's charts: empty hours and days filled in, per hour then per day, completeness."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from awards.voting.fraud_rules import hour_of
from awards.voting.vote_charts import (
    HOURLY_UP_TO,
    columns,
    completeness_rows,
    filled_hours,
    over_time_rows,
    per_day,
)

NOON = hour_of(datetime(2021, 3, 12, 12, tzinfo=UTC))


def test_empty_hours_are_filled_with_zero() -> None:
    assert filled_hours({NOON: 3, NOON + 3: 1}) == [
        (NOON, 3),
        (NOON + 1, 0),
        (NOON + 2, 0),
        (NOON + 3, 1),
    ]
    assert filled_hours({}) == []


@given(st.dictionaries(st.integers(400_000, 400_500), st.integers(1, 1000), max_size=40))
def test_filling_keeps_every_vote(counts) -> None:  # type: ignore[no-untyped-def]
    assert sum(n for _, n in filled_hours(counts)) == sum(counts.values())
    assert sum(n for _, n in per_day(counts, "Asia/Tokyo")) == sum(counts.values())


def test_days_are_the_editions_calendar_days() -> None:
    late = hour_of(datetime(2021, 3, 12, 23, tzinfo=UTC))  # already 13 March in Geneva
    assert per_day({NOON: 2, late: 5}, "Europe/Zurich") == [
        (date(2021, 3, 12), 2),
        (date(2021, 3, 13), 5),
    ]
    assert per_day({NOON: 2, late: 5}, "UTC") == [(date(2021, 3, 12), 7)]


def test_per_hour_for_three_days_then_per_day() -> None:
    period, rows = over_time_rows({NOON: 1, NOON + 2: 4}, "Europe/Zurich")
    assert period == "hour"
    assert rows[0] == ("2021-03-12 13:00", 1)
    assert len(rows) == 3
    period, rows = over_time_rows({NOON: 1, NOON + HOURLY_UP_TO: 4}, "UTC")
    assert period == "day"
    assert rows == [("2021-03-12", 1), ("2021-03-13", 0), ("2021-03-14", 0), ("2021-03-15", 4)]


def test_completeness_lists_every_number_of_categories() -> None:
    assert completeness_rows({1: 10, 3: 2}, 4) == [("1", 10), ("2", 0), ("3", 2), ("4", 0)]


def test_a_chart_is_an_accessible_svg_with_its_numbers() -> None:
    chart = columns("over-time", "Votes <per> hour", [("2021-03-12", 7)], "No votes yet.")
    assert 'role="img"' in chart.svg
    assert "Votes &lt;per&gt; hour" in chart.svg
    assert "2021-03-12: 7" in chart.svg
    assert chart.rows == [("2021-03-12", 7)]
