"""The experts' reviews: their queue, opening a review, drafts, submission, revision, and
what others scored. Flush, never commit; the actor and ``now`` are arguments.

A review is a :class:`~awards.review.models.ReviewAssignment` and its
:class:`~awards.review.rubric_models.ReviewScore` rows. An expert reaches only their own,
not withdrawn, of an entry still in the contest (submitted, screened eligible) and with no
active conflict of interest between them: anything else is :class:`NotFound`, the same answer
as for a review that does not exist. Saving is allowed in the round's window
(``review_rules``); a refused save writes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import NotFound, RuleViolation
from awards.extensions import db
from awards.review import review_rules
from awards.review.champions import is_champion
from awards.review.models import (
    SELECTION_ROUND,
    AssignmentState,
    ConflictOfInterest,
    ReviewAssignment,
)
from awards.review.rubric import Problem, Rubric, score_problems
from awards.review.rubric_models import ReviewScore
from awards.review.rubric_services import rubric_of
from awards.review.scoring import weighted_score
from awards.submissions.models import Entry, EntryState, Screening

#: The longest comment kept (each of the two).
COMMENT_MAX = 5000


class CommentProblem(enum.StrEnum):
    """What is wrong with a comment."""

    MISSING = "missing"
    TOO_LONG = "too_long"


class ReviewRefused(RuleViolation):
    """What was sent cannot be saved (400): the problem per criterion key and per comment
    (``comment_organisers``, ``comment_team``). Nothing was written."""

    status_code = 400

    def __init__(
        self, problems: Mapping[str, Problem], comments: Mapping[str, CommentProblem]
    ) -> None:
        super().__init__(gettext("The review was not saved: correct what is marked."))
        self.problems = dict(problems)
        self.comments = dict(comments)


@dataclass(frozen=True)
class OtherReview:
    """Another expert's submitted review of the same entry (who it was is not said)."""

    weighted_score: float
    scores: dict[str, int]


def _conflicted() -> ColumnElement[bool]:
    """The assignment's expert has an active conflict of interest with its entry."""
    return exists().where(
        ConflictOfInterest.expert_id == ReviewAssignment.expert_id,
        ConflictOfInterest.entry_id == ReviewAssignment.entry_id,
        ConflictOfInterest.lifted_at.is_(None),
    )


def open_to_expert() -> ColumnElement[bool]:
    """An assignment its expert can reach (joined with its entry)."""
    return and_(
        ReviewAssignment.state != AssignmentState.WITHDRAWN,
        Entry.state == EntryState.SUBMITTED,
        Entry.screening == Screening.ELIGIBLE,
        ~_conflicted(),
    )


def open_review(edition: Edition, expert: User, assignment_id: int) -> ReviewAssignment:
    """The expert's review ``assignment_id`` of ``edition``; :class:`NotFound` unless it is
    their own, not withdrawn, of an entry still reviewed, with no active conflict."""
    assignment = db.session.scalar(
        select(ReviewAssignment)
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .options(
            joinedload(ReviewAssignment.entry).selectinload(Entry.sdgs),
            joinedload(ReviewAssignment.entry).joinedload(Entry.category),
        )
        .where(
            ReviewAssignment.id == assignment_id,
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.expert_id == expert.id,
            open_to_expert(),
        )
    )
    if assignment is None:
        raise NotFound()
    return assignment


def scores_of(assignment: ReviewAssignment) -> dict[str, int]:
    """The criterion scores saved in the review, by criterion key."""
    rows = db.session.execute(
        select(ReviewScore.criterion_key, ReviewScore.score).where(
            ReviewScore.assignment_id == assignment.id
        )
    )
    return {row.criterion_key: row.score for row in rows}


def refusal_of(assignment: ReviewAssignment, now: datetime) -> str | None:
    """Why the review cannot be saved at ``now`` (outside the round's window, or a round-2
    entry that is no Champion), or None."""
    edition = assignment.entry.edition
    refusal = review_rules.window(edition.schedule(), assignment.round).refusal(now)
    if refusal is review_rules.Refusal.CLOSED:
        return gettext("The deadline for this review has passed: it can no longer be changed.")
    if refusal is review_rules.Refusal.NOT_YET:
        return gettext("The final selection has not opened yet.")
    if assignment.round == SELECTION_ROUND and not is_champion(assignment.entry):
        return gettext("Only the Champions of a category are reviewed in the final selection.")
    return None


def require_writable(assignment: ReviewAssignment, now: datetime) -> None:
    """Refuse (409, :class:`RuleViolation`) a save that :func:`refusal_of` refuses."""
    message = refusal_of(assignment, now)
    if message:
        raise RuleViolation(message)


def _merged(stored: Mapping[str, int], sent: Mapping[str, int | None]) -> dict[str, int | None]:
    """The review's scores after this save: what was sent replaces what was stored."""
    return {**stored, **sent}


