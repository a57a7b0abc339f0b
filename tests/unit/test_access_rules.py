"""The one authorisation rule: who may do what, by role, edition and team."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.access.rules import ANONYMOUS, Action, Actor, Target, can, holds_role
from awards.accounts.roles import Role

A, B = 1, 2  # two editions
#: Person 10 started the entry; 11 is on its team.
ENTRY_OF_A = Target(edition_id=A, team=frozenset({10, 11}), owner_id=10)


def person(user_id: int = 99, *grants: tuple[Role, int | None], verified: bool = True) -> Actor:
    return Actor(user_id=user_id, verified=verified, active=True, grants=frozenset(grants))


CASES = [
    # (who, action, target, expected)
    (ANONYMOUS, Action.PARTICIPATE, Target(), False),
    (person(verified=False), Action.PARTICIPATE, Target(), False),
    (Actor(user_id=5, verified=True, active=False), Action.PARTICIPATE, Target(), False),
    (person(), Action.PARTICIPATE, Target(), True),
    (person(10), Action.ACT_AS_TEAM, ENTRY_OF_A, True),
    (person(11), Action.ACT_AS_TEAM, ENTRY_OF_A, True),
    (person(12), Action.ACT_AS_TEAM, ENTRY_OF_A, False),
    (person(12, (Role.ORGANISER, A)), Action.ACT_AS_TEAM, ENTRY_OF_A, False),
    (person(10, verified=False), Action.ACT_AS_TEAM, ENTRY_OF_A, False),
    (person(10), Action.ACT_AS_OWNER, ENTRY_OF_A, True),
    (person(11), Action.ACT_AS_OWNER, ENTRY_OF_A, False),
    (person(12, (Role.ORGANISER, A)), Action.ACT_AS_OWNER, ENTRY_OF_A, False),
    (person(10), Action.ACT_AS_OWNER, Target(edition_id=A, team=frozenset({10})), False),
    (person(10, verified=False), Action.ACT_AS_OWNER, ENTRY_OF_A, False),
    (person(10), Action.VIEW_ENTRY_IMAGES, ENTRY_OF_A, True),
    (person(12, (Role.JURY, A)), Action.VIEW_ENTRY_IMAGES, ENTRY_OF_A, True),
    (person(12, (Role.JURY, B)), Action.VIEW_ENTRY_IMAGES, ENTRY_OF_A, False),
    (person(12, (Role.ORGANISER, A)), Action.VIEW_ENTRY_IMAGES, ENTRY_OF_A, True),
    (person(12), Action.VIEW_ENTRY_IMAGES, ENTRY_OF_A, False),
    (person(1, (Role.ORGANISER, A)), Action.ORGANISE, Target(edition_id=A), True),
    (person(1, (Role.ORGANISER, A)), Action.ORGANISE, Target(edition_id=B), False),
    (person(1, (Role.ORGANISER, A)), Action.ORGANISE, Target(), False),
    (person(1, (Role.ORGANISER, None)), Action.ORGANISE, Target(), True),
    (person(1, (Role.ORGANISER, None)), Action.ORGANISE, Target(edition_id=B), True),
    (person(1, (Role.ADMIN, None)), Action.ORGANISE, Target(edition_id=B), True),
    (person(1, (Role.JURY, A)), Action.ORGANISE, Target(edition_id=A), False),
    (person(1, (Role.ORGANISER, A)), Action.ORGANISE_SOME, Target(), True),
    (person(1, (Role.JURY, A)), Action.ORGANISE_SOME, Target(), False),
    (person(1, (Role.ORGANISER, A), verified=False), Action.ORGANISE_SOME, Target(), False),
    (person(1, (Role.JURY, A)), Action.JUDGE, Target(edition_id=A), True),
    (person(1, (Role.JURY, A)), Action.JUDGE, Target(edition_id=B), False),
    (person(1, (Role.ORGANISER, A)), Action.JUDGE, Target(edition_id=A), False),
    (person(1, (Role.JURY, A)), Action.JUDGE_SOME, Target(), True),
    (person(1, (Role.ORGANISER, None)), Action.JUDGE_SOME, Target(), False),
    (person(1, (Role.JURY, B), verified=False), Action.JUDGE_SOME, Target(), False),
]


@pytest.mark.parametrize(("actor", "action", "target", "expected"), CASES)
def test_can(actor: Actor, action: Action, target: Target, expected: bool) -> None:
    assert can(actor, action, target) is expected


def test_every_action_has_a_case() -> None:
    assert {case[1] for case in CASES} == set(Action)


grants = st.frozensets(
    st.tuples(st.sampled_from(Role), st.one_of(st.none(), st.integers(1, 3))), max_size=4
)
targets = st.builds(
    Target,
    edition_id=st.one_of(st.none(), st.integers(1, 3)),
    team=st.frozensets(st.integers(1, 5), max_size=3),
    owner_id=st.one_of(st.none(), st.integers(1, 5)),
)


@given(grants, st.sampled_from(Action), targets, st.integers(1, 5))
def test_no_right_without_a_verified_active_account(grants, action, target, user_id) -> None:  # type: ignore[no-untyped-def]
    unverified = Actor(user_id=user_id, verified=False, active=True, grants=grants)
    inactive = Actor(user_id=user_id, verified=True, active=False, grants=grants)
    assert not can(unverified, action, target)
    assert not can(inactive, action, target)
    assert not can(ANONYMOUS, action, target)


@given(grants, st.sampled_from(Action), targets, st.integers(1, 5))
def test_a_global_grant_covers_every_edition(grants, action, target, user_id) -> None:  # type: ignore[no-untyped-def]
    scoped = Actor(user_id=user_id, verified=True, active=True, grants=grants)
    widened = Actor(
        user_id=user_id,
        verified=True,
        active=True,
        grants=frozenset((role, None) for role, _ in grants),
    )
    if can(scoped, action, target):
        assert can(widened, action, target)


@pytest.mark.parametrize(
    ("grants", "role", "edition_id", "expected"),
    [
        ((), Role.JURY, 1, False),
        (((Role.JURY, 1),), Role.JURY, 1, True),
        (((Role.JURY, 1),), Role.JURY, 2, False),
        (((Role.JURY, None),), Role.JURY, 2, True),
        (((Role.ADMIN, None),), Role.ORGANISER, 2, True),
        ((("jury", 1),), "jury", 1, True),  # values as stored and as templates pass them
    ],
)
def test_holds_role(grants, role, edition_id, expected) -> None:  # type: ignore[no-untyped-def]
    assert holds_role(grants, role, edition_id) is expected
