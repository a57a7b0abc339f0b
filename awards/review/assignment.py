"""Who reviews what: the Expert Group's assignment as a min-cost flow (pure: no Flask, no DB).

The network: source → entry (capacity: reviews still needed) → expert (capacity 1 per pair,
no arc for a conflict or a review already held) → sink. An expert's arcs to the sink carry
their load: the first ``floor`` units with a large bonus (negative cost), the rest up to
``ceiling`` at no cost, and beyond that (up to the expert's own cap) at a steeply rising cost.
So the solver first gives every expert the even share, then no one more than one above it
(max − min ≤ 1 where the caps and conflicts allow, more only where conflicts force it), and
only then weighs expertise: an arc to an expert of the entry's category costs
``EXPERT_COST``, to anyone else ``OUTSIDE_COST``. A seeded jitter below the cost step breaks
ties, so one seed always gives one assignment and the ties do not favour low ids.

See ``docs/expert-group.md`` for the costs and why OR-Tools solves it.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

#: Cost of an expert of the entry's own category, and of anyone else.
EXPERT_COST = 0
OUTSIDE_COST = 1_000
#: The seeded jitter stays below this, so it only breaks ties between equal choices.
JITTER = 100
#: Bonus per review up to an expert's even share: larger than any assignment's total cost
#: difference, so balance is never traded for expertise.
SHARE_BONUS = 10_000_000
#: Cost of the n-th review beyond the ceiling (n × OVER_COST, convex, so that what conflicts
#: force beyond the even share is spread too); flat after OVER_STEPS.
OVER_COST = SHARE_BONUS
OVER_STEPS = 12


@dataclass(frozen=True)
class Reviewer:
    """An expert: their categories of expertise and their own cap (None: no cap)."""

    id: int
    categories: frozenset[int] = frozenset()
    cap: int | None = None


@dataclass(frozen=True)
class Submission:
    """An eligible entry and its category."""

    id: int
    category: int


@dataclass(frozen=True)
class Problem:
    """An assignment to make: ``per_entry`` distinct reviewers for every entry.

    ``conflicts`` and ``kept`` are (reviewer id, entry id) pairs: a conflicted pair is never
    assigned; a kept pair (a review already started or submitted) stays and counts.
    """

    entries: tuple[Submission, ...]
    reviewers: tuple[Reviewer, ...]
    per_entry: int
    conflicts: frozenset[tuple[int, int]] = frozenset()
    kept: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    """Why a category cannot be assigned: entries lacking reviewers, and how many."""

    category: int
    entry_ids: tuple[int, ...]
    eligible: int  # the fewest reviewers without a conflict any of these entries has
    needed: int


class Infeasible(Exception):  # noqa: N818 - a domain outcome, not a programming error
    """The assignment cannot be made; ``shortfalls`` say where (nothing is assigned)."""

    def __init__(self, shortfalls: list[Shortfall], capacity: int, needed: int) -> None:
        super().__init__(f"{len(shortfalls)} categories cannot be assigned")
        self.shortfalls = shortfalls
        self.capacity = capacity
        self.needed = needed


@dataclass(frozen=True)
class Assignment:
    """The new (reviewer id, entry id) pairs, the loads (kept included) and the cost."""

    pairs: tuple[tuple[int, int], ...]
    loads: dict[int, int] = field(default_factory=dict)
    cost: int = 0

    @property
    def spread(self) -> int:
        """Largest minus smallest load among the reviewers."""
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def shares(problem: Problem) -> dict[int, tuple[int, int]]:
    """Each reviewer's (floor, ceiling) of load: the even share, water-filled under the caps.

    The ceiling is the smallest level ``c`` at which the reviewers' ``min(cap, c)`` hold every
    review; the floor is one less (a reviewer whose cap is lower is held to the cap).
    """
    total = len(problem.entries) * problem.per_entry
    caps = _caps(problem)
    if not caps:
        return {}
    level = max(1, math.ceil(total / len(caps)))
    while level < total and sum(min(c, level) for c in caps.values()) < total:
        level += 1
    return {rid: (min(cap, level - 1), min(cap, level)) for rid, cap in caps.items()}


def _caps(problem: Problem) -> dict[int, int]:
    total = len(problem.entries) * problem.per_entry
    return {r.id: (r.cap if r.cap is not None else total) for r in problem.reviewers}


def pair_cost(problem: Problem, reviewer: Reviewer, entry: Submission, seed: int) -> int:
    """The cost of one new pair: expertise first, then the seeded tie-break."""
    base = EXPERT_COST if entry.category in reviewer.categories else OUTSIDE_COST
    return base + zlib.crc32(f"{seed}:{reviewer.id}:{entry.id}".encode()) % JITTER


def objective(problem: Problem, pairs: Iterable[tuple[int, int]], seed: int) -> int:
    """What the solver minimises, for checking a solution (and exhaustive search in tests)."""
    reviewers = {r.id: r for r in problem.reviewers}
    entries = {e.id: e for e in problem.entries}
    pairs = list(pairs)
    loads = Counter(rid for rid, _ in problem.kept) + Counter(rid for rid, _ in pairs)
    cost = sum(pair_cost(problem, reviewers[r], entries[e], seed) for r, e in pairs)
    for rid, (low, high) in shares(problem).items():
        cost -= SHARE_BONUS * min(loads[rid], low)
        cost += sum(_over_cost(n) for n in range(1, loads[rid] - high + 1))
    return cost


def _over_cost(n: int) -> int:
    """The cost of the n-th review beyond a reviewer's ceiling."""
    return OVER_COST * min(n, OVER_STEPS + 1)


