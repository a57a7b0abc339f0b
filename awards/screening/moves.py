"""Moving an entry to another category of its edition (organisers, before nomination). Flush only.

The move is audit-logged and e-mailed to the entry's team, each person in their own language.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.outbox.services import queue_mail
from awards.screening.rules import move_problem
from awards.submissions.models import Entry, EntryState
from awards.submissions.teams import team_of


def move_entry(entry: Entry, category: Category, *, actor: User, now: datetime) -> Entry:
    """Move ``entry`` to ``category`` (same edition, before nomination); audit; mail the team."""
    problem = move_problem(
        state=entry.state,
        same_edition=category.edition_id == entry.edition_id,
        same_category=category.id == entry.category_id,
        schedule=entry.edition.schedule(),
        now=now,
    )
    if problem:
        raise RuleViolation(problem)
    if entry.state is EntryState.SUBMITTED and entry.entity_key:
        clash = db.session.scalar(
            select(Entry.id).where(
                Entry.category_id == category.id,
                Entry.entity_key == entry.entity_key,
                Entry.state == EntryState.SUBMITTED,
                Entry.id != entry.id,
            )
        )
        if clash is not None:
            raise Conflict(
                gettext(
                    "The same organisation already has a submitted entry in that category "
                    "(entry %(id)s): one entry per organisation per category.",
                    id=clash,
                )
            )
    old = entry.category
    entry.category_id = category.id
    entry.category = category
    # Editors with the form open must not silently move it back with an older copy.
    entry.version += 1
    entry.updated_at = now
    record(
        "entry.moved",
        entry,
        f"Entry {entry.id} moved from category {old.number} to {category.number}",
        actor_id=actor.id,
        changes={
            "category": [f"{old.number}. {old.name}", f"{category.number}. {category.name}"],
            "category_id": [old.id, category.id],
        },
    )
    for user in team_of(entry):
        with force_locale(user.locale):
            old_name, new_name = old.display_name, category.display_name
        queue_mail(
            user.email,
            "entry_moved",
            user.locale,
            name=user.name,
            title=entry.title,
            edition=entry.edition.title,
            old_category=f"{old.number}. {old_name}",
            new_category=f"{category.number}. {new_name}",
        )
    return entry
