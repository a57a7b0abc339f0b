"""Conflicts of interest: detected, declared, set and lifted; a lift holds for good."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.review.conflict_services import (
    active_conflicts,
    declare_conflict,
    detect_conflicts,
    lift_conflict,
    set_conflict,
)
from awards.review.conflicts import ConflictReason
from awards.review.experts import save_settings
from awards.review.models import AssignmentState, ConflictSource, ReviewAssignment
from awards.submissions.models import EntryState
from tests.entry_factory import make_entry
from tests.review_factory import NOW, make_eligible, make_expert


def _pairs(edition):
    return {(c.expert_id, c.entry_id): c.reason for c in active_conflicts(edition)}


def test_detection_finds_organisation_domain_and_team(make_edition, make_user):
    edition = make_edition()
    owner = make_user(email="owner@gmail.com")
    colleague = make_expert(make_user, edition, organisation="The ICT Foundation, Ltd.")
    same_domain = make_expert(make_user, edition, email="ana@unicef.org")
    member = make_expert(make_user, edition, email="member@yahoo.com")
    gmail = make_expert(make_user, edition, email="someone@gmail.com", organisation="Other")
    entry = make_eligible(
        edition,
        owner,
        entity_name="ICT foundation",
        contacts=[{"name": "C", "email": "contact@UNICEF.org"}],
        members=[member],
    )
    created = detect_conflicts(edition, NOW)
    assert _pairs(edition) == {
        (colleague.id, entry.id): ConflictReason.ORGANISATION,
        (same_domain.id, entry.id): ConflictReason.EMAIL_DOMAIN,
        (member.id, entry.id): ConflictReason.TEAM,
    }
    assert (gmail.id, entry.id) not in _pairs(edition)
    assert {c.source for c in created} == {ConflictSource.AUTOMATIC}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "conflict.detected"))
    assert detect_conflicts(edition, NOW) == []  # nothing new the second time


def test_only_eligible_entries_are_examined(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition, organisation="Acme")
    owner = make_user()
    make_entry(edition, owner, entity_name="Acme")  # submitted, not yet screened
    make_entry(edition, owner, entity_name="Acme", state=EntryState.DRAFT, category=2)
    assert detect_conflicts(edition, NOW) == []
    assert expert.id not in {c.expert_id for c in active_conflicts(edition)}


def test_same_country_only_when_the_edition_says_so(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition, country="KE")
    entry = make_eligible(edition, make_user())  # the factory's entries are from KE
    assert detect_conflicts(edition, NOW) == []
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    save_settings(edition, same_country_conflicts=True, blind=True, actor=organiser, now=NOW)
    detect_conflicts(edition, NOW)
    assert _pairs(edition) == {(expert.id, entry.id): ConflictReason.COUNTRY}


def test_a_lifted_automatic_conflict_stays_lifted(make_edition, make_user):
    edition = make_edition()
    make_expert(make_user, edition, organisation="Acme")
    entry = make_eligible(edition, make_user(), entity_name="ACME")
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    (conflict,) = detect_conflicts(edition, NOW)
    lift_conflict(organiser, conflict, "A different Acme, checked by phone.", NOW)
    assert active_conflicts(edition) == []
    assert detect_conflicts(edition, NOW) == []
    assert active_conflicts(edition) == []
    assert conflict.lift_note == "A different Acme, checked by phone."
    assert conflict.lifted_by_id == organiser.id
    with pytest.raises(Conflict):
        lift_conflict(organiser, conflict, "Again.", NOW)
    assert entry.id == conflict.entry_id


def test_lifting_needs_an_organiser_and_a_note(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition, organisation="Acme")
    make_eligible(edition, make_user(), entity_name="Acme")
    (conflict,) = detect_conflicts(edition, NOW)
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    with pytest.raises(RuleViolation, match="reason"):
        lift_conflict(organiser, conflict, "  ", NOW)
    with pytest.raises(NotAllowed):
        lift_conflict(expert, conflict, "I see no conflict.", NOW)
    assert conflict.active


def test_a_declared_conflict_needs_a_note_and_the_jury_role(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition)
    entry = make_eligible(edition, make_user())
    with pytest.raises(RuleViolation, match="reason"):
        declare_conflict(expert, entry, "", NOW)
    with pytest.raises(NotAllowed):
        declare_conflict(make_user(), entry, "I know them.", NOW)
    assert active_conflicts(edition) == []
    conflict = declare_conflict(expert, entry, "I advised this project in 2019.", NOW)
    assert (conflict.source, conflict.reason) == (ConflictSource.DECLARED, ConflictReason.DECLARED)
    assert conflict.note == "I advised this project in 2019."
    assert declare_conflict(expert, entry, "Twice.", NOW).id == conflict.id  # one active per pair


def test_an_organiser_sets_a_conflict_and_the_unstarted_review_goes(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition)
    entry = make_eligible(edition, make_user())
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    row = ReviewAssignment(edition_id=edition.id, entry_id=entry.id, expert_id=expert.id)
    db.session.add(row)
    db.session.flush()
    with pytest.raises(NotAllowed):
        set_conflict(expert, expert, entry, "Self-service.", NOW)
    conflict = set_conflict(organiser, expert, entry, "Their spouse leads the project.", NOW)
    assert conflict.source is ConflictSource.ORGANISER
    assert conflict.created_by_id == organiser.id
    db.session.refresh(row)
    assert row.state is AssignmentState.WITHDRAWN
    assert row.withdrawn_at == NOW
