"""The votes a cluster reference names, and what its review page shows of them.

A :class:`~awards.voting.fraud_rules.ClusterRef` names a set of votes of one edition (all votes
from a network, one user agent's votes for a nominee, a nominee's votes in one hour, the
fresh-account ones among them); :func:`cluster_condition` is that set as SQL, used by the
suspicious-activity report, the cluster's page and the quarantine of a whole cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from awards.extensions import db
from awards.submissions.models import Entry
from awards.voting.fraud_rules import FRESH_ACCOUNT_SECONDS, ClusterKind, ClusterRef
from awards.voting.models import Vote, VoteEvidence
from awards.voting.tallies import epoch_seconds
from awards.voting.valid_votes import current_votes_query, quarantined_condition

SAMPLE = 100


def cluster_condition(edition_id: int, ref: ClusterRef) -> ColumnElement[bool]:
    """The votes of the edition a cluster reference names."""
    condition: ColumnElement[bool] = Vote.edition_id == edition_id
    if ref.kind is ClusterKind.SUBNET:
        return condition & (Vote.subnet == ref.subnet)
    condition = condition & (Vote.entry_id == ref.entry_id)
    if ref.kind is ClusterKind.AGENT:
        return condition & (Vote.agent_key == ref.agent_key)
    window = ref.window
    assert window is not None  # hourly kinds have one
    condition = condition & (Vote.cast_at >= window[0]) & (Vote.cast_at < window[1])
    if ref.kind is ClusterKind.SIGNUP:
        age = epoch_seconds(Vote.cast_at) - epoch_seconds(Vote.account_created_at)
        condition = condition & (age <= FRESH_ACCOUNT_SECONDS)
    return condition


def counts(edition_id: int, ref: ClusterRef) -> tuple[int, int]:
    """(current votes of the cluster, how many of them an active quarantine sets aside)."""
    current = current_votes_query(edition_id).where(cluster_condition(edition_id, ref))
    held = current.where(quarantined_condition(edition_id))
    total = db.session.scalar(select(func.count()).select_from(current.subquery())) or 0
    aside = db.session.scalar(select(func.count()).select_from(held.subquery())) or 0
    return total, aside


@dataclass(frozen=True)
class ClusterVote:
    """One vote of a cluster, as its review page lists it."""

    id: int
    receipt: str
    cast_at: datetime
    entry_id: int
    title: str
    voter_id: int
    account_created_at: datetime
    subnet: str
    ip: str | None
    user_agent: str | None
    accept_language: str | None
    reduced: bool
    quarantined: bool

    @property
    def account_age_minutes(self) -> int:
        return int((self.cast_at - self.account_created_at).total_seconds() // 60)


@dataclass(frozen=True)
class ClusterSummary:
    """A cluster's numbers and its first votes."""

    ref: ClusterRef
    votes: int
    quarantined: int
    accounts: int
    first_cast: datetime | None
    last_cast: datetime | None
    sample: list[ClusterVote]
    nominee: Entry | None


def summary(edition_id: int, ref: ClusterRef, limit: int = SAMPLE) -> ClusterSummary:
    """The numbers of the cluster's current votes, and the first ``limit`` of them."""
    current = current_votes_query(edition_id).where(cluster_condition(edition_id, ref)).subquery()
    accounts, first, last = db.session.execute(
        select(
            func.count(current.c.voter_id.distinct()),
            func.min(current.c.cast_at),
            func.max(current.c.cast_at),
        )
    ).one()
    total, aside = counts(edition_id, ref)
    rows = db.session.execute(
        select(*_SAMPLE_COLUMNS, quarantined_condition(edition_id).label("quarantined"))
        .join(Entry, Entry.id == Vote.entry_id)
        .outerjoin(VoteEvidence, VoteEvidence.vote_id == Vote.id)
        .where(Vote.id.in_(select(current.c.id)))
        .order_by(Vote.cast_at, Vote.id)
        .limit(limit)
    )
    sample = [_vote(row) for row in rows]
    nominee = db.session.get(Entry, ref.entry_id) if ref.entry_id else None
    return ClusterSummary(ref, total, aside, accounts, first, last, sample, nominee)


_SAMPLE_COLUMNS = (
    Vote.id,
    Vote.receipt,
    Vote.cast_at,
    Vote.entry_id,
    Entry.title,
    Vote.voter_id,
    Vote.account_created_at,
    Vote.subnet,
    VoteEvidence.ip,
    VoteEvidence.user_agent,
    VoteEvidence.accept_language,
    VoteEvidence.reduced_at,
)


def _vote(row: Any) -> ClusterVote:
    return ClusterVote(
        id=row.id,
        receipt=row.receipt,
        cast_at=row.cast_at,
        entry_id=row.entry_id,
        title=row.title,
        voter_id=row.voter_id,
        account_created_at=row.account_created_at,
        subnet=row.subnet,
        ip=row.ip,
        user_agent=row.user_agent,
        accept_language=row.accept_language,
        reduced=row.reduced_at is not None,
        quarantined=bool(row.quarantined),
    )


def votes_of_account(edition_id: int, voter_id: int) -> list[ClusterVote]:
    """Every vote an account cast in the edition, oldest first."""
    rows = db.session.execute(
        select(*_SAMPLE_COLUMNS, quarantined_condition(edition_id).label("quarantined"))
        .join(Entry, Entry.id == Vote.entry_id)
        .outerjoin(VoteEvidence, VoteEvidence.vote_id == Vote.id)
        .where(Vote.edition_id == edition_id, Vote.voter_id == voter_id)
        .order_by(Vote.cast_at, Vote.id)
    )
    return [_vote(row) for row in rows]


def one_vote(edition_id: int, vote_id: int) -> ClusterVote | None:
    """One vote of the edition (None when unknown or another edition's)."""
    row = db.session.execute(
        select(*_SAMPLE_COLUMNS, quarantined_condition(edition_id).label("quarantined"))
        .join(Entry, Entry.id == Vote.entry_id)
        .outerjoin(VoteEvidence, VoteEvidence.vote_id == Vote.id)
        .where(Vote.edition_id == edition_id, Vote.id == vote_id)
    ).first()
    return _vote(row) if row is not None else None
