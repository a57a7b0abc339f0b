"""The Expert Group's assignment: coverage, conflicts, balance, expertise, seeds, optimality."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.review.assignment import (
    Infeasible,
    Problem,
    Reviewer,
    Submission,
    assign,
    objective,
    shares,
)


def problem(entries: int, reviewers: int, per_entry: int = 3, **kw) -> Problem:  # type: ignore[no-untyped-def]
    categories = kw.pop("categories", 3)
    return Problem(
        entries=tuple(Submission(i, i % categories) for i in range(entries)),
        reviewers=tuple(
            Reviewer(100 + j, frozenset({j % categories}), kw.pop(f"cap{j}", None))
            for j in range(reviewers)
        ),
        per_entry=per_entry,
        **kw,
    )


def test_every_entry_gets_k_distinct_reviewers_and_loads_are_even() -> None:
    result = assign(problem(30, 9))
    per_entry = Counter(e for _, e in result.pairs)
    assert set(per_entry.values()) == {3}
    assert len(set(result.pairs)) == len(result.pairs)
    assert result.spread <= 1
    assert sum(result.loads.values()) == 90


def test_experts_of_the_category_are_preferred() -> None:
    # 3 categories, 3 experts each, 10 entries each: everyone can stay in their category.
    result = assign(problem(30, 9))
    reviewers = {r.id: r for r in problem(30, 9).reviewers}
    entries = {e.id: e for e in problem(30, 9).entries}
    assert all(entries[e].category in reviewers[r].categories for r, e in result.pairs)


def test_a_category_without_enough_experts_falls_back_to_others() -> None:
    # Category 0 has one expert only: its entries need two more from elsewhere.
    p = Problem(
        entries=tuple(Submission(i, 0) for i in range(4)),
        reviewers=(
            Reviewer(1, frozenset({0})),
            Reviewer(2, frozenset({1})),
            Reviewer(3, frozenset({1})),
            Reviewer(4, frozenset({2})),
        ),
        per_entry=3,
    )
    result = assign(p)
    assert all(count == 3 for count in Counter(e for _, e in result.pairs).values())
    assert result.loads[1] >= 3 or result.spread <= 1


def test_conflicts_are_never_assigned() -> None:
    p = problem(12, 6, conflicts=frozenset({(100, 0), (101, 1), (102, 0)}))
    result = assign(p)
    assert not set(result.pairs) & p.conflicts


def test_same_seed_same_result_other_seed_may_differ() -> None:
    p = problem(40, 10)
    assert assign(p, seed=7) == assign(p, seed=7)
    assert {assign(p, seed=s).pairs for s in range(5)} != {assign(p, seed=7).pairs}


def test_kept_reviews_stay_and_count_towards_the_load() -> None:
    p = problem(10, 5, per_entry=2)
    first = assign(p)
    # Reviewer 100 drops out: the reviews of others are kept, 100's are re-assigned.
    kept = frozenset(pair for pair in first.pairs if pair[0] != 100)
    survivors = tuple(r for r in p.reviewers if r.id != 100)
    second = assign(Problem(p.entries, survivors, 2, conflicts=p.conflicts, kept=kept))
    assert not set(second.pairs) & kept
    total = Counter(e for _, e in second.pairs) + Counter(e for _, e in kept)
    assert set(total.values()) == {2}
    assert all(r != 100 for r, _ in second.pairs)
    assert second.spread <= 1


def test_caps_are_respected_and_others_take_the_rest() -> None:
    p = problem(10, 4, per_entry=2, categories=1, cap0=1)
    result = assign(p)
    assert result.loads[100] <= 1
    assert sum(result.loads.values()) == 20


@pytest.mark.parametrize(
    ("p", "category", "eligible"),
    [
        # everyone conflicted with entry 0 but one reviewer
        (problem(3, 4, per_entry=2, conflicts=frozenset({(100, 0), (101, 0), (102, 0)})), 0, 1),
        # too few reviewers at all
        (problem(4, 2, per_entry=3, categories=1), 0, 2),
    ],
)
def test_infeasible_cases_are_explained_per_category(
    p: Problem, category: int, eligible: int
) -> None:
    with pytest.raises(Infeasible) as caught:
        assign(p)
    (shortfall,) = [s for s in caught.value.shortfalls if s.category == category]
    assert shortfall.eligible == eligible
    assert shortfall.needed == p.per_entry


def test_caps_too_low_for_the_reviews_needed_are_infeasible() -> None:
    p = problem(6, 3, per_entry=2, categories=1, cap0=1, cap1=1, cap2=1)
    with pytest.raises(Infeasible) as caught:
        assign(p)
    assert caught.value.capacity == 3
    assert caught.value.needed == 12


@pytest.mark.parametrize(
    ("entries", "reviewers", "k", "expected"),
    [(10, 5, 3, (5, 6)), (9, 3, 1, (2, 3)), (1, 4, 3, (0, 1)), (4, 4, 2, (1, 2))],
)
def test_shares(entries: int, reviewers: int, k: int, expected: tuple[int, int]) -> None:
    assert set(shares(problem(entries, reviewers, per_entry=k)).values()) == {expected}


# --- properties -------------------------------------------------------------------------


@st.composite
def instances(draw, max_entries: int = 8, max_reviewers: int = 6):  # type: ignore[no-untyped-def]
    n_cat = draw(st.integers(1, 3))
    n_rev = draw(st.integers(1, max_reviewers))
    n_ent = draw(st.integers(1, max_entries))
    k = draw(st.integers(1, min(3, n_rev)))
    reviewers = tuple(
        Reviewer(
            100 + j,
            frozenset(draw(st.sets(st.integers(0, n_cat - 1), max_size=2))),
            draw(st.one_of(st.none(), st.integers(1, n_ent * k))),
        )
        for j in range(n_rev)
    )
    entries = tuple(Submission(i, draw(st.integers(0, n_cat - 1))) for i in range(n_ent))
    pairs = [(r.id, e.id) for r in reviewers for e in entries]
    conflicts = frozenset(draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 4)))
    return Problem(entries, reviewers, k, conflicts=conflicts)


def _exhaustive(p: Problem, seed: int) -> int | None:
    """The best objective over every feasible assignment (tiny instances only)."""
    caps = {r.id: r.cap if r.cap is not None else 10**9 for r in p.reviewers}
    options = []
    for e in p.entries:
        eligible = [r.id for r in p.reviewers if (r.id, e.id) not in p.conflicts]
        options.append(
            [[(r, e.id) for r in combo] for combo in itertools.combinations(eligible, p.per_entry)]
        )
    best = None
    for choice in itertools.product(*options):
        pairs = [pair for group in choice for pair in group]
        loads = Counter(r for r, _ in pairs)
        if any(loads[r] > caps[r] for r in loads):
            continue
        cost = objective(p, pairs, seed)
        best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(0, 3))
def test_assignment_properties(p: Problem, seed: int) -> None:
    try:
        result = assign(p, seed)
    except Infeasible:
        assert _exhaustive(p, seed) is None if len(p.entries) <= 4 else True
        return
    per_entry = Counter(e for _, e in result.pairs)
    assert all(per_entry[e.id] == p.per_entry for e in p.entries)
    assert len(set(result.pairs)) == len(result.pairs)
    assert not set(result.pairs) & p.conflicts
    caps = {r.id: r.cap for r in p.reviewers}
    assert all(caps[r] is None or load <= caps[r] for r, load in result.loads.items())
    assert assign(p, seed) == result
    if not p.conflicts and all(r.cap is None for r in p.reviewers):
        assert result.spread <= 1


@settings(max_examples=120, deadline=None)
@given(instances(max_entries=4, max_reviewers=4), st.integers(0, 3))
def test_cost_equals_the_exhaustive_optimum_on_small_instances(p: Problem, seed: int) -> None:
    best = _exhaustive(p, seed)
    if best is None:
        with pytest.raises(Infeasible):
            assign(p, seed)
        return
    assert assign(p, seed).cost == best
