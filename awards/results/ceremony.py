"""What the ceremony shows, computed once: per category in the run-of-show's order its
Champions, its Winner (if confirmed) and when its part starts. A view model for the presenter
view and the run-of-show pages; organisers only (the views authorise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from awards.contest.models import Category, Edition
from awards.results.publication import is_published
from awards.results.run_of_show import ShowItem, run_of_show
from awards.results.run_of_show_rules import end_time, start_times
from awards.review.champions import champions_of
from awards.review.winners import winners_of
from awards.submissions.models import Entry

#: Slides per category: its name, its Champions, its Winner.
SLIDES_PER_CATEGORY = 3


@dataclass(frozen=True)
class Name:
    """A project as the ceremony names it."""

    title: str
    entity: str


@dataclass(frozen=True)
class Part:
    """One category's part of the ceremony."""

    item: ShowItem
    champions: tuple[Name, ...]
    #: None until the organisers confirm the category's Winner.
    winner: Name | None
    starts_at: datetime

    @property
    def category(self) -> Category:
        return self.item.category

    def first_slide(self) -> int:
        """The number of this part's first slide (the title slide is 1)."""
        return 2 + (self.item.position - 1) * SLIDES_PER_CATEGORY


@dataclass(frozen=True)
class Ceremony:
    """The whole ceremony of an edition."""

    edition: Edition
    parts: tuple[Part, ...]
    ends_at: datetime
    #: Whether the results are public already (before that the page is a secret of the day).
    published: bool

    @property
    def slide_count(self) -> int:
        return 1 + SLIDES_PER_CATEGORY * len(self.parts)

    @property
    def total_minutes(self) -> int:
        return sum(part.item.minutes for part in self.parts)

    def start_of(self, category_id: int) -> datetime:
        """When the part of the category ``category_id`` starts."""
        return next(p.starts_at for p in self.parts if p.category.id == category_id)

    @property
    def unconfirmed(self) -> list[Category]:
        """Categories whose Winner is not confirmed yet, in the order of the day."""
        return [part.category for part in self.parts if part.winner is None]


def _name(entry: Entry) -> Name:
    return Name(entry.title, entry.entity_name)


def ceremony_of(edition: Edition, sort_key: Callable[[str], bytes]) -> Ceremony:
    """The ceremony of ``edition``; Champions in ``sort_key``'s order of their titles, so the
    order of a slide tells nothing of the votes or of the Winner."""
    items = run_of_show(edition)
    champions = champions_of(edition)
    winners = winners_of(edition)
    starts = start_times(edition.ceremony_at, [item.minutes for item in items])
    parts = []
    for item, starts_at in zip(items, starts, strict=True):
        names = [_name(c.entry) for c in champions.get(item.category.id, [])]
        names.sort(key=lambda name: sort_key(name.title))
        winner = winners.get(item.category.id)
        parts.append(
            Part(
                item=item,
                champions=tuple(names),
                winner=_name(winner) if winner is not None else None,
                starts_at=starts_at,
            )
        )
    return Ceremony(
        edition=edition,
        parts=tuple(parts),
        ends_at=end_time(edition.ceremony_at, [item.minutes for item in items]),
        published=is_published(edition),
    )
