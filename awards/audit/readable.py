"""The audit page's events, ready to read: names looked up in a few queries, then sentences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.models import AuditEvent
from awards.audit.sentences import (
    ChangeLine,
    EventFacts,
    Reader,
    change_lines,
    object_type_label,
    sentence,
)
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.submissions.models import Entry


@dataclass(frozen=True)
class ReadableEvent:
    """One row of the audit page or of an entry's history."""

    event: AuditEvent
    sentence: str
    object_label: str
    changes: list[ChangeLine]
    zone: str


def _ids(events: Iterable[AuditEvent], object_type: str) -> set[int]:
    return {oid for e in events if e.object_type == object_type and (oid := _id(e.object_id))}


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _mentioned_entries(events: Iterable[AuditEvent]) -> set[int]:
    ids: set[int] = set()
    for event in events:
        for name in ("entries", "duplicate_of"):
            value = (event.changes or {}).get(name)
            if isinstance(value, list):
                ids |= {v for v in value if isinstance(v, int)}
    return ids


def _names(events: Sequence[AuditEvent]) -> dict[tuple[str, int], str]:
    """The name of every object the events are about, by (type, id): four queries at most."""
    names: dict[tuple[str, int], str] = {}
    entry_ids = _ids(events, "Entry") | _mentioned_entries(events)
    user_ids, mail_ids = _ids(events, "User"), _ids(events, "OutboxMessage")
    lookups: list[tuple[str, Any, set[int]]] = [
        ("Entry", select(Entry.id, Entry.title).where(Entry.id.in_(entry_ids)), entry_ids),
        ("User", select(User.id, User.name).where(User.id.in_(user_ids)), user_ids),
        (
            "OutboxMessage",
            select(OutboxMessage.id, OutboxMessage.recipient).where(OutboxMessage.id.in_(mail_ids)),
            mail_ids,
        ),
    ]
    for kind, query, wanted in lookups:
        if wanted:
            names |= {(kind, row[0]): row[1] for row in db.session.execute(query)}
    category_ids = _ids(events, "Category")
    if category_ids:
        for category in db.session.scalars(select(Category).where(Category.id.in_(category_ids))):
            names[("Category", category.id)] = f"{category.number}. {category.display_name}"
    return names


def readable(
    events: Sequence[AuditEvent],
    editions: Iterable[Edition],
    *,
    locale: str,
    viewer_zone: str,
    default_zone: str | None = None,
) -> list[ReadableEvent]:
    """Each event with its sentence, object and changes in the reader's language and zone.

    ``zone`` of each row is its edition's (the time column), else ``default_zone``; dates
    inside sentences and changes are written in ``viewer_zone``.
    """
    editions_by_id = {e.id: e for e in editions}
    names = _names(events)
    titles = {i: n for (kind, i), n in names.items() if kind == "Entry"}
    rows = []
    for event in events:
        edition = editions_by_id.get(event.edition_id) if event.edition_id else None
        zone = edition.timezone if edition else (default_zone or viewer_zone)
        object_id = _id(event.object_id)
        name = names.get((event.object_type, object_id)) if object_id is not None else None
        if event.object_type == "Edition" and edition is not None:
            name = edition.title
        facts = EventFacts(
            action=event.action,
            actor=event.actor.name if event.actor else None,
            object_type=event.object_type,
            object_id=event.object_id,
            changes=event.changes or {},
            object_name=name,
            edition=edition.title if edition else None,
            entry_titles=titles,
        )
        reader = Reader(locale=locale, zone=viewer_zone)
        label = object_type_label(event.object_type)
        rows.append(
            ReadableEvent(
                event=event,
                sentence=sentence(facts, reader),
                object_label=f"{label} {event.object_id}" if event.object_id else label,
                changes=change_lines(facts, reader),
                zone=zone,
            )
        )
    return rows
