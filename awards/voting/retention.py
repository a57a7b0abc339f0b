"""Reducing the personal data kept with votes once the edition's retention period is over.

Until ``voting_closes + retention_days`` each vote's :class:`VoteEvidence` keeps the full IP
address, the user agent and the Accept-Language header for fraud review. Afterwards the IP
address is cut to its network (the vote's /24 or /48, which the vote itself keeps), the rest is
removed and ``reduced_at`` is set. The vote is untouched (it is append-only). One ``UPDATE``;
flush, never commit; audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from awards.access.gate import actor_of
from awards.access.rules import Action, Target, can
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.voting.models import Vote, VoteEvidence
from awards.voting.settings import voting_settings_of


def reduce_after(edition: Edition) -> datetime:
    """When the edition's evidence is reduced: its retention period after voting closes."""
    return edition.voting_closes + timedelta(days=voting_settings_of(edition).retention_days)


def reduce_evidence(edition: Edition, now: datetime, actor: User | None = None) -> int:
    """Reduce the evidence of every vote of ``edition`` not reduced yet; how many were.

    ``actor`` is the organiser asking (None: the platform, from a scheduled command).
    Refused (:class:`RuleViolation`) before the retention period is over.
    """
    if actor is not None and not can(
        actor_of(actor), Action.ORGANISE, Target(edition_id=edition.id)
    ):
        raise NotAllowed("Only an organiser of this edition may do this.")
    due = reduce_after(edition)
    if now < due:
        raise RuleViolation(
            f"The evidence of edition {edition.year} is kept until {due:%Y-%m-%d %H:%M} UTC."
        )
    votes = select(Vote.id).where(Vote.edition_id == edition.id)
    network = select(Vote.subnet).where(Vote.id == VoteEvidence.vote_id).scalar_subquery()
    result = db.session.execute(
        update(VoteEvidence)
        .where(VoteEvidence.vote_id.in_(votes), VoteEvidence.reduced_at.is_(None))
        .values(ip=network, user_agent=None, accept_language=None, reduced_at=now)
        .execution_options(synchronize_session=False)
    )
    reduced = int(getattr(result, "rowcount", 0) or 0)
    db.session.expire_all()
    record(
        "voting.evidence_reduced",
        edition,
        f"Vote evidence of edition {edition.year} reduced ({reduced} votes)",
        actor_id=actor.id if actor else None,
        edition_id=edition.id,
        changes={"votes": reduced},
    )
    return reduced
