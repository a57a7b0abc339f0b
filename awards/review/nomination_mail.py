"""Telling the teams of a category whether their entry is nominated. Flush, never commit.

One message per reviewed eligible entry and person of its team (the owner and the active
members, :func:`awards.submissions.teams.team_of`), in that person's language: nominees learn
the dates of public voting, the others get a kind word. Both carry the experts' optional
comments for the team, without the experts' names, scores or ranks. A category's teams are told
once (:attr:`CategoryNomination.notified_at`); a list confirmed again afterwards is not sent
again, and the organisers' page says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.contest.timefmt import format_deadline
from awards.errors import RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.services import queue_mail
from awards.review.experts import require_organiser
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.review.nominations import proposal
from awards.submissions.models import Entry
from awards.submissions.teams import team_of

NOMINATED = "nominated"
NOT_NOMINATED = "not_nominated"


def team_comments(entry_ids: Sequence[int]) -> dict[int, list[str]]:
    """The experts' non-empty comments for the team, per entry (submitted round-1 reviews).

    Only the text: never who wrote it, nor any score.
    """
    if not entry_ids:
        return {}
    rows = db.session.execute(
        select(ReviewAssignment.entry_id, ReviewAssignment.comment_team)
        .where(
            ReviewAssignment.entry_id.in_(entry_ids),
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
        )
        .order_by(ReviewAssignment.entry_id, ReviewAssignment.id)
    )
    comments: dict[int, list[str]] = defaultdict(list)
    for entry_id, text in rows:
        if text and text.strip():
            comments[entry_id].append(text.strip())
    return dict(comments)


def notify_category(edition: Edition, category: Category, *, actor: User, now: datetime) -> int:
    """Queue the nomination e-mails of ``category``'s teams; return how many were queued.

    Refused (:class:`RuleViolation`, nothing queued) before the nominees are confirmed and
    once the teams have been told.
    """
    require_organiser(actor, edition.id)
    plan = proposal(edition, category)
    confirmation = plan.confirmation
    if confirmation is None:
        raise RuleViolation(
            gettext("Confirm the nominees of this category before telling the teams.")
        )
    if confirmation.notified_at is not None:
        raise RuleViolation(
            gettext(
                "The teams of this category were already told on %(date)s. "
                "The e-mails are not sent twice.",
                date=format_deadline(
                    confirmation.notified_at, edition.timezone, None, _locale(actor)
                ),
            )
        )
    reviewed = [row.entry for row in plan.rows if row.reviewed]
    comments = team_comments([e.id for e in reviewed])
    nominees = set(plan.nominee_ids)
    count = 0
    for entry in reviewed:
        for user in team_of(entry):
            _queue(edition, category, entry, user, entry.id in nominees, comments.get(entry.id, []))
            count += 1
    confirmation.notified_at = now
    db.session.flush()
    record(
        "nomination.notified",
        category,
        f"Teams of category {category.number} told of the nomination: {count} e-mails",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={
            "nominees": sorted(nominees),
            "others": sorted(e.id for e in reviewed if e.id not in nominees),
            "messages": count,
        },
    )
    return count


def _locale(user: User) -> str:
    return user.locale or "en"


def _queue(
    edition: Edition,
    category: Category,
    entry: Entry,
    user: User,
    nominated: bool,
    comments: list[str],
) -> None:
    locale = _locale(user)
    with force_locale(locale):
        category_name = f"{category.number}. {category.display_name}"
        voting_opens = format_deadline(
            edition.voting_opens, edition.timezone, user.timezone, locale
        )
        voting_closes = format_deadline(
            edition.voting_closes, edition.timezone, user.timezone, locale
        )
    queue_mail(
        user.email,
        NOMINATED if nominated else NOT_NOMINATED,
        locale,
        name=user.name,
        title=entry.title,
        category=category_name,
        edition=edition.title,
        voting_opens=voting_opens,
        voting_closes=voting_closes,
        comments=comments,
        url=external_url("contest.home"),
    )
