"""Suspected duplicates of an edition, and the organisers' answers to them. Flush, never commit.

The detection itself is pure (:mod:`awards.screening.duplicates`); here the candidates are read
from the database, pairs already reviewed are left out, and an organiser either marks a pair as
distinct projects (it is not shown again) or withdraws one entry as a duplicate of the other
(audit-logged, its team e-mailed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.outbox.services import queue_mail
from awards.screening.decisions import load_for_screening
from awards.screening.duplicates import Candidate, DuplicatePair, find_duplicate_pairs
from awards.submissions.models import DuplicateReview, Entry, EntryState, Screening
from awards.submissions.teams import team_of

DISTINCT = "distinct"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class PairToReview:
    """A suspected duplicate pair with both entries loaded."""

    pair: DuplicatePair
    a: Entry
    b: Entry


def _ordered(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


def duplicate_pairs(edition: Edition) -> list[PairToReview]:
    """Suspected duplicates among the edition's non-withdrawn entries, not yet reviewed."""
    rows = db.session.execute(
        select(Entry.id, Entry.title_key, Entry.title, Entry.website_key).where(
            Entry.edition_id == edition.id, Entry.state != EntryState.WITHDRAWN
        )
    ).all()
    candidates = [Candidate(r.id, r.title_key or r.title or "", r.website_key or "") for r in rows]
    ids = [c.id for c in candidates]
    reviewed = db.session.execute(
        select(DuplicateReview.entry_a_id, DuplicateReview.entry_b_id).where(
            DuplicateReview.entry_a_id.in_(ids)
        )
    ).all()
    pairs = find_duplicate_pairs(candidates, reviewed=[(a, b) for a, b in reviewed])
    wanted = {i for p in pairs for i in (p.a, p.b)}
    entries = {
        e.id: e
        for e in db.session.scalars(
            select(Entry)
            .where(Entry.id.in_(wanted))
            .options(
                load_only(
                    Entry.id,
                    Entry.title,
                    Entry.entity_name,
                    Entry.website,
                    Entry.country,
                    Entry.state,
                    Entry.screening,
                    Entry.submitted_at,
                    Entry.category_id,
                    Entry.edition_id,
                ),
                joinedload(Entry.category),
            )
        )
    }
    return [PairToReview(p, entries[p.a], entries[p.b]) for p in pairs]


def _pair_entries(edition: Edition, first_id: int, second_id: int) -> tuple[Entry, Entry]:
    entries = load_for_screening(edition, (first_id, second_id))
    if len(entries) != 2:
        raise RuleViolation(gettext("Both entries must belong to this edition."))
    return entries[0], entries[1]


def _review(a_id: int, b_id: int, decision: str, actor: User, now: datetime) -> DuplicateReview:
    a_id, b_id = _ordered(a_id, b_id)
    review = db.session.scalar(
        select(DuplicateReview).where(
            DuplicateReview.entry_a_id == a_id, DuplicateReview.entry_b_id == b_id
        )
    )
    if review is None:
        review = DuplicateReview(entry_a_id=a_id, entry_b_id=b_id)
        db.session.add(review)
    review.decision = decision
    review.decided_at = now
    review.decided_by_id = actor.id
    db.session.flush()
    return review


def mark_distinct(
    edition: Edition, first_id: int, second_id: int, *, actor: User, now: datetime
) -> DuplicateReview:
    """Record that two suspected duplicates are different projects; the pair is not shown again."""
    first, second = _pair_entries(edition, first_id, second_id)
    review = _review(first.id, second.id, DISTINCT, actor, now)
    record(
        "entry.duplicate_distinct",
        review,
        f"Entries {review.entry_a_id} and {review.entry_b_id} marked as distinct projects",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"entries": [review.entry_a_id, review.entry_b_id], "decision": [None, DISTINCT]},
    )
    return review


def withdraw_duplicate(
    edition: Edition, withdraw_id: int, keep_id: int, *, actor: User, now: datetime
) -> Entry:
    """Withdraw ``withdraw_id`` as a duplicate of ``keep_id``; audit; mail its team."""
    loaded = {e.id: e for e in _pair_entries(edition, withdraw_id, keep_id)}
    entry, kept = loaded[withdraw_id], loaded[keep_id]
    if entry.state is EntryState.WITHDRAWN:
        raise Conflict(gettext("That entry is already withdrawn."))
    old = {"state": entry.state, "screening": entry.screening}
    entry.state = EntryState.WITHDRAWN
    entry.withdrawn_at = now
    # Only submitted entries carry a screening decision (a database CHECK says so).
    entry.screening = Screening.PENDING
    entry.ineligible_reason = None
    entry.updated_at = now
    _review(entry.id, kept.id, WITHDRAWN, actor, now)
    record(
        "entry.withdrawn_duplicate",
        entry,
        f"Entry {entry.id} withdrawn as a duplicate of entry {kept.id}",
        actor_id=actor.id,
        changes={
            "state": [old["state"], EntryState.WITHDRAWN],
            "screening": [old["screening"], Screening.PENDING],
            "duplicate_of": [None, kept.id],
        },
    )
    for user in team_of(entry):
        queue_mail(
            user.email,
            "entry_withdrawn_duplicate",
            user.locale,
            name=user.name,
            title=entry.title,
            kept_title=kept.title,
            edition=edition.title,
        )
    return entry
