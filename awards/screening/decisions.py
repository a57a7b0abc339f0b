"""Organisers' screening decisions on entries (one or many at once). Flush, never commit.

Every decision is audit-logged with its old and new values and e-mailed to the entry's team
(owner and members), each person in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from awards.accounts.models import User
from awards.audit.models import AuditEvent
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.outbox.services import queue_mail
from awards.screening.rules import (
    SCREENING_LABELS,
    reason_label,
    screening_problem,
    screening_window_open,
)
from awards.submissions.models import Entry, EntryMember, Screening
from awards.submissions.teams import team_of


def load_for_screening(edition: Edition, entry_ids: Iterable[int]) -> list[Entry]:
    """The entries of ``edition`` among ``entry_ids``, with their team loaded (others ignored)."""
    ids = {int(i) for i in entry_ids}
    if not ids:
        return []
    query = (
        select(Entry)
        .where(Entry.edition_id == edition.id, Entry.id.in_(ids))
        .options(
            joinedload(Entry.owner),
            selectinload(Entry.members).joinedload(EntryMember.user),
            joinedload(Entry.category),
        )
        .order_by(Entry.id)
    )
    return list(db.session.scalars(query).unique())


@dataclass
class ScreeningOutcome:
    """What a (bulk) screening did: entries decided, entries refused with the reason."""

    decided: list[Entry] = field(default_factory=list)
    refused: list[tuple[Entry, str]] = field(default_factory=list)


def screen_entries(
    entries: Sequence[Entry],
    decision: Screening,
    *,
    reason: str | None = None,
    note: str | None = None,
    actor: User,
    now: datetime,
) -> ScreeningOutcome:
    """Record ``decision`` on each entry that allows it; audit each; mail each person once.

    Entries that refuse it (not submitted, already decided so) are listed in ``refused`` and
    left unchanged. Raises :class:`RuleViolation` when the screening window is closed or when
    no entry at all could take the decision.
    """
    reason = reason or None
    note = (note or "").strip() or None
    outcome = ScreeningOutcome()
    if entries and not screening_window_open(entries[0].edition.schedule(), now):
        raise RuleViolation(
            gettext("Screening is only possible from submission until nomination closes.")
        )
    for entry in entries:
        problem = screening_problem(
            state=entry.state,
            current=entry.screening,
            current_reason=entry.ineligible_reason,
            decision=decision,
            reason=reason,
            note=note,
            schedule=entry.edition.schedule(),
            now=now,
        )
        if problem:
            outcome.refused.append((entry, problem))
            continue
        _apply_screening(entry, decision, reason, note, actor, now)
        outcome.decided.append(entry)
    if not outcome.decided:
        message = outcome.refused[0][1] if outcome.refused else gettext("No entry was selected.")
        raise RuleViolation(message)
    _mail_decisions(outcome.decided)
    return outcome


def _apply_screening(
    entry: Entry,
    decision: Screening,
    reason: str | None,
    note: str | None,
    actor: User,
    now: datetime,
) -> None:
    old = (entry.screening, entry.ineligible_reason, entry.screening_note)
    entry.screening = decision
    entry.ineligible_reason = reason if decision is Screening.INELIGIBLE else None
    entry.screening_note = note
    entry.screened_at = now if decision is not Screening.PENDING else None
    record(
        "entry.screened",
        entry,
        f"Screening of entry {entry.id}: {old[0]} -> {decision}",
        actor_id=actor.id,
        changes={
            "screening": [old[0], decision],
            "ineligible_reason": [old[1], entry.ineligible_reason],
            "screening_note": [old[2], note],
        },
    )


def _mail_decisions(entries: Sequence[Entry]) -> None:
    """One message per person, listing every decision on their entries in this batch."""
    by_person: dict[int, tuple[User, list[Entry]]] = {}
    for entry in entries:
        for user in team_of(entry):
            by_person.setdefault(user.id, (user, []))[1].append(entry)
    for user, their_entries in by_person.values():
        with force_locale(user.locale):
            decisions = [
                {
                    "title": entry.title,
                    "category": entry.category.display_name,
                    "decision": str(SCREENING_LABELS[entry.screening]),
                    "eligible": entry.screening is Screening.ELIGIBLE,
                    "ineligible": entry.screening is Screening.INELIGIBLE,
                    "reason": reason_label(entry.ineligible_reason),
                    "note": entry.screening_note or "",
                }
                for entry in their_entries
            ]
        queue_mail(
            user.email,
            "entry_screened",
            user.locale,
            name=user.name,
            edition=their_entries[0].edition.title,
            decisions=decisions,
        )


def entry_history(entry: Entry) -> list[AuditEvent]:
    """The audit events about ``entry`` (screening, moves, withdrawal...), oldest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "Entry", AuditEvent.object_id == str(entry.id))
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    )
