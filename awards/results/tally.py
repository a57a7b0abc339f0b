"""The tally (pure): valid votes into a ranked list per category and its Champions.

Rule, as published with the results:

1. Only valid votes count (``awards/voting/valid_votes.py``: each voter's current vote, minus
   quarantined votes and accounts); a quarantined ballot given here is ignored.
2. Nominees are ranked by valid votes, most first. Nominees with the same number of votes share
   a rank ("1, 2, 2, 4"), so one more vote for a project never lowers its rank.
3. **Champions, by default**: every nominee whose rank is at most K (the edition's
   ``champions_per_category``, 5), so projects tied at the boundary are all Champions and a
   category may have more than K.
4. **Champions, when the edition asks for exactly K**: the first K; projects tied across the
   boundary are ordered by higher first-round normalised jury score, then by the organisers'
   recorded decision (a list of entry ids, best first). Projects still tied after both are
   reported in ``unresolved`` and none of them is made a Champion until the organisers decide.

Nominees without a vote are ranked too (after every project with votes). The order of the
input never matters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ballot:
    """One vote as the tally sees it."""

    category_id: int
    entry_id: int
    quarantined: bool = False


@dataclass(frozen=True)
class Placed:
    """A nominee's place in its category."""

    entry_id: int
    votes: int
    rank: int
    champion: bool
    #: How an exact-K boundary tie was settled for it: "jury score", "decision" or None.
    tie_break: str | None = None


@dataclass(frozen=True)
class CategoryTally:
    """A category's ranked nominees, and the entries left tied at an exact-K boundary."""

    category_id: int
    places: tuple[Placed, ...]
    unresolved: tuple[int, ...] = ()

    @property
    def champions(self) -> tuple[int, ...]:
        return tuple(p.entry_id for p in self.places if p.champion)


def count(ballots: Iterable[Ballot]) -> Counter[tuple[int, int]]:
    """Valid votes per (category id, entry id); quarantined ballots do not count."""
    return Counter((b.category_id, b.entry_id) for b in ballots if not b.quarantined)


def tally(
    counts: Mapping[tuple[int, int], int],
    nominees: Mapping[int, Sequence[int]],
    k: int,
    *,
    exact: bool = False,
    jury: Mapping[int, float] | None = None,
    decisions: Mapping[int, Sequence[int]] | None = None,
) -> dict[int, CategoryTally]:
    """Each category's tally from valid-vote ``counts`` (see the module's rule).

    ``nominees`` lists every nominee per category id (votes for anything else are ignored);
    ``jury`` maps entry id to its first-round normalised score; ``decisions`` maps a category
    id to the organisers' recorded order of entry ids.
    """
    return {
        category_id: _category(
            category_id,
            {e: counts.get((category_id, e), 0) for e in entries},
            k,
            exact,
            jury or {},
            (decisions or {}).get(category_id, ()),
        )
        for category_id, entries in nominees.items()
    }


def _category(
    category_id: int,
    votes: dict[int, int],
    k: int,
    exact: bool,
    jury: Mapping[int, float],
    decision: Sequence[int],
) -> CategoryTally:
    order = sorted(votes, key=lambda e: (-votes[e], e))
    ranks = {e: 1 + sum(1 for other in votes.values() if other > votes[e]) for e in order}
    if not exact:
        places = tuple(Placed(e, votes[e], ranks[e], ranks[e] <= k) for e in order)
        return CategoryTally(category_id, places)
    # Exactly K: the sure ones are strictly above the boundary group, if any.
    if len(order) <= k:
        return CategoryTally(category_id, tuple(Placed(e, votes[e], ranks[e], True) for e in order))
    boundary_votes = votes[order[k - 1]] if k else None
    sure = [e for e in order if k and votes[e] > boundary_votes]  # type: ignore[operator]
    group = [e for e in order if k and votes[e] == boundary_votes]
    seats = k - len(sure)
    chosen, how, unresolved = _break(group, seats, jury, decision)
    places = tuple(
        Placed(
            e,
            votes[e],
            ranks[e],
            e in sure or e in chosen,
            how.get(e),
        )
        for e in order
    )
    return CategoryTally(category_id, places, unresolved)


def _break(
    group: list[int], seats: int, jury: Mapping[int, float], decision: Sequence[int]
) -> tuple[set[int], dict[int, str], tuple[int, ...]]:
    """Fill ``seats`` from the tied ``group``: jury score, then the recorded decision."""
    if len(group) <= seats:
        return set(group), {}, ()
    position = {e: i for i, e in enumerate(decision)}
    missing = len(position)

    def jury_key(e: int) -> float:
        return -round(jury.get(e, float("-inf")), 9)

    ranked = sorted(group, key=lambda e: (jury_key(e), position.get(e, missing), e))
    chosen: set[int] = set()
    how: dict[int, str] = {}
    unresolved: tuple[int, ...] = ()
    index = 0
    while index < len(ranked) and len(chosen) < seats:
        # The entries sharing this jury score.
        same = [e for e in ranked if jury_key(e) == jury_key(ranked[index])]
        index += len(same)
        room = seats - len(chosen)
        if len(same) <= room:
            chosen.update(same)
            if len(group) > seats:
                how.update(dict.fromkeys(same, "jury score"))
            continue
        decided = [e for e in same if e in position]
        decided.sort(key=lambda e: position[e])
        if len(decided) >= room:
            chosen.update(decided[:room])
            how.update(dict.fromkeys(decided[:room], "decision"))
        else:
            unresolved = tuple(sorted(same))
        break
    return chosen, how, unresolved
