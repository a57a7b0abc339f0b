"""Conflicts of interest: detected automatically, declared by experts, set or lifted by
organisers. Flush, never commit.

A lifted conflict stays in the table (who lifted it, when, why) and no longer counts; detection
never re-creates an automatic conflict an organiser lifted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.review import conflicts
from awards.review.conflicts import ConflictReason, EntryFacts, ExpertFacts
from awards.review.experts import is_jury, list_experts, require_organiser, settings_of
from awards.review.models import (
    AssignmentState,
    ConflictOfInterest,
    ConflictSource,
    ExpertProfile,
    ReviewAssignment,
)
from awards.submissions.models import Entry, EntryMember, EntryState, Screening

NOTE_MAX = 1000


def eligible_entries(edition: Edition) -> list[Entry]:
    """The entries the Expert Group reviews: submitted and screened eligible, by id."""
    query = (
        select(Entry)
        .where(
            Entry.edition_id == edition.id,
            Entry.state == EntryState.SUBMITTED,
            Entry.screening == Screening.ELIGIBLE,
        )
        .options(
            joinedload(Entry.owner),
            selectinload(Entry.members).joinedload(EntryMember.user),
            selectinload(Entry.contacts),
        )
        .order_by(Entry.id)
    )
    return list(db.session.scalars(query).unique())


def active_conflicts(edition: Edition) -> list[ConflictOfInterest]:
    """The conflicts of ``edition`` that count (not lifted), by expert and entry."""
    query = (
        select(ConflictOfInterest)
        .where(ConflictOfInterest.edition_id == edition.id, ConflictOfInterest.lifted_at.is_(None))
        .order_by(ConflictOfInterest.expert_id, ConflictOfInterest.entry_id)
    )
    return list(db.session.scalars(query))


def expert_facts(profile: ExpertProfile) -> ExpertFacts:
    """What conflict detection knows of an expert (the profile first, then the account)."""
    user = profile.user
    return ExpertFacts(
        user_id=user.id,
        organisation=profile.organisation or user.organisation,
        email=user.email,
        country=profile.country or user.country,
    )


def entry_facts(entry: Entry) -> EntryFacts:
    """What conflict detection knows of an entry: its team and every address on it."""
    team = [entry.owner, *(m.user for m in entry.members)]
    emails = [c.email for c in entry.contacts if c.email] + [u.email for u in team]
    return EntryFacts(
        team_ids=entry.team_ids(),
        entity_name=entry.entity_name,
        emails=tuple(dict.fromkeys(emails)),
        country=entry.country,
    )


def detect_conflicts(edition: Edition, now: datetime) -> list[ConflictOfInterest]:
    """Store the automatic conflicts found between the edition's experts and eligible entries.

    Returns the new ones. A pair already conflicted, or whose automatic conflict was lifted,
    is left alone.
    """
    entries = {e.id: entry_facts(e) for e in eligible_entries(edition)}
    experts = [expert_facts(p) for p in list_experts(edition)]
    found = conflicts.detect_all(
        experts, entries, same_country=settings_of(edition).same_country_conflicts
    )
    rows = db.session.execute(
        select(
            ConflictOfInterest.expert_id,
            ConflictOfInterest.entry_id,
            ConflictOfInterest.source,
            ConflictOfInterest.lifted_at,
        ).where(ConflictOfInterest.edition_id == edition.id)
    ).all()
    settled = {
        (r.expert_id, r.entry_id)
        for r in rows
        if r.lifted_at is None or r.source is ConflictSource.AUTOMATIC
    }
    created = []
    for (expert_id, entry_id), reasons in sorted(found.items()):
        if (expert_id, entry_id) in settled:
            continue
        conflict = ConflictOfInterest(
            edition_id=edition.id,
            expert_id=expert_id,
            entry_id=entry_id,
            reason=reasons[0],
            source=ConflictSource.AUTOMATIC,
            note=", ".join(r.value for r in reasons),
            created_at=now,
        )
        db.session.add(conflict)
        created.append(conflict)
    db.session.flush()
    for conflict in created:
        _withdraw_unstarted(conflict, now)
    if created:
        record(
            "conflict.detected",
            edition,
            f"{len(created)} conflicts of interest detected in edition {edition.year}",
            edition_id=edition.id,
            changes={"pairs": [[c.expert_id, c.entry_id, c.note] for c in created]},
        )
    return created


def _require_note(note: str | None) -> str:
    text = (note or "").strip()
    if not text:
        raise RuleViolation("Say why: a reason is required.", field="note")
    if len(text) > NOTE_MAX:
        raise RuleViolation(f"The reason is at most {NOTE_MAX} characters.", field="note")
    return text


def _active(expert: User, entry: Entry) -> ConflictOfInterest | None:
    return db.session.scalar(
        select(ConflictOfInterest).where(
            ConflictOfInterest.expert_id == expert.id,
            ConflictOfInterest.entry_id == entry.id,
            ConflictOfInterest.lifted_at.is_(None),
        )
    )


def _withdraw_unstarted(conflict: ConflictOfInterest, now: datetime) -> None:
    """A conflicted expert keeps no review they have not started of the entry."""
    db.session.execute(
        update(ReviewAssignment)
        .where(
            ReviewAssignment.expert_id == conflict.expert_id,
            ReviewAssignment.entry_id == conflict.entry_id,
            ReviewAssignment.state == AssignmentState.ASSIGNED,
        )
        .values(state=AssignmentState.WITHDRAWN, withdrawn_at=now)
        .execution_options(synchronize_session="fetch")
    )


#: The reason stored for a conflict stated by a person.
_STATED_REASON = {
    ConflictSource.DECLARED: ConflictReason.DECLARED,
    ConflictSource.ORGANISER: ConflictReason.ORGANISER,
}


def _store(
    expert: User, entry: Entry, source: ConflictSource, note: str, actor: User, now: datetime
) -> ConflictOfInterest:
    """Store a stated conflict (the pair's active one, if any, stands instead)."""
    text = _require_note(note)
    existing = _active(expert, entry)
    if existing is not None:
        return existing
    conflict = ConflictOfInterest(
        edition_id=entry.edition_id,
        expert_id=expert.id,
        entry_id=entry.id,
        reason=_STATED_REASON[source],
        source=source,
        note=text,
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(conflict)
    db.session.flush()
    _withdraw_unstarted(conflict, now)
    record(
        f"conflict.{source.value}",
        conflict,
        f"Conflict of interest: expert {expert.id} and entry {entry.id} ({source.value})",
        actor_id=actor.id,
        changes={"note": text},
    )
    return conflict


def declare_conflict(expert: User, entry: Entry, note: str, now: datetime) -> ConflictOfInterest:
    """The expert's own declaration that they may not review ``entry`` (a reason required)."""
    if not is_jury(expert, entry.edition):
        raise NotAllowed("Only a member of this edition's jury declares a conflict of interest.")
    return _store(expert, entry, ConflictSource.DECLARED, note, expert, now)


def set_conflict(
    organiser: User, expert: User, entry: Entry, note: str, now: datetime
) -> ConflictOfInterest:
    """An organiser's ruling that ``expert`` may not review ``entry`` (a reason required)."""
    require_organiser(organiser, entry.edition_id)
    return _store(expert, entry, ConflictSource.ORGANISER, note, organiser, now)


def lift_conflict(
    organiser: User, conflict: ConflictOfInterest, note: str, now: datetime
) -> ConflictOfInterest:
    """An organiser lifts a conflict (a reason required): it no longer counts, for good."""
    require_organiser(organiser, conflict.edition_id)
    text = _require_note(note)
    if conflict.lifted_at is not None:
        raise Conflict("This conflict of interest was lifted already.")
    conflict.lifted_at = now
    conflict.lifted_by_id = organiser.id
    conflict.lift_note = text
    record(
        "conflict.lifted",
        conflict,
        f"Conflict of interest lifted: expert {conflict.expert_id} and entry {conflict.entry_id}",
        actor_id=organiser.id,
        changes={"lifted_at": [None, now], "lift_note": [None, text]},
    )
    return conflict
