"""Valid votes: the one definition every count uses (Champions, the live view, results).

A vote is *valid* when it is its voter's current vote in the category (the highest sequence:
an edition with final votes has only sequence 1) and neither the vote nor its voter's account
is under an active quarantine in that edition. Quarantined votes stay stored; lifting the
quarantine makes them count again. Counting is one ``GROUP BY`` on the database, never a loop
over rows in Python.

Speed at millions of votes: :func:`valid_counts` is the bare ``GROUP BY`` of the edition's
votes minus the counts of the few excluded votes (superseded or quarantined), found from the
changed votes (partial index ``ix_vote_changed``) and the quarantine table, never by a test per
vote. :func:`valid_votes_query` lists the valid votes themselves (for the Merkle tree and the
exports); the "is there a later vote" anti-join is only added when the edition has a changed
vote at all, and quarantines are excluded with two ``NOT IN`` lists the database hashes once.
Both give the same answer (tested).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, func, select, union
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


def excluded_votes_query(edition_id: int) -> Select[tuple[int]]:
    """Ids of votes that are not valid in the edition (callers keep those of the edition: a
    quarantined account brings its votes of every edition): superseded by the voter's next vote
    (a changed vote has the sequence after the one it replaces), or quarantined (the vote, or
    every vote of a quarantined account). Small next to the votes: it starts from the changed
    votes (partial index) and the quarantine table."""
    later = aliased(Vote)
    superseded = (
        select(Vote.id)
        .join(
            later,
            (later.voter_id == Vote.voter_id)
            & (later.category_id == Vote.category_id)
            & (later.sequence == Vote.sequence + 1),
        )
        .where(later.edition_id == edition_id, later.sequence > 1)
    )
    active = (Quarantine.edition_id == edition_id, Quarantine.lifted_at.is_(None))
    quarantined_votes = select(Quarantine.vote_id.label("id")).where(
        *active, Quarantine.kind == QuarantineKind.VOTE, Quarantine.vote_id.is_not(None)
    )
    # Every vote of the account (the edition is applied where the ids are counted: filtering
    # by it here makes the planner intersect with the edition's whole index).
    quarantined_accounts = select(Vote.id).where(
        Vote.voter_id.in_(
            select(Quarantine.voter_id).where(*active, Quarantine.kind == QuarantineKind.ACCOUNT)
        ),
    )
    return union(superseded, quarantined_votes, quarantined_accounts)  # type: ignore[return-value]


def valid_counts(edition_id: int) -> dict[tuple[int, int], int]:
    """Valid votes per (category id, nominee entry id), by one aggregate statement: every vote
    of the edition counted as a bare ``GROUP BY`` would, minus the few excluded ones."""
    totals = (
        select(Vote.category_id, Vote.entry_id, func.count().label("n"))
        .where(Vote.edition_id == edition_id)
        .group_by(Vote.category_id, Vote.entry_id)
        .cte("totals")
    )
    excluded_ids = excluded_votes_query(edition_id).subquery("excluded_ids")
    excluded = (
        select(Vote.category_id, Vote.entry_id, func.count().label("n"))
        .join(excluded_ids, excluded_ids.c.id == Vote.id)
        .where(Vote.edition_id == edition_id)
        .group_by(Vote.category_id, Vote.entry_id)
        .cte("excluded")
    )
    rows = db.session.execute(
        select(
            totals.c.category_id,
            totals.c.entry_id,
            totals.c.n - func.coalesce(excluded.c.n, 0),
        ).join(
            excluded,
            (excluded.c.category_id == totals.c.category_id)
            & (excluded.c.entry_id == totals.c.entry_id),
            isouter=True,
        )
    )
    return {(category, entry): count for category, entry, count in rows if count > 0}


def quarantined_count(edition_id: int) -> int:
    """How many current votes of the edition are set aside by a quarantine."""
    current = current_votes_query(edition_id).where(quarantined_condition(edition_id)).subquery()
    return db.session.scalar(select(func.count()).select_from(current)) or 0
