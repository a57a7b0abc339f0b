"""The one authorisation rule, as a table: who may do what on which target."""

from __future__ import annotations

import pytest

from awards.access.rules import ANONYMOUS, EVERYWHERE, Action, Actor, Target, can
from awards.accounts.roles import Role

ANA = Actor(user_id=1, verified=True, active=True)
BEN = Actor(user_id=2, verified=True, active=True)
UNVERIFIED = Actor(user_id=3, verified=False, active=True)
ORGANISER_7 = Actor(user_id=4, verified=True, active=True, grants=frozenset({(Role.ORGANISER, 7)}))
JURY_7 = Actor(user_id=5, verified=True, active=True, grants=frozenset({(Role.JURY, 7)}))
ADMIN = Actor(user_id=6, verified=True, active=True, grants=frozenset({(Role.ADMIN, None)}))

#: Ana started entry (edition 7), Ben is on its team.
ENTRY = Target(edition_id=7, team=frozenset({1, 2}), owner_id=1)

CASES = [
    (Action.PARTICIPATE, ANA, EVERYWHERE, True),
    (Action.PARTICIPATE, UNVERIFIED, EVERYWHERE, False),
    (Action.PARTICIPATE, ANONYMOUS, EVERYWHERE, False),
    (Action.ACT_AS_TEAM, BEN, ENTRY, True),
    (Action.ACT_AS_TEAM, ORGANISER_7, ENTRY, False),
    (Action.ACT_AS_OWNER, ANA, ENTRY, True),
    (Action.ACT_AS_OWNER, BEN, ENTRY, False),
    (Action.ACT_AS_OWNER, ORGANISER_7, ENTRY, False),
    (Action.ACT_AS_OWNER, ANA, Target(edition_id=7, team=frozenset({1})), False),
    (Action.ACT_AS_OWNER, Actor(user_id=1, verified=False, active=True), ENTRY, False),
    (Action.VIEW_ENTRY_IMAGES, BEN, ENTRY, True),
    (Action.VIEW_ENTRY_IMAGES, JURY_7, ENTRY, True),
    (Action.VIEW_ENTRY_IMAGES, Actor(user_id=9, verified=True, active=True), ENTRY, False),
    (Action.ORGANISE, ORGANISER_7, Target(edition_id=7), True),
    (Action.ORGANISE, ORGANISER_7, Target(edition_id=8), False),
    (Action.ORGANISE, ADMIN, EVERYWHERE, True),
    (Action.ORGANISE_SOME, ORGANISER_7, EVERYWHERE, True),
    (Action.ORGANISE_SOME, JURY_7, EVERYWHERE, False),
    (Action.JUDGE, JURY_7, Target(edition_id=7), True),
    (Action.JUDGE, JURY_7, Target(edition_id=8), False),
]


@pytest.mark.parametrize(("action", "actor", "target", "allowed"), CASES)
def test_who_may_do_what(action, actor, target, allowed):
    assert can(actor, action, target) is allowed


def test_every_action_has_a_case():
    assert {case[0] for case in CASES} == set(Action)
