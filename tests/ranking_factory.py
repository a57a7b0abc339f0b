"""Submitted round-1 reviews for the rankings' tests: an assignment with its criterion scores."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from awards.accounts.models import User
from awards.extensions import db
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.review.rubric import DEFAULT_RUBRIC
from awards.review.rubric_models import ReviewScore
from awards.review.scoring import weighted_score
from awards.submissions.models import Entry
from tests.review_factory import NOW


def submit_review(
    expert: User,
    entry: Entry,
    scores: int | Mapping[str, int],
    *,
    minutes: int = 0,
    round_: int = NOMINATION_ROUND,
) -> ReviewAssignment:
    """A submitted round-1 review of ``entry`` by ``expert``: one score for every criterion of
    the default rubric (``scores`` an int for all of them, or per criterion key)."""
    weights = DEFAULT_RUBRIC.weights
    given = dict.fromkeys(weights, scores) if isinstance(scores, int) else dict(scores)
    at = NOW + timedelta(minutes=minutes)
    review = ReviewAssignment(
        edition_id=entry.edition_id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=round_,
        state=AssignmentState.SUBMITTED,
        submitted_at=at,
        updated_at=at,
        weighted_score=weighted_score(given, weights),
        comment_organisers="Reviewed.",
    )
    db.session.add(review)
    db.session.flush()
    db.session.add_all(
        ReviewScore(assignment_id=review.id, criterion_key=key, score=value)
        for key, value in given.items()
    )
    db.session.flush()
    return review


def assign_review(expert: User, entry: Entry, state: AssignmentState) -> ReviewAssignment:
    """A round-1 assignment not submitted (assigned, draft or withdrawn)."""
    review = ReviewAssignment(
        edition_id=entry.edition_id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=NOMINATION_ROUND,
        state=state,
        withdrawn_at=NOW if state is AssignmentState.WITHDRAWN else None,
        updated_at=NOW if state is AssignmentState.DRAFT else None,
    )
    db.session.add(review)
    db.session.flush()
    return review


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
