"""Setting votes aside: one vote, one account's votes, or a whole suspicious cluster.

A quarantine keeps the votes (they are append-only) but takes them out of the valid votes
(:mod:`awards.voting.valid_votes`, the one definition), until an organiser lifts it with a
reason. A cluster quarantined at once shares one ``batch`` key and can be lifted at once.
Organisers of the edition only; flush, never commit; every change is in the audit trail.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import Select, String, case, cast, func, select

from awards.access.gate import actor_of
from awards.access.rules import Action, Target, can
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import NotAllowed, NotFound, RuleViolation
from awards.extensions import db
from awards.voting.clusters import cluster_condition
from awards.voting.fraud_rules import ClusterKind, ClusterRef
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason, Vote
from awards.voting.valid_votes import current_votes_query, quarantined_condition

NOTE_MAX = 1000
#: The reason a cluster's quarantine gives, by the signal that found it.
REASON_OF_KIND = {
    ClusterKind.SUBNET: QuarantineReason.SUBNET,
    ClusterKind.AGENT: QuarantineReason.USER_AGENT,
    ClusterKind.SIGNUP: QuarantineReason.SIGNUP_BURST,
    ClusterKind.BURST: QuarantineReason.NOMINEE_BURST,
}


class Scope(enum.StrEnum):
    """What quarantining a cluster sets aside."""

    VOTES = "votes"  # the cluster's votes only
    ACCOUNTS = "accounts"  # every vote of the accounts that cast them


@dataclass(frozen=True)
class Outcome:
    """What a quarantine (or lifting one) changed."""

    quarantines: int
    votes: int
    batch: str | None = None


def _check(edition: Edition, actor: User) -> None:
    if not can(actor_of(actor), Action.ORGANISE, Target(edition_id=edition.id)):
        raise NotAllowed("Only an organiser of this edition may do this.")


def _note(note: str, field: str = "note") -> str:
    text = (note or "").strip()
    if not text:
        raise RuleViolation(gettext("Say why: a reason is required."), field=field)
    if len(text) > NOTE_MAX:
        raise RuleViolation(
            gettext("Keep the reason under %(max)s characters.", max=NOTE_MAX), field=field
        )
    return text


def _current(edition_id: int) -> Select[int, int]:
    return current_votes_query(edition_id).with_only_columns(Vote.id, Vote.voter_id)


def _count(query: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _audit(
    edition: Edition, first: Quarantine, summary: str, actor: User, **changes: object
) -> None:
    record(
        "voting.quarantined",
        first,
        summary,
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"reason": first.reason.value, "note": first.note, **changes},
    )


def quarantine_vote(
    edition: Edition,
    vote_id: int,
    *,
    reason: QuarantineReason,
    note: str,
    actor: User,
    now: datetime,
) -> Quarantine:
    """Set one vote aside."""
    _check(edition, actor)
    vote = db.session.get(Vote, vote_id)
    if vote is None or vote.edition_id != edition.id:
        raise NotFound("No such vote in this edition.")
    text = _note(note)
    held = _current(edition.id).where(Vote.id == vote.id, quarantined_condition(edition.id))
    if _count(held):
        raise RuleViolation(gettext("This vote is set aside already."))
    quarantine = Quarantine(
        edition_id=edition.id,
        kind=QuarantineKind.VOTE,
        vote_id=vote.id,
        voter_id=vote.voter_id,
        reason=reason,
        note=text,
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(quarantine)
    db.session.flush()
    _audit(edition, quarantine, f"Vote {vote.receipt} set aside", actor, kind="vote", votes=1)
    return quarantine


def quarantine_account(
    edition: Edition,
    voter_id: int,
    *,
    reason: QuarantineReason,
    note: str,
    actor: User,
    now: datetime,
) -> Quarantine:
    """Set every vote of one account in the edition aside."""
    _check(edition, actor)
    votes = _current(edition.id).where(Vote.voter_id == voter_id)
    if not _count(votes):
        raise NotFound("This account has not voted in this edition.")
    text = _note(note)
    if _active_account_quarantine(edition.id, voter_id) is not None:
        raise RuleViolation(gettext("This account's votes are set aside already."))
    quarantine = Quarantine(
        edition_id=edition.id,
        kind=QuarantineKind.ACCOUNT,
        voter_id=voter_id,
        reason=reason,
        note=text,
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(quarantine)
    db.session.flush()
    _audit(
        edition,
        quarantine,
        f"Votes of account {voter_id} set aside",
        actor,
        kind="account",
        votes=_count(votes),
    )
    return quarantine


def _active_account_quarantine(edition_id: int, voter_id: int) -> Quarantine | None:
    return db.session.scalar(
        select(Quarantine).where(
            Quarantine.edition_id == edition_id,
            Quarantine.kind == QuarantineKind.ACCOUNT,
            Quarantine.voter_id == voter_id,
            Quarantine.lifted_at.is_(None),
        )
    )


def quarantine_cluster(
    edition: Edition,
    ref: ClusterRef,
    *,
    scope: Scope,
    note: str,
    actor: User,
    now: datetime,
    reason: QuarantineReason | None = None,
) -> Outcome:
    """Set aside every current vote of a cluster not set aside yet (or its accounts' votes)."""
    _check(edition, actor)
    text = _note(note)
    reason = reason or REASON_OF_KIND[ref.kind]
    free = (
        _current(edition.id)
        .where(cluster_condition(edition.id, ref))
        .where(~quarantined_condition(edition.id))
    )
    rows = db.session.execute(free).all()
    if not rows:
        raise RuleViolation(gettext("Every vote of this cluster is set aside already."))
    batch = secrets.token_hex(8)
    common = {
        "edition_id": edition.id,
        "reason": reason,
        "note": text,
        "batch": batch,
        "created_at": now,
        "created_by_id": actor.id,
    }
    if scope is Scope.ACCOUNTS:
        voters = sorted({voter for _, voter in rows})
        made = [Quarantine(kind=QuarantineKind.ACCOUNT, voter_id=v, **common) for v in voters]
    else:
        made = [
            Quarantine(kind=QuarantineKind.VOTE, vote_id=v, voter_id=voter, **common)
            for v, voter in rows
        ]
    db.session.add_all(made)
    db.session.flush()
    votes = _count(_current(edition.id).where(Vote.id.in_(_batch_votes(edition.id, batch))))
    _audit(
        edition,
        made[0],
        f"Cluster {ref.text} set aside ({votes} votes)",
        actor,
        kind="cluster",
        cluster=ref.text,
        scope=scope.value,
        batch=batch,
        votes=votes,
        quarantines=len(made),
    )
    return Outcome(quarantines=len(made), votes=votes, batch=batch)


def _batch_votes(edition_id: int, batch: str) -> Select[Any]:
    """The ids of the votes a batch sets aside (its votes, and its accounts' votes)."""
    of_batch = (Quarantine.edition_id == edition_id, Quarantine.batch == batch)
    by_vote = select(Quarantine.vote_id).where(*of_batch, Quarantine.kind == QuarantineKind.VOTE)
    accounts = select(Quarantine.voter_id).where(
        *of_batch, Quarantine.kind == QuarantineKind.ACCOUNT
    )
    by_account = select(Vote.id).where(Vote.edition_id == edition_id, Vote.voter_id.in_(accounts))
    return select(Vote.id).where(Vote.id.in_(by_vote) | Vote.id.in_(by_account))


def _lift_all(quarantines: list[Quarantine], note: str, actor: User, now: datetime) -> None:
    for quarantine in quarantines:
        quarantine.lifted_at = now
        quarantine.lifted_by_id = actor.id
        quarantine.lift_note = note
    db.session.flush()


def lift(edition: Edition, quarantine_id: int, *, note: str, actor: User, now: datetime) -> Outcome:
    """Lift one quarantine (its votes count again unless another one holds them)."""
    _check(edition, actor)
    quarantine = db.session.get(Quarantine, quarantine_id)
    if quarantine is None or quarantine.edition_id != edition.id:
        raise NotFound("No such quarantine in this edition.")
    text = _note(note, "lift_note")
    if not quarantine.active:
        raise RuleViolation(gettext("This quarantine was lifted already."))
    _lift_all([quarantine], text, actor, now)
    record(
        "voting.quarantine_lifted",
        quarantine,
        f"Quarantine {quarantine.id} lifted",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"lift_note": text, "quarantines": 1},
    )
    return Outcome(quarantines=1, votes=0, batch=quarantine.batch)


