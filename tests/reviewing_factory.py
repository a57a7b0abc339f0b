"""Reviews to score, for the experts' tests: assignments made directly with the models."""

from __future__ import annotations

from typing import Any

from awards.accounts.models import User
from awards.extensions import db
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.review.rubric import DEFAULT_CRITERIA
from awards.review.selection_models import Champion
from awards.submissions.models import Entry
from tests.review_factory import NOW

#: A complete review on the default rubric: every criterion scored 7.
ALL_SEVENS = {c.key: 7 for c in DEFAULT_CRITERIA}


def assign(expert: User, entry: Entry, round_: int = NOMINATION_ROUND, **fields: Any) -> Any:
    """An assignment of ``entry`` to ``expert`` (state "assigned" unless ``state`` says)."""
    assignment = ReviewAssignment(
        edition_id=entry.edition_id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=round_,
        state=fields.pop("state", AssignmentState.ASSIGNED),
        created_at=NOW,
        **fields,
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_champion(entry: Entry) -> Champion:
    """Record ``entry`` as one of its category's Champions."""
    champion = Champion(
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        entry_id=entry.id,
        valid_votes=10,
        source="votes",
        recorded_at=NOW,
    )
    db.session.add(champion)
    db.session.flush()
    return champion
