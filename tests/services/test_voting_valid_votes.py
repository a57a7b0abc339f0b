"""Valid votes: current votes only, quarantines set votes aside and lifting restores them."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards.extensions import db
from awards.voting.models import (
    AppendOnlyVoteError,
    Quarantine,
    QuarantineKind,
    QuarantineReason,
    Vote,
)
from awards.voting.valid_votes import (
    has_changed_votes,
    quarantined_count,
    valid_counts,
    valid_votes_query,
)
from tests.entry_factory import make_entry

NOW = datetime(2021, 3, 10, 12, tzinfo=UTC)


def _vote(entry, voter, sequence: int = 1) -> Vote:  # type: ignore[no-untyped-def]
    vote = Vote(
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        entry_id=entry.id,
        voter_id=voter.id,
        sequence=sequence,
        receipt=secrets.token_hex(16),
        cast_at=NOW + timedelta(minutes=sequence),
        account_created_at=NOW - timedelta(days=30),
        subnet="192.0.2.0/24",
    )
    db.session.add(vote)
    db.session.flush()
    return vote


@pytest.fixture
def two_nominees(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition()
    owner = make_user("owner@example.org")
    first = make_entry(edition, owner, title="First")
    second = make_entry(edition, owner, title="Second", category=first.category)
    return first, second


def test_counts_take_each_voters_current_vote_and_skip_quarantines(two_nominees, make_user) -> None:  # type: ignore[no-untyped-def]
    first, second = two_nominees
    ana, ben, eve = (make_user(f"{n}@example.org") for n in ("ana", "ben", "eve"))
    _vote(first, ana)
    _vote(first, ben)
    _vote(second, ben, sequence=2)  # Ben changed his vote: only the second counts.
    cheat = _vote(first, eve)
    key = first.category_id
    assert valid_counts(first.edition_id) == {(key, first.id): 2, (key, second.id): 1}

    quarantine = Quarantine(
        edition_id=first.edition_id,
        kind=QuarantineKind.VOTE,
        vote_id=cheat.id,
        voter_id=eve.id,
        reason=QuarantineReason.SUBNET,
        note="Same /24 as 300 others",
    )
    db.session.add(quarantine)
    db.session.flush()
    assert valid_counts(first.edition_id) == {(key, first.id): 1, (key, second.id): 1}
    assert quarantined_count(first.edition_id) == 1

    db.session.add(
        Quarantine(
            edition_id=first.edition_id,
            kind=QuarantineKind.ACCOUNT,
            voter_id=ben.id,
            reason=QuarantineReason.OTHER,
            note="Sign-up burst",
        )
    )
    db.session.flush()
    assert valid_counts(first.edition_id) == {(key, first.id): 1}

    quarantine.lifted_at, quarantine.lift_note = NOW, "False alarm: a school's network"
    db.session.flush()
    assert valid_counts(first.edition_id) == {(key, first.id): 2}


def test_a_vote_cannot_be_changed_or_removed(two_nominees, make_user) -> None:  # type: ignore[no-untyped-def]
    first, second = two_nominees
    vote = _vote(first, make_user("ana@example.org"))
    vote.entry_id = second.id
    with pytest.raises(AppendOnlyVoteError):
        db.session.flush()
    db.session.rollback()


def test_both_paths_of_the_current_vote_agree(two_nominees, make_user) -> None:  # type: ignore[no-untyped-def]
    first, second = two_nominees
    ana, ben = make_user("ana@example.org"), make_user("ben@example.org")
    _vote(first, ana)
    _vote(second, ben)
    assert not has_changed_votes(first.edition_id)
    assert _listed(first.edition_id, changed=True) == valid_counts(first.edition_id)
    _vote(first, ben, sequence=2)
    assert has_changed_votes(first.edition_id)
    key = first.category_id
    assert valid_counts(first.edition_id) == {(key, first.id): 2}
    # Told wrongly that nothing changed, the count would take Ben twice: the lookup matters.
    assert _listed(first.edition_id) == valid_counts(first.edition_id)
    assert _listed(first.edition_id, changed=False) == {
        (key, first.id): 2,
        (key, second.id): 1,
    }


def _listed(edition_id: int, changed: bool | None = None) -> dict[tuple[int, int], int]:
    """Valid votes counted from the row listing, the other path to the same answer."""
    rows = db.session.scalars(valid_votes_query(edition_id, changed=changed)).all()
    return dict(Counter((v.category_id, v.entry_id) for v in rows))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_count_and_the_listing_agree(two_nominees, make_user, data) -> None:  # type: ignore[no-untyped-def]
    first, second = two_nominees
    example = db.session.begin_nested()  # undone at the end: each example starts afresh
    voters = [make_user() for _ in range(4)]
    votes = []
    for voter in voters:
        for sequence in range(1, data.draw(st.integers(1, 3)) + 1):
            votes.append(_vote(data.draw(st.sampled_from([first, second])), voter, sequence))
    for vote in data.draw(st.lists(st.sampled_from(votes), max_size=3, unique=True)):
        db.session.add(
            Quarantine(
                edition_id=vote.edition_id,
                kind=QuarantineKind.VOTE,
                vote_id=vote.id,
                voter_id=vote.voter_id,
                reason=QuarantineReason.OTHER,
                note="n",
            )
        )
    if data.draw(st.booleans()):
        db.session.add(
            Quarantine(
                edition_id=first.edition_id,
                kind=QuarantineKind.ACCOUNT,
                voter_id=voters[0].id,
                reason=QuarantineReason.OTHER,
                note="n",
            )
        )
    db.session.flush()
    assert valid_counts(first.edition_id) == _listed(first.edition_id)
    example.rollback()
