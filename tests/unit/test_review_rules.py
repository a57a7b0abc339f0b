"""When a review may be saved: round 1 until nomination closes, round 2 in the selection
window; the queue's default round; a revision stays submitted. Tables of cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.contest.rules import Schedule
from awards.review import models
from awards.review.review_rules import (
    NOMINATION,
    SELECTION,
    Refusal,
    default_round,
    may_save,
    stays_submitted,
    window,
)

SECOND = timedelta(seconds=1)
S = Schedule(
    submission_opens=datetime(2020, 11, 5, 8, tzinfo=UTC),
    submission_closes=datetime(2021, 2, 1, 22, tzinfo=UTC),
    nomination_opens=datetime(2021, 2, 2, 8, tzinfo=UTC),
    nomination_closes=datetime(2021, 2, 26, 22, tzinfo=UTC),  # 23:00 Geneva
    voting_opens=datetime(2021, 3, 1, 8, tzinfo=UTC),
    voting_closes=datetime(2021, 3, 31, 21, tzinfo=UTC),
    selection_opens=datetime(2021, 4, 1, 7, tzinfo=UTC),
    selection_closes=datetime(2021, 4, 12, 21, tzinfo=UTC),
    ceremony_at=datetime(2021, 5, 18, 11, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("round_", "now", "refusal"),
    [
        # Round 1: from assignment (even before nomination opens) until nomination closes.
        (NOMINATION, S.submission_closes, None),
        (NOMINATION, S.nomination_opens - SECOND, None),
        (NOMINATION, S.nomination_opens, None),
        (NOMINATION, S.nomination_closes - SECOND, None),  # 22:59:59 Geneva: on time
        (NOMINATION, S.nomination_closes, Refusal.CLOSED),  # 23:00:00 Geneva: read-only
        (NOMINATION, S.voting_opens, Refusal.CLOSED),
        (NOMINATION, S.selection_opens, Refusal.CLOSED),
        # Round 2: only inside the selection window.
        (SELECTION, S.nomination_opens, Refusal.NOT_YET),
        (SELECTION, S.voting_closes, Refusal.NOT_YET),
        (SELECTION, S.selection_opens - SECOND, Refusal.NOT_YET),
        (SELECTION, S.selection_opens, None),
        (SELECTION, S.selection_closes - SECOND, None),
        (SELECTION, S.selection_closes, Refusal.CLOSED),
        (SELECTION, S.ceremony_at, Refusal.CLOSED),
    ],
)
def test_when_a_review_may_be_saved(round_: int, now: datetime, refusal: Refusal | None) -> None:
    assert window(S, round_).refusal(now) is refusal
    assert may_save(S, round_, now) is (refusal is None)


def test_the_deadlines_are_the_editions() -> None:
    assert window(S, NOMINATION).closes == S.nomination_closes
    assert window(S, NOMINATION).opens is None
    assert (window(S, SELECTION).opens, window(S, SELECTION).closes) == (
        S.selection_opens,
        S.selection_closes,
    )


def test_the_rounds_are_the_models() -> None:
    assert (NOMINATION, SELECTION) == (models.NOMINATION_ROUND, models.SELECTION_ROUND)


@pytest.mark.parametrize("round_", [0, 3, -1])
def test_an_unknown_round_is_an_error(round_: int) -> None:
    with pytest.raises(ValueError, match="no review round"):
        window(S, round_)


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        may_save(S, NOMINATION, datetime(2021, 2, 10, 12))  # noqa: DTZ001 - the case tested


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (S.submission_opens, NOMINATION),
        (S.nomination_closes, NOMINATION),
        (S.voting_closes, NOMINATION),
        (S.selection_opens - SECOND, NOMINATION),
        (S.selection_opens, SELECTION),
        (S.selection_closes, SELECTION),
        (S.ceremony_at + timedelta(days=30), SELECTION),
    ],
)
def test_the_queue_shows_the_current_round_first(now: datetime, expected: int) -> None:
    assert default_round(S, now) == expected


@pytest.mark.parametrize(
    ("submitted", "submit", "expected"),
    [
        (False, False, False),  # a draft saved as a draft
        (False, True, True),  # submitted
        (True, True, True),  # revised
        (True, False, True),  # a revision never goes back to draft
    ],
)
def test_a_submitted_review_stays_submitted(submitted: bool, submit: bool, expected: bool) -> None:
    assert stays_submitted(submitted, submit) is expected


@given(st.datetimes(timezones=st.just(UTC)), st.sampled_from([NOMINATION, SELECTION]))
def test_no_review_may_be_saved_after_its_deadline(now: datetime, round_: int) -> None:
    if now >= window(S, round_).closes:
        assert not may_save(S, round_, now)
    if round_ == SELECTION and may_save(S, round_, now):
        assert S.selection_opens <= now < S.selection_closes
