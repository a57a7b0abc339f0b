"""The Experts page's reports: coverage of the categories, and the gender balance in aggregate
(no group of fewer than 5 ever given as a number, nor to be worked out from the total)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.review.expert_reports import (
    FEW,
    GENDER_GROUPS,
    Coverage,
    coverage,
    gender_balance,
)
from awards.review.models import GENDERS

F, M, O, U, N = "female", "male", "other", "undisclosed", ""  # noqa: E741 - short names


def _jury(**counts: int) -> list[str | None]:
    people: list[str | None] = []
    for gender, n in counts.items():
        people += [None if gender == "none" else gender] * n
    return people


def _shown(report) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {g.gender: ("few" if g.few else "hidden" if g.hidden else g.count) for g in report}


def test_the_groups_are_the_genders_an_expert_may_declare_then_not_stated() -> None:
    assert (*GENDERS, "") == GENDER_GROUPS


@pytest.mark.parametrize(
    ("jury", "expected"),
    [
        # every group of 5 or more: every number shown
        (
            _jury(female=5, male=7, other=5, undisclosed=6, none=9),
            {F: 5, M: 7, O: 5, U: 6, N: 9},
        ),
        # several small groups: each "fewer than 5", the large ones shown
        (
            _jury(female=9, male=8, other=1, undisclosed=0, none=2),
            {F: 9, M: 8, O: "few", U: "few", N: "few"},
        ),
        # a lone small group (4) could be worked out from the total: the smallest other goes too
        (
            _jury(female=9, male=8, other=5, undisclosed=6, none=4),
            {F: 9, M: 8, O: "hidden", U: 6, N: "few"},
        ),
        # ... the earlier group of two equal ones is the one left out
        (
            _jury(female=6, male=6, other=7, undisclosed=8, none=0),
            {F: "hidden", M: 6, O: 7, U: 8, N: "few"},
        ),
        # a jury of fewer than 5 people: nothing is a number
        (_jury(female=2, male=2), {F: "few", M: "few", O: "few", U: "few", N: "few"}),
        # nobody at all
        ([], {F: "few", M: "few", O: "few", U: "few", N: "few"}),
        # "" and None both mean "not stated"
        (
            ["", None, "", None, "", "female"] + ["male"] * 5,
            {F: "few", M: 5, O: "few", U: "few", N: 5},
        ),
    ],
)
def test_gender_balance_table(jury: list[str | None], expected: dict[str, object]) -> None:
    assert _shown(gender_balance(jury)) == expected


def test_an_unknown_gender_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        gender_balance(["female", "robot"])


@given(st.lists(st.sampled_from([*GENDER_GROUPS, None]), max_size=60))
def test_no_count_under_five_can_be_read_or_worked_out(jury: list[str | None]) -> None:
    report = gender_balance(jury)
    total = len(jury)
    shown = [g.count for g in report if g.count is not None]
    assert all(n >= FEW for n in shown)
    unshown = [g for g in report if g.count is None]
    # Knowing the jury's size, the shown numbers leave the unshown total; with one group
    # unshown that would be its exact size: it never happens.
    assert len(unshown) != 1
    if unshown:
        assert total - sum(shown) == sum(
            1 for p in jury if (p or "") in {g.gender for g in unshown}
        )


@pytest.mark.parametrize(
    ("expertise", "per_entry", "expected"),
    [
        (
            [frozenset({1, 2}), frozenset({1}), frozenset({1, 3})],
            3,
            [Coverage(1, 3, False), Coverage(2, 1, True), Coverage(3, 1, True)],
        ),
        ([], 1, [Coverage(1, 0, True), Coverage(2, 0, True), Coverage(3, 0, True)]),
        (
            [frozenset({2}), frozenset({2}), frozenset({9})],  # 9: not a category of this page
            2,
            [Coverage(1, 0, True), Coverage(2, 2, False), Coverage(3, 0, True)],
        ),
    ],
)
def test_coverage_counts_experts_per_category(
    expertise: list[frozenset[int]], per_entry: int, expected: list[Coverage]
) -> None:
    assert coverage([1, 2, 3], expertise, per_entry) == expected
