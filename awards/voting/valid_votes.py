"""Valid votes: the one definition every count uses (Champions, the live view, results).

A vote is *valid* when it is its voter's current vote in the category (the highest sequence:
an edition with final votes has only sequence 1) and neither the vote nor its voter's account
is under an active quarantine in that edition. Quarantined votes stay stored; lifting the
quarantine makes them count again. Counting is one ``GROUP BY`` on the database, never a loop
over rows in Python.

Speed at millions of votes: the "is there a later vote" anti-join is only added when the
edition has a changed vote at all (found through the partial index ``ix_vote_changed``), and
quarantines are excluded with two ``NOT IN`` lists that the database hashes once, rather than
a correlated test per vote. The answer is the same either way (tested on both paths).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import aliased

from awards.extensions import db
from awards.voting.models import Quarantine, QuarantineKind, Vote


def has_changed_votes(edition_id: int) -> bool:
    """Whether any voter of the edition changed a vote (a vote of sequence above 1 exists)."""
    return bool(
        db.session.scalar(select(exists().where(Vote.edition_id == edition_id, Vote.sequence > 1)))
    )


def _latest() -> ColumnElement[bool]:
    later = aliased(Vote)
    return ~exists().where(
        later.voter_id == Vote.voter_id,
        later.category_id == Vote.category_id,
        later.sequence > Vote.sequence,
    )


def current_votes_query(edition_id: int, *, changed: bool | None = None) -> Select[Vote]:
    """Every voter's current vote per category of the edition (quarantined ones included).

    ``changed`` says whether the edition has changed votes; None looks it up."""
    query = select(Vote).where(Vote.edition_id == edition_id)
    if changed is None:
        changed = has_changed_votes(edition_id)
    return query.where(_latest()) if changed else query


def quarantined_condition(edition_id: int) -> ColumnElement[bool]:
    """True for a vote set aside by an active quarantine (of the vote or of its account)."""
    active = (Quarantine.edition_id == edition_id, Quarantine.lifted_at.is_(None))
    votes = select(Quarantine.vote_id).where(
        *active, Quarantine.kind == QuarantineKind.VOTE, Quarantine.vote_id.is_not(None)
    )
    accounts = select(Quarantine.voter_id).where(
        *active, Quarantine.kind == QuarantineKind.ACCOUNT, Quarantine.voter_id.is_not(None)
    )
    return Vote.id.in_(votes) | Vote.voter_id.in_(accounts)


def valid_votes_query(edition_id: int, *, changed: bool | None = None) -> Select[Vote]:
    """The edition's valid votes."""
    return current_votes_query(edition_id, changed=changed).where(
        ~quarantined_condition(edition_id)
    )


def valid_counts(edition_id: int, *, changed: bool | None = None) -> dict[tuple[int, int], int]:
    """Valid votes per (category id, nominee entry id), by one aggregate query."""
    valid = valid_votes_query(edition_id, changed=changed).subquery()
    rows = db.session.execute(
        select(valid.c.category_id, valid.c.entry_id, func.count()).group_by(
            valid.c.category_id, valid.c.entry_id
        )
    )
    return {(category, entry): count for category, entry, count in rows}


def quarantined_count(edition_id: int) -> int:
    """How many current votes of the edition are set aside by a quarantine."""
    current = current_votes_query(edition_id).where(quarantined_condition(edition_id)).subquery()
    return db.session.scalar(select(func.count()).select_from(current)) or 0
