"""What the organisers' Experts page reports about the Expert Group as a whole (pure).

* :func:`coverage`: how many experts cover each category, and where that is fewer than the
  reviews each entry needs.
* :func:`gender_balance`: the self-declared genders of the jury, in aggregate only. A group of
  fewer than :data:`FEW` people is never given as a number ("fewer than 5"); and because the
  jury's size is known (the page lists every member), a lone small group could be worked out
  by subtraction, so the smallest other group is then left out as well.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Groups smaller than this are never shown as a number.
FEW = 5
#: The groups of the report, in order: the genders an expert may declare (``models.GENDERS``,
#: kept equal by a test: this module imports no models), then "not stated" ("").
GENDER_GROUPS: tuple[str, ...] = ("female", "male", "other", "undisclosed", "")


@dataclass(frozen=True)
class Coverage:
    """One category: how many experts cover it, and whether that is too few."""

    category_id: int
    experts: int
    short: bool


def coverage(
    category_ids: Sequence[int], expertise: Iterable[frozenset[int]], per_entry: int
) -> list[Coverage]:
    """Experts per category (each expert given by their categories), short where < per_entry."""
    counts: Counter[int] = Counter()
    for categories in expertise:
        counts.update(categories)
    return [Coverage(c, counts[c], counts[c] < per_entry) for c in category_ids]


@dataclass(frozen=True)
class GenderCount:
    """One group of the gender report.

    ``count`` is None when the group is not shown: ``few`` says it has fewer than
    :data:`FEW` people; otherwise it is hidden so that a smaller group cannot be worked out.
    """

    gender: str
    count: int | None
    few: bool = False

    @property
    def hidden(self) -> bool:
        """Left out to protect a smaller group (it may well have :data:`FEW` or more)."""
        return self.count is None and not self.few


def gender_balance(genders: Iterable[str | None], threshold: int = FEW) -> tuple[GenderCount, ...]:
    """The report of ``genders`` (one per jury member; None or "" when not stated)."""
    counts = Counter(g or "" for g in genders)
    unknown = set(counts) - set(GENDER_GROUPS)
    if unknown:
        raise ValueError(f"unknown genders: {sorted(unknown)}")
    few = {g for g in GENDER_GROUPS if counts[g] < threshold}
    hidden: set[str] = set()
    if len(few) == 1:
        shown = [g for g in GENDER_GROUPS if g not in few]
        hidden = {min(shown, key=lambda g: (counts[g], GENDER_GROUPS.index(g)))}
    return tuple(
        GenderCount(g, None if g in few or g in hidden else counts[g], g in few)
        for g in GENDER_GROUPS
    )
