"""Casting a vote, and what a voter may read of their own: votes, receipts, progress.

:func:`cast_ballot` checks the pure rule (:func:`awards.voting.rules.may_vote`) against what
:func:`ballot_entry` read in one query, then writes the
:class:`~awards.voting.models.Vote` and its :class:`~awards.voting.models.VoteEvidence`
(:mod:`awards.voting.vote_rows`: one statement on PostgreSQL). Two requests of one voter for
one category can pass the check at the same moment; the unique constraint
``(voter_id, category_id, sequence)`` then lets exactly one insert through, and the other
inserts nothing (``ON CONFLICT DO NOTHING``) and becomes the 409 "You have already voted in
this category": never a 500, and the rest of the unit of work is intact. An edition that allows
changing a vote writes the next sequence; the highest counts (:mod:`awards.voting.valid_votes`),
the earlier ones stay.

Services flush, never commit; the view commits once, and answers success only after that.
Nothing here counts other people's votes: a voter reads only their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, make_transient_to_detached

from awards.access.gate import actor_of
from awards.access.rules import Actor
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.services import queue_mail
from awards.review.nominees import IdArgument, is_nominee, nominee_condition
from awards.submissions.models import Entry
from awards.voting.models import Vote, VotingSettings
from awards.voting.network import subnet_of
from awards.voting.receipts import grouped, new_receipt
from awards.voting.rules import Ballot, Decision, Refusal, may_vote
from awards.voting.settings import (
    DEFAULT_ALLOW_CHANGE,
    DEFAULT_EMAIL_RECEIPTS,
    voting_settings_of,
)
from awards.voting.vote_rows import MAX_AGENT, MAX_IP, MAX_LANGUAGE, VoteRow, insert_vote

MESSAGES: dict[Refusal, LazyString] = {
    Refusal.SIGN_IN: _l("Sign in to vote."),
    Refusal.UNVERIFIED: _l(
        "Confirm your email address before you vote: follow the link in the email we sent you."
    ),
    Refusal.NOT_ALLOWED: _l("This account may not vote."),
    Refusal.NOT_OPEN_YET: _l("Voting has not opened yet. Nothing was recorded."),
    Refusal.CLOSED: _l("Voting is closed. Nothing was recorded."),
    Refusal.NOT_A_NOMINEE: _l("This project is not a nominee: only nominees can receive votes."),
    Refusal.OTHER_CATEGORY: _l(
        "This project is a nominee of another category. Nothing was recorded: vote for it "
        "from its own category."
    ),
    Refusal.ALREADY_VOTED: _l("You have already voted in this category."),
    Refusal.SAME_NOMINEE: _l("Your vote in this category is already for this project."),
}
CHANGED_MEANWHILE = _l(
    "Your vote in this category changed in another window at the same moment. "
    "Check your votes, then try again."
)


class VoteRefused(RuleViolation):
    """A vote the rules refuse: the reason, its message and its status (403/404/409/400)."""

    def __init__(self, refusal: Refusal, message: str | None = None) -> None:
        super().__init__(message or str(MESSAGES[refusal]))
        self.refusal = refusal
        self.status_code = Decision(refusal).status


@dataclass(frozen=True)
class Evidence:
    """What the request says about where a vote comes from (kept for fraud review)."""

    ip: str | None = None
    user_agent: str = ""
    accept_language: str = ""


@dataclass(frozen=True)
class Progress:
    """How many of the categories with nominees the voter has voted in."""

    voted: int
    total: int


def agent_key(user_agent: str) -> str:
    """A short fingerprint of a user agent, kept when the full text is reduced."""
    if not user_agent:
        return ""
    return hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()[:16]


@dataclass(frozen=True)
class BallotTarget:
    """What the vote rule and the insert need of a ballot's entry and edition, besides the
    voter: ids, the voting window, whether the entry is a nominee, the edition's voting
    settings, and the voter's current vote in the entry's own category."""

    entry_id: int
    edition_id: int
    category_id: int
    category_number: int
    voting_opens: datetime
    voting_closes: datetime
    nominee: bool
    allow_change: bool
    email_receipts: bool
    current: Choice | None


@dataclass(frozen=True)
class Choice:
    """A voter's current vote in a category, as the rule needs it: its nominee and sequence."""

    entry_id: int
    sequence: int


def _latest(voter_id: Any, category_id: IdArgument, column: Any) -> Any:
    return (
        select(column)
        .where(Vote.voter_id == voter_id, Vote.category_id == category_id)
        .order_by(Vote.sequence.desc())
        .limit(1)
        .scalar_subquery()
    )


