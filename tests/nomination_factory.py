"""Submitted round-1 reviews, for the nomination tests (models directly, no review form)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from awards.accounts.models import User
from awards.contest.models import Edition
from awards.extensions import db
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.submissions.models import Entry
from tests.review_factory import NOW, make_eligible, make_expert


def submit_review(
    expert: User, entry: Entry, score: float, *, team: str = "", organisers: str = "Noted."
) -> ReviewAssignment:
    """A submitted round-1 review of ``entry`` by ``expert`` with its weighted score."""
    review = ReviewAssignment(
        edition_id=entry.edition_id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=NOMINATION_ROUND,
        state=AssignmentState.SUBMITTED,
        submitted_at=NOW,
        updated_at=NOW,
        weighted_score=score,
        comment_team=team,
        comment_organisers=organisers,
    )
    db.session.add(review)
    db.session.flush()
    return review


def scored_category(
    make_user: Callable[..., User],
    edition: Edition,
    scores: Sequence[Sequence[float | None]],
    **entry_fields: Any,
) -> tuple[list[User], list[Entry]]:
    """Eligible entries of category 1, one per column of ``scores``; one expert per row.

    ``scores[e][n]`` is expert e's score of entry n (None: that expert does not review it).
    """
    count = len(scores[0])
    entries = [make_eligible(edition, make_user(), **entry_fields) for _ in range(count)]
    experts = [make_expert(make_user, edition, categories=(1,)) for _ in scores]
    for expert, row in zip(experts, scores, strict=True):
        for entry, score in zip(entries, row, strict=True):
            if score is not None:
                submit_review(expert, entry, score)
    return experts, entries
