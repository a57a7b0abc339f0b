"""The run-of-show's pure rules: the order of the day, valid plans, start times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.results.run_of_show_rules import (
    MINUTES,
    POSITION,
    PRESENTER,
    Planned,
    Problem,
    default_order,
    end_time,
    plan_problems,
    start_times,
)

START = datetime(2021, 5, 18, 11, 0, tzinfo=UTC)
CATEGORIES = [(10, 1), (20, 2), (30, 3)]  # (id, number)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({}, [10, 20, 30]),
        ({30: 1, 10: 2, 20: 3}, [30, 10, 20]),
        # a category planned after the others were: after them, by number
        ({30: 1, 10: 2}, [30, 10, 20]),
        # a stored plan of a removed category is ignored
        ({99: 1, 20: 2, 10: 3, 30: 4}, [20, 10, 30]),
        # equal stored positions (never written by the service) fall back on the number
        ({20: 1, 10: 1, 30: 1}, [10, 20, 30]),
    ],
)
def test_the_order_of_the_day(stored, expected):
    assert default_order(CATEGORIES, stored) == expected


def test_the_default_order_is_by_number_whatever_the_ids():
    assert default_order([(7, 3), (8, 1), (9, 2)], {}) == [8, 9, 7]


IDS = [10, 20, 30]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([Planned(10, 1), Planned(20, 2), Planned(30, 3)], {}),
        ([Planned(10, 3), Planned(20, 1), Planned(30, 2)], {}),
        (
            [Planned(10, 1), Planned(20, 1), Planned(30, 3)],
            {(10, POSITION): Problem.POSITION_TWICE, (20, POSITION): Problem.POSITION_TWICE},
        ),
        (
            [Planned(10, 0), Planned(20, 2), Planned(30, 4)],
            {(10, POSITION): Problem.POSITION_RANGE, (30, POSITION): Problem.POSITION_RANGE},
        ),
        (
            [Planned(10, 1, minutes=121), Planned(20, 2), Planned(30, 3)],
            {(10, MINUTES): Problem.MINUTES_RANGE},
        ),
        (
            [Planned(10, 1, minutes=-1), Planned(20, 2), Planned(30, 3)],
            {(10, MINUTES): Problem.MINUTES_RANGE},
        ),
        ([Planned(10, 1, minutes=0), Planned(20, 2, minutes=120), Planned(30, 3)], {}),
        (
            [Planned(10, 1, presenter="x" * 201), Planned(20, 2), Planned(30, 3)],
            {(10, PRESENTER): Problem.PRESENTER_LONG},
        ),
        ([Planned(10, 1, presenter="x" * 200), Planned(20, 2), Planned(30, 3)], {}),
        ([Planned(10, 1), Planned(20, 2)], {(30, POSITION): Problem.MISSING_CATEGORY}),
        (
            [Planned(10, 1), Planned(20, 2), Planned(30, 3), Planned(40, 4)],
            {(40, POSITION): Problem.UNKNOWN_CATEGORY},
        ),
        (
            [Planned(10, 1), Planned(10, 2), Planned(30, 3)],
            {(10, POSITION): Problem.UNKNOWN_CATEGORY, (20, POSITION): Problem.MISSING_CATEGORY},
        ),
    ],
)
def test_what_a_valid_plan_is(items, expected):
    assert plan_problems(items, IDS) == expected


@given(st.permutations(list(range(1, 9))))
def test_every_permutation_is_a_valid_order(positions):
    items = [Planned(category_id=i, position=p) for i, p in enumerate(positions)]
    assert plan_problems(items, range(8)) == {}


@given(st.lists(st.integers(min_value=-2, max_value=10), min_size=1, max_size=8))
def test_positions_that_are_not_a_permutation_are_refused(positions):
    items = [Planned(category_id=i, position=p) for i, p in enumerate(positions)]
    is_permutation = sorted(positions) == list(range(1, len(positions) + 1))
    assert (plan_problems(items, range(len(positions))) == {}) is is_permutation


@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.integers(1, 50)), max_size=10, unique_by=lambda c: c[0]
    ),
    st.dictionaries(st.integers(1, 60), st.integers(1, 10)),
)
def test_the_order_holds_each_category_once(categories, stored):
    order = default_order(categories, stored)
    assert sorted(order) == sorted(c for c, _ in categories)


@pytest.mark.parametrize(
    ("minutes", "starts"),
    [
        ([], []),
        ([5], [0]),
        ([5, 10, 0, 3], [0, 5, 15, 15]),
    ],
)
def test_each_part_starts_when_the_one_before_ends(minutes, starts):
    assert start_times(START, minutes) == [START + timedelta(minutes=m) for m in starts]
    assert end_time(START, minutes) == START + timedelta(minutes=sum(minutes))


@given(st.lists(st.integers(0, 120), max_size=20))
def test_start_times_never_go_back(minutes):
    times = start_times(START, minutes)
    assert times == sorted(times)
    assert all(START <= t <= end_time(START, minutes) for t in times)
