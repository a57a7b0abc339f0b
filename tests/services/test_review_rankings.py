"""Rankings from submitted round-1 reviews: order, normalisation across the edition, the
entries that count, the reviewers' scores, the experts' statistics, few queries."""

from __future__ import annotations

import math
import statistics

import pytest

from awards.extensions import db
from awards.review.models import SELECTION_ROUND, AssignmentState
from awards.review.rankings import category_ranking, edition_ranking, expert_statistics
from awards.review.scoring import Score, normalise
from awards.submissions.models import EntryState, Screening
from tests.entry_factory import make_entry
from tests.ranking_factory import assign_review, counted_queries, submit_review
from tests.review_factory import make_eligible, make_expert


@pytest.fixture
def edition(make_edition):
    return make_edition(categories=2)


@pytest.fixture
def owner(make_user):
    return make_user()


def _category(edition, number):
    return next(c for c in edition.categories if c.number == number)


def test_a_lenient_and_a_harsh_experts_entries_interleave(edition, owner, make_user):
    lenient = make_expert(make_user, edition, categories=(1,))
    harsh = make_expert(make_user, edition, categories=(1,))
    a = [make_eligible(edition, owner, category=1, title=f"A{i}") for i in range(3)]
    b = [make_eligible(edition, owner, category=1, title=f"B{i}") for i in range(3)]
    for entry, value in zip(a, (9, 8, 7), strict=True):
        submit_review(lenient, entry, value)
    for entry, value in zip(b, (5, 4, 3), strict=True):
        submit_review(harsh, entry, value)
    rows = category_ranking(edition, _category(edition, 1))
    assert [(r.title, r.rank) for r in rows] == [
        ("A0", 1),
        ("B0", 1),
        ("A1", 3),
        ("B1", 3),
        ("A2", 5),
        ("B2", 5),
    ]
    assert (rows[0].mean, rows[1].mean) == (9, 5)  # the raw weighted means, as given
    assert rows[0].normalised == pytest.approx(rows[1].normalised)


def test_leniency_is_measured_over_the_whole_edition(edition, owner, make_user):
    lenient = make_expert(make_user, edition, categories=(1, 2))
    harsh = make_expert(make_user, edition, categories=(1, 2))
    for _ in range(3):
        submit_review(lenient, make_eligible(edition, owner, category=1), 9)
        submit_review(harsh, make_eligible(edition, owner, category=1), 4)
    usual = make_eligible(edition, owner, category=2, title="The lenient expert's usual 9")
    best = make_eligible(edition, owner, category=2, title="The harsh expert's best")
    submit_review(lenient, usual, 9)
    submit_review(harsh, best, 5)
    rows = category_ranking(edition, _category(edition, 2))
    assert [r.title for r in rows] == ["The harsh expert's best", "The lenient expert's usual 9"]
    assert rows[0].mean < rows[1].mean


def test_only_eligible_entries_and_submitted_first_round_reviews_count(edition, owner, make_user):
    experts = [make_expert(make_user, edition, categories=(1,)) for _ in range(3)]
    reviewed = make_eligible(edition, owner, category=1, title="Reviewed")
    waiting = make_eligible(edition, owner, category=1, title="Not reviewed yet")
    pending = make_entry(edition, owner, category=1, title="Not screened")
    refused = make_entry(
        edition,
        owner,
        category=1,
        title="Ineligible",
        screening=Screening.INELIGIBLE,
        ineligible_reason="other",
    )
    draft = make_entry(edition, owner, category=1, title="Draft", state=EntryState.DRAFT)
    submit_review(experts[0], reviewed, 8, minutes=1)
    submit_review(experts[1], reviewed, 6, minutes=2)
    assign_review(experts[2], reviewed, AssignmentState.DRAFT)
    assign_review(experts[2], waiting, AssignmentState.ASSIGNED)
    assign_review(experts[1], waiting, AssignmentState.WITHDRAWN)
    for entry in (pending, refused, draft):
        submit_review(experts[2], entry, 10)
    submit_review(experts[0], waiting, 10, round_=SELECTION_ROUND)
    rows = category_ranking(edition, _category(edition, 1))
    assert [(r.title, r.reviews) for r in rows] == [("Reviewed", 2), ("Not reviewed yet", 0)]
    first = rows[0]
    assert first.number == reviewed.id
    assert first.category_number == 1
    assert first.mean == 7
    assert first.spread == 2
    assert [(s.expert_id, s.value) for s in first.scores] == [
        (experts[0].id, 8),
        (experts[1].id, 6),
    ]
    assert first.scores[0].expert_name == experts[0].name
    assert rows[1].scores == ()
    assert rows[1].rank == 2


def test_reviewers_far_apart_are_flagged(edition, owner, make_user):
    one, two = (make_expert(make_user, edition) for _ in range(2))
    split = make_eligible(edition, owner, category=1, title="Split")
    close = make_eligible(edition, owner, category=1, title="Close")
    submit_review(one, split, 9)
    submit_review(two, split, 3)
    submit_review(one, close, 7)
    submit_review(two, close, 6)
    flags = {r.title: r.disagreement for r in category_ranking(edition, _category(edition, 1))}
    assert flags == {"Split": True, "Close": False}


