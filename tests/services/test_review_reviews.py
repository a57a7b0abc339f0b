"""The experts' reviews: queue and progress, drafts, submission, revision, the deadline, bad
input writing nothing, round 2 for Champions only, others' scores, conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from awards.audit.models import AuditEvent
from awards.errors import NotFound, RuleViolation
from awards.extensions import db
from awards.review.conflict_services import declare_conflict
from awards.review.models import SELECTION_ROUND, AssignmentState
from awards.review.queues import queue_of
from awards.review.reviews import (
    CommentProblem,
    ReviewRefused,
    open_review,
    others_scores,
    save_review,
    scores_of,
)
from awards.review.rubric import DEFAULT_CRITERIA, Problem
from awards.review.rubric_models import ReviewScore
from awards.submissions.models import EntryState, Screening
from tests.review_factory import NOW, make_eligible, make_expert
from tests.reviewing_factory import ALL_SEVENS, assign, make_champion

KEYS = [c.key for c in DEFAULT_CRITERIA]


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition()
    expert = make_expert(make_user, edition)
    entries = [make_eligible(edition, make_user(), category=1 + i % 3) for i in range(3)]
    assignments = [assign(expert, e) for e in entries]
    return edition, expert, entries, assignments


def _save(assignment, scores, *, submit, expert, now=NOW, organisers="Solid work.", team=""):
    return save_review(assignment, scores, organisers, team, submit=submit, actor=expert, now=now)


def _score_rows():
    return db.session.scalar(select(func.count()).select_from(ReviewScore))


def test_the_queue_counts_what_is_submitted(world):
    edition, expert, entries, assignments = world
    queue = queue_of(edition, expert, 1)
    assert (queue.submitted, queue.total) == (0, 3)
    assert [i.entry_id for i in queue.items] == sorted(e.id for e in entries)
    _save(assignments[0], ALL_SEVENS, submit=True, expert=expert)
    _save(assignments[1], {"impact": 4}, submit=False, expert=expert)
    queue = queue_of(edition, expert, 1)
    assert (queue.submitted, queue.total) == (1, 3)
    states = {i.assignment_id: i.state for i in queue.items}
    assert states == {
        assignments[0].id: AssignmentState.SUBMITTED,
        assignments[1].id: AssignmentState.DRAFT,
        assignments[2].id: AssignmentState.ASSIGNED,
    }
    assert queue_of(edition, expert, SELECTION_ROUND).total == 0


def test_withdrawn_and_conflicted_reviews_leave_the_queue(world, make_user):
    edition, expert, entries, assignments = world
    assignments[0].state = AssignmentState.WITHDRAWN
    assignments[0].withdrawn_at = NOW
    _save(assignments[1], {"impact": 4}, submit=False, expert=expert)  # started
    declare_conflict(expert, entries[1], "My former employer.", NOW)
    queue = queue_of(edition, expert, 1)
    assert [i.assignment_id for i in queue.items] == [assignments[2].id]
    for gone in assignments[:2]:
        with pytest.raises(NotFound):
            open_review(edition, expert, gone.id)


def test_an_expert_opens_only_their_own_review(world, make_user, make_edition):
    edition, expert, entries, assignments = world
    other = make_expert(make_user, edition)
    assert open_review(edition, expert, assignments[0].id) is assignments[0]
    with pytest.raises(NotFound):
        open_review(edition, other, assignments[0].id)
    with pytest.raises(NotFound):
        open_review(make_edition(year=2020), expert, assignments[0].id)
    with pytest.raises(NotFound):
        open_review(edition, expert, 999_999)


def test_a_withdrawn_entry_is_no_longer_reviewed(world):
    edition, expert, entries, assignments = world
    entries[0].state, entries[0].screening = EntryState.WITHDRAWN, Screening.PENDING
    entries[0].withdrawn_at = NOW
    with pytest.raises(NotFound):
        open_review(edition, expert, assignments[0].id)
    assert queue_of(edition, expert, 1).total == 2


def test_a_draft_may_be_partial(world):
    edition, expert, entries, assignments = world
    review = _save(assignments[0], {"impact": 3, "sdg": None}, submit=False, expert=expert)
    assert review.state is AssignmentState.DRAFT
    assert review.updated_at == NOW
    assert review.submitted_at is None
    assert review.weighted_score is None
    assert scores_of(review) == {"impact": 3}
    # A later draft changes one score and clears another; keys not sent keep theirs.
    _save(review, {"sdg": 9}, submit=False, expert=expert)
    _save(review, {"impact": None}, submit=False, expert=expert)
    assert scores_of(review) == {"sdg": 9}


def test_submitting_needs_every_criterion_and_the_organisers_comment(world):
    edition, expert, entries, assignments = world
    review = _save(assignments[0], {"impact": 3}, submit=False, expert=expert)
    rows = _score_rows()
    with pytest.raises(ReviewRefused) as refused:
        _save(review, {"sdg": 5}, submit=True, expert=expert, organisers="  ")
    assert refused.value.status_code == 400
    assert set(refused.value.problems) == set(KEYS) - {"impact", "sdg"}
    assert set(refused.value.problems.values()) == {Problem.MISSING}
    assert refused.value.comments == {"comment_organisers": CommentProblem.MISSING}
    db.session.refresh(review)
    assert review.state is AssignmentState.DRAFT
    assert scores_of(review) == {"impact": 3}  # nothing written, not even "sdg"
    assert _score_rows() == rows


def test_scores_off_the_scale_write_nothing(world):
    edition, expert, entries, assignments = world
    for bad in ({"impact": 0}, {"impact": 11}, {**ALL_SEVENS, "values": 12}, {"nope": 5}):
        with pytest.raises(ReviewRefused) as refused:
            _save(assignments[0], bad, submit=False, expert=expert)
        assert set(refused.value.problems.values()) <= {Problem.OUT_OF_SCALE, Problem.UNKNOWN}
    assert _score_rows() == 0
    db.session.refresh(assignments[0])
    assert assignments[0].state is AssignmentState.ASSIGNED
    assert assignments[0].updated_at is None


def test_submission_weighs_the_scores_and_is_audited(world):
    edition, expert, entries, assignments = world
    scores = {**ALL_SEVENS, "impact": 10, "values": 4}
    review = _save(assignments[0], scores, submit=True, expert=expert, team="Well done.")
    assert review.state is AssignmentState.SUBMITTED
    assert review.submitted_at == NOW
    assert review.weighted_score == pytest.approx((7 * 6 + 10 + 4) / 8)
    assert (review.comment_organisers, review.comment_team) == ("Solid work.", "Well done.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.submitted"))
    assert event is not None
    assert event.edition_id == edition.id
    assert event.actor_id == expert.id


def test_revising_keeps_the_review_submitted_and_recomputes(world):
    edition, expert, entries, assignments = world
    review = _save(assignments[0], ALL_SEVENS, submit=True, expert=expert)
    later = NOW + timedelta(days=1)
    # Even "Save draft" on a submitted review keeps it submitted: it must stay complete.
    _save(review, {"impact": 1}, submit=False, expert=expert, now=later)
    assert review.state is AssignmentState.SUBMITTED
    assert review.submitted_at == NOW
    assert review.updated_at == later
    assert review.weighted_score == pytest.approx((7 * 7 + 1) / 8)
    with pytest.raises(ReviewRefused):
        _save(review, {"impact": None}, submit=False, expert=expert, now=later)
    assert scores_of(review)["impact"] == 1
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "review.submitted")
    ).all()
    assert [e.changes["revised"] for e in events] == [False, True]


def test_after_the_deadline_the_review_is_read_only(world, clock):
    edition, expert, entries, assignments = world
    review = _save(assignments[0], {"impact": 3}, submit=False, expert=expert)
    for late in (clock.NOMINATION_CLOSES, clock.DURING_VOTING):
        with pytest.raises(RuleViolation) as refused:
            _save(review, ALL_SEVENS, submit=True, expert=expert, now=late)
        assert refused.value.status_code == 409
        assert "deadline" in refused.value.message
    db.session.refresh(review)
    assert review.state is AssignmentState.DRAFT
    assert scores_of(review) == {"impact": 3}
    # One second before the deadline is still on time.
    on_time = clock.NOMINATION_CLOSES - timedelta(seconds=1)
    assert _save(review, ALL_SEVENS, submit=True, expert=expert, now=on_time).submitted_at


def test_round_two_reviews_only_champions_in_the_selection_window(world, clock):
    edition, expert, entries, assignments = world
    review = assign(expert, entries[0], SELECTION_ROUND)
    with pytest.raises(RuleViolation, match="Champions"):
        _save(review, ALL_SEVENS, submit=True, expert=expert, now=clock.DURING_SELECTION)
    make_champion(entries[0])
    with pytest.raises(RuleViolation, match="not opened"):
        _save(review, ALL_SEVENS, submit=True, expert=expert, now=clock.DURING_VOTING)
    saved = _save(review, ALL_SEVENS, submit=True, expert=expert, now=clock.DURING_SELECTION)
    assert saved.state is AssignmentState.SUBMITTED
    assert queue_of(edition, expert, SELECTION_ROUND).submitted == 1


def test_only_the_expert_saves_their_review(world, make_user):
    edition, expert, entries, assignments = world
    other = make_expert(make_user, edition)
    with pytest.raises(NotFound):
        _save(assignments[0], ALL_SEVENS, submit=True, expert=other)


def test_others_scores_only_once_the_expert_has_submitted(world, make_user):
    edition, expert, entries, assignments = world
    second = make_expert(make_user, edition)
    third = make_expert(make_user, edition)
    theirs = assign(second, entries[0])
    _save(theirs, {**ALL_SEVENS, "impact": 2}, submit=True, expert=second)
    drafting = assign(third, entries[0])
    _save(drafting, {"impact": 9}, submit=False, expert=third)  # a draft is never shown
    mine = assignments[0]
    assert others_scores(mine) == []
    _save(mine, {"impact": 5}, submit=False, expert=expert)
    assert others_scores(mine) == []  # a draft of one's own is not enough
    _save(mine, ALL_SEVENS, submit=True, expert=expert)
    shown = others_scores(mine)
    assert len(shown) == 1
    assert shown[0].weighted_score == pytest.approx(theirs.weighted_score)
    assert shown[0].scores["impact"] == 2
    # And the other expert sees mine now, but not the draft's.
    assert [o.scores["impact"] for o in others_scores(theirs)] == [7]


def test_a_conflicted_experts_review_is_not_shown_to_others(world, make_user):
    edition, expert, entries, assignments = world
    second = make_expert(make_user, edition)
    theirs = assign(second, entries[0])
    _save(theirs, ALL_SEVENS, submit=True, expert=second)
    declare_conflict(second, entries[0], "Found out I advised them.", NOW)
    mine = _save(assignments[0], ALL_SEVENS, submit=True, expert=expert)
    assert others_scores(mine) == []
    with pytest.raises(NotFound):
        open_review(edition, second, theirs.id)
