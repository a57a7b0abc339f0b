"""Scores into rankings (pure): weighted means, per-expert normalisation, nomination, winners.

Normalisation (``docs/expert-group.md``): each expert's weighted scores are standardised
against that expert's own mean and spread, then put back on the panel's scale,

    normalised = panel_mean + panel_sd × (score − expert_mean) / expert_sd,

clamped to the rubric's scale. An expert with fewer than ``MIN_REVIEWS`` reviews, or whose
scores do not vary (a spread of at most ``NO_SPREAD``: rounding noise), cannot be
standardised: their scores are only shifted by their leniency (``score − expert_mean +
panel_mean``) when they have at least two, and kept as given below that. So an expert who is
lenient across the board and one who is harsh across the board rank the same entries in the
same order and on one scale.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_REVIEWS = 3
#: A spread this small (a millionth of a point) is rounding noise, not a spread: such an
#: expert is only shifted.
NO_SPREAD = 1e-6
#: Reviews of one entry further apart than this share of the scale are flagged for discussion.
DISAGREEMENT_SHARE = 0.3


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """The mean and population standard deviation of ``values`` (not empty), in two passes of
    ``math.fsum``: as exact as floats allow (a constant list has a spread of exactly 0), and
    far quicker than :mod:`statistics`, which counts in fractions (the rankings normalise
    every score of an edition on each page)."""
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


@dataclass(frozen=True)
class Scale:
    """The rubric's scale (default 1–10)."""

    low: float = 1
    high: float = 10

    def clamp(self, value: float) -> float:
        return min(self.high, max(self.low, value))


def weighted_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The weighted mean of one review's criterion scores (every criterion must be scored)."""
    missing = set(weights) - set(scores)
    if missing:
        raise ValueError(f"criteria not scored: {sorted(missing)}")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("the weights must add up to more than zero")
    return sum(scores[c] * w for c, w in weights.items()) / total


@dataclass(frozen=True)
class Score:
    """One submitted review: who, which entry, its weighted score."""

    expert_id: int
    entry_id: int
    value: float


@dataclass(frozen=True)
class ExpertStats:
    """An expert's completed reviews, mean, spread and leniency (mean minus the panel's)."""

    expert_id: int
    completed: int
    mean: float
    sd: float
    leniency: float


def expert_stats(scores: Sequence[Score]) -> dict[int, ExpertStats]:
    """Statistics per expert over ``scores``."""
    panel = mean_sd([s.value for s in scores])[0] if scores else 0.0
    by_expert: dict[int, list[float]] = defaultdict(list)
    for s in scores:
        by_expert[s.expert_id].append(s.value)
    stats = {}
    for eid, values in sorted(by_expert.items()):
        mean, sd = mean_sd(values)
        stats[eid] = ExpertStats(eid, len(values), mean, sd, mean - panel)
    return stats


@dataclass(frozen=True)
class Panel:
    """What normalising needs of a set of scores: the panel's mean and spread, each expert's."""

    mean: float
    sd: float
    experts: Mapping[int, ExpertStats]


def panel_of(scores: Sequence[Score]) -> Panel:
    """The :class:`Panel` of ``scores``."""
    if not scores:
        return Panel(0.0, 0.0, {})
    mean, sd = mean_sd([s.value for s in scores])
    return Panel(mean, sd, expert_stats(scores))


def panel_from(experts: Iterable[tuple[int, int, float, float]]) -> Panel:
    """The :class:`Panel` of scores known only by each expert's (id, count, mean, standard
    deviation), as a database sums them up: the panel's mean is the mean of the experts'
    means weighted by their counts, its variance the mean of their variances plus the spread
    of their means (the law of total variance). Equal to :func:`panel_of` on the scores, to
    rounding."""
    rows = [(eid, n, mean, max(0.0, sd)) for eid, n, mean, sd in experts if n > 0]
    total = sum(n for _, n, _, _ in rows)
    if not total:
        return Panel(0.0, 0.0, {})
    panel_mean = math.fsum(n * mean for _, n, mean, _ in rows) / total
    variance = math.fsum(n * (sd**2 + (mean - panel_mean) ** 2) for _, n, mean, sd in rows)
    return Panel(
        panel_mean,
        math.sqrt(variance / total),
        {
            eid: ExpertStats(eid, n, mean, sd, mean - panel_mean)
            for eid, n, mean, sd in sorted(rows)
        },
    )


