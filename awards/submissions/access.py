"""Loading entries for the people on their team: one entry, a user's entries, open editions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from awards.accounts.models import User
from awards.contest.models import Edition
from awards.extensions import db
from awards.submissions import rules
from awards.submissions.models import Entry, EntryMember


def entry_query() -> Select[Entry]:
    """Entries with everything the form and the entry page show."""
    return select(Entry).options(
        joinedload(Entry.edition),
        joinedload(Entry.category),
        selectinload(Entry.contacts),
        selectinload(Entry.sdgs),
        selectinload(Entry.images),
        selectinload(Entry.members),
    )


def is_team_member(entry: Entry, user_id: int) -> bool:
    """Whether the account owns the entry or was added to its team."""
    return user_id in entry.team_ids()


def entry_for_team(entry_id: int, user: User) -> Entry | None:
    """The entry with everything the form shows, if ``user`` is on its team (else None)."""
    entry = db.session.scalars(entry_query().where(Entry.id == entry_id)).first()
    if entry is None or not is_team_member(entry, user.id):
        return None
    return entry


def entries_of(user: User) -> list[Entry]:
    """The entries ``user`` owns or co-edits, newest edition first."""
    member_of = select(EntryMember.entry_id).where(EntryMember.user_id == user.id)
    query = (
        select(Entry)
        .join(Entry.edition)
        .options(joinedload(Entry.edition), joinedload(Entry.category))
        .where(or_(Entry.owner_id == user.id, Entry.id.in_(member_of)))
        .order_by(Edition.year.desc(), Entry.created_at)
    )
    return list(db.session.scalars(query).unique())


def open_editions(now: datetime) -> list[Edition]:
    """Editions whose submission phase is open at ``now``, with their categories."""
    query = (
        select(Edition)
        .options(selectinload(Edition.categories))
        .where(Edition.submission_opens <= now, Edition.submission_closes > now)
        .order_by(Edition.year.desc())
    )
    return [e for e in db.session.scalars(query) if rules.can_edit(e.schedule(), now)]
