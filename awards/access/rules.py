"""The one authorisation rule of the platform: pure, no Flask, no database.

Every domain asks :func:`can` with an :class:`Actor` (who), an :class:`Action` (what) and a
:class:`Target` (on what: an edition, and for team-owned things the team and its owner).
Phase rules (is submission still open?) are the domains' own and live beside them; this module
says only who holds the right at all.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from awards.accounts.roles import Role

Grant = tuple[Role, int | None]


@dataclass(frozen=True)
class Actor:
    """Who asks: an account's id, whether it may act at all, and its role grants.

    A grant ``(role, None)`` holds for every edition; ``Role.ADMIN`` holds every role.
    """

    user_id: int | None = None
    verified: bool = False
    active: bool = False
    grants: frozenset[Grant] = frozenset()

    @property
    def signed_in(self) -> bool:
        """Whether this is an account (active) rather than an anonymous visitor."""
        return self.user_id is not None and self.active


ANONYMOUS = Actor()


@dataclass(frozen=True)
class Target:
    """What is acted on: ``edition_id`` (None: the platform as a whole) and a team's ids."""

    edition_id: int | None = None
    team: frozenset[int] = field(default_factory=frozenset)
    #: The account that started a team's thing (an entry's owner), if any.
    owner_id: int | None = None


EVERYWHERE = Target()


class Action(enum.StrEnum):
    """What an actor may be allowed to do. Add one per new kind of right, with a test row."""

    #: Enter projects (and, later, vote): any verified, active account.
    PARTICIPATE = "participate"
    #: Read or change a team's own thing (an entry): a member of ``target.team``.
    ACT_AS_TEAM = "act_as_team"
    #: Withdraw an entry, invite or remove its members: the person who started the entry
    #: (``target.owner_id``).
    ACT_AS_OWNER = "act_as_owner"
    #: See an entry's images: its team, and the organisers and jury of its edition.
    VIEW_ENTRY_IMAGES = "view_entry_images"
    #: Run an edition (calendar, jury, screening, exports): its organisers. With
    #: ``EVERYWHERE`` as target: organisers of every edition (global grant).
    ORGANISE = "organise"
    #: Open the organisers' console at all: an organiser of at least one edition.
    ORGANISE_SOME = "organise_some"
    #: Review entries of an edition: its jury.
    JUDGE = "judge"
    #: Have reviews somewhere (the "Your reviews" link): a jury member of at least one edition.
    JUDGE_SOME = "judge_some"


def holds_role(grants: Iterable[Grant], role: Role, edition_id: int | None) -> bool:
    """Whether ``grants`` include ``role`` for ``edition_id`` (None: a global grant only)."""
    role = Role(role)
    for granted, granted_edition in grants:
        granted = Role(granted)
        if granted is Role.ADMIN:
            return True
        if granted is role and (granted_edition is None or granted_edition == edition_id):
            return True
    return False


def holds_role_somewhere(grants: Iterable[Grant], role: Role) -> bool:
    """Whether ``grants`` include ``role`` for at least one edition."""
    return any(Role(g) in (role, Role.ADMIN) for g, _ in grants)


def can(actor: Actor, action: Action, target: Target = EVERYWHERE) -> bool:
    """Whether ``actor`` may do ``action`` on ``target``.

    Only active, verified accounts hold any right; an unverified account may still sign in and
    manage itself, which is the accounts domain's business, not a right checked here.
    """
    if not (actor.signed_in and actor.verified):
        return False
    if action is Action.PARTICIPATE:
        return True
    if action is Action.ACT_AS_TEAM:
        return actor.user_id in target.team
    if action is Action.ACT_AS_OWNER:
        return target.owner_id is not None and actor.user_id == target.owner_id
    if action is Action.VIEW_ENTRY_IMAGES:
        return (
            actor.user_id in target.team
            or holds_role(actor.grants, Role.ORGANISER, target.edition_id)
            or holds_role(actor.grants, Role.JURY, target.edition_id)
        )
    if action is Action.ORGANISE:
        return holds_role(actor.grants, Role.ORGANISER, target.edition_id)
    if action is Action.ORGANISE_SOME:
        return holds_role_somewhere(actor.grants, Role.ORGANISER)
    if action is Action.JUDGE:
        return holds_role(actor.grants, Role.JURY, target.edition_id)
    if action is Action.JUDGE_SOME:
        return holds_role_somewhere(actor.grants, Role.JURY)
    raise ValueError(f"no rule for {action!r}")