def lift_batch(edition: Edition, batch: str, *, note: str, actor: User, now: datetime) -> Outcome:
    """Lift every active quarantine of a batch."""
    _check(edition, actor)
    members = list(
        db.session.scalars(
            select(Quarantine)
            .where(Quarantine.edition_id == edition.id, Quarantine.batch == batch)
            .order_by(Quarantine.id)
        )
    )
    if not members:
        raise NotFound("No such batch in this edition.")
    text = _note(note, "lift_note")
    active = [q for q in members if q.active]
    if not active:
        raise RuleViolation(gettext("This quarantine was lifted already."))
    _lift_all(active, text, actor, now)
    record(
        "voting.quarantine_lifted",
        active[0],
        f"Quarantine batch {batch} lifted ({len(active)} quarantines)",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"lift_note": text, "batch": batch, "quarantines": len(active)},
    )
    return Outcome(quarantines=len(active), votes=0, batch=batch)


@dataclass(frozen=True)
class Group:
    """A row of the quarantines list: one quarantine, or a batch of them."""

    first: Quarantine
    size: int
    active: int

    @property
    def batch(self) -> str | None:
        return self.first.batch


def quarantine_groups(edition: Edition, limit: int = 500) -> list[Group]:
    """The edition's quarantines, newest first, a batch as one row."""
    summaries = db.session.execute(
        select(
            func.min(Quarantine.id),
            func.count(),
            func.sum(case((Quarantine.lifted_at.is_(None), 1), else_=0)),
        )
        .where(Quarantine.edition_id == edition.id)
        .group_by(func.coalesce(Quarantine.batch, cast(Quarantine.id, String)))
        .order_by(func.min(Quarantine.id).desc())
        .limit(limit)
    ).all()
    ids = [first for first, _, _ in summaries]
    loaded = {q.id: q for q in db.session.scalars(select(Quarantine).where(Quarantine.id.in_(ids)))}
    return [Group(loaded[first], size, active or 0) for first, size, active in summaries]