def test_edition_ranking_is_every_categorys_ranking(edition, owner, make_user):
    expert = make_expert(make_user, edition)
    entries = [make_eligible(edition, owner, category=1) for _ in range(3)]
    for entry, value in zip(entries, (6, 9, 7), strict=True):
        submit_review(expert, entry, value)
    ranked = edition_ranking(edition)
    assert set(ranked) == {c.id for c in edition.categories}
    assert ranked[_category(edition, 2).id] == []
    assert ranked[_category(edition, 1).id] == category_ranking(edition, _category(edition, 1))
    assert [r.entry_id for r in ranked[_category(edition, 1).id]] == [
        entries[1].id,
        entries[2].id,
        entries[0].id,
    ]


def test_a_category_of_another_edition_is_refused(edition, make_edition):
    other = make_edition(year=2020)
    with pytest.raises(ValueError, match="another edition"):
        category_ranking(edition, other.categories[0])


def test_expert_statistics(edition, owner, make_user):
    lenient = make_expert(make_user, edition)
    harsh = make_expert(make_user, edition)
    idle = make_expert(make_user, edition)
    entries = [make_eligible(edition, owner, category=1) for _ in range(4)]
    for entry, value in zip(entries[:3], (9, 8, 10), strict=True):
        submit_review(lenient, entry, value)
    submit_review(harsh, entries[0], 3)
    submit_review(harsh, entries[1], 5)
    assign_review(harsh, entries[2], AssignmentState.DRAFT)
    assign_review(harsh, entries[3], AssignmentState.WITHDRAWN)
    rows = {r.expert_id: r for r in expert_statistics(edition)}
    assert set(rows) == {lenient.id, harsh.id, idle.id}
    panel = (9 + 8 + 10 + 3 + 5) / 5
    assert (rows[lenient.id].assigned, rows[lenient.id].completed) == (3, 3)
    assert rows[lenient.id].mean == pytest.approx(9)
    assert rows[lenient.id].leniency == pytest.approx(9 - panel)
    assert (rows[harsh.id].assigned, rows[harsh.id].completed) == (3, 2)
    assert rows[harsh.id].sd == pytest.approx(1)
    assert rows[harsh.id].leniency == pytest.approx(4 - panel)
    assert (rows[idle.id].assigned, rows[idle.id].completed, rows[idle.id].mean) == (0, 0, None)
    assert rows[idle.id].email == idle.email


@pytest.mark.parametrize("entries", [3, 30])
def test_a_ranking_takes_a_few_queries_whatever_its_size(edition, owner, make_user, entries):
    experts = [make_expert(make_user, edition) for _ in range(6)]
    made = [make_eligible(edition, owner, category=1 + i % 2) for i in range(entries)]
    for i, entry in enumerate(made):
        for k in range(3):
            submit_review(experts[(i + k) % 6], entry, 3 + (i * 7 + k) % 8)
    category = _category(edition, 1)
    assert edition.categories  # loaded before counting, as the pages have them
    with counted_queries() as ranking:
        rows = category_ranking(edition, category)
    with counted_queries() as whole:
        edition_ranking(edition)
    with counted_queries() as stats:
        expert_statistics(edition)
    assert sum(r.reviews for r in rows) == 3 * len(
        [e for e in made if e.category_id == category.id]
    )
    assert len(ranking) <= 4  # settings, experts' figures, scores with names, entries
    assert len(whole) <= 4
    assert len(stats) <= 3


def test_the_databases_sums_give_the_pure_normalisation(edition, owner, make_user):
    # Expert 1 gives 19/3 throughout, once a rounding apart: no spread, only shifted.
    experts = [make_expert(make_user, edition) for _ in range(3)]
    entries = [make_eligible(edition, owner, category=1 + i % 2) for i in range(6)]
    given = {
        0: [19 / 3, math.nextafter(19 / 3, 10), 19 / 3],
        1: [2.5, 9.125, 7.0, 4.75],
        2: [8.0, 6.5, 10.0, 3.25, 5.0],
    }
    scores = []
    for x, values in given.items():
        for entry, value in zip(entries, values, strict=False):
            review = submit_review(experts[x], entry, 5)
            review.weighted_score = value
            scores.append(Score(experts[x].id, entry.id, value))
    db.session.flush()
    expected = normalise(scores)
    for rows in edition_ranking(edition).values():
        for row in (r for r in rows if r.reviews):
            mine = [expected[(s.expert_id, row.entry_id)] for s in row.scores]
            assert row.normalised == pytest.approx(sum(mine) / len(mine))
    stats = {r.expert_id: r for r in expert_statistics(edition)}
    assert stats[experts[0].id].sd == 0
    assert stats[experts[1].id].sd == pytest.approx(statistics.pstdev(given[1]))
