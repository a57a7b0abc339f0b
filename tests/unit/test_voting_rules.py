"""The voting rules as a table: who, when, for which nominee, and how often."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.access.rules import ANONYMOUS, Actor
from awards.accounts.roles import Role
from awards.voting.rules import STATUS, Ballot, Refusal, may_vote, voting_open

OPENS = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime(2021, 3, 31, 21, 0, tzinfo=UTC)
DURING = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)

VOTER = Actor(user_id=7, verified=True, active=True)
UNVERIFIED = Actor(user_id=8, verified=False, active=True)
DEACTIVATED = Actor(user_id=9, verified=True, active=False)
ORGANISER = Actor(user_id=10, verified=True, active=True, grants=frozenset({(Role.ORGANISER, 1)}))

#: A first vote for nominee 100 of category 5, during voting.
BALLOT = Ballot(
    actor=VOTER,
    now=DURING,
    voting_opens=OPENS,
    voting_closes=CLOSES,
    entry_id=100,
    entry_category_id=5,
    category_id=5,
    current_entry_id=None,
    allow_change=False,
)

CASES = [
    ("a verified voter's first vote", {}, None),
    ("an organiser votes like anyone", {"actor": ORGANISER}, None),
    ("a visitor must sign in", {"actor": ANONYMOUS}, Refusal.SIGN_IN),
    ("an unverified account", {"actor": UNVERIFIED}, Refusal.UNVERIFIED),
    ("a deactivated account", {"actor": DEACTIVATED}, Refusal.SIGN_IN),
    ("a second before voting opens", {"now": OPENS - timedelta(seconds=1)}, Refusal.NOT_OPEN_YET),
    ("the instant voting opens", {"now": OPENS}, None),
    ("a second before it closes", {"now": CLOSES - timedelta(seconds=1)}, None),
    ("the instant it closes", {"now": CLOSES}, Refusal.CLOSED),
    ("after the ceremony", {"now": CLOSES + timedelta(days=60)}, Refusal.CLOSED),
    ("an entry that is not a nominee", {"entry_category_id": None}, Refusal.NOT_A_NOMINEE),
    ("another category's nominee", {"category_id": 6}, Refusal.OTHER_CATEGORY),
    ("twice, votes final", {"current_entry_id": 101}, Refusal.ALREADY_VOTED),
    ("twice for the same, votes final", {"current_entry_id": 100}, Refusal.ALREADY_VOTED),
    ("a change, allowed", {"current_entry_id": 101, "allow_change": True}, None),
    (
        "a change to the same nominee",
        {"current_entry_id": 100, "allow_change": True},
        Refusal.SAME_NOMINEE,
    ),
    # The order a voter is told in: who first, then when, then what.
    ("unverified, after closing", {"actor": UNVERIFIED, "now": CLOSES}, Refusal.UNVERIFIED),
    ("closed, not a nominee", {"now": CLOSES, "entry_category_id": None}, Refusal.CLOSED),
    (
        "not a nominee, voted",
        {"entry_category_id": None, "current_entry_id": 1},
        Refusal.NOT_A_NOMINEE,
    ),
]


@pytest.mark.parametrize(("case", "changes", "refusal"), CASES, ids=[c[0] for c in CASES])
def test_may_vote(case: str, changes: dict, refusal: Refusal | None) -> None:
    decision = may_vote(replace(BALLOT, **changes))
    assert decision.refusal is refusal
    assert decision.allowed is (refusal is None)


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        (Refusal.UNVERIFIED, 403),
        (Refusal.CLOSED, 409),
        (Refusal.NOT_OPEN_YET, 409),
        (Refusal.ALREADY_VOTED, 409),
        (Refusal.NOT_A_NOMINEE, 404),
        (Refusal.OTHER_CATEGORY, 400),
    ],
)
def test_each_refusal_has_its_status(refusal: Refusal, status: int) -> None:
    assert STATUS[refusal] == status


def test_every_refusal_has_a_status() -> None:
    assert set(STATUS) == set(Refusal)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        voting_open(OPENS, CLOSES, datetime(2021, 3, 15))  # noqa: DTZ001 - the point


#: Hypothesis takes naive bounds and makes the instants aware in ``timezones``.
instants = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime(2022, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(now=instants, voted=st.booleans(), allow_change=st.booleans(), same=st.booleans())
def test_a_vote_is_allowed_only_inside_the_window(
    now: datetime, voted: bool, allow_change: bool, same: bool
) -> None:
    ballot = replace(
        BALLOT,
        now=now,
        current_entry_id=(100 if same else 101) if voted else None,
        allow_change=allow_change,
    )
    decision = may_vote(ballot)
    if decision.allowed:
        assert OPENS <= now < CLOSES
        # Twice only where votes may change, and never to the same nominee.
        assert not voted or (allow_change and not same)
    elif OPENS <= now < CLOSES:
        assert voted


@given(
    entry_category=st.one_of(st.none(), st.integers(1, 4)),
    category=st.integers(1, 4),
)
def test_only_a_nominee_of_the_category_voted_in(entry_category: int | None, category: int) -> None:
    decision = may_vote(replace(BALLOT, entry_category_id=entry_category, category_id=category))
    assert decision.allowed is (entry_category == category)
