"""Expert Group figures of issue 9 that need no server: the assignment.

1,500 entries × 3 reviews across 60 experts in 18 categories (two categories of expertise
each, 600 random conflicts): the median of 5 solves with OR-Tools, the load spread, and the
same network solved once by networkx's network simplex when networkx is installed (the
comparison behind docs/expert-group.md's choice). The last stdout line is JSON for
benchmarks/run.py.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards.review.assignment import (  # noqa: E402
    SHARE_BONUS,
    Problem,
    Reviewer,
    Submission,
    assign,
    pair_cost,
    shares,
)

ENTRIES, EXPERTS, PER_ENTRY, CATEGORIES, CONFLICTS = 1500, 60, 3, 18, 600
TARGET_S = 2.0


def instance(seed: int = 1) -> Problem:
    rng = random.Random(seed)  # noqa: S311 - test data
    entries = tuple(Submission(i, rng.randrange(CATEGORIES)) for i in range(ENTRIES))
    experts = tuple(
        Reviewer(10_000 + j, frozenset({j % CATEGORIES, rng.randrange(CATEGORIES)}))
        for j in range(EXPERTS)
    )
    pairs = {(rng.choice(experts).id, rng.choice(entries).id) for _ in range(CONFLICTS)}
    return Problem(entries, experts, PER_ENTRY, conflicts=frozenset(pairs))


def networkx_seconds(problem: Problem) -> float | None:
    try:
        import networkx as nx  # noqa: PLC0415 - optional comparison only
    except ImportError:
        return None
    started = time.perf_counter()
    graph = nx.DiGraph()
    total = len(problem.entries) * problem.per_entry
    graph.add_node("s", demand=-total)
    graph.add_node("t", demand=total)
    for entry in problem.entries:
        graph.add_edge("s", ("e", entry.id), capacity=problem.per_entry, weight=0)
        for expert in problem.reviewers:
            if (expert.id, entry.id) not in problem.conflicts:
                cost = pair_cost(problem, expert, entry, 1)
                graph.add_edge(("e", entry.id), ("r", expert.id), capacity=1, weight=cost)
    for rid, (low, high) in shares(problem).items():
        graph.add_edge(("r", rid), ("b", rid), capacity=low, weight=-SHARE_BONUS)
        graph.add_edge(("b", rid), "t", capacity=low, weight=0)
        graph.add_edge(("r", rid), "t", capacity=high - low + total, weight=0)
    nx.network_simplex(graph)
    return time.perf_counter() - started


def main() -> int:
    problem = instance()
    times, result = [], None
    for _ in range(5):
        started = time.perf_counter()
        result = assign(problem, seed=1)
        times.append(time.perf_counter() - started)
    assert result is not None
    figures = {
        "assignment_entries": ENTRIES,
        "assignment_experts": EXPERTS,
        f"assignment of {ENTRIES} entries x {PER_ENTRY} across {EXPERTS} experts s "
        f"(target {TARGET_S})": round(statistics.median(times), 3),
        "assignment load spread (target 1)": result.spread,
    }
    nx_seconds = networkx_seconds(problem) if "--compare" in sys.argv else None
    if nx_seconds is not None:
        figures["same network with networkx s"] = round(nx_seconds, 2)
    print(json.dumps(figures), flush=True)  # noqa: T201 - last line read by benchmarks/run.py
    return 0


if __name__ == "__main__":
    sys.exit(main())
