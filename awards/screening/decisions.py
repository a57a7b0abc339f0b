"""Organisers' use cases on entries: screening, moving, duplicates. Flush, never commit.

Every change is audit-logged with its old and new values and e-mailed to the entry's team
(owner and members), each person in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only, selectinload

from awards import clock
from awards.accounts.models import User
from awards.audit.models import AuditEvent
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.outbox.services import queue_mail
from awards.screening.duplicates import Candidate, DuplicatePair, find_duplicate_pairs
from awards.screening.rules import (
    SCREENING_LABELS,
    move_problem,
    reason_label,
    screening_problem,
    screening_window_open,
)
from awards.submissions.models import (
    DuplicateReview,
    Entry,
    EntryMember,
    EntryState,
    Screening,
)

DISTINCT = "distinct"
WITHDRAWN = "withdrawn"


def team_of(entry: Entry) -> list[User]:
    """The owner then the members of the entry's team, each person once."""
    people: dict[int, User] = {entry.owner.id: entry.owner}
    for member in entry.members:
        people.setdefault(member.user.id, member.user)
    return [user for user in people.values() if user.is_active_account]


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
    now: datetime | None = None,
) -> ScreeningOutcome:
    """Record ``decision`` on each entry that allows it; audit each; mail each person once.

    Entries that refuse it (not submitted, already decided so) are listed in ``refused`` and
    left unchanged. Raises :class:`RuleViolation` when the screening window is closed or when
    no entry at all could take the decision.
    """
    now = now or clock.utcnow()
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
        _apply_screening(entry, decision, reason, note, now)
        outcome.decided.append(entry)
    if not outcome.decided:
        message = outcome.refused[0][1] if outcome.refused else gettext("No entry was selected.")
        raise RuleViolation(message)
    _mail_decisions(outcome.decided)
    return outcome


def _apply_screening(
    entry: Entry, decision: Screening, reason: str | None, note: str | None, now: datetime
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


def move_entry(entry: Entry, category: Category, *, now: datetime | None = None) -> Entry:
    """Move ``entry`` to ``category`` (same edition, before nomination); audit; mail the team."""
    now = now or clock.utcnow()
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


# --- duplicates ---------------------------------------------------------------------------


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


def _review(a_id: int, b_id: int, decision: str, now: datetime) -> DuplicateReview:
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
    review.decided_by_id = _actor_id()
    db.session.flush()
    return review


def _actor_id() -> int | None:
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user.is_authenticated:
        return int(current_user.id)
    return None


def mark_distinct(
    edition: Edition, first_id: int, second_id: int, *, now: datetime | None = None
) -> DuplicateReview:
    """Record that two suspected duplicates are different projects; the pair is not shown again."""
    now = now or clock.utcnow()
    first, second = _pair_entries(edition, first_id, second_id)
    review = _review(first.id, second.id, DISTINCT, now)
    record(
        "entry.duplicate_distinct",
        review,
        f"Entries {review.entry_a_id} and {review.entry_b_id} marked as distinct projects",
        edition_id=edition.id,
        changes={"entries": [review.entry_a_id, review.entry_b_id], "decision": [None, DISTINCT]},
    )
    return review


def withdraw_duplicate(
    edition: Edition, withdraw_id: int, keep_id: int, *, now: datetime | None = None
) -> Entry:
    """Withdraw ``withdraw_id`` as a duplicate of ``keep_id``; audit; mail its team."""
    now = now or clock.utcnow()
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
    _review(entry.id, kept.id, WITHDRAWN, now)
    record(
        "entry.withdrawn_duplicate",
        entry,
        f"Entry {entry.id} withdrawn as a duplicate of entry {kept.id}",
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
