"""The final selection: the second round over the Champions only, its results, the Winner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.review.champions import JURY_STUB, record_champions, stub_champions_from_jury
from awards.review.conflict_services import declare_conflict
from awards.review.experts import profile_of
from awards.review.models import (
    NOMINATION_ROUND,
    SELECTION_ROUND,
    AssignmentState,
    ReviewAssignment,
)
from awards.review.selection import assign_second_round, require_second_round_entry
from awards.review.selection_models import Nominee
from awards.review.winners import category_results, confirm_winner, winners_of
from tests.review_factory import NOW, make_eligible, make_expert
from tests.selection_factory import (
    SELECTION_NOW,
    category,
    first_round_review,
    make_champions,
    nominate,
    score_second_round,
    second_round,
)


@pytest.fixture
def world(make_edition, make_user):
    """Category 1: three experts, four nominees of which three Champions; category 2: one
    expert of its own (so the whole jury reviews it), two Champions."""
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    experts = [make_expert(make_user, edition, categories=(1,)) for _ in range(3)]
    experts.append(make_expert(make_user, edition, categories=(2,)))
    owner = make_user()
    ones = [make_eligible(edition, owner, category=1) for _ in range(4)]
    twos = [make_eligible(edition, owner, category=2) for _ in range(2)]
    nominate(edition, ones[3:], [9.0])
    make_champions(edition, ones[:3], organiser, votes=[10, 30, 20], first_round=[6.0, 7, 8])
    make_champions(edition, twos, organiser, votes=[5, 5], first_round=[7.0, 7.0])
    return {
        "edition": edition,
        "organiser": organiser,
        "experts": experts,
        "ones": ones,
        "twos": twos,
    }


def _pairs(edition, states=None):
    rows = db.session.scalars(
        select(ReviewAssignment).where(
            ReviewAssignment.edition_id == edition.id, ReviewAssignment.round == SELECTION_ROUND
        )
    )
    return {(r.expert_id, r.entry_id) for r in rows if states is None or r.state in states}


LIVE = (AssignmentState.ASSIGNED, AssignmentState.DRAFT, AssignmentState.SUBMITTED)


def test_only_champions_get_second_round_reviews_from_their_categorys_experts(world):
    edition, experts, ones, twos = world["edition"], world["experts"], world["ones"], world["twos"]
    outcome = assign_second_round(edition, actor=world["organiser"], now=SELECTION_NOW)
    pairs = _pairs(edition, LIVE)
    assert {(x.id, e.id) for x in experts[:3] for e in ones[:3]} <= pairs
    # Category 2 has one expert of its own: the whole jury reviews its Champions.
    assert {(x.id, e.id) for x in experts for e in twos} <= pairs
    assert len(pairs) == 9 + 8
    assert not any(entry == ones[3].id for _expert, entry in pairs)  # a nominee, no Champion
    figures = {f.number: f for f in outcome.categories}
    assert (figures[1].champions, figures[1].experts, figures[1].reviews) == (3, 3, 9)
    assert (figures[2].whole_jury, figures[2].reviews, figures[2].unreviewed) == (True, 8, ())
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "selection.assigned"))
    assert event.changes["assigned"] == 17


def test_conflicts_and_stepped_down_experts_are_left_out(world):
    edition, experts, ones = world["edition"], world["experts"], world["ones"]
    declare_conflict(experts[0], ones[0], "I advised this project.", NOW)
    profile_of(edition, experts[1]).stepped_down_at = NOW
    assign_second_round(edition, actor=world["organiser"], now=SELECTION_NOW)
    pairs = _pairs(edition, LIVE)
    assert (experts[0].id, ones[0].id) not in pairs
    assert (experts[0].id, ones[1].id) in pairs
    assert not any(expert == experts[1].id for expert, _entry in pairs)


def test_round_one_is_never_touched(world):
    edition, experts, ones = world["edition"], world["experts"], world["ones"]
    first = first_round_review(ones[0], experts[0], 7.5)
    assign_second_round(edition, actor=world["organiser"], now=SELECTION_NOW)
    db.session.refresh(first)
    assert (first.round, first.state, first.weighted_score) == (
        NOMINATION_ROUND,
        AssignmentState.SUBMITTED,
        7.5,
    )
    assert len(second_round(ones[0])) == 3  # a second review by the same expert, not a change


def test_running_again_adds_only_what_is_missing_and_withdraws_former_champions(world):
    edition, organiser, ones = world["edition"], world["organiser"], world["ones"]
    assign_second_round(edition, actor=organiser, now=SELECTION_NOW)
    again = assign_second_round(edition, actor=organiser, now=SELECTION_NOW + timedelta(hours=1))
    assert (again.assigned, again.withdrawn) == (0, 0)
    assert (
        db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "selection.assigned").offset(1)
        )
        is None
    )  # nothing changed, nothing recorded
    # The Champions change: entry 0 is replaced by the fourth nominee; one of entry 1's reviews
    # was started and stays even if entry 1 goes too.
    started = second_round(ones[1])[0]
    started.state = AssignmentState.DRAFT
    record_champions(
        ones[0].category,
        [(ones[2], 20), (ones[3], 15)],
        source="votes",
        actor=organiser,
        now=SELECTION_NOW,
    )
    outcome = assign_second_round(edition, actor=organiser, now=SELECTION_NOW + timedelta(hours=2))
    assert outcome.assigned == 3
    assert outcome.withdrawn == 3 + 2  # entry 0's three, entry 1's two not started
    assert {r.state for r in second_round(ones[0])} == {AssignmentState.WITHDRAWN}
    assert started.state is AssignmentState.DRAFT


def test_a_second_round_review_of_a_non_champion_is_refused(world):
    nominee = world["ones"][3]
    assign_second_round(world["edition"], actor=world["organiser"], now=SELECTION_NOW)
    assert second_round(nominee) == []
    with pytest.raises(RuleViolation, match="Only a Champion"):
        require_second_round_entry(nominee)
    require_second_round_entry(world["ones"][0])  # a Champion: no refusal


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (SELECTION_NOW - timedelta(days=10), "starts when public voting closes"),
        (SELECTION_NOW + timedelta(days=60), "results are public"),
    ],
)
def test_the_second_round_is_assigned_only_after_voting(world, when, message):
    with pytest.raises(RuleViolation, match=message):
        assign_second_round(world["edition"], actor=world["organiser"], now=when)
    assert _pairs(world["edition"]) == set()


def test_only_organisers_assign_or_confirm(world):
    expert = world["experts"][0]
    with pytest.raises(NotAllowed):
        assign_second_round(world["edition"], actor=expert, now=SELECTION_NOW)
    with pytest.raises(NotAllowed):
        confirm_winner(
            world["edition"],
            category(world["edition"], 1),
            world["ones"][0].id,
            "",
            actor=expert,
            now=SELECTION_NOW,
        )


def test_no_champions_no_second_round(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    with pytest.raises(RuleViolation, match="no Champions yet"):
        assign_second_round(edition, actor=organiser, now=SELECTION_NOW)


def _scored(world, ones=((9, 9, 9), (8, 8, 8), (7, 7, 7)), twos=((8,) * 4, (8,) * 4)):
    assign_second_round(world["edition"], actor=world["organiser"], now=SELECTION_NOW)
    for entry, scores in zip(world["ones"][:3], ones, strict=True):
        score_second_round(entry, *scores)
    for entry, scores in zip(world["twos"], twos, strict=True):
        score_second_round(entry, *scores)


def test_results_give_the_best_second_round_mean_with_the_tie_facts(world):
    edition = world["edition"]
    _scored(world, ones=((9, 8, 7), (9, 9, 9), (6,)))
    result = category_results(edition, category(edition, 1))
    rows = {r.entry_id: r for r in result.rows}
    first, second, third = (world["ones"][i].id for i in range(3))
    assert [r.entry_id for r in result.rows] == [second, first, third]
    assert rows[first].second_round == pytest.approx(8)
    assert (rows[third].reviews_done, rows[third].reviews_total) == (1, 3)
    assert (rows[second].valid_votes, rows[second].first_round) == (30, 7)
    assert (result.proposed, result.tied) == (second, ())
    assert result.outstanding == 2
    assert result.source == "votes"


def test_with_a_champion_unreviewed_no_winner_is_proposed_or_confirmed(world):
    edition, cat = world["edition"], category(world["edition"], 1)
    _scored(world, ones=((9, 9, 9), (8, 8, 8), ()))
    result = category_results(edition, cat)
    assert result.waiting == (world["ones"][2].id,)
    assert result.proposed is None
    with pytest.raises(RuleViolation, match="no submitted second-round review"):
        confirm_winner(
            edition, cat, world["ones"][0].id, "", actor=world["organiser"], now=SELECTION_NOW
        )


def test_equal_means_are_broken_by_votes(world):
    edition = world["edition"]
    _scored(world, ones=((8, 8, 8), (8, 8, 8), (8, 8, 8)))
    result = category_results(edition, category(edition, 1))
    assert result.proposed == world["ones"][1].id  # 30 votes


def test_first_round_score_is_computed_when_the_nominee_has_none(world):
    edition, experts, twos = world["edition"], world["experts"], world["twos"]
    _scored(world)
    # Category 2's Champions: same mean, same votes, same stored first-round score: a tie...
    result = category_results(edition, category(edition, 2))
    assert (result.proposed, set(result.tied)) == (None, {twos[0].id, twos[1].id})
    # ... and without stored scores, the submitted round-1 reviews decide.
    for nominee in db.session.scalars(select(Nominee)):
        nominee.normalised_score = None
    first_round_review(twos[0], experts[3], 6)
    first_round_review(twos[1], experts[3], 9)
    result = category_results(edition, category(edition, 2))
    assert (result.proposed, result.tied) == (twos[1].id, ())


def test_confirm_the_rules_winner(world):
    edition, cat, organiser = world["edition"], category(world["edition"], 1), world["organiser"]
    _scored(world)
    winner_id = world["ones"][0].id
    with pytest.raises(RuleViolation, match="By the rule the Winner is") as refused:
        confirm_winner(edition, cat, world["ones"][1].id, "", actor=organiser, now=SELECTION_NOW)
    assert refused.value.field == "entry"
    decision = confirm_winner(
        edition, cat, winner_id, "ignored", actor=organiser, now=SELECTION_NOW
    )
    assert (decision.entry_id, decision.tie_break_note) == (winner_id, "")
    assert winners_of(edition) == {cat.id: world["ones"][0]}
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "selection.winner_confirmed")
    )
    assert (event.object_type, event.object_id) == ("Entry", str(winner_id))


def test_a_non_champion_cannot_be_confirmed(world):
    edition, cat = world["edition"], category(world["edition"], 1)
    _scored(world)
    with pytest.raises(RuleViolation, match="Only a Champion of this category"):
        confirm_winner(
            edition, cat, world["ones"][3].id, "", actor=world["organiser"], now=SELECTION_NOW
        )
    with pytest.raises(RuleViolation, match="Only a Champion of this category"):
        confirm_winner(
            edition, cat, world["twos"][0].id, "", actor=world["organiser"], now=SELECTION_NOW
        )
    assert winners_of(edition) == {}


def test_a_tie_needs_one_of_the_tied_and_a_written_decision(world):
    edition, cat, organiser = world["edition"], category(world["edition"], 2), world["organiser"]
    twos = world["twos"]
    _scored(world)
    with pytest.raises(RuleViolation, match="write down why") as refused:
        confirm_winner(edition, cat, twos[1].id, "  ", actor=organiser, now=SELECTION_NOW)
    assert refused.value.field == "note"
    assert winners_of(edition) == {}
    confirm_winner(edition, cat, twos[1].id, "Wider reach.", actor=organiser, now=SELECTION_NOW)
    result = category_results(edition, cat)
    assert (result.proposed, result.tied, result.stale) == (twos[1].id, (), False)
    # Confirming again replaces the decision, with a new note.
    confirm_winner(edition, cat, twos[0].id, "On reflection.", actor=organiser, now=SELECTION_NOW)
    assert winners_of(edition) == {cat.id: twos[0]}
    assert category_results(edition, cat).decision.tie_break_note == "On reflection."


def test_a_confirmed_winner_overtaken_by_later_reviews_is_flagged(world):
    edition, cat, organiser = world["edition"], category(world["edition"], 1), world["organiser"]
    _scored(world, ones=((9,), (8,), (7,)))
    confirm_winner(edition, cat, world["ones"][0].id, "", actor=organiser, now=SELECTION_NOW)
    score_second_round(world["ones"][1], 8, 10, 10)
    result = category_results(edition, cat)
    assert result.proposed == world["ones"][1].id
    assert result.stale


def test_champions_cannot_change_once_a_winner_is_confirmed(world):
    edition, cat, organiser = world["edition"], category(world["edition"], 1), world["organiser"]
    _scored(world)
    confirm_winner(edition, cat, world["ones"][0].id, "", actor=organiser, now=SELECTION_NOW)
    with pytest.raises(RuleViolation, match="can no longer change"):
        record_champions(
            cat, [(world["ones"][3], 1)], source="votes", actor=organiser, now=SELECTION_NOW
        )


def test_the_jury_stub_champions_are_labelled(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    owner = make_user()
    entries = [make_eligible(edition, owner, category=1) for _ in range(7)]
    nominate(edition, entries, [float(i) for i in range(7)])
    assert stub_champions_from_jury(edition, actor=organiser, now=SELECTION_NOW) == 5
    result = category_results(edition, category(edition, 1))
    assert result.source == JURY_STUB
    assert result.from_jury_stub
    assert {r.entry_id for r in result.rows} == {e.id for e in entries[2:]}
