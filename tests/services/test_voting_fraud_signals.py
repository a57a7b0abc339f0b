"""The suspicious-activity report: a planted cluster is flagged with its numbers; ordinary
traffic (spread networks, the browsers everyone uses, a busy office network) is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from awards.extensions import db
from awards.voting.fraud_rules import ClusterKind, Thresholds
from awards.voting.fraud_signals import suspicious_activity
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason
from awards.voting.tallies import rebuild, seal
from awards.voting.tally_models import VoteHourTally, VoteTallyMark
from tests.entry_factory import make_entry
from tests.voting_ops_factory import make_vote, make_voters

NOW = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)
START = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
PLANTED_HOUR = datetime(2021, 3, 12, 14, 0, tzinfo=UTC)
BOT = "Mozilla/5.0 (X11; Linux x86_64) VoteBot/1.0"
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/89.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) Safari/604.1",
    "Mozilla/5.0 (Linux; Android 11) Chrome/89.0 Mobile",
)


@pytest.fixture
def contest(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition()
    owner = make_user("owner@example.org")
    nominees = [make_entry(edition, owner, title=f"Nominee {n}", category=1) for n in "ABC"]
    return edition, nominees


def _ordinary_traffic(nominees, voters) -> None:  # type: ignore[no-untyped-def]
    """Each voter on a network of their own, at a spread of hours over ten days."""
    for n, voter in enumerate(voters):
        make_vote(
            nominees[n % 3],
            voter,
            cast_at=START + timedelta(minutes=47 * n),
            user_agent=AGENTS[(n // 3) % 3],
            flush=False,
        )
    db.session.flush()


def _planted(nominee, voters) -> None:  # type: ignore[no-untyped-def]
    """One /24, one unusual browser, accounts made minutes before, one nominee, one hour."""
    for n, voter in enumerate(voters):
        moment = PLANTED_HOUR + timedelta(seconds=55 * n)
        make_vote(
            nominee,
            voter,
            cast_at=moment,
            ip=f"203.0.113.{n + 1}",
            user_agent=BOT,
            account_created_at=moment - timedelta(minutes=3),
            flush=False,
        )
    db.session.flush()


def test_ordinary_traffic_raises_no_flag(contest, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, nominees = contest
    _ordinary_traffic(nominees, make_voters(make_user, 240))
    # An office network: 30 colleagues, their votes spread over the three nominees.
    office = make_voters(make_user, 30, "office")
    for n, voter in enumerate(office):
        make_vote(nominees[n % 3], voter, cast_at=START + timedelta(hours=n), ip=f"192.0.2.{n + 1}")

    report = suspicious_activity(edition, NOW)

    assert report.votes_counted == 270
    assert report.flags == []


def test_a_planted_cluster_is_flagged_by_every_signal_with_its_numbers(contest, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, nominees = contest
    _ordinary_traffic(nominees, make_voters(make_user, 240))
    target = nominees[2]
    _planted(target, make_voters(make_user, 60, "bot"))

    report = suspicious_activity(edition, NOW)
    flags = {f.kind: f for f in report.flags}

    assert set(flags) == set(ClusterKind)
    assert {f.entry_id for f in report.flags} == {target.id}
    target_votes = 80 + 60  # a third of the ordinary votes, and the planted ones
    network = flags[ClusterKind.SUBNET]
    assert network.ref.text == "subnet:203.0.113.0/24"
    assert (network.votes, network.accounts, network.source_category_votes) == (60, 60, 60)
    assert network.concentration == 1.0
    assert network.nominee_votes == target_votes
    assert network.nominee_share == pytest.approx(60 / target_votes)
    assert network.excess == 60 - 20  # the other votes give the nominee a third

    agent = flags[ClusterKind.AGENT]
    assert (agent.votes, agent.accounts) == (60, 60)
    assert agent.user_agent == BOT
    assert agent.lift == 3.0

    burst = flags[ClusterKind.BURST]
    assert burst.ref.window == (PLANTED_HOUR, PLANTED_HOUR + timedelta(hours=1))
    assert burst.votes >= 60
    assert burst.baseline == 1.0  # the median hour of the nominee has no vote

    signup = flags[ClusterKind.SIGNUP]
    assert (signup.votes, signup.accounts) == (60, 60)
    first, last = signup.created_between
    assert first == PLANTED_HOUR - timedelta(minutes=3)
    assert last == PLANTED_HOUR + timedelta(seconds=55 * 59) - timedelta(minutes=3)
    assert report.entries[target.id].title == "Nominee C"
    assert all(f.quarantined == 0 and not f.reviewed for f in report.flags)


def test_a_quarantined_cluster_is_shown_as_reviewed(contest, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, nominees = contest
    bots = make_voters(make_user, 30, "bot")
    _planted(nominees[0], bots)
    for bot in bots:
        db.session.add(
            Quarantine(
                edition_id=edition.id,
                kind=QuarantineKind.ACCOUNT,
                voter_id=bot.id,
                reason=QuarantineReason.SUBNET,
                note="Planted",
            )
        )
    db.session.flush()

    network = next(f for f in suspicious_activity(edition, NOW).flags if f.kind == "subnet")

    assert (network.current_votes, network.quarantined, network.reviewed) == (30, 30, True)


def test_thresholds_decide(contest, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, nominees = contest
    _planted(nominees[0], make_voters(make_user, 30, "bot"))

    kinds = {f.kind for f in suspicious_activity(edition, NOW).flags}
    assert ClusterKind.SUBNET in kinds
    fewer = {
        f.kind for f in suspicious_activity(edition, NOW, Thresholds(subnet_min_votes=31)).flags
    }
    assert fewer == kinds - {ClusterKind.SUBNET}
    strict = Thresholds(
        subnet_min_votes=31, agent_min_votes=31, burst_min_votes=31, signup_min_votes=31
    )
    assert suspicious_activity(edition, NOW, strict).flags == []


def test_tallies_count_each_vote_once_across_batches(contest, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, nominees = contest
    voters = make_voters(make_user, 4)
    for n, voter in enumerate(voters):
        make_vote(nominees[0], voter, cast_at=NOW - timedelta(minutes=20 - 5 * n))

    first = seal(edition.id, NOW)  # the votes of the last ten minutes wait for the next batch
    assert first.votes == 2
    assert seal(edition.id, NOW).votes == 2  # nothing new: nothing added twice
    assert seal(edition.id, NOW + timedelta(minutes=30)).votes == 4
    hours = db.session.query(VoteHourTally).filter_by(edition_id=edition.id).all()
    assert sum(h.votes for h in hours) == 4

    rebuild(edition.id)
    assert db.session.get(VoteTallyMark, edition.id) is None
    assert seal(edition.id, NOW + timedelta(hours=1)).votes == 4
