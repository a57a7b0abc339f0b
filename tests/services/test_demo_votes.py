"""The demo's votes: thousands across the nominees, and the planted cluster the fraud page finds."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from awards.demo_votes import PLANTED, add_demo_votes
from awards.extensions import db
from awards.voting.fraud_rules import ClusterKind
from awards.voting.fraud_signals import suspicious_activity
from awards.voting.models import Vote, VoteEvidence
from tests.entry_factory import make_entry
from tests.voting_ops_factory import nominate

NOW = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)


def test_no_nominees_no_votes(make_edition) -> None:  # type: ignore[no-untyped-def]
    assert add_demo_votes(make_edition(), NOW) == 0


def test_demo_votes_hold_one_planted_cluster_and_nothing_else_suspicious(  # type: ignore[no-untyped-def]
    make_edition, make_user
) -> None:
    edition = make_edition(categories=4)
    owner = make_user("owner@example.org")
    entries = [
        make_entry(edition, owner, title=f"Nominee {c}.{n}", category=c)
        for c in range(1, 5)
        for n in range(1, 6)
    ]
    nominate(entries)

    added = add_demo_votes(edition, NOW)

    assert added > 2000
    assert db.session.scalar(select(func.count()).select_from(Vote)) == added
    assert db.session.scalar(select(func.count()).select_from(VoteEvidence)) == added
    assert add_demo_votes(edition, NOW) == 0  # once
    report = suspicious_activity(edition, NOW)
    target = {f.entry_id for f in report.flags}
    assert len(target) == 1
    kinds = {f.kind: f for f in report.flags}
    assert set(kinds) == set(ClusterKind)
    network = kinds[ClusterKind.SUBNET]
    assert network.ref.subnet == "203.0.113.0/24"
    assert (network.votes, network.accounts) == (PLANTED, PLANTED)
    assert kinds[ClusterKind.SIGNUP].votes == PLANTED
