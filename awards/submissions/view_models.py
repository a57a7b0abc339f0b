"""What the submitters' pages show, computed once per request from the models and ``now``.

Templates get plain values (status, its tone, whether the entry can still be edited, labels)
instead of computing phases or colour maps themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awards.access.gate import actor_of
from awards.access.rules import Action, can
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.geography import REGION_LABELS, Region, country_name, region_of
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions import rules, sections
from awards.submissions.editing import VersionConflict
from awards.submissions.eligibility import limits_of
from awards.submissions.entry_fields import snapshot
from awards.submissions.forms import EntryForm
from awards.submissions.inputs import SDGS, EntryInput
from awards.submissions.labels import (
    DISPLAY_STATUS_LABELS,
    GENDER_CHOICES,
    IMAGE_KIND_LABELS,
    PROJECT_STATUS_LABELS,
    SDG_NAMES,
)
from awards.submissions.models import Entry, TeamInvitation
from awards.submissions.wordcount import count_words


def labels(locale: str) -> dict[str, Any]:
    """Helpers the summary templates use to name codes."""
    return {
        "country_name": lambda code: country_name(code, locale),
        "region_label": lambda code: _region_label(region_of(code)) if code else "",
        "stakeholder_labels": {k.value: v for k, v in STAKEHOLDER_LABELS.items()},
        "status_labels": {k.value: v for k, v in PROJECT_STATUS_LABELS.items()},
        "gender_labels": dict(GENDER_CHOICES),
        "kind_labels": {k.value: v for k, v in IMAGE_KIND_LABELS.items()},
        "sdg_names": SDG_NAMES,
        "status_labels_display": DISPLAY_STATUS_LABELS,
        "count_words": count_words,
    }


def _owns(entry: Entry, user: User) -> bool:
    return can(actor_of(user), Action.ACT_AS_OWNER, entry.access_target())


@dataclass(frozen=True)
class EntryStatus:
    """An entry as the dashboard and its page show it."""

    entry: Entry
    status: str
    tone: str
    editable: bool
    is_owner: bool


def status_of(entry: Entry, user: User, now: datetime) -> EntryStatus:
    """The entry's status, tag colour and whether ``user``'s team may still change it."""
    status = rules.display_status(entry.state.value, entry.screening.value)
    return EntryStatus(
        entry=entry,
        status=status,
        tone=rules.status_tone(status),
        editable=rules.editable_now(entry.state.value, entry.edition.schedule(), now),
        is_owner=_owns(entry, user),
    )


def dashboard(
    entries: Sequence[Entry], open_editions: Sequence[Edition], user: User, now: datetime
) -> dict[str, Any]:
    """The dashboard: entries grouped by edition (newest first), and the editions open now."""
    groups: dict[int, list[EntryStatus]] = {}
    for entry in entries:
        groups.setdefault(entry.edition_id, []).append(status_of(entry, user, now))
    for rows in groups.values():
        rows.sort(key=lambda row: not (row.editable and row.status == rules.DisplayStatus.DRAFT))
    return {"groups": list(groups.values()), "open_editions": open_editions}


def choose_category(open_editions: Sequence[Edition], *, refused: bool) -> dict[str, Any]:
    """The page that starts an entry: one required choice among the open editions' categories."""
    return {"open_editions": open_editions, "refused": refused}


def new_entry_data(category: Category, user: User, token: str) -> dict[str, Any]:
    """A new entry's form, prefilled from the account: entity, country and first contact."""
    return {
        "category": category.id,
        "creation_token": token,
        "entity_name": user.organisation or "",
        "country": user.country or "",
        "contacts": [{"name": user.name, "email": user.email}],
    }


def entry_page(entry: Entry, user: User, now: datetime) -> dict[str, Any]:
    """The entry's page and its printable version."""
    return {
        "entry": entry,
        "data": snapshot(entry),
        "row": status_of(entry, user, now),
        "categories": {c.id: c for c in entry.edition.categories},
    }


def sdg_order(category: Category | None) -> list[tuple[int, bool]]:
    """SDG numbers, the category's suggested ones first, with whether each is suggested."""
    suggested = [n for n in (category.suggested_sdgs if category else []) if 1 <= n <= 17]
    rest = [n for n in SDGS if n not in suggested]
    return [(n, True) for n in suggested] + [(n, False) for n in rest]


def form_page(
    form: EntryForm, edition: Edition, entry: Entry | None, now: datetime
) -> dict[str, Any]:
    """The entry form (new or edit), with its error summary and what is left to do."""
    category = form.chosen_category(edition)
    limits = limits_of(edition)
    to_do = rules.completeness_problems(form.typed(), limits, now.date())
    return {
        "sections": sections.progress(to_do),
        "form": form,
        "entry": entry,
        "edition": edition,
        "category": category,
        "sdg_order": sdg_order(category),
        "stored_images": {str(i.id): i for i in entry.images} if entry else {},
        "limits": limits,
        "errors": form.error_list(),
    }


def conflict_page(
    form: EntryForm,
    edition: Edition,
    entry: Entry | None,
    conflict: VersionConflict,
    now: datetime,
) -> dict[str, Any]:
    """Both versions side by side: the one saved meanwhile, and the form with what was typed."""
    form.version.data = conflict.version
    page = form_page(form, edition, entry, now)
    page.update(
        saved=conflict.saved,
        message=conflict.message,
        errors=[],
        categories={c.id: c for c in edition.categories},
    )
    return page


def closed_page(
    typed: EntryInput, edition: Edition, entry: Entry | None, message: str
) -> dict[str, Any]:
    """What was typed, to copy, when the entry can no longer be changed."""
    return {
        "entry": entry,
        "typed": typed,
        "message": message,
        "categories": {c.id: c for c in edition.categories},
    }


@dataclass(frozen=True)
class TeamPage:
    """The team page: who is on the team, pending invitations, what the viewer may do."""

    entry: Entry
    people: list[User]
    invitations: list[TeamInvitation]
    is_owner: bool
    may_remove: Callable[[User], bool]


def team_page(
    entry: Entry, people: list[User], invitations: list[TeamInvitation], user: User
) -> TeamPage:
    """The team page for ``user``: only the owner may remove members or withdraw invitations."""
    is_owner = _owns(entry, user)
    return TeamPage(
        entry=entry,
        people=people,
        invitations=invitations,
        is_owner=is_owner,
        may_remove=lambda person: is_owner and person.id != entry.owner_id,
    )


def _region_label(region: Region | None) -> str:
    return str(REGION_LABELS[region]) if region else ""
