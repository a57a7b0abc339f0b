"""Adjusting the assignment by hand: one review given (refused with a reason the organiser can
act on), one unstarted review withdrawn (started ones never), an expert stepping down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.review import assignment_services
from awards.review.conflict_services import declare_conflict
from awards.review.experts import profile_of
from awards.review.manual_assignment import add_assignment, step_down, withdraw_assignment
from awards.review.models import AssignmentState, ReviewAssignment
from awards.submissions.models import Screening
from tests.entry_factory import make_entry
from tests.review_factory import NOW, make_eligible, make_expert

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(name="Olga", roles=((Role.ORGANISER, edition.id),))
    experts = [make_expert(make_user, edition, categories=(1,)) for _ in range(4)]
    owner = make_user()
    entries = [make_eligible(edition, owner, category=1) for _ in range(4)]
    return edition, organiser, experts, entries


def _rows(edition):
    query = select(ReviewAssignment).where(ReviewAssignment.edition_id == edition.id)
    return {(r.expert_id, r.entry_id): r.state for r in db.session.scalars(query)}


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_a_review_given_by_hand_is_stored_and_audited(world):
    edition, organiser, experts, entries = world
    row = add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    assert row.state is AssignmentState.ASSIGNED
    assert row.round == 1
    assert _rows(edition) == {(experts[0].id, entries[0].id): AssignmentState.ASSIGNED}
    assert _actions()[-1] == "review.assignment_added"


def test_a_withdrawn_review_given_again_is_the_same_row_revived(world):
    edition, organiser, experts, entries = world
    first = add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    withdraw_assignment(first, actor=organiser, now=NOW)
    again = add_assignment(edition, experts[0], entries[0], actor=organiser, now=LATER)
    assert again.id == first.id
    assert again.state is AssignmentState.ASSIGNED
    assert again.withdrawn_at is None


def test_a_conflicted_expert_is_refused(world):
    edition, organiser, experts, entries = world
    declare_conflict(experts[0], entries[0], "My former employer.", NOW)
    with pytest.raises(RuleViolation, match="conflict of interest") as refused:
        add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    assert refused.value.field == "entry"
    assert _rows(edition) == {}


def test_a_review_held_already_is_refused_as_a_duplicate(world):
    edition, organiser, experts, entries = world
    add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    with pytest.raises(Conflict, match="already reviews"):
        add_assignment(edition, experts[0], entries[0], actor=organiser, now=LATER)


def test_someone_off_the_jury_is_refused(world, make_user):
    edition, organiser, _, entries = world
    stranger = make_user(name="Stan")
    with pytest.raises(RuleViolation, match="Stan is not a member of this edition's jury"):
        add_assignment(edition, stranger, entries[0], actor=organiser, now=NOW)


def test_a_jury_member_without_a_profile_is_refused(world, make_user):
    edition, organiser, _, entries = world
    bare = make_user(name="Bea", roles=((Role.JURY, edition.id),))
    with pytest.raises(RuleViolation, match="no expert profile"):
        add_assignment(edition, bare, entries[0], actor=organiser, now=NOW)


def test_an_expert_who_stepped_down_is_refused(world):
    edition, organiser, experts, entries = world
    assert step_down(edition, experts[0], actor=organiser, now=NOW) is None
    with pytest.raises(RuleViolation, match="stepped down and takes no new reviews"):
        add_assignment(edition, experts[0], entries[0], actor=organiser, now=LATER)


def test_an_expert_at_their_cap_is_refused(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    capped = make_expert(make_user, edition, cap=1)
    owner = make_user()
    first, second = make_eligible(edition, owner), make_eligible(edition, owner)
    add_assignment(edition, capped, first, actor=organiser, now=NOW)
    with pytest.raises(RuleViolation, match="cap of 1 reviews"):
        add_assignment(edition, capped, second, actor=organiser, now=NOW)


def test_entries_not_reviewed_are_refused(world, make_edition, make_user):
    edition, organiser, experts, entries = world
    pending = make_entry(edition, entries[0].owner)  # submitted, not screened yet
    with pytest.raises(RuleViolation, match="screened eligible"):
        add_assignment(edition, experts[0], pending, actor=organiser, now=NOW)
    refused = make_entry(
        edition, entries[0].owner, screening=Screening.INELIGIBLE, ineligible_reason="other"
    )
    with pytest.raises(RuleViolation, match="screened eligible"):
        add_assignment(edition, experts[0], refused, actor=organiser, now=NOW)
    other = make_eligible(make_edition(year=2020), entries[0].owner)
    with pytest.raises(RuleViolation, match="no entry with this number in this edition"):
        add_assignment(edition, experts[0], other, actor=organiser, now=NOW)


def test_only_an_organiser_of_the_edition_adjusts(world, make_user):
    edition, _, experts, entries = world
    with pytest.raises(NotAllowed):
        add_assignment(edition, experts[0], entries[0], actor=experts[1], now=NOW)
    row = add_assignment(
        edition, experts[0], entries[0], actor=make_user(roles=((Role.ORGANISER, None),)), now=NOW
    )
    with pytest.raises(NotAllowed):
        withdraw_assignment(row, actor=experts[0], now=NOW)


def test_an_unstarted_review_is_withdrawn_and_audited(world):
    edition, organiser, experts, entries = world
    row = add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    withdraw_assignment(row, actor=organiser, now=LATER)
    assert row.state is AssignmentState.WITHDRAWN
    assert row.withdrawn_at == LATER
    assert _actions()[-1] == "review.assignment_withdrawn"
    with pytest.raises(Conflict, match="withdrawn already"):
        withdraw_assignment(row, actor=organiser, now=LATER)


@pytest.mark.parametrize("state", [AssignmentState.DRAFT, AssignmentState.SUBMITTED])
def test_a_started_or_submitted_review_is_never_withdrawn(world, state):
    edition, organiser, experts, entries = world
    row = add_assignment(edition, experts[0], entries[0], actor=organiser, now=NOW)
    row.state = state
    row.submitted_at = NOW if state is AssignmentState.SUBMITTED else None
    row.weighted_score = 7.0 if state is AssignmentState.SUBMITTED else None
    db.session.flush()
    with pytest.raises(RuleViolation, match="never withdrawn"):
        withdraw_assignment(row, actor=organiser, now=LATER)
    assert row.state is state
    assert row.withdrawn_at is None


def test_stepping_down_hands_the_unstarted_reviews_to_the_others(world):
    edition, organiser, experts, entries = world
    assignment_services.run(edition, None, 3, organiser, NOW)  # the edition's 3 per entry
    leaving = experts[0]
    held = {e for x, e in _rows(edition) if x == leaving.id}
    assert len(held) == 3
    started_entry = sorted(held)[0]
    started = db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.expert_id == leaving.id, ReviewAssignment.entry_id == started_entry
        )
    )
    started.state = AssignmentState.DRAFT
    before = {pair: s for pair, s in _rows(edition).items() if pair[0] != leaving.id}
    outcome = step_down(edition, leaving, actor=organiser, now=LATER)
    assert outcome is not None
    rows = _rows(edition)
    assert rows[(leaving.id, started_entry)] is AssignmentState.DRAFT  # started: stays
    for freed in held - {started_entry}:
        assert rows[(leaving.id, freed)] is AssignmentState.WITHDRAWN
        live = [
            x for (x, e), s in rows.items() if e == freed and s is not AssignmentState.WITHDRAWN
        ]
        assert len(live) == 3
        assert leaving.id not in live  # the entry still has its reviews
    assert all(rows[pair] == state for pair, state in before.items())  # the others keep theirs
    assert profile_of(edition, leaving).stepped_down_at == LATER
    assert "expert.stepped_down" in _actions()
    with pytest.raises(Conflict, match="stepped down already"):
        step_down(edition, leaving, actor=organiser, now=LATER)


def test_stepping_down_without_reviews_moves_nothing(world):
    edition, organiser, experts, _ = world
    assert step_down(edition, experts[3], actor=organiser, now=NOW) is None
    assert _rows(edition) == {}  # no assignment was run on the way
    assert profile_of(edition, experts[3]).stepped_down_at == NOW
    assert _actions()[-1] == "expert.stepped_down"
