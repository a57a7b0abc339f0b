"""What the voting pages show of the nominees: cards, filters, search and the order shown.

The nominees come from :func:`awards.review.nominees.nominees_of` only (confirmed categories).
The order is never by popularity: a signed-in voter sees each category shuffled by a seed of
the edition, the category and the voter's id (the same order on every visit, another order for
each voter, so no nominee profits from being first for everyone); a visitor sees them
alphabetically in the page's language. Nothing here reads a vote of anyone but the viewer, so
no count, rank or share can reach a page, an e-mail, a header or a cache.

Search folds case and accents (``awards.screening.search_keys.fold``) and looks at the title,
the entity and the country's name in the page's language. It does not use ``Entry.search_key``,
which also holds the contacts' names and addresses: those are not public.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from awards.collation import sort_key
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import Region
from awards.review.nominees import is_nominee
from awards.screening.search_keys import fold
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry, EntryImage, ImageKind
from awards.voting.nominee_cards import Card, cards_by_category, personal

MAX_QUERY_LENGTH = 100
REGIONS = frozenset(r.value for r in Region)
STAKEHOLDERS = frozenset(s.value for s in StakeholderType)


def nominees_public(edition: Edition, now: datetime) -> bool:
    """The nominees are shown from the moment voting opens (and stay shown afterwards)."""
    return now >= edition.voting_opens


@dataclass(frozen=True)
class Filters:
    """What the viewer asked to see; every field already validated (unknown values dropped)."""

    q: str = ""
    region: str = ""
    country: str = ""
    stakeholder: str = ""
    category: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], category_numbers: Iterable[int] = ()) -> Filters:
        region = args.get("region", "")
        country = args.get("country", "").upper()
        stakeholder = args.get("stakeholder", "")
        number = args.get("category", "")
        numbers = set(category_numbers)
        return cls(
            q=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
            region=region if region in REGIONS else "",
            country=country
            if len(country) == 2 and country.isascii() and country.isalpha()
            else "",
            stakeholder=stakeholder if stakeholder in STAKEHOLDERS else "",
            category=int(number) if number.isdigit() and int(number) in numbers else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.region or self.country or self.stakeholder or self.category)

    def args(self, **changes: Any) -> dict[str, str]:
        """The query-string values of these filters (empty ones left out)."""
        chosen = replace(self, **changes)
        values = {
            "q": chosen.q,
            "region": chosen.region,
            "country": chosen.country,
            "stakeholder": chosen.stakeholder,
            "category": str(chosen.category or ""),
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Options:
    """The filter values present among the nominees (so no choice leads to an empty page)."""

    regions: tuple[str, ...]
    countries: tuple[tuple[str, str], ...]
    stakeholders: tuple[str, ...]


@dataclass(frozen=True)
class CategoryGroup:
    """A category with the cards shown of it and how many nominees it has in all."""

    category: Category
    cards: list[Card]
    nominees: int
    #: The nominee the viewer voted for here (None: not voted in this category).
    chosen_id: int | None


def ordered(
    cards: Sequence[Card], *, edition_id: int, category_id: int, viewer_id: int | None, locale: str
) -> list[Card]:
    """Random per voter (seeded, stable), alphabetical for visitors; never by votes."""
    if viewer_id is None:
        key = sort_key(locale)
        return sorted(cards, key=lambda c: (key(c.title), c.entry_id))
    shuffled = sorted(cards, key=lambda c: c.entry_id)
    # Not security: a stable, per-voter order (the seed is a string, hashed by SHA-512).
    random.Random(f"{edition_id}:{category_id}:{viewer_id}").shuffle(shuffled)  # noqa: S311
    return shuffled


def matches(card: Card, filters: Filters) -> bool:
    if filters.region and card.region != filters.region:
        return False
    if filters.country and card.country != filters.country:
        return False
    if filters.stakeholder and card.stakeholder != filters.stakeholder:
        return False
    if filters.q:
        needle = fold(filters.q)
        haystack = fold(f"{card.title}\n{card.entity}\n{card.country_name}")
        return all(word in haystack for word in needle.split())
    return True


def options_of(cards: Iterable[Card], locale: str) -> Options:
    cards = list(cards)
    key = sort_key(locale)
    countries = {card.country: card.country_name for card in cards if card.country}
    present = {card.stakeholder for card in cards}
    return Options(
        regions=tuple(sorted({card.region for card in cards if card.region})),
        countries=tuple(sorted(countries.items(), key=lambda pair: key(pair[1]))),
        stakeholders=tuple(s.value for s in StakeholderType if s.value in present),
    )


def first_images(entry_ids: Iterable[int]) -> dict[int, EntryImage]:
    """Each entry's image for a card, by one query: its first photo, else its first logo."""
    ids = list(entry_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(EntryImage).where(EntryImage.entry_id.in_(ids)).order_by(EntryImage.id)
    )
    chosen: dict[int, EntryImage] = {}
    for image in rows:
        current = chosen.get(image.entry_id)
        if current is None or (current.kind != ImageKind.PHOTO and image.kind == ImageKind.PHOTO):
            chosen[image.entry_id] = image
    return chosen


def category_groups(
    edition: Edition,
    filters: Filters,
    *,
    viewer_id: int | None,
    voted: Mapping[int, int],
    locale: str,
    only: Category | None = None,
    with_images: bool = False,
) -> tuple[list[CategoryGroup], Options]:
    """The categories with nominees (or ``only`` that one) and the cards the filters keep."""
    by_category = cards_by_category(edition, locale)
    groups: list[CategoryGroup] = []
    every_card: list[Card] = []
    wanted = [only] if only is not None else edition.categories
    images = (
        first_images(c.entry_id for cat in wanted for c in by_category.get(cat.id, ()))
        if with_images
        else {}
    )
    for category in wanted:
        entries = by_category.get(category.id, ())
        if not entries:
            continue
        chosen_id = voted.get(category.id)
        cards = [
            personal(card, chosen=card.entry_id == chosen_id, image=images.get(card.entry_id))
            for card in ordered(
                entries,
                edition_id=edition.id,
                category_id=category.id,
                viewer_id=viewer_id,
                locale=locale,
            )
        ]
        every_card += cards
        if filters.category and filters.category != category.number:
            kept: list[Card] = []
        else:
            kept = [card for card in cards if matches(card, filters)]
        groups.append(CategoryGroup(category, kept, len(entries), chosen_id))
    return groups, options_of(every_card, locale)


def nominee_in(edition: Edition, entry_id: int) -> Entry | None:
    """The entry ``entry_id`` if it is a nominee of ``edition`` (None otherwise)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.edition_id != edition.id or not is_nominee(entry):
        return None
    return entry
