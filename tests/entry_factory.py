"""Entries made directly with the models, for the organisers' tests (no form, no rules)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from awards.accounts.models import User
from awards.contest.models import Edition
from awards.extensions import db
from awards.stakeholders import StakeholderType
from awards.submissions.models import (
    Entry,
    EntryContact,
    EntryMember,
    EntrySdg,
    EntryState,
    MemberRole,
    ProjectStatus,
)

_numbers = itertools.count(1)

SUBMITTED_AT = datetime(2020, 12, 1, 12, 0, tzinfo=UTC)


def make_entry(edition: Edition, owner: User, **fields: Any) -> Entry:
    """A complete entry of ``edition`` owned by ``owner``, submitted unless ``state`` says.

    ``category`` may be a Category or its number; ``contacts`` a list of dicts; ``sdgs`` a
    dict of SDG number -> answer; ``members`` a list of users who co-edit the entry.
    """
    n = next(_numbers)
    category = fields.pop("category", 1)
    if isinstance(category, int):
        category = next(c for c in edition.categories if c.number == category)
    state = fields.pop("state", EntryState.SUBMITTED)
    title = fields.pop("title", f"Project number {n} for rural connectivity")
    entity = fields.pop("entity_name", f"Organisation {n}")
    contacts = fields.pop(
        "contacts", [{"name": f"Contact {n}", "email": f"contact{n}@example.org"}]
    )
    sdgs = fields.pop("sdgs", {1: "Linkage to SDG 1.", 9: "Linkage to SDG 9."})
    members = fields.pop("members", [])
    values: dict[str, Any] = {
        "edition": edition,
        "category": category,
        "owner": owner,
        "state": state,
        "title": title,
        "title_key": fields.pop("title_key", title.casefold()),
        "entity_name": entity,
        "entity_key": fields.pop("entity_key", entity.casefold()),
        "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
        "country": "KE",
        "region": "Africa",
        "website": "",
        "website_key": "",
        "start_date": date(2019, 1, 1),
        "project_status": ProjectStatus.COMPLETED,
        "description": "A short description of the project. " * 20,
        "impact_economic": "Economic impact.",
        "impact_social": "Social impact.",
        "impact_environmental": "Environmental impact.",
        "partnerships": "Partnerships.",
        "challenges": "Challenges.",
        "submitted_at": SUBMITTED_AT if state == EntryState.SUBMITTED else None,
    }
    values.update(fields)
    entry = Entry(**values)
    for position, contact in enumerate(contacts):
        entry.contacts.append(EntryContact(position=position, **contact))
    for number, answer in sdgs.items():
        entry.sdgs.append(EntrySdg(sdg=number, answer=answer))
    entry.members.append(EntryMember(user=owner, role=MemberRole.OWNER))
    for member in members:
        entry.members.append(EntryMember(user=member, role=MemberRole.EDITOR))
    db.session.add(entry)
    db.session.flush()
    return entry