def normalise(
    scores: Sequence[Score], scale: Scale = Scale(), *, panel: Panel | None = None
) -> dict[tuple[int, int], float]:
    """Each review's normalised score, keyed by (expert id, entry id) (see the module doc).

    ``panel`` gives the panel the scores are measured against when it was computed over more
    scores (an edition's, for one category's reviews); it must know every expert of
    ``scores``. Without it, ``scores`` are their own panel.
    """
    if not scores:
        return {}
    if panel is None:
        panel = panel_of(scores)
    low, high = scale.low, scale.high
    result = {}
    for s in scores:
        st = panel.experts[s.expert_id]
        if st.completed >= MIN_REVIEWS and st.sd > NO_SPREAD:
            value = panel.mean + panel.sd * (s.value - st.mean) / st.sd
        elif st.completed >= 2:
            value = s.value - st.mean + panel.mean
        else:
            value = s.value
        result[(s.expert_id, s.entry_id)] = high if value > high else max(low, value)
    return result


@dataclass(frozen=True)
class Ranked:
    """An entry's place in its category."""

    entry_id: int
    rank: int
    mean: float  # weighted mean of the raw scores
    normalised: float
    reviews: int
    spread: float  # highest minus lowest raw score
    disagreement: bool


def rank(
    scores: Sequence[Score],
    entry_ids: Iterable[int],
    scale: Scale = Scale(),
    *,
    normalised: Mapping[tuple[int, int], float] | None = None,
) -> list[Ranked]:
    """Entries ranked by normalised mean (then raw mean, then id); unreviewed ones last.

    Entries with the same normalised mean (to 1e-9) share a rank. ``normalised`` gives the
    normalised scores when they were computed over more scores than ``scores`` (a category
    ranked with its experts' leniency measured over the whole edition); it must hold every
    review of ``scores``. Without it, ``scores`` are normalised among themselves.
    """
    if normalised is None:
        normalised = normalise(scores, scale)
    raw: dict[int, list[float]] = defaultdict(list)
    norm: dict[int, list[float]] = defaultdict(list)
    for s in scores:
        raw[s.entry_id].append(s.value)
        norm[s.entry_id].append(normalised[(s.expert_id, s.entry_id)])
    limit = DISAGREEMENT_SHARE * (scale.high - scale.low)
    rows = []
    for eid in set(entry_ids):
        values = raw.get(eid, [])
        spread = max(values) - min(values) if values else 0.0
        rows.append(
            (
                round(math.fsum(norm[eid]) / len(values), 9) if values else float("-inf"),
                math.fsum(values) / len(values) if values else float("-inf"),
                eid,
                len(values),
                spread,
                spread > limit + NO_SPREAD,  # exactly at the limit is not beyond it
            )
        )
    rows.sort(key=lambda r: (-r[0], -r[1], r[2]))
    ranked: list[Ranked] = []
    for i, (n, m, eid, count, spread, flag) in enumerate(rows):
        place = ranked[-1].rank if ranked and round(ranked[-1].normalised, 9) == n else i + 1
        ranked.append(
            Ranked(eid, place, m if count else 0.0, n if count else 0.0, count, spread, flag)
        )
    return ranked


@dataclass(frozen=True)
class Proposal:
    """The top ``n`` proposed, and the entries tied with the last of them just outside."""

    nominees: tuple[int, ...]
    tied_at_boundary: tuple[int, ...]


def propose_nominees(ranked: Sequence[Ranked], n: int) -> Proposal:
    """The first ``n`` reviewed entries by rank, naming ties across the boundary.

    When the entries at the boundary share a rank, the proposal keeps rank order and id order
    (as ``rank`` sorted them) and lists every entry tied with the n-th, inside or outside,
    in ``tied_at_boundary`` for the organisers to decide.
    """
    reviewed = [r for r in ranked if r.reviews]
    nominees = tuple(r.entry_id for r in reviewed[:n])
    if len(reviewed) <= n:
        return Proposal(nominees, ())
    last = reviewed[n - 1].rank if n else None
    tied = tuple(r.entry_id for r in reviewed if r.rank == last)
    return Proposal(nominees, tied if len(tied) > 1 and reviewed[n].rank == last else ())


@dataclass(frozen=True)
class Finalist:
    """A Champion in the second round: its result and the tie-break facts."""

    entry_id: int
    second_round: float  # mean second-round score (higher is better)
    valid_votes: int
    first_round_normalised: float


def winner(
    finalists: Sequence[Finalist], decided: int | None = None
) -> tuple[int | None, tuple[int, ...]]:
    """The Winner of a category and the entries still tied, by the documented rule.

    Best second-round result; ties broken by more valid public votes, then by the higher
    first-round normalised score, then by an organiser's recorded decision (``decided``,
    which must be one of the entries still tied). Returns (winner or None, entries tied).
    """
    if not finalists:
        return None, ()

    def key(f: Finalist) -> tuple[float, int, float]:
        return (round(f.second_round, 9), f.valid_votes, round(f.first_round_normalised, 9))

    best = max(key(f) for f in finalists)
    tied = tuple(sorted(f.entry_id for f in finalists if key(f) == best))
    if len(tied) == 1:
        return tied[0], ()
    if decided in tied:
        return decided, ()
    return None, tied
