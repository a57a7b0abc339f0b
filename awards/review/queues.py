"""An expert's queue: their reviews of a round, with progress ("12 of 45 submitted").

Plain column queries (no ORM objects per row): the page is the expert's most visited. Only
reviews the expert can reach count (``reviews.open_to_expert``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased, load_only

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.blinding import identifying_strings
from awards.review.models import AssignmentState, ReviewAssignment
from awards.review.reviews import open_to_expert
from awards.submissions.models import Entry, EntryContact, EntryMember


@dataclass(frozen=True)
class QueueItem:
    """One review in an expert's queue."""

    assignment_id: int
    entry_id: int
    title: str
    category_number: int
    category: Category
    state: AssignmentState
    updated_at: datetime | None
    #: What would give the team away in the title (``blinding.identifying_strings``).
    identifying: tuple[str, ...]


@dataclass(frozen=True)
class Queue:
    """An expert's reviews of one round, and how many are submitted."""

    round: int
    items: list[QueueItem]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def submitted(self) -> int:
        return sum(item.state is AssignmentState.SUBMITTED for item in self.items)


def queue_of(edition: Edition, expert: User, round_: int) -> Queue:
    """The expert's reviews of ``round_`` in ``edition``, by entry number.

    Plain column queries (no ORM objects per row): the page is the expert's most visited.
    """
    owner = aliased(User)
    rows = db.session.execute(
        select(
            ReviewAssignment.id,
            ReviewAssignment.entry_id,
            ReviewAssignment.state,
            ReviewAssignment.updated_at,
            Entry.title,
            Entry.entity_name,
            Entry.website,
            Entry.category_id,
            owner.name.label("owner_name"),
            owner.email.label("owner_email"),
        )
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .join(owner, owner.id == Entry.owner_id)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.expert_id == expert.id,
            ReviewAssignment.round == round_,
            open_to_expert(),
        )
        .order_by(Entry.id)
    ).all()
    people = _people_of([r.entry_id for r in rows])
    wanted = {r.category_id for r in rows}
    categories = {
        c.id: c
        for c in db.session.scalars(
            select(Category)
            .options(load_only(Category.number, Category.name, Category.name_translations))
            .where(Category.id.in_(wanted))
        )
    }
    items = [
        QueueItem(
            assignment_id=r.id,
            entry_id=r.entry_id,
            title=r.title,
            category_number=categories[r.category_id].number,
            category=categories[r.category_id],
            state=r.state,
            updated_at=r.updated_at,
            identifying=identifying_strings(
                r.entity_name,
                r.website,
                [(r.owner_name, r.owner_email), *people.get(r.entry_id, [])],
            ),
        )
        for r in rows
    ]
    return Queue(round_, items)


def _people_of(entry_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Names and addresses of each entry's contacts and team members."""
    people: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if not entry_ids:
        return people
    contacts = select(EntryContact.entry_id, EntryContact.name, EntryContact.email).where(
        EntryContact.entry_id.in_(entry_ids)
    )
    members = (
        select(EntryMember.entry_id, User.name, User.email)
        .join(User, User.id == EntryMember.user_id)
        .where(EntryMember.entry_id.in_(entry_ids))
    )
    for query in (contacts, members):
        for entry_id, name, email in db.session.execute(query):
            people[entry_id].append((name, email))
    return people


def rounds_of(edition: Edition, expert: User) -> list[int]:
    """The rounds in which the expert has reviews not withdrawn (for the queue's tabs: a
    round whose reviews all became unreachable shows an empty queue, nothing more)."""
    query = (
        select(ReviewAssignment.round)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.expert_id == expert.id,
            ReviewAssignment.state != AssignmentState.WITHDRAWN,
        )
        .group_by(ReviewAssignment.round)
        .order_by(ReviewAssignment.round)
    )
    return list(db.session.scalars(query))
