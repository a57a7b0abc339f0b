"""Tally snapshots: counts by valid votes, Merkle roots, verification that names the category."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from awards.accounts.roles import Role
from awards.errors import RuleViolation
from awards.extensions import db
from awards.results import merkle
from awards.results.models import TallySnapshot
from awards.results.snapshots import (
    category_tree,
    latest_snapshot,
    record_champions_from,
    take_snapshot,
    verify_snapshot,
)
from awards.review.champions import VOTES, champions_of
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason, Vote
from tests.conftest import Clock
from tests.results_factory import cast, category_of, nominate

AFTER = Clock.VOTING_CLOSES
DURING = Clock.DURING_VOTING


@pytest.fixture
def contest(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition(categories=2, champions_per_category=2)
    organiser = make_user("olga@example.org", roles=((Role.ORGANISER, edition.id),))
    owner = make_user("owner@example.org")
    nominees = nominate(edition, owner, per_category=3)
    voters = [make_user(f"voter{i}@example.org") for i in range(6)]
    first, second = (nominees[category_of(edition, n).id] for n in (1, 2))
    # Category 1: 3, 2 and 1 votes; category 2: 4 votes for one project.
    for voter, entry in zip(voters, [first[0]] * 3 + [first[1]] * 2 + [first[2]], strict=True):
        cast(entry, voter, DURING)
    for voter in voters[:4]:
        cast(second[1], voter, DURING)
    return edition, organiser, first, second, voters


def test_a_tally_before_voting_closes_is_refused_and_stores_nothing(contest) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, *_ = contest
    with pytest.raises(RuleViolation, match="still open"):
        take_snapshot(edition, actor=organiser, now=DURING)
    assert db.session.scalar(select(TallySnapshot.id)) is None


def test_the_snapshot_counts_valid_votes_and_commits_to_them(contest) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, voters = contest
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    one, two = snapshot.data["1"], snapshot.data["2"]
    assert [(p["entry_id"], p["votes"], p["rank"]) for p in one["places"]] == [
        (first[0].id, 3, 1),
        (first[1].id, 2, 2),
        (first[2].id, 1, 3),
    ]
    assert one["champions"] == [first[0].id, first[1].id]
    assert two["valid_votes"] == 4
    assert len(two["places"]) == 3  # nominees without votes are ranked too
    assert one["size"] == 6
    tree = category_tree(edition, category_of(edition, 1))
    assert one["root"] == tree.root.hex()
    assert verify_snapshot(snapshot) == []
    assert latest_snapshot(edition) is snapshot


def test_quarantined_votes_do_not_count_and_a_later_quarantine_breaks_verification(
    contest,
) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, voters = contest
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    db.session.add(
        Quarantine(
            edition_id=edition.id,
            kind=QuarantineKind.ACCOUNT,
            voter_id=voters[0].id,
            reason=QuarantineReason.SUBNET,
            note="Cluster",
        )
    )
    db.session.flush()
    mismatches = verify_snapshot(snapshot)
    assert [m.category_number for m in mismatches] == [1, 2]
    again = take_snapshot(edition, actor=organiser, now=AFTER)
    assert again.data["1"]["places"][0]["votes"] == 2
    assert again.data["2"]["valid_votes"] == 3


def test_a_vote_changed_in_the_database_is_caught_and_the_category_named(contest) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, voters = contest
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # Tampering needs the database owner's rights: the trigger refuses everyone else.
        connection.execute(text("ALTER TABLE vote DISABLE TRIGGER USER"))
    connection.execute(
        text("UPDATE vote SET entry_id = :to WHERE category_id = :c AND entry_id = :from_"),
        {"to": second[0].id, "c": second[1].category_id, "from_": second[1].id},
    )
    db.session.expire_all()
    mismatches = verify_snapshot(db.session.get(TallySnapshot, snapshot.id))
    assert [m.category_number for m in mismatches] == [2]


def test_champions_from_the_tally_replace_the_jury_stub(contest) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, voters = contest
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    # Category 2: one project has every vote and the other two tie at the boundary with none,
    # so by the default rule both are Champions too: 2 + 3.
    assert record_champions_from(snapshot, actor=organiser, now=AFTER) == 5
    champions = champions_of(edition)
    assert len(champions[category_of(edition, 2).id]) == 3
    one = champions[category_of(edition, 1).id]
    assert [(c.entry_id, c.valid_votes, c.source) for c in one] == [
        (first[0].id, 3, VOTES),
        (first[1].id, 2, VOTES),
    ]


def test_a_proof_from_the_snapshot_tree_checks_against_the_stored_root(contest) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, *_ = contest
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    tree = category_tree(edition, category_of(edition, 1))
    root = bytes.fromhex(snapshot.data["1"]["root"])
    for index in range(tree.size):
        leaf = tree.levels[0][index]
        assert merkle.verify_inclusion(leaf, index, tree.size, tree.proof(index), root)


def test_the_databases_tree_is_the_one_built_from_the_votes_in_python(contest) -> None:  # type: ignore[no-untyped-def]
    # On PostgreSQL the leaves are hashed, sorted and joined by the database; a voter's proof is
    # checked with hashlib alone, so both must give the same leaves, in the same order.
    edition, organiser, first, *_ = contest
    category = category_of(edition, 1)
    votes = db.session.scalars(select(Vote).where(Vote.category_id == category.id)).all()
    expected = sorted(
        merkle.leaf_hash(merkle.vote_leaf(edition.year, category.number, v.entry_id, v.receipt))
        for v in votes
    )
    tree = category_tree(edition, category)
    assert list(tree.levels[0]) == expected
    assert tree.root == merkle.build(expected).root
    stored = take_snapshot(edition, actor=organiser, now=AFTER).data["1"]
    assert (stored["size"], stored["root"]) == (6, merkle.root_of(expected).hex())
