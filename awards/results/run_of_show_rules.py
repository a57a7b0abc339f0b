"""The run-of-show's rules (pure): the order of the categories on the day, what a valid plan
is, and when each category's part starts.

- The default order is by category number; a category added after the plan was saved goes
  after the planned ones, by number.
- A plan is valid when it has one item per category of the edition, its positions are exactly
  1..n (a permutation), every planned time is a whole number of minutes from 0 to 120 and every
  presenter's name is at most 200 characters.
- Each part starts when the one before it ends; the first starts with the ceremony.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Planned minutes of a category nobody has planned yet.
DEFAULT_MINUTES = 5
MAX_MINUTES = 120
MAX_PRESENTER = 200

#: The fields of one item, as forms and services name them.
POSITION = "position"
PRESENTER = "presenter"
MINUTES = "minutes"
NOTES = "notes"
PRONUNCIATION = "pronunciation"


@dataclass(frozen=True)
class Planned:
    """One category's part as an organiser plans it."""

    category_id: int
    position: int
    presenter: str = ""
    minutes: int = DEFAULT_MINUTES
    notes: str = ""
    pronunciation: str = ""


class Problem(enum.StrEnum):
    """What makes an item of a plan unusable."""

    POSITION_RANGE = "position_range"
    POSITION_TWICE = "position_twice"
    MINUTES_RANGE = "minutes_range"
    PRESENTER_LONG = "presenter_long"
    UNKNOWN_CATEGORY = "unknown_category"
    MISSING_CATEGORY = "missing_category"


def field_name(category_id: int, field: str) -> str:
    """The form field (and the error's field) of one item's ``field``: ``minutes-12``."""
    return f"{field}-{category_id}"


def default_order(categories: Sequence[tuple[int, int]], stored: Mapping[int, int]) -> list[int]:
    """Category ids in the order of the day.

    ``categories`` are (id, number) pairs; ``stored`` maps a planned category's id to its saved
    position. Planned categories come first by position (then number), the others after them by
    number; stored positions of categories not in ``categories`` are ignored.
    """
    number = dict(categories)
    planned = sorted((c for c in number if c in stored), key=lambda c: (stored[c], number[c]))
    rest = sorted((c for c in number if c not in stored), key=lambda c: number[c])
    return planned + rest


def plan_problems(
    items: Sequence[Planned], category_ids: Collection[int]
) -> dict[tuple[int, str], Problem]:
    """What is wrong with ``items`` as the plan of the edition's ``category_ids``.

    Keys are (category id, field); a plan is valid when the answer is empty. A category of the
    edition without an item is reported on its own id, field ``position``.
    """
    problems: dict[tuple[int, str], Problem] = {}
    wanted = set(category_ids)
    seen = Counter(item.category_id for item in items)
    for category_id in sorted(wanted - set(seen)):
        problems[(category_id, POSITION)] = Problem.MISSING_CATEGORY
    count = len(wanted)
    positions = Counter(item.position for item in items)
    for item in items:
        if item.category_id not in wanted or seen[item.category_id] > 1:
            problems[(item.category_id, POSITION)] = Problem.UNKNOWN_CATEGORY
        elif not 1 <= item.position <= count:
            problems[(item.category_id, POSITION)] = Problem.POSITION_RANGE
        elif positions[item.position] > 1:
            problems[(item.category_id, POSITION)] = Problem.POSITION_TWICE
        if not 0 <= item.minutes <= MAX_MINUTES:
            problems[(item.category_id, MINUTES)] = Problem.MINUTES_RANGE
        if len(item.presenter) > MAX_PRESENTER:
            problems[(item.category_id, PRESENTER)] = Problem.PRESENTER_LONG
    return problems


def start_times(start: datetime, minutes: Sequence[int]) -> list[datetime]:
    """When each part starts, the parts taking ``minutes`` each in order from ``start``."""
    times = []
    at = start
    for planned in minutes:
        times.append(at)
        at += timedelta(minutes=planned)
    return times


def end_time(start: datetime, minutes: Sequence[int]) -> datetime:
    """When the last part ends."""
    return start + timedelta(minutes=sum(minutes))
