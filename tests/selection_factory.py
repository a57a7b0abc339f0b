"""Nominees, Champions and second-round reviews for the final selection's tests.

Nominees are written with the models (the nomination pages are another lane's); Champions go
through ``record_champions``, as voting will; reviews are marked submitted on their rows, as the
experts' review form will.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.champions import VOTES, record_champions
from awards.review.models import (
    NOMINATION_ROUND,
    SELECTION_ROUND,
    AssignmentState,
    ReviewAssignment,
)
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry

#: During the selection phase of the 2021 calendar (tests/conftest.py).
SELECTION_NOW = datetime(2021, 4, 5, 12, 0, tzinfo=UTC)


def category(edition: Edition, number: int) -> Category:
    return next(c for c in edition.categories if c.number == number)


def nominate(
    edition: Edition, entries: Sequence[Entry], scores: Sequence[float | None] | None = None
) -> None:
    """Confirmed nominees: ``entries`` (of one or more categories), with first-round scores."""
    scores = scores or [None] * len(entries)
    for entry, score in zip(entries, scores, strict=True):
        db.session.add(
            Nominee(
                edition_id=edition.id,
                category_id=entry.category_id,
                entry_id=entry.id,
                normalised_score=score,
            )
        )
    for category_id in {e.category_id for e in entries}:
        confirmed = db.session.scalar(
            select(CategoryNomination).where(CategoryNomination.category_id == category_id)
        )
        if confirmed is None:
            db.session.add(CategoryNomination(edition_id=edition.id, category_id=category_id))
    db.session.flush()


def make_champions(
    edition: Edition,
    entries: Sequence[Entry],
    organiser: User,
    *,
    votes: Sequence[int] | None = None,
    first_round: Sequence[float | None] | None = None,
    source: str = VOTES,
) -> None:
    """``entries`` (of one category) nominated, then recorded as its Champions."""
    nominate(edition, entries, first_round)
    votes = votes or [0] * len(entries)
    record_champions(
        entries[0].category,
        list(zip(entries, votes, strict=True)),
        source=source,
        actor=organiser,
        now=SELECTION_NOW,
    )


def second_round(entry: Entry) -> list[ReviewAssignment]:
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(
                ReviewAssignment.entry_id == entry.id,
                ReviewAssignment.round == SELECTION_ROUND,
            )
            .order_by(ReviewAssignment.expert_id)
        )
    )


def submit(row: ReviewAssignment, score: float) -> None:
    """Mark a review submitted with ``score`` as its weighted score."""
    row.state = AssignmentState.SUBMITTED
    row.submitted_at = SELECTION_NOW
    row.weighted_score = score
    db.session.flush()


def score_second_round(entry: Entry, *scores: float) -> None:
    """Submit the entry's second-round reviews, in expert order, with ``scores``."""
    rows = second_round(entry)
    for row, score in zip(rows, scores, strict=False):
        submit(row, score)


def first_round_review(entry: Entry, expert: User, score: float) -> ReviewAssignment:
    """A submitted round-1 review."""
    row = ReviewAssignment(
        edition_id=entry.edition_id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=NOMINATION_ROUND,
        state=AssignmentState.SUBMITTED,
        submitted_at=SELECTION_NOW,
        weighted_score=score,
    )
    db.session.add(row)
    db.session.flush()
    return row
