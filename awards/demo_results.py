"""The demo from the close of voting on: tally, Champions, the second round, Winners, results.

- ``selection``: the votes are tallied (``awards/results/snapshots.py``) and each category's
  Champions recorded from them; with no votes yet (before the demo casts any), the stub of
  ``awards/review/champions.py`` takes the jury's best instead. The second round is assigned
  by the real service and partly scored.
- ``ceremony``: every second-round review submitted, each category's Winner confirmed by the
  documented rule, the tally taken again and the results published, so that the results pages,
  the ceremony view, certificates and the API have something real and ``flask awards
  verify-tally --edition 2021`` passes.

The steps run "as of" an instant inside the phase they belong to (the services check the
calendar). Moving the demo to a later phase adds what is missing; nothing is undone.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from awards.accounts.models import User
from awards.contest.models import Edition
from awards.demo_review import ORGANISER, SEED, demo_user, fill_review
from awards.extensions import db
from awards.results.publication import is_published
from awards.results.publishing import publish
from awards.results.snapshots import record_champions_from, take_snapshot
from awards.review.champions import champions_of, stub_champions_from_jury
from awards.review.conflict_services import active_conflicts
from awards.review.experts import list_experts
from awards.review.models import SELECTION_ROUND, AssignmentState, ReviewAssignment
from awards.review.rubric_services import rubric_of
from awards.review.selection import assign_second_round
from awards.review.winners import category_results, confirm_winner, decision_of
from awards.voting.models import Vote


def prepare(edition: Edition, phase: str, now: datetime) -> None:
    """Bring the demo to what ``phase`` shows (see the module doc)."""
    if phase not in ("selection", "ceremony"):
        return
    organiser = demo_user(ORGANISER)
    if organiser is None:
        return
    during = min(edition.selection_opens + timedelta(hours=2), now)
    if not champions_of(edition):
        _champions(edition, organiser, during)
        assign_second_round(edition, actor=organiser, now=during)
    _cover_unreviewed(edition, during)
    rng = random.Random(SEED + 2)  # noqa: S311 - fake scores, not security
    _score_second_round(edition, rng, during, complete=phase == "ceremony")
    if phase == "ceremony" and not is_published(edition):
        _winners(edition, organiser, during)
        snapshot_at = min(edition.selection_closes, now)
        take_snapshot(edition, actor=organiser, now=snapshot_at)
        publish(edition, actor=organiser, now=max(edition.ceremony_at, snapshot_at))


def _champions(edition: Edition, organiser: User, at: datetime) -> None:
    has_votes = db.session.scalar(select(Vote.id).where(Vote.edition_id == edition.id).limit(1))
    if has_votes is None:
        # Until the demo casts votes: the jury's best stand in (the Champions stub).
        stub_champions_from_jury(edition, actor=organiser, now=at)
        return
    snapshot = take_snapshot(edition, actor=organiser, now=at)
    record_champions_from(snapshot, actor=organiser, now=at)


def _cover_unreviewed(edition: Edition, at: datetime) -> None:
    """A Champion that no expert of its category can review (all conflicted, or the demo's
    experts changed by hand) gets one from any expert of the jury without a conflict, so the
    rule can compare every Champion."""
    conflicted = {(c.expert_id, c.entry_id) for c in active_conflicts(edition)}
    reviewed = set(
        db.session.scalars(
            select(ReviewAssignment.entry_id).where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.round == SELECTION_ROUND,
                ReviewAssignment.state != AssignmentState.WITHDRAWN,
            )
        )
    )
    experts = [p.user_id for p in list_experts(edition) if p.stepped_down_at is None]
    for champions in champions_of(edition).values():
        for champion in champions:
            if champion.entry_id in reviewed:
                continue
            expert = next((e for e in experts if (e, champion.entry_id) not in conflicted), None)
            if expert is not None:
                db.session.add(
                    ReviewAssignment(
                        edition_id=edition.id,
                        entry_id=champion.entry_id,
                        expert_id=expert,
                        round=SELECTION_ROUND,
                        created_at=at,
                    )
                )
    db.session.flush()


def _score_second_round(
    edition: Edition, rng: random.Random, at: datetime, *, complete: bool
) -> None:
    rubric = rubric_of(edition)
    rows = db.session.scalars(
        select(ReviewAssignment)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == SELECTION_ROUND,
            ReviewAssignment.state == AssignmentState.ASSIGNED,
        )
        .order_by(ReviewAssignment.id)
    ).all()
    for index, row in enumerate(rows):
        if complete or index % 3 != 2:
            fill_review(row, rubric, rng, at, submit=True)
    db.session.flush()


def _winners(edition: Edition, organiser: User, at: datetime) -> None:
    for category in edition.categories:
        if decision_of(category) is not None:
            continue
        result = category_results(edition, category)
        if result.proposed is not None:
            confirm_winner(edition, category, result.proposed, "", actor=organiser, now=at)
        elif result.tied:
            confirm_winner(
                edition,
                category,
                min(result.tied),
                "Demo: the organisers chose the entry with the lowest number.",
                actor=organiser,
                now=at,
            )