#: The ballot's one query, built once: a request binds the year, the entry and the voter
#: (building the query and its cache key took longer than PostgreSQL took to answer it).
_BALLOT = (
    select(
        Entry.id,
        Entry.edition_id,
        Entry.category_id,
        Category.number,
        Edition.voting_opens,
        Edition.voting_closes,
        nominee_condition(Entry.id, Entry.category_id, Entry.edition_id),
        VotingSettings.allow_change,
        VotingSettings.email_receipts,
        _latest(bindparam("voter_id"), Entry.category_id, Vote.entry_id),
        _latest(bindparam("voter_id"), Entry.category_id, Vote.sequence),
    )
    .join(Edition, Edition.id == Entry.edition_id)
    .join(Category, Category.id == Entry.category_id)
    .outerjoin(VotingSettings, VotingSettings.edition_id == Entry.edition_id)
    .where(Entry.id == bindparam("entry_id"), Edition.year == bindparam("year"))
)


def ballot_entry(year: int, entry_id: int, voter_id: int) -> BallotTarget | None:
    """The ballot for ``entry_id`` in the edition of ``year`` cast by ``voter_id``: one query of
    plain columns (casting a vote is the hot path), or None when the edition has no such
    entry."""
    row = (
        db.session.connection()
        .execute(_BALLOT, {"year": year, "entry_id": entry_id, "voter_id": voter_id})
        .first()
    )
    if row is None:
        return None
    (id_, edition_id, category_id, number, opens, closes, nominee, change, receipts) = row[:9]
    current_entry, current_sequence = row[9:]
    return BallotTarget(
        entry_id=id_,
        edition_id=edition_id,
        category_id=category_id,
        category_number=number,
        voting_opens=opens,
        voting_closes=closes,
        nominee=bool(nominee),
        allow_change=DEFAULT_ALLOW_CHANGE if change is None else change,
        email_receipts=DEFAULT_EMAIL_RECEIPTS if receipts is None else receipts,
        current=None if current_entry is None else Choice(current_entry, current_sequence),
    )


def target_of(voter: User, entry: Entry) -> BallotTarget:
    """The same ballot for an entry already loaded (three queries)."""
    settings = voting_settings_of(entry.edition)
    return BallotTarget(
        entry_id=entry.id,
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        category_number=entry.category.number,
        voting_opens=entry.edition.voting_opens,
        voting_closes=entry.edition.voting_closes,
        nominee=is_nominee(entry),
        allow_change=settings.allow_change,
        email_receipts=settings.email_receipts,
        current=current_choice(voter, entry.category_id),
    )


def current_vote(voter: User, category_id: int) -> Vote | None:
    """The voter's vote that counts in the category (the highest sequence), if any."""
    return db.session.scalar(
        select(Vote)
        .where(Vote.voter_id == voter.id, Vote.category_id == category_id)
        .order_by(Vote.sequence.desc())
        .limit(1)
    )


def current_choice(voter: User, category_id: int) -> Choice | None:
    """:func:`current_vote`'s nominee and sequence only (two columns, no object to load)."""
    row = db.session.execute(
        select(Vote.entry_id, Vote.sequence)
        .where(Vote.voter_id == voter.id, Vote.category_id == category_id)
        .order_by(Vote.sequence.desc())
        .limit(1)
    ).first()
    return None if row is None else Choice(entry_id=row.entry_id, sequence=row.sequence)


def _ballot(
    voter: User,
    target: BallotTarget,
    category_id: int,
    now: datetime,
    current: Choice | None,
    actor: Actor | None = None,
) -> Ballot:
    return Ballot(
        actor=actor_of(voter) if actor is None else actor,
        now=now,
        voting_opens=target.voting_opens,
        voting_closes=target.voting_closes,
        entry_id=target.entry_id,
        entry_category_id=target.category_id if target.nominee else None,
        category_id=category_id,
        current_entry_id=current.entry_id if current else None,
        allow_change=target.allow_change,
    )


def _current_in(voter: User, target: BallotTarget, category_id: int) -> Choice | None:
    """The voter's current vote in ``category_id`` (the target's own one is already known)."""
    if category_id == target.category_id:
        return target.current
    return current_choice(voter, category_id)


def decide(voter: User, entry: Entry, *, now: datetime, category_id: int | None = None) -> Decision:
    """The rule's answer for ``voter`` voting for ``entry`` (in its own category by default)."""
    target = target_of(voter, entry)
    category_id = entry.category_id if category_id is None else category_id
    current = _current_in(voter, target, category_id)
    return may_vote(_ballot(voter, target, category_id, now, current))


