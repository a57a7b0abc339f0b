"""Scores into rankings: weights, normalisation, ranks and ties, nomination, winners."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awards.review.scoring import (
    DISAGREEMENT_SHARE,
    MIN_REVIEWS,
    Finalist,
    Panel,
    Scale,
    Score,
    expert_stats,
    mean_sd,
    normalise,
    panel_from,
    panel_of,
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
    assume(statistics.pstdev(values) > 1e-4)  # a spread, not rounding noise
    mean = sum(values) / len(values)
    first = [Score(1, i, v) for i, v in enumerate(values)]
    second = [Score(2, 100 + i, mean + shift + stretch * (v - mean)) for i, v in enumerate(values)]
    n = normalise(first + second, Scale(-100, 100))
    for i in range(len(values)):
        assert n[(1, i)] == pytest.approx(n[(2, 100 + i)], abs=1e-6)


# --- rankings for the organisers (issue 9) ------------------------------------------------
#: (expert, entry, score) triples; expert 1 is lenient (about 9), expert 2 harsh (about 4).
LENIENT_AND_HARSH = [
    pytest.param(
        [(1, 1, 9), (1, 2, 9), (1, 3, 9), (2, 4, 4), (2, 5, 4), (2, 6, 4)],
        {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1},
        id="everyone 9 and everyone 4: all entries level",
    ),
    pytest.param(
        [(1, 1, 9.5), (1, 2, 9), (1, 3, 8.5), (2, 4, 4.5), (2, 5, 4), (2, 6, 3.5)],
        {1: 1, 4: 1, 2: 3, 5: 3, 3: 5, 6: 5},
        id="same spread around 9 and around 4: same places",
    ),
    pytest.param(
        [(1, 1, 10), (1, 2, 9), (1, 3, 8), (2, 1, 5), (2, 2, 4), (2, 3, 3)],
        {1: 1, 2: 2, 3: 3},
        id="both review the same entries: one order",
    ),
    pytest.param(
        [(1, 1, 9), (1, 2, 9), (1, 3, 9), (2, 1, 4), (2, 2, 4), (2, 3, 4)],
        {1: 1, 2: 1, 3: 1},
        id="both constant on the same entries: level",
    ),
]


@pytest.mark.parametrize(("triples", "places"), LENIENT_AND_HARSH)
def test_a_9_expert_and_a_4_expert_rank_entries_alike(triples, places) -> None:  # type: ignore[no-untyped-def]
    scores = [Score(x, e, v) for x, e, v in triples]
    ranked = rank(scores, places)
    assert {r.entry_id: r.rank for r in ranked} == places


def test_without_normalisation_the_lenient_experts_entries_would_lead() -> None:
    scores = [Score(1, e, 9 - 0.5 * i) for i, e in enumerate((1, 2, 3))]
    scores += [Score(2, e, 4 - 0.5 * i) for i, e in enumerate((4, 5, 6))]
    by_raw = sorted({s.entry_id: s.value for s in scores}.items(), key=lambda kv: -kv[1])
    assert [e for e, _ in by_raw[:3]] == [1, 2, 3]
    ranked = {r.entry_id: r for r in rank(scores, range(1, 7))}
    assert ranked[4].rank == ranked[1].rank == 1
    assert ranked[4].normalised == pytest.approx(ranked[1].normalised)
    assert ranked[4].mean < ranked[1].mean  # the raw weighted mean is still shown as given


@pytest.mark.parametrize(
    ("values", "scale", "flagged"),
    [
        ([5, 7.7], Scale(1, 10), False),  # 2.7 apart: 0.3 of the scale 1-10, not beyond
        ([5, 7.8], Scale(1, 10), True),
        ([2, 9], Scale(1, 10), True),
        ([6, 6, 6], Scale(1, 10), False),
        ([40, 70], Scale(0, 100), False),
        ([40, 71], Scale(0, 100), True),
        ([8], Scale(1, 10), False),  # one review cannot disagree
    ],
)
def test_disagreement_is_a_spread_beyond_a_share_of_the_scale(values, scale, flagged) -> None:  # type: ignore[no-untyped-def]
    assert DISAGREEMENT_SHARE == 0.3
    scores = [Score(10 + i, 1, v) for i, v in enumerate(values)]
    (row,) = rank(scores, [1], scale)
    assert row.spread == pytest.approx(max(values) - min(values))
    assert row.disagreement is flagged


def test_ties_share_a_rank_and_the_next_place_is_skipped() -> None:
    # Each expert reviews one entry: scores kept as given (no leniency to measure).
    scores = [Score(1, 1, 8), Score(2, 2, 7), Score(3, 3, 7), Score(4, 4, 6)]
    ranked = rank(scores, [1, 2, 3, 4, 5])
    assert [(r.entry_id, r.rank) for r in ranked] == [(1, 1), (2, 2), (3, 2), (4, 4), (5, 5)]
    assert ranked[-1].reviews == 0


def test_tied_entries_are_listed_by_raw_mean_then_number() -> None:
    # Entry 2's experts are harsh, entry 3's lenient: the same normalised mean, one rank.
    harsh = [Score(1, 2, 5), Score(1, 10, 3), Score(1, 11, 4)]
    lenient = [Score(2, 3, 9), Score(2, 20, 7), Score(2, 21, 8)]
    ranked = rank(harsh + lenient, [2, 3, 10, 11, 20, 21])
    first = ranked[:2]
    assert [r.entry_id for r in first] == [3, 2]
    assert first[0].rank == first[1].rank == 1


@pytest.mark.parametrize(
    ("reviews", "kind"),
    [
        (1, "as given"),
        (MIN_REVIEWS - 1, "shifted"),
        (MIN_REVIEWS, "standardised"),
        (MIN_REVIEWS + 2, "standardised"),
    ],
)
def test_small_sample_fallback_by_number_of_reviews(reviews, kind) -> None:  # type: ignore[no-untyped-def]
    # A steady panel (expert 1: 5, 6, 7, 8) and expert 2 with ``reviews`` spread-out scores.
    panel = [Score(1, 100 + i, 5 + i) for i in range(4)]
    own = [Score(2, i, 9 - i) for i in range(reviews)]
    scores = panel + own
    values = [s.value for s in scores]
    mean, sd = statistics.fmean(values), statistics.pstdev(values)
    own_mean = statistics.fmean(s.value for s in own)
    own_sd = statistics.pstdev([s.value for s in own])
    expected = {
        "as given": own[0].value,
        "shifted": own[0].value - own_mean + mean,
        "standardised": mean + sd * (own[0].value - own_mean) / (own_sd or 1),
    }[kind]
    assert normalise(scores)[(2, 0)] == pytest.approx(Scale().clamp(expected))


def test_rounding_noise_is_no_spread() -> None:
    scores = [Score(1, 1, 1.0), Score(1, 2, 1.0), Score(1, 3, 1.0000000000000002)]
    scores += [Score(2, 4, 5.0), Score(2, 5, 6.0), Score(2, 6, 7.0)]
    n = normalise(scores)
    panel = statistics.fmean(s.value for s in scores)
    assert n[(1, 1)] == pytest.approx(panel)  # shifted, not blown up by a 1e-16 spread


def test_rank_takes_normalised_scores_measured_over_more_reviews() -> None:
    # Expert 1 is lenient over the whole edition; ranking one category with only its scores
    # would not know it.
    edition = [Score(1, e, 9) for e in (1, 2, 3)] + [Score(2, e, 5) for e in (4, 5, 6)]
    edition += [Score(1, 7, 9.5), Score(2, 8, 5.5)]
    category = [s for s in edition if s.entry_id in (7, 8)]
    alone = rank(category, [7, 8])
    wide = rank(category, [7, 8], normalised=normalise(edition))
    assert alone[0].entry_id == 7
    assert wide[0].rank == wide[1].rank  # both were their expert's best


@st.composite
def panels(draw: st.DrawFn) -> list[Score]:
    """2-4 experts, each with at least MIN_REVIEWS reviews of distinct entries and a spread."""
    scores = []
    for expert in range(1, draw(st.integers(2, 4)) + 1):
        entries = draw(st.lists(st.integers(0, 7), min_size=MIN_REVIEWS, max_size=8, unique=True))
        values = draw(st.lists(st.integers(1, 10), min_size=len(entries), max_size=len(entries)))
        assume(len(set(values)) > 1)
        scores += [Score(expert, e, v) for e, v in zip(entries, values, strict=True)]
    return scores


@settings(max_examples=150, deadline=None)
@given(panels(), st.integers(1, 4), st.floats(-3, 3, allow_nan=False))
def test_shifting_one_experts_scores_keeps_the_order(scores, who, constant) -> None:  # type: ignore[no-untyped-def]
    assume(any(s.expert_id == who for s in scores))
    shifted = [
        Score(s.expert_id, s.entry_id, s.value + constant * (s.expert_id == who)) for s in scores
    ]
    wide = Scale(-1000, 1000)  # no clamping
    before = {r.entry_id: r.normalised for r in rank(scores, range(8), wide) if r.reviews}
    after = {r.entry_id: r.normalised for r in rank(shifted, range(8), wide) if r.reviews}
    for a in before:
        for b in before:
            if before[a] > before[b] + 1e-6:
                assert after[a] > after[b]


@pytest.mark.parametrize("value", [9.0, 19 / 3, 7.125, 0.1])
def test_a_constant_list_has_no_spread_at_all(value) -> None:  # type: ignore[no-untyped-def]
    assert mean_sd([value] * 37) == (pytest.approx(value), 0.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=50))
def test_mean_sd_agrees_with_the_statistics_module(values) -> None:  # type: ignore[no-untyped-def]
    mean, sd = mean_sd(values)
    assert mean == pytest.approx(statistics.fmean(values), abs=1e-9)
    assert sd == pytest.approx(statistics.pstdev(values), abs=1e-9)


def test_a_wider_panel_normalises_a_part_as_the_whole() -> None:
    scores = [Score(x, e, (x * 7 + e * 3) % 10 + 1) for x in range(1, 5) for e in range(12)]
    part = [s for s in scores if s.entry_id < 4]
    whole = normalise(scores)
    assert normalise(part, panel=panel_of(scores)) == {
        key: whole[key] for key in ((s.expert_id, s.entry_id) for s in part)
    }
    assert normalise(part) != {key: whole[key] for key in normalise(part)}


@settings(max_examples=100, deadline=None)
@given(panels())
def test_a_panel_from_each_experts_figures_is_the_panel_of_the_scores(scores) -> None:  # type: ignore[no-untyped-def]
    by_expert: dict[int, list[float]] = {}
    for s in scores:
        by_expert.setdefault(s.expert_id, []).append(s.value)
    summed = panel_from((x, len(v), *mean_sd(v)) for x, v in by_expert.items())
    whole = panel_of(scores)
    assert summed.mean == pytest.approx(whole.mean)
    assert summed.sd == pytest.approx(whole.sd)
    assert summed.experts.keys() == whole.experts.keys()
    for x, stats in whole.experts.items():
        assert summed.experts[x].leniency == pytest.approx(stats.leniency, abs=1e-9)
        assert summed.experts[x].completed == stats.completed
    assert normalise(scores, panel=summed) == pytest.approx(normalise(scores))


def test_an_empty_panel() -> None:
    assert panel_from([]) == panel_of([]) == Panel(0.0, 0.0, {})
