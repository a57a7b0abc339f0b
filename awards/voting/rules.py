"""Who may cast which vote, and when: pure (no Flask, no database), ``now`` passed in.

:func:`may_vote` answers one question, "may this voter vote for this nominee now?", with a
:class:`Decision` that names the reason when the answer is no, so that the service refuses
with the right message and status and the tables of cases in ``tests/unit`` read like the
issue's rules:

- only accounts that hold ``Action.PARTICIPATE`` (verified and active: ``awards.access``);
- only while voting is open by the server's clock, ``[voting_opens, voting_closes)``;
- only for a nominee of the category voted in (confirmed by the organisers);
- one vote per voter per category; an edition may allow changing it until voting closes
  (the last counts, the earlier ones are kept), never to the nominee already chosen.

The database's unique constraint ``(voter_id, category_id, sequence)`` is the last word on
"one vote": this function only spares the database a refused insert and gives the reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from awards.access.rules import Action, Actor, can


class Refusal(enum.StrEnum):
    """Why a vote is refused (``None`` on an allowed :class:`Decision`)."""

    SIGN_IN = "sign_in"
    UNVERIFIED = "unverified"
    NOT_ALLOWED = "not_allowed"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    NOT_A_NOMINEE = "not_a_nominee"
    OTHER_CATEGORY = "other_category"
    ALREADY_VOTED = "already_voted"
    SAME_NOMINEE = "same_nominee"


#: The HTTP status of each refusal: 403 who, 409 when or twice, 404 what does not exist
#: as a nominee, 400 a request that contradicts itself.
STATUS: dict[Refusal, int] = {
    Refusal.SIGN_IN: 403,
    Refusal.UNVERIFIED: 403,
    Refusal.NOT_ALLOWED: 403,
    Refusal.NOT_OPEN_YET: 409,
    Refusal.CLOSED: 409,
    Refusal.NOT_A_NOMINEE: 404,
    Refusal.OTHER_CATEGORY: 400,
    Refusal.ALREADY_VOTED: 409,
    Refusal.SAME_NOMINEE: 409,
}


@dataclass(frozen=True)
class Ballot:
    """What is asked: who votes, for which entry, in which category, at which instant.

    ``entry_category_id`` is the category the entry is a nominee of (None: not a nominee);
    ``category_id`` is the category the voter's form says it votes in; ``current_entry_id``
    the nominee of the voter's current vote in that category (None: not voted there yet).
    """

    actor: Actor
    now: datetime
    voting_opens: datetime
    voting_closes: datetime
    entry_id: int
    entry_category_id: int | None
    category_id: int
    current_entry_id: int | None
    allow_change: bool


@dataclass(frozen=True)
class Decision:
    """The answer: allowed, or the reason it is not (and the status that goes with it)."""

    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def status(self) -> int:
        return 200 if self.refusal is None else STATUS[self.refusal]


ALLOWED = Decision()


def voting_open(opens: datetime, closes: datetime, now: datetime) -> bool:
    """Whether ``now`` falls in the half-open voting window ``[opens, closes)``."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    return opens <= now < closes


def _who(actor: Actor) -> Refusal | None:
    if can(actor, Action.PARTICIPATE):
        return None
    if not actor.signed_in:
        return Refusal.SIGN_IN
    return Refusal.UNVERIFIED if not actor.verified else Refusal.NOT_ALLOWED


def may_vote(ballot: Ballot) -> Decision:
    """Whether ``ballot`` may be cast, checked in the order a voter would want to be told."""
    refusal = _who(ballot.actor)
    if refusal is None and ballot.now < ballot.voting_opens:
        refusal = Refusal.NOT_OPEN_YET
    elif refusal is None and not voting_open(ballot.voting_opens, ballot.voting_closes, ballot.now):
        refusal = Refusal.CLOSED
    elif refusal is None and ballot.entry_category_id is None:
        refusal = Refusal.NOT_A_NOMINEE
    elif refusal is None and ballot.entry_category_id != ballot.category_id:
        refusal = Refusal.OTHER_CATEGORY
    elif refusal is None and ballot.current_entry_id is not None:
        if not ballot.allow_change:
            refusal = Refusal.ALREADY_VOTED
        elif ballot.current_entry_id == ballot.entry_id:
            refusal = Refusal.SAME_NOMINEE
    return ALLOWED if refusal is None else Decision(refusal)
