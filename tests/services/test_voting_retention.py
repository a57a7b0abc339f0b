"""Retention: after voting closes + retention_days, the evidence is reduced; the vote is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from awards.audit.models import AuditEvent
from awards.errors import RuleViolation
from awards.extensions import db
from awards.voting.models import Vote, VoteEvidence, VotingSettings
from awards.voting.retention import reduce_after, reduce_evidence
from tests.entry_factory import make_entry
from tests.voting_ops_factory import make_vote, make_voters

VOTING_CLOSES = datetime(2021, 3, 31, 21, 0, tzinfo=UTC)


@pytest.fixture
def votes(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition()
    other = make_edition(year=2020, voting_closes=datetime(2020, 3, 31, 21, tzinfo=UTC))
    db.session.add(VotingSettings(edition_id=edition.id, retention_days=30))
    owner = make_user("owner@example.org")
    ours = make_entry(edition, owner)
    theirs = make_entry(other, owner)
    voters = make_voters(make_user, 3)
    mine = [make_vote(ours, v, ip=f"2001:db8:7:{n}::1") for n, v in enumerate(voters[:2])]
    mine.append(make_vote(ours, voters[2], ip="203.0.113.9", user_agent=None))
    kept = make_vote(theirs, voters[0], ip="198.51.100.4")
    return edition, mine, kept


def _evidence(vote: Vote) -> VoteEvidence:
    evidence = db.session.get(VoteEvidence, vote.id)
    assert evidence is not None
    db.session.refresh(evidence)
    return evidence


def test_nothing_is_reduced_before_the_retention_period_ends(votes) -> None:  # type: ignore[no-untyped-def]
    edition, mine, _ = votes
    due = reduce_after(edition)
    assert due == VOTING_CLOSES + timedelta(days=30)
    with pytest.raises(RuleViolation):
        reduce_evidence(edition, due - timedelta(seconds=1))
    assert _evidence(mine[0]).ip == "2001:db8:7:0::1"


def test_after_it_the_address_is_cut_to_its_network_and_the_rest_removed(votes) -> None:  # type: ignore[no-untyped-def]
    edition, mine, kept = votes
    now = reduce_after(edition)

    assert reduce_evidence(edition, now) == 3

    first, ipv4 = _evidence(mine[0]), _evidence(mine[2])
    assert (first.ip, first.user_agent, first.accept_language) == ("2001:db8:7::/48", None, None)
    assert first.reduced_at == now
    assert ipv4.ip == "203.0.113.0/24"
    other = _evidence(kept)
    assert (other.ip, other.reduced_at) == ("198.51.100.4", None)  # another edition's
    vote = db.session.get(Vote, mine[0].id)
    assert vote.subnet == "2001:db8:7::/48"  # the vote keeps its network for review
    assert reduce_evidence(edition, now + timedelta(days=1)) == 0  # nothing left to reduce
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "voting.evidence_reduced")
    ).all()
    assert [e.changes["votes"] for e in events] == [3, 0]


def test_the_command(app, votes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    edition, mine, _ = votes
    db.session.commit()
    runner = app.test_cli_runner()
    monkeypatch.setattr("awards.clock.utcnow", lambda: VOTING_CLOSES + timedelta(days=1))
    early = runner.invoke(args=["awards", "reduce-vote-evidence", "--edition", "2021"])
    assert early.exit_code == 1
    assert "kept until 2021-04-30" in early.output
    monkeypatch.setattr("awards.clock.utcnow", lambda: VOTING_CLOSES + timedelta(days=31))
    done = runner.invoke(args=["awards", "reduce-vote-evidence", "--edition", "2021"])
    assert done.exit_code == 0, done.output
    assert "Evidence of 3 votes of edition 2021 reduced." in done.output
    assert _evidence(mine[1]).user_agent is None