def cast_vote(
    voter: User,
    entry: Entry,
    *,
    now: datetime,
    evidence: Evidence,
    category_id: int | None = None,
) -> Vote:
    """Record ``voter``'s vote for the nominee ``entry`` (in ``category_id``, its own by default).

    Raises :class:`VoteRefused` with the reason; flushes, never commits.
    """
    return cast_ballot(
        voter, target_of(voter, entry), now=now, evidence=evidence, category_id=category_id
    )


def cast_ballot(
    voter: User,
    target: BallotTarget,
    *,
    now: datetime,
    evidence: Evidence,
    category_id: int | None = None,
    actor: Actor | None = None,
) -> Vote:
    """:func:`cast_vote` for a ballot :func:`ballot_entry` loaded: the rule, then one insert.

    ``actor`` is ``voter``'s :class:`~awards.access.rules.Actor` when the caller has it.
    """
    category_id = target.category_id if category_id is None else category_id
    current = _current_in(voter, target, category_id)
    decision = may_vote(_ballot(voter, target, category_id, now, current, actor))
    if decision.refusal is not None:
        raise VoteRefused(decision.refusal)
    sequence = current.sequence + 1 if current else 1
    user_agent = (evidence.user_agent or "")[:MAX_AGENT]
    row = VoteRow(
        edition_id=target.edition_id,
        category_id=target.category_id,
        entry_id=target.entry_id,
        voter_id=voter.id,
        sequence=sequence,
        receipt=new_receipt(),
        cast_at=now,
        account_created_at=voter.created_at,
        subnet=subnet_of(evidence.ip),
        agent_key=agent_key(user_agent),
        ip=(evidence.ip or None) and evidence.ip[:MAX_IP],
        user_agent=user_agent or None,
        accept_language=(evidence.accept_language or "")[:MAX_LANGUAGE] or None,
    )
    vote_id = insert_vote(db.session.connection(), row)
    if vote_id is None:
        # Another request of this voter took this sequence first: nothing was written.
        if sequence == 1:
            raise VoteRefused(Refusal.ALREADY_VOTED)
        raise VoteRefused(Refusal.ALREADY_VOTED, str(CHANGED_MEANWHILE))
    # The row as stored, in the session as if loaded (every column is known: no query).
    vote = Vote(id=vote_id, **row.vote_columns())
    make_transient_to_detached(vote)
    db.session.add(vote)
    if target.email_receipts:
        _mail_receipt(voter, vote, db.session.get_one(Edition, target.edition_id))
    return vote


def _mail_receipt(voter: User, vote: Vote, edition: Edition) -> None:
    queue_mail(
        voter.email,
        "vote_receipt",
        voter.locale or "en",
        name=voter.name,
        edition=edition,
        entry=vote.entry,
        category=vote.entry.category,
        receipt=grouped(vote.receipt),
        cast_at=vote.cast_at,
        zone=voter.timezone or edition.timezone,
        url=external_url("voting.receipt", year=edition.year, receipt=vote.receipt),
    )


def my_votes(voter: User, edition: Edition) -> list[Vote]:
    """The voter's current votes in ``edition`` (one per category), by category number."""
    rows = db.session.scalars(
        select(Vote)
        .options(joinedload(Vote.entry).joinedload(Entry.category))
        .where(Vote.voter_id == voter.id, Vote.edition_id == edition.id)
        .order_by(Vote.category_id, Vote.sequence.desc())
    )
    latest: dict[int, Vote] = {}
    for vote in rows:
        latest.setdefault(vote.category_id, vote)
    return sorted(latest.values(), key=lambda v: v.entry.category.number)


#: The voter's votes of an edition, as every voting page asks (built once).
_VOTED = (
    select(Vote.category_id, Vote.entry_id)
    .where(Vote.voter_id == bindparam("voter_id"), Vote.edition_id == bindparam("edition_id"))
    .order_by(Vote.category_id, Vote.sequence)
)


def voted_categories(voter: User | None, edition: Edition) -> dict[int, int]:
    """Category id -> nominee entry id of the voter's current vote in ``edition``."""
    if voter is None:
        return {}
    rows = db.session.execute(_VOTED, {"voter_id": voter.id, "edition_id": edition.id})
    return {row.category_id: row.entry_id for row in rows}  # the highest sequence wins


def progress(voted: dict[int, int], nominated_category_ids: set[int]) -> Progress:
    """Progress over the categories that have nominees ("7 of 18")."""
    return Progress(
        voted=len(voted.keys() & nominated_category_ids), total=len(nominated_category_ids)
    )


def receipt_vote(receipt: str) -> Vote | None:
    """The vote of a canonical receipt (the caller checks that it is the viewer's)."""
    return db.session.scalar(
        select(Vote).options(joinedload(Vote.entry)).where(Vote.receipt == receipt)
    )
