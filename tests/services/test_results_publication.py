"""Publishing results and checking a receipt against them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from awards.accounts.roles import Role
from awards.errors import Conflict, NotAllowed, NotFound, RuleViolation
from awards.extensions import db
from awards.results.models import Publication
from awards.results.publication import is_published
from awards.results.publishing import publish
from awards.results.receipt_checks import ReceiptState, check_receipt, normalise_receipt
from awards.results.snapshots import record_champions_from, take_snapshot
from awards.review.selection_models import WinnerDecision
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason
from tests.conftest import Clock
from tests.results_factory import cast, category_of, nominate

AFTER = Clock.DURING_SELECTION


@pytest.fixture
def tallied(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition(categories=2, champions_per_category=1)
    organiser = make_user("olga@example.org", roles=((Role.ORGANISER, edition.id),))
    nominees = nominate(edition, make_user("owner@example.org"), per_category=2)
    first = nominees[category_of(edition, 1).id]
    second = nominees[category_of(edition, 2).id]
    votes = [
        cast(first[0], make_user("a@example.org"), Clock.DURING_VOTING, receipt="AAAA1111BBBB2222"),
        cast(first[1], make_user("b@example.org"), Clock.DURING_VOTING),
        cast(first[0], make_user("c@example.org"), Clock.DURING_VOTING),
        cast(second[1], make_user("d@example.org"), Clock.DURING_VOTING),
    ]
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    record_champions_from(snapshot, actor=organiser, now=AFTER)
    return edition, organiser, first, second, votes


def _decide(edition, category, entry) -> None:  # type: ignore[no-untyped-def]
    db.session.add(
        WinnerDecision(edition_id=edition.id, category_id=category.id, entry_id=entry.id)
    )
    db.session.flush()


def test_publishing_needs_every_winner_then_happens_once(tallied, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, _ = tallied
    _decide(edition, category_of(edition, 1), first[0])
    with pytest.raises(RuleViolation, match=r"missing: 2"):
        publish(edition, actor=organiser, now=AFTER)
    assert not is_published(edition)
    _decide(edition, category_of(edition, 2), second[1])
    with pytest.raises(NotAllowed):
        publish(edition, actor=make_user("nobody@example.org"), now=AFTER)
    publish(edition, actor=organiser, now=AFTER)
    assert is_published(edition)
    with pytest.raises(Conflict, match="published already"):
        publish(edition, actor=organiser, now=AFTER)
    assert db.session.scalar(select(func.count(Publication.id))) == 1


def test_publishing_refuses_a_tally_the_votes_no_longer_match(tallied, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, organiser, first, second, _ = tallied
    _decide(edition, category_of(edition, 1), first[0])
    _decide(edition, category_of(edition, 2), second[1])
    cast(second[0], make_user("late@example.org"), Clock.DURING_VOTING)
    with pytest.raises(RuleViolation, match=r"categories 2"):
        publish(edition, actor=organiser, now=AFTER)
    assert not is_published(edition)


@pytest.fixture
def published(tallied):  # type: ignore[no-untyped-def]
    edition, organiser, first, second, votes = tallied
    _decide(edition, category_of(edition, 1), first[0])
    _decide(edition, category_of(edition, 2), second[1])
    publish(edition, actor=organiser, now=AFTER)
    return tallied


def test_a_counted_receipt_gets_a_proof_that_holds(published) -> None:  # type: ignore[no-untyped-def]
    edition, _, first, _, votes = published
    check = check_receipt(edition, "AAAA-1111 BBBB-2222")
    assert check.state is ReceiptState.COUNTED
    assert check.category_number == 1
    assert check.proof is not None
    assert check.proof["size"] == 3
    assert f"|{first[0].id}|AAAA1111BBBB2222" in check.proof["vote"]
    assert check.proof_holds
    # The proof names the voter's own vote and hashes only: no other receipt, no counts.
    assert votes[1].receipt not in str(check.proof)


def test_a_quarantined_receipt_says_so_with_the_reason(published) -> None:  # type: ignore[no-untyped-def]
    edition, _, _, _, votes = published
    db.session.add(
        Quarantine(
            edition_id=edition.id,
            kind=QuarantineKind.VOTE,
            vote_id=votes[0].id,
            voter_id=votes[0].voter_id,
            reason=QuarantineReason.SUBNET,
            note="One /24",
        )
    )
    db.session.flush()
    check = check_receipt(edition, votes[0].receipt)
    assert check.state is ReceiptState.QUARANTINED
    assert check.reason is QuarantineReason.SUBNET
    assert check.proof is None


@pytest.mark.parametrize("text", ["", "short", "not a receipt!!", "x" * 40])
def test_malformed_receipts_are_refused(published, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="not a receipt"):
        check_receipt(published[0], text)


def test_unknown_receipts_and_unpublished_results(tallied, published) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        check_receipt(published[0], "ZZZZ9999ZZZZ9999")
    assert normalise_receipt(" ab-cd ef ") == "abcdef"


def test_no_receipt_check_before_publication(tallied) -> None:  # type: ignore[no-untyped-def]
    edition, *_, votes = tallied
    with pytest.raises(RuleViolation, match="not published"):
        check_receipt(edition, votes[0].receipt)
