"""The fraud signals' decisions: thresholds, baselines, lift, and cluster references."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.voting.fraud_rules import (
    ClusterKind,
    ClusterRef,
    Thresholds,
    excess,
    expected_votes,
    hour_of,
    hour_start,
    hours_between,
    is_agent_cluster,
    is_burst,
    is_network_cluster,
    lift,
    parse_ref,
    share,
    usual_hour,
)


@pytest.mark.parametrize(
    ("total", "in_hour", "slots", "usual"),
    [
        (0, 0, 1, 1.0),
        (300, 300, 720, 1.0),  # one busy hour in a month of empty ones
        (3000, 300, 721, 2700 / 720),  # the hour under test does not count
        (50, 10, 1, 40.0),  # the first hour: no other hour yet
        (10, 5, 3, 2.5),
    ],
)
def test_usual_hour(total, in_hour, slots, usual) -> None:  # type: ignore[no-untyped-def]
    assert usual_hour(total, in_hour, slots) == pytest.approx(usual)


@given(st.integers(0, 10**5), st.integers(0, 10**4), st.integers(1, 2000), st.integers(0, 10**4))
def test_a_bigger_burst_never_raises_its_own_baseline(rest, votes, slots, more) -> None:  # type: ignore[no-untyped-def]
    usual = usual_hour(rest + votes, votes, slots)
    assert usual >= 1.0
    assert usual_hour(rest + votes + more, votes + more, slots) == pytest.approx(usual)
    if is_burst(votes, usual, min_votes=25, factor=5.0):
        assert is_burst(votes + more, usual, min_votes=25, factor=5.0)


@pytest.mark.parametrize(
    ("votes", "usual", "flagged"),
    [
        (300, 1.0, True),
        (24, 1.0, False),  # below the minimum, however quiet the nominee usually is
        (25, 1.0, True),
        (100, 30.0, False),  # a busy nominee's busy hour: 3.3 times its usual
        (150, 30.0, True),
    ],
)
def test_burst(votes, usual, flagged) -> None:  # type: ignore[no-untyped-def]
    assert is_burst(votes, usual, min_votes=25, factor=5.0) is flagged


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.floats(0, 1000))
def test_more_votes_never_unflag_a_burst(votes, more, usual) -> None:  # type: ignore[no-untyped-def]
    if is_burst(votes, usual, min_votes=25, factor=5.0):
        assert is_burst(votes + more, usual, min_votes=25, factor=5.0)


@pytest.mark.parametrize(
    ("nominee", "in_category", "flagged"),
    [
        (300, 310, True),  # a network voting as one
        (30, 90, False),  # a busy office spread over the nominees
        (24, 24, False),  # too few to say
        (50, 100, True),
    ],
)
def test_network_cluster(nominee, in_category, flagged) -> None:  # type: ignore[no-untyped-def]
    assert is_network_cluster(nominee, in_category) is flagged


@pytest.mark.parametrize(
    ("agent_nominee", "agent_category", "nominee", "category", "flagged"),
    [
        (300, 300, 400, 2000, True),  # one unusual browser, all for a nominee with 20%
        (4000, 10000, 40000, 100000, False),  # the common browser, as its category votes
        (300, 300, 1800, 2000, False),  # the favourite anyway: lift 1.1
        (300, 300, 425, 819, True),  # the cluster made it the favourite: lift 4.2
        (20, 20, 30, 1000, False),  # too few
    ],
)
def test_agent_cluster(agent_nominee, agent_category, nominee, category, flagged) -> None:  # type: ignore[no-untyped-def]
    assert is_agent_cluster(agent_nominee, agent_category, nominee, category) is flagged


def test_lift_and_share() -> None:
    # The other 1,700 votes give the nominee 100: 5.9 %; the agent gives it all of its 300.
    assert lift(300, 300, 400, 2000) == pytest.approx(1 / (100 / 1700))
    assert expected_votes(300, 300, 400, 2000) == pytest.approx(300 * 100 / 1700)
    assert lift(300, 300, 300, 1000) == pytest.approx(700.0)  # nobody else votes for it
    assert lift(1, 1, 1, 1) == 0.0  # no other vote to compare with
    assert share(1, 0) == 0.0
    assert share(5, 4) == 1.0
    assert excess(10, 12.5) == 0
    assert excess(300, 20.4) == 280


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_share_is_a_fraction(part, whole) -> None:  # type: ignore[no-untyped-def]
    assert 0.0 <= share(part, whole) <= 1.0


def test_thresholds_can_be_tightened() -> None:
    assert is_network_cluster(30, 30)
    assert not is_network_cluster(30, 30, Thresholds(subnet_min_votes=31))


def test_hours() -> None:
    moment = datetime(2021, 3, 12, 14, 59, 59, tzinfo=UTC)
    assert hour_start(hour_of(moment)) == datetime(2021, 3, 12, 14, tzinfo=UTC)
    opens = datetime(2021, 3, 1, 8, tzinfo=UTC)
    assert hours_between(opens, opens) == 1
    assert hours_between(opens, opens + timedelta(hours=2, minutes=1)) == 3


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("subnet:203.0.113.0/24", ClusterRef(ClusterKind.SUBNET, subnet="203.0.113.0/24")),
        ("subnet:2001:db8:1::/48", ClusterRef(ClusterKind.SUBNET, subnet="2001:db8:1::/48")),
        (
            "agent:3fa9c0b1d2e4:17",
            ClusterRef(ClusterKind.AGENT, agent_key="3fa9c0b1d2e4", entry_id=17),
        ),
        ("burst:17:448766", ClusterRef(ClusterKind.BURST, entry_id=17, hour=448766)),
        ("signup:17:448766", ClusterRef(ClusterKind.SIGNUP, entry_id=17, hour=448766)),
        ("subnet:203.0.113.0/16", None),
        ("subnet:<script>/24", None),
        ("agent::17", None),
        ("burst:0:1", None),
        ("burst:17", None),
        ("nope:1:2", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_ref(text, ref) -> None:  # type: ignore[no-untyped-def]
    assert parse_ref(text) == ref


refs = st.one_of(
    st.builds(
        lambda a, b, c, d: ClusterRef(ClusterKind.SUBNET, subnet=f"{a}.{b}.{c}.0/24"),
        st.integers(0, 255),
        st.integers(0, 255),
        st.integers(0, 255),
        st.just(0),
    ),
    st.builds(
        lambda key, entry: ClusterRef(ClusterKind.AGENT, agent_key=key, entry_id=entry),
        st.text("0123456789abcdef", min_size=1, max_size=16),
        st.integers(1, 10**9),
    ),
    st.builds(
        lambda kind, entry, hour: ClusterRef(kind, entry_id=entry, hour=hour),
        st.sampled_from([ClusterKind.BURST, ClusterKind.SIGNUP]),
        st.integers(1, 10**9),
        st.integers(1, 10**9),
    ),
)


@given(refs)
def test_a_reference_reads_back_as_itself(ref) -> None:  # type: ignore[no-untyped-def]
    assert parse_ref(ref.text) == ref


def test_hourly_references_cover_their_hour() -> None:
    start = datetime(2021, 3, 12, 14, tzinfo=UTC)
    ref = ClusterRef(ClusterKind.BURST, entry_id=1, hour=hour_of(start))
    assert ref.window == (start, start + timedelta(hours=1))
    assert ClusterRef(ClusterKind.SUBNET, subnet="203.0.113.0/24").window is None


@given(st.integers(1, 500), st.integers(0, 500), st.integers(1, 20))
def test_an_agent_voting_like_everyone_else_has_lift_one(rest_nominee, others, times) -> None:  # type: ignore[no-untyped-def]
    rest_category = rest_nominee + others
    agent_nominee, agent_category = times * rest_nominee, times * rest_category
    nominee, category = rest_nominee + agent_nominee, rest_category + agent_category
    assert lift(agent_nominee, agent_category, nominee, category) == pytest.approx(1.0)
    assert not is_agent_cluster(agent_nominee, agent_category, nominee, category)
