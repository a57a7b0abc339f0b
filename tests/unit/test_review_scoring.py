"""Scores into rankings: weights, normalisation, ranks and ties, nomination, winners."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.review.scoring import (
    Finalist,
    Scale,
    Score,
    expert_stats,
    normalise,
    propose_nominees,
    rank,
    weighted_score,
    winner,
)


def test_weighted_score() -> None:
    assert weighted_score({"a": 8, "b": 4}, {"a": 3, "b": 1}) == 7


def test_a_missing_criterion_is_refused() -> None:
    with pytest.raises(ValueError, match="not scored"):
        weighted_score({"a": 8}, {"a": 1, "b": 1})


def test_a_lenient_and_a_harsh_expert_rank_the_same_entries_the_same_way() -> None:
    lenient = [Score(1, e, 9 + d) for e, d in [(10, 0.9), (11, 0.5), (12, 0.1), (13, -0.3)]]
    harsh = [Score(2, e, 4 + d) for e, d in [(20, 0.9), (21, 0.5), (22, 0.1), (23, -0.3)]]
    normalised = normalise(lenient + harsh)
    assert [normalised[(1, e)] for e in (10, 11, 12, 13)] == pytest.approx(
        [normalised[(2, e)] for e in (20, 21, 22, 23)]
    )
    ranked = rank(lenient + harsh, [10, 11, 12, 13, 20, 21, 22, 23])
    order = [r.entry_id for r in ranked]
    assert {order[0], order[1]} == {10, 20}
    assert ranked[0].rank == ranked[1].rank == 1


def test_small_samples_fall_back() -> None:
    scores = [
        Score(1, 1, 8),
        Score(1, 2, 6),
        Score(2, 3, 5),
        Score(3, 4, 7),
        Score(3, 5, 7),
        Score(3, 6, 7),
    ]
    n = normalise(scores)
    panel = sum(s.value for s in scores) / len(scores)
    assert n[(2, 3)] == 5  # one review: as given
    assert n[(1, 1)] == pytest.approx(8 - 7 + panel)  # two: shifted by leniency only
    assert n[(3, 4)] == pytest.approx(panel)  # no spread: shifted only


def test_normalised_scores_stay_on_the_scale() -> None:
    scores = [Score(1, e, v) for e, v in enumerate([1, 1, 1, 10])] + [Score(2, 9, 10)]
    assert all(1 <= v <= 10 for v in normalise(scores, Scale(1, 10)).values())


def test_rank_flags_disagreement_and_puts_unreviewed_last() -> None:
    ranked = rank([Score(1, 1, 9), Score(2, 1, 2), Score(1, 2, 5)], [1, 2, 3])
    by_id = {r.entry_id: r for r in ranked}
    assert by_id[1].disagreement is True
    assert by_id[2].disagreement is False
    assert ranked[-1].entry_id == 3
    assert ranked[-1].reviews == 0


def test_expert_stats_leniency() -> None:
    stats = expert_stats([Score(1, 1, 9), Score(1, 2, 9), Score(2, 1, 5), Score(2, 2, 5)])
    assert stats[1].leniency == 2
    assert stats[2].leniency == -2
    assert stats[1].completed == 2


@pytest.mark.parametrize(
    ("values", "n", "nominees", "tied"),
    [
        ([9, 8, 7, 6], 2, (1, 2), ()),
        ([9, 8, 8, 6], 2, (1, 2), (2, 3)),
        ([9, 8, 8, 8], 3, (1, 2, 3), (2, 3, 4)),
        ([9, 8, 8, 6], 3, (1, 2, 3), ()),
        ([9], 2, (1,), ()),
    ],
)
def test_propose_nominees_names_ties_at_the_boundary(values, n, nominees, tied) -> None:  # type: ignore[no-untyped-def]
    scores = [Score(100 + i, i + 1, v) for i, v in enumerate(values)]
    proposal = propose_nominees(rank(scores, range(1, len(values) + 1)), n)
    assert proposal.nominees == nominees
    assert proposal.tied_at_boundary == tied


@pytest.mark.parametrize(
    ("finalists", "decided", "expected"),
    [
        ([Finalist(1, 8, 10, 5), Finalist(2, 7, 99, 9)], None, (1, ())),
        ([Finalist(1, 8, 10, 5), Finalist(2, 8, 11, 1)], None, (2, ())),
        ([Finalist(1, 8, 10, 5), Finalist(2, 8, 10, 6)], None, (2, ())),
        ([Finalist(1, 8, 10, 5), Finalist(2, 8, 10, 5)], None, (None, (1, 2))),
        ([Finalist(1, 8, 10, 5), Finalist(2, 8, 10, 5)], 1, (1, ())),
        ([Finalist(1, 8, 10, 5), Finalist(2, 7, 10, 5)], 2, (1, ())),  # decision only for ties
        ([], None, (None, ())),
        # A decision for an entry outside the tie is ignored: the tie stays.
        (
            [Finalist(1, 8, 10, 5), Finalist(2, 8, 10, 5), Finalist(3, 7, 10, 5)],
            3,
            (None, (1, 2)),
        ),
        # Votes narrow a three-way tie to two; the first-round score has the last word.
        (
            [Finalist(1, 8, 10, 5), Finalist(2, 8, 12, 4), Finalist(3, 8, 12, 6)],
            None,
            (3, ()),
        ),
        # Votes narrow a three-way tie to two still tied: the decision picks among those two...
        (
            [Finalist(1, 8, 10, 9), Finalist(2, 8, 12, 4), Finalist(3, 8, 12, 4)],
            2,
            (2, ()),
        ),
        # ... and not the one the votes left behind.
        (
            [Finalist(1, 8, 10, 9), Finalist(2, 8, 12, 4), Finalist(3, 8, 12, 4)],
            1,
            (None, (2, 3)),
        ),
        # Means equal to rounding noise are equal.
        ([Finalist(1, 0.1 + 0.2, 3, 5), Finalist(2, 0.3, 4, 5)], None, (2, ())),
    ],
)
def test_winner_tie_breaks(finalists, decided, expected) -> None:  # type: ignore[no-untyped-def]
    assert winner(finalists, decided) == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(1, 10, allow_nan=False), min_size=3, max_size=8),
    st.floats(-3, 3, allow_nan=False),
    st.floats(0.3, 2, allow_nan=False),
)
def test_normalisation_ignores_an_experts_leniency_and_spread(values, shift, stretch) -> None:  # type: ignore[no-untyped-def]
    # Expert 2 scores entries 100+ like expert 1 scores entries 0+, shifted and stretched.
    mean = sum(values) / len(values)
    first = [Score(1, i, v) for i, v in enumerate(values)]
    second = [Score(2, 100 + i, mean + shift + stretch * (v - mean)) for i, v in enumerate(values)]
    n = normalise(first + second, Scale(-100, 100))
    for i in range(len(values)):
        assert n[(1, i)] == pytest.approx(n[(2, 100 + i)], abs=1e-6)
