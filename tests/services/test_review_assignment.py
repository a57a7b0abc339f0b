"""Assignment from the database: k distinct free experts per eligible entry, evenly; started
reviews kept; nothing written when it cannot be done."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.review import assignment_services
from awards.review.assignment import Infeasible
from awards.review.conflict_services import declare_conflict
from awards.review.models import AssignmentState, ReviewAssignment
from awards.submissions.models import EntryState, Screening
from tests.entry_factory import make_entry
from tests.review_factory import NOW, make_eligible, make_expert


def _live(edition):
    rows = db.session.scalars(
        select(ReviewAssignment).where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.state != AssignmentState.WITHDRAWN,
        )
    ).all()
    return {(r.expert_id, r.entry_id): r.state for r in rows}


def _setup(make_edition, make_user, experts=5, entries=6):
    edition = make_edition()
    people = [make_expert(make_user, edition, categories=(1, 2)) for _ in range(experts)]
    owner = make_user()
    made = [make_eligible(edition, owner, category=1 + i % 2) for i in range(entries)]
    return edition, people, made


def test_each_eligible_entry_gets_k_distinct_free_experts_evenly(make_edition, make_user):
    edition, experts, entries = _setup(make_edition, make_user)
    declare_conflict(experts[0], entries[0], "I mentored this team.", NOW)
    owner = entries[0].owner
    pending = make_entry(edition, owner, category=1)
    draft = make_entry(edition, owner, category=1, state=EntryState.DRAFT)
    refused = make_entry(
        edition, owner, category=2, screening=Screening.INELIGIBLE, ineligible_reason="other"
    )
    outcome = assignment_services.run(edition, 3, 7, None, NOW)
    live = _live(edition)
    per_entry = Counter(entry_id for _, entry_id in live)
    assert per_entry == {e.id: 3 for e in entries}
    assert not {pending.id, draft.id, refused.id} & set(per_entry)
    assert (experts[0].id, entries[0].id) not in live
    loads = Counter(expert_id for expert_id, _ in live)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert set(live.values()) == {AssignmentState.ASSIGNED}
    assert len(outcome.assigned) == 18
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.assigned"))
    assert event.changes["per_entry"] == 3


def test_figures_per_category(make_edition, make_user):
    edition, _, _ = _setup(make_edition, make_user)
    plan = assignment_services.preview(edition, 3, 0)
    assert [(f.number, f.entries, f.reviews) for f in plan.categories] == [(1, 3, 9), (2, 3, 9)]
    assert plan.reviews == 18
    assert plan.max_load - plan.min_load <= 1
    assert _live(edition) == {}  # a preview writes nothing


def test_running_twice_with_one_seed_changes_nothing(make_edition, make_user):
    edition, _, _ = _setup(make_edition, make_user)
    assignment_services.run(edition, 3, 11, None, NOW)
    first = _live(edition)
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    again = assignment_services.run(edition, 3, 11, None, datetime(2021, 2, 11, tzinfo=UTC))
    assert (again.assigned, again.withdrawn) == ((), ())
    assert _live(edition) == first
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_infeasible_writes_nothing_and_names_the_category(make_edition, make_user):
    edition, experts, entries = _setup(make_edition, make_user, experts=3, entries=2)
    assignment_services.run(edition, 2, 0, None, NOW)
    before = _live(edition)
    rows = db.session.scalar(select(func.count(ReviewAssignment.id)))
    declare_conflict(experts[2], entries[1], "A former colleague.", NOW)
    with pytest.raises(Infeasible) as caught:
        assignment_services.run(edition, 3, 0, None, NOW)
    (short,) = caught.value.shortfalls
    assert short.category == entries[1].category_id
    assert (short.eligible, short.needed) == (2, 3)
    assert db.session.scalar(select(func.count(ReviewAssignment.id))) == rows
    assert {p: s for p, s in _live(edition).items() if p[0] != experts[2].id} == {
        p: s for p, s in before.items() if p[0] != experts[2].id
    }


def test_rebalance_keeps_started_reviews_and_moves_only_the_dropped(make_edition, make_user):
    edition, experts, entries = _setup(make_edition, make_user, experts=6, entries=6)
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    assignment_services.run(edition, 3, 3, organiser, NOW)
    leaving = experts[0]
    rows = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.expert_id == leaving.id)
    ).all()
    assert len(rows) == 3
    rows[0].state = AssignmentState.SUBMITTED
    rows[0].submitted_at = NOW
    rows[0].weighted_score = 7.5
    rows[1].state = AssignmentState.DRAFT
    db.session.flush()
    others_before = {p: s for p, s in _live(edition).items() if p[0] != leaving.id}
    outcome = assignment_services.rebalance_without(edition, leaving, organiser, NOW)
    live = _live(edition)
    assert outcome.withdrawn == ((leaving.id, rows[2].entry_id),)
    assert live[(leaving.id, rows[0].entry_id)] is AssignmentState.SUBMITTED
    assert live[(leaving.id, rows[1].entry_id)] is AssignmentState.DRAFT
    assert (leaving.id, rows[2].entry_id) not in live
    assert others_before.items() <= live.items()  # nobody else's assignment moved
    (new_pair,) = outcome.assigned
    assert new_pair[1] == rows[2].entry_id
    assert Counter(e for _, e in live) == {e.id: 3 for e in entries}
    # A later run keeps them out too.
    assignment_services.run(edition, 3, 3, organiser, NOW)
    assert {e for x, e in _live(edition) if x == leaving.id} == {
        rows[0].entry_id,
        rows[1].entry_id,
    }


def test_started_reviews_survive_a_run_with_another_seed(make_edition, make_user):
    edition, _, _ = _setup(make_edition, make_user)
    assignment_services.run(edition, 3, 1, None, NOW)
    row = db.session.scalars(select(ReviewAssignment).order_by(ReviewAssignment.id)).first()
    row.state = AssignmentState.DRAFT
    db.session.flush()
    assignment_services.run(edition, 3, 99, None, NOW)
    db.session.refresh(row)
    assert row.state is AssignmentState.DRAFT
    assert Counter(e for _, e in _live(edition))[row.entry_id] == 3
