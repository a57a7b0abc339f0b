"""Quarantines: set votes aside (one, an account's, a cluster's), lift them, all audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, NotFound, RuleViolation
from awards.extensions import db
from awards.voting.fraud_rules import ClusterKind, ClusterRef, parse_ref
from awards.voting.models import QuarantineKind, QuarantineReason, Vote
from awards.voting.quarantines import (
    Scope,
    lift,
    lift_batch,
    quarantine_account,
    quarantine_cluster,
    quarantine_groups,
    quarantine_vote,
)
from awards.voting.valid_votes import quarantined_count, valid_counts
from tests.entry_factory import make_entry
from tests.voting_ops_factory import make_vote, make_voters

NOW = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)
HOUR = datetime(2021, 3, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
def world(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition()
    owner = make_user("owner@example.org")
    first = make_entry(edition, owner, title="First", category=1)
    second = make_entry(edition, owner, title="Second", category=1)
    other_category = make_entry(edition, owner, title="Elsewhere", category=2)
    organiser = make_user("olga@example.org", roles=((Role.ORGANISER, edition.id),))
    honest = make_voters(make_user, 5, "honest")
    for voter in honest:
        make_vote(second, voter, cast_at=HOUR - timedelta(days=3))
    bots = make_voters(make_user, 8, "bot")
    for n, bot in enumerate(bots):
        moment = HOUR + timedelta(minutes=n)
        make_vote(first, bot, cast_at=moment, ip=f"203.0.113.{n + 1}")
        make_vote(other_category, bot, cast_at=moment, ip=f"198.51.100.{n + 1}")
    return {
        "edition": edition,
        "first": first,
        "second": second,
        "elsewhere": other_category,
        "organiser": organiser,
        "bots": bots,
        "honest": honest,
    }


def _counts(world):  # type: ignore[no-untyped-def]
    counts = valid_counts(world["edition"].id)
    return {
        name: counts.get((world[name].category_id, world[name].id), 0)
        for name in ("first", "second", "elsewhere")
    }


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_vote_set_aside_stops_counting_and_counts_again_when_lifted(world) -> None:  # type: ignore[no-untyped-def]
    edition, olga = world["edition"], world["organiser"]
    vote = db.session.scalars(select(Vote).where(Vote.entry_id == world["first"].id)).first()
    quarantine = quarantine_vote(
        edition, vote.id, reason=QuarantineReason.OTHER, note="Reported", actor=olga, now=NOW
    )
    assert _counts(world) == {"first": 7, "second": 5, "elsewhere": 8}
    assert quarantined_count(edition.id) == 1
    with pytest.raises(RuleViolation):
        quarantine_vote(
            edition, vote.id, reason=QuarantineReason.OTHER, note="Again", actor=olga, now=NOW
        )

    lift(edition, quarantine.id, note="Checked with the voter", actor=olga, now=NOW)

    assert _counts(world) == {"first": 8, "second": 5, "elsewhere": 8}
    assert quarantine.lift_note == "Checked with the voter"
    assert quarantine.lifted_by_id == olga.id
    (set_aside,) = _events("voting.quarantined")
    assert set_aside.changes["note"] == "Reported"
    assert set_aside.actor_id == olga.id
    (lifted,) = _events("voting.quarantine_lifted")
    assert lifted.changes["lift_note"] == "Checked with the voter"
    with pytest.raises(RuleViolation):
        lift(edition, quarantine.id, note="Twice", actor=olga, now=NOW)


def test_an_account_set_aside_loses_every_vote(world) -> None:  # type: ignore[no-untyped-def]
    edition, olga, bot = world["edition"], world["organiser"], world["bots"][0]
    quarantine_account(
        edition, bot.id, reason=QuarantineReason.SUBNET, note="Bot", actor=olga, now=NOW
    )
    assert _counts(world) == {"first": 7, "second": 5, "elsewhere": 7}
    assert _events("voting.quarantined")[0].changes["votes"] == 2


def test_a_cluster_is_set_aside_in_one_batch_and_lifted_in_one(world) -> None:  # type: ignore[no-untyped-def]
    edition, olga = world["edition"], world["organiser"]
    ref = parse_ref("subnet:203.0.113.0/24")
    outcome = quarantine_cluster(
        edition, ref, scope=Scope.VOTES, note="Planted network", actor=olga, now=NOW
    )
    assert (outcome.quarantines, outcome.votes) == (8, 8)
    assert _counts(world) == {"first": 0, "second": 5, "elsewhere": 8}
    (group,) = quarantine_groups(edition)
    assert (group.size, group.active, group.batch) == (8, 8, outcome.batch)
    assert group.first.reason is QuarantineReason.SUBNET
    assert group.first.kind is QuarantineKind.VOTE
    with pytest.raises(RuleViolation):
        quarantine_cluster(edition, ref, scope=Scope.VOTES, note="Again", actor=olga, now=NOW)

    lifted = lift_batch(edition, outcome.batch, note="A university", actor=olga, now=NOW)

    assert lifted.quarantines == 8
    assert _counts(world) == {"first": 8, "second": 5, "elsewhere": 8}
    assert quarantine_groups(edition)[0].active == 0


def test_a_cluster_quarantined_by_account_takes_their_other_votes_too(world) -> None:  # type: ignore[no-untyped-def]
    edition, olga = world["edition"], world["organiser"]
    hour = int(HOUR.timestamp() // 3600)
    ref = ClusterRef(ClusterKind.BURST, entry_id=world["first"].id, hour=hour)
    outcome = quarantine_cluster(
        edition, ref, scope=Scope.ACCOUNTS, note="Burst of new accounts", actor=olga, now=NOW
    )
    assert (outcome.quarantines, outcome.votes) == (8, 16)
    assert _counts(world) == {"first": 0, "second": 5, "elsewhere": 0}
    assert _events("voting.quarantined")[0].changes["cluster"] == ref.text


def test_a_reason_is_required_and_ids_must_be_the_editions(world, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, olga = world["edition"], world["organiser"]
    bot = world["bots"][0]
    with pytest.raises(RuleViolation) as refused:
        quarantine_account(
            edition, bot.id, reason=QuarantineReason.OTHER, note=" ", actor=olga, now=NOW
        )
    assert refused.value.field == "note"
    other = make_edition(year=2020)
    other_organiser = make_user("otto@example.org", roles=((Role.ORGANISER, other.id),))
    with pytest.raises(NotFound):
        quarantine_account(
            other, bot.id, reason=QuarantineReason.OTHER, note="x", actor=other_organiser, now=NOW
        )
    with pytest.raises(NotAllowed):
        quarantine_account(
            edition, bot.id, reason=QuarantineReason.OTHER, note="x", actor=other_organiser, now=NOW
        )
    with pytest.raises(NotFound):
        quarantine_vote(
            edition, 10**9, reason=QuarantineReason.OTHER, note="x", actor=olga, now=NOW
        )
    with pytest.raises(NotFound):
        lift(other, 1, note="x", actor=other_organiser, now=NOW)