def save_review(
    assignment: ReviewAssignment,
    scores: Mapping[str, int | None],
    comment_organisers: str,
    comment_team: str,
    *,
    submit: bool,
    actor: User,
    now: datetime,
) -> ReviewAssignment:
    """Save the expert's review: a draft may leave criteria empty; a submission (and any
    revision of a submitted review) needs every criterion scored and the organisers' comment.

    ``scores`` maps criterion keys to a score or None (cleared); keys left out keep their
    stored score. Refused after the deadline (409, :class:`RuleViolation`) or on bad input
    (400, :class:`ReviewRefused`), with nothing written.
    """
    if actor.id != assignment.expert_id or assignment.state is AssignmentState.WITHDRAWN:
        raise NotFound()
    require_writable(assignment, now)
    rubric = rubric_of(assignment.entry.edition)
    stored = scores_of(assignment)
    merged = _merged(stored, scores)
    organisers, team = comment_organisers.strip(), comment_team.strip()
    submitted = review_rules.stays_submitted(assignment.state is AssignmentState.SUBMITTED, submit)
    problems = score_problems(rubric, merged, complete=submitted)
    comments = _comment_problems(organisers, team, submitted=submitted)
    if problems or comments:
        raise ReviewRefused(problems, comments)
    _store_scores(assignment, stored, merged)
    old_score, first_submitted = assignment.weighted_score, assignment.submitted_at
    revised = assignment.state is AssignmentState.SUBMITTED
    complete = {k: v for k, v in merged.items() if v is not None}
    assignment.comment_organisers, assignment.comment_team = organisers, team
    assignment.updated_at = now
    if submitted:
        assignment.submitted_at = first_submitted or now
        assignment.weighted_score = weighted_score(complete, rubric.weights)
        assignment.state = AssignmentState.SUBMITTED
        db.session.flush()
        _record_submission(assignment, old_score, revised, actor)
    else:
        assignment.state = AssignmentState.DRAFT
        db.session.flush()
    return assignment


def _comment_problems(organisers: str, team: str, *, submitted: bool) -> dict[str, CommentProblem]:
    problems = {}
    if submitted and not organisers:
        problems["comment_organisers"] = CommentProblem.MISSING
    for name, text in (("comment_organisers", organisers), ("comment_team", team)):
        if len(text) > COMMENT_MAX:
            problems[name] = CommentProblem.TOO_LONG
    return problems


def _store_scores(
    assignment: ReviewAssignment, stored: Mapping[str, int], merged: Mapping[str, int | None]
) -> None:
    rows = {
        row.criterion_key: row
        for row in db.session.scalars(
            select(ReviewScore).where(ReviewScore.assignment_id == assignment.id)
        )
    }
    for key, value in merged.items():
        row = rows.get(key)
        if value is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(ReviewScore(assignment_id=assignment.id, criterion_key=key, score=value))
        elif stored.get(key) != value:
            row.score = value


def _record_submission(
    assignment: ReviewAssignment, old_score: float | None, revised: bool, actor: User
) -> None:
    record(
        "review.submitted",
        assignment,
        f"Review {assignment.id} of entry {assignment.entry_id} (round {assignment.round}) "
        + ("revised" if revised else "submitted"),
        actor_id=actor.id,
        edition_id=assignment.edition_id,
        changes={
            "weighted_score": [old_score, assignment.weighted_score],
            "revised": revised,
        },
    )


def others_scores(assignment: ReviewAssignment) -> list[OtherReview]:
    """The other experts' submitted reviews of the entry in the same round, once this expert
    has submitted theirs (before that: none). Reviews by an expert conflicted with the entry
    are left out."""
    if assignment.state is not AssignmentState.SUBMITTED:
        return []
    others = list(
        db.session.execute(
            select(ReviewAssignment.id, ReviewAssignment.weighted_score)
            .where(
                ReviewAssignment.entry_id == assignment.entry_id,
                ReviewAssignment.round == assignment.round,
                ReviewAssignment.state == AssignmentState.SUBMITTED,
                ReviewAssignment.id != assignment.id,
                ~_conflicted(),
            )
            .order_by(ReviewAssignment.submitted_at, ReviewAssignment.id)
        )
    )
    scores: dict[int, dict[str, int]] = {row.id: {} for row in others}
    if others:
        for row in db.session.execute(
            select(ReviewScore.assignment_id, ReviewScore.criterion_key, ReviewScore.score).where(
                ReviewScore.assignment_id.in_(scores)
            )
        ):
            scores[row.assignment_id][row.criterion_key] = row.score
    return [OtherReview(float(row.weighted_score), scores[row.id]) for row in others]


def entry_for_conflict(edition: Edition, entry_id: int) -> Entry:
    """An entry of ``edition`` an expert may declare a conflict with (one the Expert Group
    reviews: submitted and screened eligible); :class:`NotFound` otherwise."""
    entry = db.session.get(Entry, entry_id)
    if (
        entry is None
        or entry.edition_id != edition.id
        or entry.state is not EntryState.SUBMITTED
        or entry.screening is not Screening.ELIGIBLE
    ):
        raise NotFound()
    return entry


def rubric_for(assignment: ReviewAssignment) -> Rubric:
    """The rubric the review is scored with (its edition's)."""
    return rubric_of(assignment.entry.edition)
