"""Valid votes: the one definition every count uses (Champions, the live view, results).

A vote is *valid* when it is its voter's current vote in the category (the highest sequence:
an edition with final votes has only sequence 1) and neither the vote nor its voter's account
is under an active quarantine in that edition. Quarantined votes stay stored; lifting the
quarantine makes them count again. Counting is one ``GROUP BY`` on the database, never a loop
over rows in Python.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import aliased

from awards.extensions import db
from awards.voting.models import Quarantine, QuarantineKind, Vote


def current_votes_query(edition_id: int) -> Select[Vote]:
    """Every voter's current vote per category of the edition (quarantined ones included)."""
    later = aliased(Vote)
    return select(Vote).where(
        Vote.edition_id == edition_id,
        ~exists().where(
            later.voter_id == Vote.voter_id,
            later.category_id == Vote.category_id,
            later.sequence > Vote.sequence,
        ),
    )


def quarantined_condition(edition_id: int) -> ColumnElement[bool]:
    """True for a vote set aside by an active quarantine (of the vote or of its account)."""
    return exists().where(
        Quarantine.edition_id == edition_id,
        Quarantine.lifted_at.is_(None),
        ((Quarantine.kind == QuarantineKind.VOTE) & (Quarantine.vote_id == Vote.id))
        | ((Quarantine.kind == QuarantineKind.ACCOUNT) & (Quarantine.voter_id == Vote.voter_id)),
    )


def valid_votes_query(edition_id: int) -> Select[Vote]:
    """The edition's valid votes."""
    return current_votes_query(edition_id).where(~quarantined_condition(edition_id))


def valid_counts(edition_id: int) -> dict[tuple[int, int], int]:
    """Valid votes per (category id, nominee entry id), by one aggregate query."""
    valid = valid_votes_query(edition_id).subquery()
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
