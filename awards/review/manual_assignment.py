"""Organisers adjusting the round-1 assignment by hand. Flush, never commit.

:func:`add_assignment` gives one expert one entry, refused with a reason the organiser can act
on (conflicted, already held, not on the jury, stepped down, cap reached, entry not reviewed);
:func:`withdraw_assignment` takes back one review the expert has not started (a started or
submitted review is never touched); :func:`step_down` takes an expert out of the reviewing and
hands their unstarted reviews to the others (``assignment_services.rebalance_without``).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.review.assignment_services import RunOutcome, rebalance_without
from awards.review.experts import is_jury, profile_of, require_organiser
from awards.review.models import (
    NOMINATION_ROUND,
    AssignmentState,
    ConflictOfInterest,
    ReviewAssignment,
)
from awards.submissions.models import Entry, EntryState, Screening


def _row(expert: User, entry: Entry) -> ReviewAssignment | None:
    return db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.expert_id == expert.id,
            ReviewAssignment.entry_id == entry.id,
            ReviewAssignment.round == NOMINATION_ROUND,
        )
    )


def _conflicted(expert: User, entry: Entry) -> bool:
    return (
        db.session.scalar(
            select(ConflictOfInterest.id).where(
                ConflictOfInterest.expert_id == expert.id,
                ConflictOfInterest.entry_id == entry.id,
                ConflictOfInterest.lifted_at.is_(None),
            )
        )
        is not None
    )


def held_reviews(edition: Edition, expert: User) -> int:
    """The round-1 reviews ``expert`` holds in ``edition`` (withdrawn ones left out)."""
    return (
        db.session.scalar(
            select(func.count(ReviewAssignment.id)).where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.expert_id == expert.id,
                ReviewAssignment.round == NOMINATION_ROUND,
                ReviewAssignment.state != AssignmentState.WITHDRAWN,
            )
        )
        or 0
    )


def _check_entry(edition: Edition, entry: Entry) -> None:
    if entry.edition_id != edition.id:
        raise RuleViolation(_("There is no entry with this number in this edition."), field="entry")
    if entry.state is not EntryState.SUBMITTED or entry.screening is not Screening.ELIGIBLE:
        raise RuleViolation(
            _("Only submitted entries screened eligible are reviewed by the Expert Group."),
            field="entry",
        )


def _check_expert(edition: Edition, expert: User) -> int | None:
    """Refuse an expert who takes no new review; return their cap."""
    if not is_jury(expert, edition):
        raise RuleViolation(
            _("%(name)s is not a member of this edition's jury.", name=expert.name),
            field="expert",
        )
    profile = profile_of(edition, expert)
    if profile is None:
        raise RuleViolation(
            _("%(name)s has no expert profile yet: fill it in first.", name=expert.name),
            field="expert",
        )
    if profile.stepped_down_at is not None:
        raise RuleViolation(
            _("%(name)s has stepped down and takes no new reviews.", name=expert.name),
            field="expert",
        )
    return profile.review_cap


def add_assignment(
    edition: Edition, expert: User, entry: Entry, *, actor: User, now: datetime
) -> ReviewAssignment:
    """Give ``expert`` the round-1 review of ``entry`` (a withdrawn one of the pair revived)."""
    require_organiser(actor, edition.id)
    _check_entry(edition, entry)
    cap = _check_expert(edition, expert)
    if _conflicted(expert, entry):
        raise RuleViolation(
            _(
                "%(name)s has a conflict of interest with entry %(entry)s. Lift the conflict "
                "first if it no longer holds.",
                name=expert.name,
                entry=entry.id,
            ),
            field="entry",
        )
    row = _row(expert, entry)
    if row is not None and row.state is not AssignmentState.WITHDRAWN:
        raise Conflict(
            _("%(name)s already reviews entry %(entry)s.", name=expert.name, entry=entry.id),
            field="entry",
        )
    if cap is not None and held_reviews(edition, expert) >= cap:
        raise RuleViolation(
            _(
                "%(name)s has reached their cap of %(cap)s reviews. Raise the cap on their "
                "profile first.",
                name=expert.name,
                cap=cap,
            ),
            field="expert",
        )
    if row is None:
        row = ReviewAssignment(
            edition_id=edition.id,
            entry_id=entry.id,
            expert_id=expert.id,
            round=NOMINATION_ROUND,
            state=AssignmentState.ASSIGNED,
            created_at=now,
        )
        db.session.add(row)
    else:
        row.state, row.withdrawn_at = AssignmentState.ASSIGNED, None
    db.session.flush()
    record(
        "review.assignment_added",
        row,
        f"Review of entry {entry.id} given by hand to expert {expert.id} in {edition.year}",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"expert_id": expert.id, "entry_id": entry.id, "state": [None, "assigned"]},
    )
    return row


def withdraw_assignment(
    assignment: ReviewAssignment, *, actor: User, now: datetime
) -> ReviewAssignment:
    """Take back a review its expert has not started; started and submitted ones stay."""
    require_organiser(actor, assignment.edition_id)
    if assignment.state is AssignmentState.WITHDRAWN:
        raise Conflict(_("This review was withdrawn already."))
    if assignment.state is not AssignmentState.ASSIGNED:
        raise RuleViolation(
            _(
                "The expert has started this review: a started or submitted review is never "
                "withdrawn."
            )
        )
    assignment.state, assignment.withdrawn_at = AssignmentState.WITHDRAWN, now
    db.session.flush()
    record(
        "review.assignment_withdrawn",
        assignment,
        f"Review of entry {assignment.entry_id} taken back from expert {assignment.expert_id}",
        actor_id=actor.id,
        changes={"state": ["assigned", "withdrawn"]},
    )
    return assignment


def _unstarted(edition: Edition, expert: User) -> int:
    return (
        db.session.scalar(
            select(func.count(ReviewAssignment.id)).where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.expert_id == expert.id,
                ReviewAssignment.round == NOMINATION_ROUND,
                ReviewAssignment.state == AssignmentState.ASSIGNED,
            )
        )
        or 0
    )


def step_down(
    edition: Edition, expert: User, *, actor: User, now: datetime, seed: int = 0
) -> RunOutcome | None:
    """Record that ``expert`` takes no more reviews; their unstarted ones go to the others.

    Returns what the rebalance changed, or None when the expert held no unstarted review (then
    nothing else moves). ``Infeasible`` propagates, and nothing is written.
    """
    require_organiser(actor, edition.id)
    profile = profile_of(edition, expert)
    if profile is None:
        raise RuleViolation(_("This account is not an expert of this edition."))
    if profile.stepped_down_at is not None:
        raise Conflict(_("%(name)s has stepped down already.", name=expert.name))
    if _unstarted(edition, expert):
        return rebalance_without(edition, expert, actor, now, seed=seed)
    profile.stepped_down_at = now
    record(
        "expert.stepped_down",
        profile,
        f"Expert {expert.id} takes no more reviews in edition {edition.year}",
        actor_id=actor.id,
        changes={"stepped_down_at": [None, now]},
    )
    return None
