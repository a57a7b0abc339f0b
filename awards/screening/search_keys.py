"""The organisers' search key of an entry: its searchable text folded once, on every flush.

``fold`` drops case and accents in every script (NFKD, combining marks removed, case-folded),
so "ÉCOLE", "école" and "ecole" read alike, as do "ΣΧΟΛΕΊΟ" and "σχολείο". The key is kept on
``Entry.search_key`` by a ``before_flush`` listener, whoever saves the entry (the entry form,
the organisers, the demo), and the list compares it with ``LIKE`` against the folded needle:
the same answer on SQLite and PostgreSQL, whose own case rules differ.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from awards.submissions.models import Entry, EntryContact

#: Turkish dotless ı reads as i (İ already folds to i once its dot is dropped).
_SAME_LETTER = str.maketrans({"ı": "i"})
SEPARATOR = "\n"


def fold(text: str) -> str:
    """``text`` without case or accents, for comparing what people type with what is stored."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold().translate(_SAME_LETTER))


def search_key(title: str, entity_name: str, contacts: Iterable[tuple[str, str]]) -> str:
    """The folded title, entity and contacts' names and addresses, one per line."""
    parts = [title, entity_name]
    for name, email in contacts:
        parts += [name, email]
    return SEPARATOR.join(fold(part or "") for part in parts if part)


def _entry_key(entry: Entry, deleted: set[Any]) -> str:
    return search_key(
        entry.title or "",
        entry.entity_name or "",
        ((c.name or "", c.email or "") for c in entry.contacts if c not in deleted),
    )


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, *_: object) -> None:
    """Recompute the key of every entry that changed, or whose contacts did."""
    entries: set[Entry] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Entry):
            entries.add(obj)
        elif isinstance(obj, EntryContact) and obj.entry is not None:
            entries.add(obj.entry)
    deleted = set(session.deleted)
    with session.no_autoflush:
        for entry in entries - deleted:
            key = _entry_key(entry, deleted)
            if entry.search_key != key:
                entry.search_key = key