def _eligible(problem: Problem) -> dict[int, list[Reviewer]]:
    blocked = problem.conflicts | problem.kept
    return {
        e.id: [r for r in problem.reviewers if (r.id, e.id) not in blocked] for e in problem.entries
    }


def _explain(problem: Problem, short: dict[int, int]) -> Infeasible:
    eligible = _eligible(problem)
    kept = Counter(eid for _, eid in problem.kept)
    by_category: dict[int, list[Submission]] = defaultdict(list)
    for entry in problem.entries:
        if short.get(entry.id):
            by_category[entry.category].append(entry)
    shortfalls = [
        Shortfall(
            category=category,
            entry_ids=tuple(sorted(e.id for e in entries)),
            eligible=min(len(eligible[e.id]) + kept[e.id] for e in entries),
            needed=problem.per_entry,
        )
        for category, entries in sorted(by_category.items())
    ]
    capacity = sum(_caps(problem).values())
    return Infeasible(shortfalls, capacity, len(problem.entries) * problem.per_entry)


def assign(problem: Problem, seed: int = 0) -> Assignment:
    """The optimal assignment of ``problem`` (see the module's docstring), or ``Infeasible``."""
    kept_per_entry = Counter(eid for _, eid in problem.kept)
    kept_per_reviewer = Counter(rid for rid, _ in problem.kept)
    need = {e.id: max(0, problem.per_entry - kept_per_entry[e.id]) for e in problem.entries}
    eligible = _eligible(problem)
    short = {eid: n for eid, n in need.items() if len(eligible[eid]) < n}
    if short:
        raise _explain(problem, short)

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    entry_node = {e.id: 2 + i for i, e in enumerate(problem.entries)}
    offset = 2 + len(problem.entries)
    reviewer_node = {r.id: offset + i for i, r in enumerate(problem.reviewers)}
    arcs: dict[int, tuple[int, int]] = {}
    for entry in problem.entries:
        if need[entry.id]:
            flow.add_arc_with_capacity_and_unit_cost(
                source, entry_node[entry.id], need[entry.id], 0
            )
        for reviewer in eligible[entry.id]:
            arc = flow.add_arc_with_capacity_and_unit_cost(
                entry_node[entry.id],
                reviewer_node[reviewer.id],
                1,
                pair_cost(problem, reviewer, entry, seed),
            )
            arcs[arc] = (reviewer.id, entry.id)
    caps = _caps(problem)
    for rid, (low, high) in shares(problem).items():
        node, held = reviewer_node[rid], kept_per_reviewer[rid]
        if low > held:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, low - held, -SHARE_BONUS)
        if high > max(low, held):
            flow.add_arc_with_capacity_and_unit_cost(node, sink, high - max(low, held), 0)
        _add_over_arcs(
            flow, node, sink, first=max(high, held) - high + 1, room=caps[rid] - max(high, held)
        )
    wanted = sum(need.values())
    flow.set_node_supply(source, wanted)
    flow.set_node_supply(sink, -wanted)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always well formed
        raise RuntimeError(f"min-cost flow failed with status {status}")
    pairs = sorted(arcs[a] for a in arcs if flow.flow(a))
    got = Counter(eid for _, eid in pairs)
    short = {eid: n for eid, n in need.items() if got[eid] < n}
    if short:
        raise _explain(problem, short)
    loads = {r.id: kept_per_reviewer[r.id] for r in problem.reviewers}
    for rid, _ in pairs:
        loads[rid] += 1
    return Assignment(pairs=tuple(pairs), loads=loads, cost=objective(problem, pairs, seed))


def _add_over_arcs(
    flow: min_cost_flow.SimpleMinCostFlow, node: int, sink: int, first: int, room: int
) -> None:
    """Arcs for the reviews beyond the ceiling: the n-th at ``_over_cost(n)``, n from ``first``."""
    n = first
    while room > 0 and n <= OVER_STEPS:
        flow.add_arc_with_capacity_and_unit_cost(node, sink, 1, _over_cost(n))
        n, room = n + 1, room - 1
    if room > 0:
        flow.add_arc_with_capacity_and_unit_cost(node, sink, room, _over_cost(n))
