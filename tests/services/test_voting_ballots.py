"""Casting votes: the rules on the real database, the unique constraint, receipts, evidence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.selection_models import CategoryNomination
from awards.voting import ballots
from awards.voting.ballots import (
    Evidence,
    Progress,
    VoteRefused,
    agent_key,
    cast_vote,
    current_vote,
    decide,
    my_votes,
    progress,
    voted_categories,
)
from awards.voting.models import Vote, VoteEvidence, VotingSettings
from awards.voting.network import subnet_of
from awards.voting.receipts import parse
from awards.voting.rules import Refusal
from tests.entry_factory import make_entry
from tests.voting_factory import make_nominees

EVIDENCE = Evidence(
    ip="198.51.100.23", user_agent="Mozilla/5.0 (Phone)", accept_language="fr-CH,fr;q=0.9"
)


@pytest.fixture
def ballot(make_edition: Any, make_user: Any, clock: Any) -> dict[str, Any]:
    edition = make_edition(categories=3)
    owner = make_user("owner@example.org")
    nominees = make_nominees(edition, owner, per_category=3)
    voter = make_user("voter@example.org")
    return {"edition": edition, "nominees": nominees, "voter": voter, "now": clock.DURING_VOTING}


def _votes() -> int:
    return db.session.scalar(select(func.count()).select_from(Vote)) or 0


def _nominee(ballot: dict[str, Any], category: int = 0, index: int = 0) -> Any:
    return list(ballot["nominees"].values())[category][index]


def test_a_vote_is_stored_with_its_receipt_and_evidence(ballot: dict[str, Any]) -> None:
    entry = _nominee(ballot)
    vote = cast_vote(ballot["voter"], entry, now=ballot["now"], evidence=EVIDENCE)
    assert (vote.entry_id, vote.category_id, vote.sequence) == (entry.id, entry.category_id, 1)
    assert vote.cast_at == ballot["now"]
    assert parse(vote.receipt) == vote.receipt
    assert vote.account_created_at == ballot["voter"].created_at
    assert vote.subnet == "198.51.100.0/24"
    assert vote.agent_key == agent_key("Mozilla/5.0 (Phone)")
    evidence = db.session.get(VoteEvidence, vote.id)
    assert (evidence.ip, evidence.user_agent, evidence.accept_language) == (
        "198.51.100.23",
        "Mozilla/5.0 (Phone)",
        "fr-CH,fr;q=0.9",
    )


def test_a_second_vote_in_a_category_is_refused(ballot: dict[str, Any]) -> None:
    cast_vote(ballot["voter"], _nominee(ballot, 0, 0), now=ballot["now"], evidence=EVIDENCE)
    with pytest.raises(VoteRefused) as refused:
        cast_vote(ballot["voter"], _nominee(ballot, 0, 1), now=ballot["now"], evidence=EVIDENCE)
    assert refused.value.status_code == 409
    assert refused.value.message == "You have already voted in this category."
    assert _votes() == 1


def test_one_vote_in_each_category(ballot: dict[str, Any]) -> None:
    for category in range(3):
        cast_vote(
            ballot["voter"], _nominee(ballot, category, 2), now=ballot["now"], evidence=EVIDENCE
        )
    assert _votes() == 3
    assert [v.entry.category.number for v in my_votes(ballot["voter"], ballot["edition"])] == [
        1,
        2,
        3,
    ]


def test_the_unique_constraint_refuses_what_the_rule_did_not_see(
    ballot: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A racing request passed the rule; the insert meets the constraint inside a savepoint."""
    voter, entry = ballot["voter"], _nominee(ballot)
    cast_vote(voter, entry, now=ballot["now"], evidence=EVIDENCE)
    other = make_entry(
        ballot["edition"], voter, title="Unrelated draft"
    )  # in the same unit of work
    # What the second request saw: no vote yet.
    monkeypatch.setattr(ballots, "current_vote", lambda *_: None)
    with pytest.raises(VoteRefused) as refused:
        cast_vote(voter, _nominee(ballot, 0, 1), now=ballot["now"], evidence=EVIDENCE)
    assert refused.value.refusal is Refusal.ALREADY_VOTED
    assert refused.value.status_code == 409
    # The savepoint took back only the refused insert: the rest of the work is intact.
    assert db.session.get(type(other), other.id) is not None
    assert _votes() == 1


@pytest.mark.parametrize(
    ("when", "refusal"),
    [
        ("VOTING_OPENS", None),
        ("NOMINATION_CLOSES", Refusal.NOT_OPEN_YET),
        ("VOTING_CLOSES", Refusal.CLOSED),
    ],
)
def test_only_while_voting_is_open(
    ballot: dict[str, Any], clock: Any, when: str, refusal: Any
) -> None:
    now = getattr(clock, when)
    if refusal is None:
        cast_vote(ballot["voter"], _nominee(ballot), now=now, evidence=EVIDENCE)
        assert _votes() == 1
        return
    with pytest.raises(VoteRefused) as refused:
        cast_vote(ballot["voter"], _nominee(ballot), now=now, evidence=EVIDENCE)
    assert refused.value.refusal is refusal
    assert _votes() == 0


def test_only_for_nominees(ballot: dict[str, Any], make_user: Any) -> None:
    plain = make_entry(ballot["edition"], make_user(), title="Eligible, not nominated")
    with pytest.raises(VoteRefused) as refused:
        cast_vote(ballot["voter"], plain, now=ballot["now"], evidence=EVIDENCE)
    assert (refused.value.refusal, refused.value.status_code) == (Refusal.NOT_A_NOMINEE, 404)


