"""Between the stored entry and :class:`~awards.submissions.inputs.EntryInput`, both ways.

Both directions walk :data:`~awards.submissions.inputs.SCALAR_FIELDS`, the one declaration
of the entry's fields, plus the compound parts (contacts, SDG linkages, image alt texts).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from awards.geography import region_of
from awards.stakeholders import StakeholderType
from awards.submissions.inputs import ENUM_FIELDS, MAX_CONTACTS, SCALAR_FIELDS, Contact, EntryInput
from awards.submissions.keys import entity_key, title_key, website_key
from awards.submissions.models import Entry, EntryContact, EntrySdg, ProjectStatus

_ENUMS: dict[str, Any] = {"stakeholder_type": StakeholderType, "project_status": ProjectStatus}


def snapshot(entry: Entry) -> EntryInput:
    """The stored entry as :class:`EntryInput`, to compare with what was typed."""
    scalars: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        value = getattr(entry, name)
        scalars[name] = value.value if name in ENUM_FIELDS and value is not None else value
    contacts = [
        Contact(c.name, c.email, c.job_title, c.gender)
        for c in sorted(entry.contacts, key=lambda c: c.position)
    ]
    contacts += [Contact()] * (MAX_CONTACTS - len(contacts))
    return EntryInput(
        **scalars,
        contacts=tuple(contacts[:MAX_CONTACTS]),
        sdgs=tuple((s.sdg, s.answer) for s in sorted(entry.sdgs, key=lambda s: s.sdg)),
        image_alts=tuple(i.alt_text for i in entry.images),
    )


def apply(entry: Entry, data: EntryInput) -> None:
    """Write ``data`` into ``entry`` (fields, derived keys and region, contacts, SDGs)."""
    _apply_scalars(entry, data)
    _apply_contacts(entry, data.contacts)
    _apply_sdgs(entry, data.sdgs)


def _apply_scalars(entry: Entry, data: EntryInput) -> None:
    for name in SCALAR_FIELDS:
        value = getattr(data, name)
        if name == "category_id" and value is None:
            continue
        if name in ENUM_FIELDS:
            value = _ENUMS[name](value) if value else None
        setattr(entry, name, value)
    entry.title_key = title_key(data.title)
    entry.entity_key = entity_key(data.entity_name)
    entry.website_key = website_key(data.website)
    region = region_of(data.country)
    entry.region = region.value if region else None


def _apply_contacts(entry: Entry, contacts: Iterable[Contact]) -> None:
    typed = [c for c in contacts if c.name or c.email or c.job_title or c.gender]
    existing = sorted(entry.contacts, key=lambda c: c.position)
    for position, contact in enumerate(typed):
        row = existing[position] if position < len(existing) else EntryContact()
        row.position, row.name, row.email = position, contact.name, contact.email
        row.job_title, row.gender = contact.job_title, contact.gender
        if row not in entry.contacts:
            entry.contacts.append(row)
    for row in existing[len(typed) :]:
        entry.contacts.remove(row)


def _apply_sdgs(entry: Entry, sdgs: Iterable[tuple[int, str]]) -> None:
    wanted = dict(sdgs)
    for row in list(entry.sdgs):
        if row.sdg in wanted:
            row.answer = wanted.pop(row.sdg)
        else:
            entry.sdgs.remove(row)
    for sdg, answer in sorted(wanted.items()):
        entry.sdgs.append(EntrySdg(sdg=sdg, answer=answer))
