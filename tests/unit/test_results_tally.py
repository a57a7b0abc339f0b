"""The tally: ranks by valid votes, Champions with ties at the boundary, exact-K tie-breaks."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.results.tally import Ballot, count, tally

NOMINEES = {1: [10, 11, 12, 13, 14, 15, 16]}


def _votes(**per_entry: int) -> dict[tuple[int, int], int]:
    return {(1, int(k[1:])): v for k, v in per_entry.items()}


@pytest.mark.parametrize(
    ("votes", "k", "champions", "ranks"),
    [
        # Plain: the five most-voted.
        (_votes(e10=9, e11=8, e12=7, e13=6, e14=5, e15=4, e16=3), 5, (10, 11, 12, 13, 14), None),
        # Tied at the boundary: both are Champions (six of them).
        (
            _votes(e10=9, e11=8, e12=7, e13=6, e14=5, e15=5, e16=3),
            5,
            (10, 11, 12, 13, 14, 15),
            {14: 5, 15: 5, 16: 7},
        ),
        # Ties above the boundary share a rank, the next rank skips.
        (_votes(e10=9, e11=9, e12=7), 2, (10, 11), {10: 1, 11: 1, 12: 3}),
        # Nominees without a vote are ranked last, together.
        (_votes(e10=1), 1, (10,), {10: 1, 11: 2, 16: 2}),
    ],
)
def test_champions_by_default_include_ties(votes, k, champions, ranks) -> None:  # type: ignore[no-untyped-def]
    result = tally(votes, NOMINEES, k)[1]
    assert result.champions == champions
    if ranks:
        places = {p.entry_id: p.rank for p in result.places}
        assert {e: places[e] for e in ranks} == ranks


@pytest.mark.parametrize(
    ("jury", "decision", "champions", "unresolved", "how"),
    [
        # The jury's first-round score breaks the tie.
        ({14: 7.0, 15: 8.0}, (), (10, 11, 12, 13, 15), (), {15: "jury score"}),
        # Equal jury scores: the organisers' recorded decision.
        ({14: 7.0, 15: 7.0}, (14, 15), (10, 11, 12, 13, 14), (), {14: "decision"}),
        # Neither settles it: nobody of the tie is made a Champion yet.
        ({14: 7.0, 15: 7.0}, (), (10, 11, 12, 13), (14, 15), {}),
    ],
)
def test_exactly_k_breaks_the_boundary_tie(jury, decision, champions, unresolved, how) -> None:  # type: ignore[no-untyped-def]
    votes = _votes(e10=9, e11=8, e12=7, e13=6, e14=5, e15=5, e16=3)
    result = tally(votes, NOMINEES, 5, exact=True, jury=jury, decisions={1: decision})[1]
    assert result.champions == champions
    assert result.unresolved == unresolved
    assert {p.entry_id: p.tie_break for p in result.places if p.tie_break} == how


def test_votes_for_anything_but_a_nominee_and_quarantined_ballots_do_not_count() -> None:
    ballots = [Ballot(1, 10), Ballot(1, 10, quarantined=True), Ballot(1, 99), Ballot(2, 11)]
    result = tally(count(ballots), NOMINEES, 1)[1]
    votes = {p.entry_id: p.votes for p in result.places}
    assert votes[10] == 1
    assert votes[11] == 0
    assert 99 not in votes


ballots = st.lists(
    st.builds(Ballot, st.just(1), st.sampled_from(NOMINEES[1]), st.booleans()), max_size=60
)


@given(ballots, st.randoms(use_true_random=False), st.integers(1, 7), st.booleans())
def test_the_order_of_the_votes_does_not_matter(items, rnd: random.Random, k, exact) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert tally(count(items), NOMINEES, k, exact=exact) == tally(
        count(shuffled), NOMINEES, k, exact=exact
    )


@given(ballots, st.sampled_from(NOMINEES[1]), st.integers(1, 7))
def test_one_more_vote_never_lowers_a_rank(items, entry: int, k: int) -> None:  # type: ignore[no-untyped-def]
    before = {p.entry_id: p for p in tally(count(items), NOMINEES, k)[1].places}
    after = {p.entry_id: p for p in tally(count([*items, Ballot(1, entry)]), NOMINEES, k)[1].places}
    assert after[entry].rank <= before[entry].rank
    assert after[entry].champion or not before[entry].champion


@given(ballots, st.integers(1, 7))
def test_quarantined_votes_never_count(items, k: int) -> None:  # type: ignore[no-untyped-def]
    valid_only = [b for b in items if not b.quarantined]
    assert tally(count(items), NOMINEES, k) == tally(count(valid_only), NOMINEES, k)


@given(ballots, st.integers(1, 7), st.dictionaries(st.sampled_from(NOMINEES[1]), st.floats(1, 10)))
def test_exactly_k_never_makes_more_than_k_champions(items, k: int, jury) -> None:  # type: ignore[no-untyped-def]
    result = tally(count(items), NOMINEES, k, exact=True, jury=jury)[1]
    assert len(result.champions) + (1 if result.unresolved else 0) <= k + 1
    assert len(result.champions) <= k
    if not result.unresolved:
        assert len(result.champions) == min(k, len(NOMINEES[1]))
