"""Reminding the jury of the reviews they have still to finish. Flush, never commit.

The current round follows the calendar (:func:`reminder_round`): round 1 (nomination) until the
nomination deadline, round 2 (final selection) while selection is open; at any other time no
review is due and nobody is reminded. Each expert with pending reviews of that round (assigned
or in draft, of entries still reviewed) gets one message in their own language, with the count,
a link to their queue and the deadline in the edition's time zone and their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.contest.rules import Schedule
from awards.contest.timefmt import format_deadline
from awards.errors import RuleViolation
from awards.extensions import db
from awards.links import check_base_url, external_url
from awards.outbox.services import queue_mail
from awards.review.experts import is_jury, require_organiser
from awards.review.models import (
    NOMINATION_ROUND,
    SELECTION_ROUND,
    AssignmentState,
    ReviewAssignment,
)
from awards.submissions.models import Entry, EntryState, Screening

#: Reviews still to do: not started, or started and not submitted.
PENDING = (AssignmentState.ASSIGNED, AssignmentState.DRAFT)
#: The experts' own queue (built by the reviewing pages), and its path when not installed.
QUEUE_ENDPOINT = "reviewing.queue"
QUEUE_PATH = "/jury/editions/{edition_id}/reviews"


@dataclass(frozen=True)
class ReminderRound:
    """The round whose reviews are due, and its deadline."""

    round: int
    deadline: datetime


def reminder_round(schedule: Schedule, now: datetime) -> ReminderRound | None:
    """Round 1 up to the nomination deadline, round 2 during selection, else None (pure)."""
    if now < schedule.nomination_closes:
        return ReminderRound(NOMINATION_ROUND, schedule.nomination_closes)
    if schedule.selection_opens <= now < schedule.selection_closes:
        return ReminderRound(SELECTION_ROUND, schedule.selection_closes)
    return None


def pending_reviews(edition: Edition, round_: int) -> list[tuple[User, int]]:
    """Jury members with pending reviews of ``round_``, and how many, by name."""
    rows = db.session.execute(
        select(ReviewAssignment.expert_id, func.count(ReviewAssignment.id))
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == round_,
            ReviewAssignment.state.in_(PENDING),
            Entry.state == EntryState.SUBMITTED,
            Entry.screening == Screening.ELIGIBLE,
        )
        .group_by(ReviewAssignment.expert_id)
    ).all()
    counts: dict[int, int] = dict(rows)
    if not counts:
        return []
    users = db.session.scalars(
        select(User).where(User.id.in_(counts)).order_by(User.name, User.id)
    ).all()
    return [(user, counts[user.id]) for user in users if is_jury(user, edition)]


def queue_link(edition: Edition) -> str:
    """The absolute address of the experts' queue of ``edition``."""
    try:
        return external_url(QUEUE_ENDPOINT, edition_id=edition.id)
    except BuildError:  # the reviewing pages are not installed (yet): their path
        base = check_base_url(str(current_app.config["AWARDS_BASE_URL"]))
        return base + QUEUE_PATH.format(edition_id=edition.id)


def remind_jury(
    edition: Edition, *, actor: User | None, now: datetime
) -> Sequence[tuple[User, int]]:
    """Queue one reminder per expert with pending reviews of the current round.

    Returns who was reminded and of how many reviews. ``actor`` None: the command line.
    """
    if actor is not None:
        require_organiser(actor, edition.id)
    due = reminder_round(edition.schedule(), now)
    if due is None:
        raise RuleViolation(
            _(
                "No review round is open: reminders go out until the nomination deadline, "
                "and while the final selection is open."
            )
        )
    reminded = pending_reviews(edition, due.round)
    link = queue_link(edition)
    for user, count in reminded:
        with force_locale(user.locale):
            deadline = format_deadline(due.deadline, edition.timezone, user.timezone, user.locale)
        queue_mail(
            user.email,
            "jury_reminder",
            user.locale,
            name=user.name,
            edition=edition.title,
            count=count,
            round=due.round,
            deadline=deadline,
            link=link,
        )
    if reminded:
        record(
            "review.reminders_sent",
            edition,
            f"Reminders of round {due.round} sent to {len(reminded)} experts of {edition.year}",
            actor_id=actor.id if actor else None,
            edition_id=edition.id,
            changes={"round": due.round, "experts": [[u.id, n] for u, n in reminded]},
        )
    return reminded