def test_not_before_the_organisers_confirm_the_category(ballot: dict[str, Any]) -> None:
    entry = _nominee(ballot)
    db.session.execute(
        CategoryNomination.__table__.delete().where(
            CategoryNomination.category_id == entry.category_id
        )
    )
    with pytest.raises(VoteRefused) as refused:
        cast_vote(ballot["voter"], entry, now=ballot["now"], evidence=EVIDENCE)
    assert refused.value.refusal is Refusal.NOT_A_NOMINEE


def test_not_for_another_categorys_nominee(ballot: dict[str, Any]) -> None:
    entry = _nominee(ballot, 0)
    other_category = _nominee(ballot, 1).category_id
    with pytest.raises(VoteRefused) as refused:
        cast_vote(
            ballot["voter"], entry, now=ballot["now"], evidence=EVIDENCE, category_id=other_category
        )
    assert (refused.value.refusal, refused.value.status_code) == (Refusal.OTHER_CATEGORY, 400)


def test_unverified_and_deactivated_accounts_do_not_vote(
    ballot: dict[str, Any], make_user: Any
) -> None:
    unverified = make_user(verified=False)
    deactivated = make_user(is_active_account=False)
    for voter, refusal in ((unverified, Refusal.UNVERIFIED), (deactivated, Refusal.SIGN_IN)):
        with pytest.raises(VoteRefused) as refused:
            cast_vote(voter, _nominee(ballot), now=ballot["now"], evidence=EVIDENCE)
        assert refused.value.refusal is refusal
        assert refused.value.status_code == 403
    assert _votes() == 0


def _allow_change(edition: Any) -> None:
    db.session.add(VotingSettings(edition_id=edition.id, allow_change=True, email_receipts=False))
    db.session.flush()


def test_a_change_adds_the_next_sequence_and_keeps_the_first(ballot: dict[str, Any]) -> None:
    _allow_change(ballot["edition"])
    voter, first, second = ballot["voter"], _nominee(ballot, 0, 0), _nominee(ballot, 0, 1)
    one = cast_vote(voter, first, now=ballot["now"], evidence=EVIDENCE)
    two = cast_vote(voter, second, now=ballot["now"] + timedelta(hours=1), evidence=EVIDENCE)
    assert (one.sequence, two.sequence) == (1, 2)
    assert one.receipt != two.receipt
    assert current_vote(voter, first.category_id).entry_id == second.id
    assert voted_categories(voter, ballot["edition"]) == {first.category_id: second.id}
    assert _votes() == 2
    with pytest.raises(VoteRefused) as refused:
        cast_vote(voter, second, now=ballot["now"] + timedelta(hours=2), evidence=EVIDENCE)
    assert refused.value.refusal is Refusal.SAME_NOMINEE


def test_decide_says_what_casting_would_say(ballot: dict[str, Any]) -> None:
    voter, entry = ballot["voter"], _nominee(ballot)
    assert decide(voter, entry, now=ballot["now"]).allowed
    cast_vote(voter, entry, now=ballot["now"], evidence=EVIDENCE)
    assert decide(voter, entry, now=ballot["now"]).refusal is Refusal.ALREADY_VOTED


def test_progress_counts_categories_with_nominees(ballot: dict[str, Any]) -> None:
    voter = ballot["voter"]
    cast_vote(voter, _nominee(ballot, 1), now=ballot["now"], evidence=EVIDENCE)
    voted = voted_categories(voter, ballot["edition"])
    assert progress(voted, set(ballot["nominees"])) == Progress(1, 3)
    assert progress(voted, set(list(ballot["nominees"])[:1])) == Progress(0, 1)


def test_the_receipt_is_mailed_when_the_edition_wants_it(ballot: dict[str, Any]) -> None:
    db.session.add(
        VotingSettings(edition_id=ballot["edition"].id, allow_change=False, email_receipts=True)
    )
    ballot["voter"].locale = "fr"
    vote = cast_vote(ballot["voter"], _nominee(ballot), now=ballot["now"], evidence=EVIDENCE)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "vote_receipt"))
    assert mail is not None
    assert mail.recipient == "voter@example.org"
    assert mail.locale == "fr"
    assert vote.receipt[:4] in mail.body_text
    assert f"/vote/2021/receipts/{vote.receipt}" in mail.body_text


def test_no_mail_by_default(ballot: dict[str, Any]) -> None:
    cast_vote(ballot["voter"], _nominee(ballot), now=ballot["now"], evidence=EVIDENCE)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize(
    ("ip", "subnet"),
    [
        ("203.0.113.200", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:192.0.2.9", "192.0.2.0/24"),
        ("", ""),
        ("not an address", ""),
        (None, ""),
    ],
)
def test_subnets(ip: str | None, subnet: str) -> None:
    assert subnet_of(ip) == subnet


def test_overlong_evidence_is_cut_to_the_columns(ballot: dict[str, Any]) -> None:
    long = Evidence(ip="192.0.2.1", user_agent="A" * 5000, accept_language="fr," * 500)
    vote = cast_vote(ballot["voter"], _nominee(ballot), now=ballot["now"], evidence=long)
    evidence = db.session.get(VoteEvidence, vote.id)
    assert len(evidence.user_agent) == 400
    assert len(evidence.accept_language) == 200
