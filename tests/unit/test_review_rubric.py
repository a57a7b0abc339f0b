"""The rubric's checks: scores on the scale, every criterion scored before a submission."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.review.rubric import (
    DEFAULT_RUBRIC,
    Criterion,
    Problem,
    Rubric,
    rubric_problems,
    score_problems,
)

TWO = Rubric((Criterion("a", "A", 2), Criterion("b", "B", 1)), 1, 10)


@pytest.mark.parametrize(
    ("scores", "complete", "expected"),
    [
        ({"a": 5, "b": 7}, True, {}),
        ({"a": 5}, False, {}),
        ({"a": 5}, True, {"b": Problem.MISSING}),
        ({"a": None, "b": None}, True, {"a": Problem.MISSING, "b": Problem.MISSING}),
        ({"a": 0, "b": 7}, True, {"a": Problem.OUT_OF_SCALE}),
        ({"a": 11, "b": 10}, False, {"a": Problem.OUT_OF_SCALE}),
        ({"a": 1, "b": 10}, True, {}),
        ({"a": 3, "b": 3, "c": 3}, True, {"c": Problem.UNKNOWN}),
    ],
)
def test_score_problems(scores, complete, expected) -> None:  # type: ignore[no-untyped-def]
    assert score_problems(TWO, scores, complete=complete) == expected


@given(st.dictionaries(st.sampled_from(["a", "b"]), st.integers(1, 10)))
def test_a_draft_on_the_scale_is_always_acceptable(scores: dict[str, int]) -> None:
    assert score_problems(TWO, scores, complete=False) == {}


def test_the_default_rubric_is_the_wsis_criteria_on_one_to_ten() -> None:
    keys = [c.key for c in DEFAULT_RUBRIC.criteria]
    assert len(keys) == 8
    assert len(set(keys)) == 8
    assert (DEFAULT_RUBRIC.low, DEFAULT_RUBRIC.high) == (1, 10)
    # Every score of the scale falls in exactly one band.
    for score in range(1, 11):
        assert sum(b.low <= score <= b.high for b in DEFAULT_RUBRIC.bands) == 1
        assert DEFAULT_RUBRIC.band_of(score) is not None


@pytest.mark.parametrize(
    ("criteria", "low", "high", "count"),
    [
        ((Criterion("a", "A", 1),), 1, 10, 0),
        ((), 1, 10, 1),
        ((Criterion("a", "A", 1), Criterion("a", "B", 1)), 1, 10, 1),
        ((Criterion("a", "A", 0),), 1, 10, 1),
        ((Criterion("a", "A", 1),), 5, 5, 1),
    ],
)
def test_rubric_problems(criteria, low, high, count) -> None:  # type: ignore[no-untyped-def]
    assert len(rubric_problems(criteria, low, high)) == count
