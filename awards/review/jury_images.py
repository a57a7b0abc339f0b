"""Which jurors may see an entry's images: blind review hides them (the logo and photos often
show who the team is). The submitters' image route asks :func:`images_hidden_from`."""

from __future__ import annotations

from sqlalchemy import func, select

from awards.access.gate import actor_of
from awards.access.rules import Action, Target, can
from awards.accounts.models import User
from awards.extensions import db
from awards.review.experts import settings_of
from awards.review.models import ReviewAssignment
from awards.review.reviews import open_to_expert
from awards.submissions.models import Entry


def images_hidden_from(entry: Entry, user: User) -> bool:
    """Whether ``user`` sees the entry's images only as a juror and must not: its team and
    the edition's organisers always see them; a juror only with an open review of the entry
    in an edition whose review is not blind."""
    actor, edition = actor_of(user), Target(edition_id=entry.edition_id)
    if can(actor, Action.ACT_AS_TEAM, entry.access_target()) or can(
        actor, Action.ORGANISE, edition
    ):
        return False
    if settings_of(entry.edition).blind:
        return True
    reviewing = db.session.scalar(
        select(func.count())
        .select_from(ReviewAssignment)
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .where(
            ReviewAssignment.entry_id == entry.id,
            ReviewAssignment.expert_id == user.id,
            open_to_expert(),
        )
    )
    return not reviewing
