"""Nominee cards: what a card shows of a nominee, built from ``nominees_of`` and kept a while.

Every voting page lists nominees, and ``awards.review.nominees.nominees_of`` reads them whole
(360 entries with every answer) for each call: the largest cost of a page. The nominees are
fixed before voting opens, so each worker keeps the cards it built, per edition and language,
for ``VOTING_CARDS_CACHE_SECONDS`` (60 by default; 0 switches the cache off, as in tests). A
change of the confirmed categories (``confirmed_categories``, one small query) rebuilds them at
once. The cache holds only what every visitor sees (title, entity, country, summary): nothing
of any viewer, and no count. Votes themselves never use it: casting asks ``is_nominee`` live.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from flask import current_app

from awards.contest.models import Edition
from awards.geography import country_name
from awards.review.nominees import confirmed_categories, nominees_of
from awards.submissions.models import Entry, EntryImage

#: Words of the short description a card shows (the nominee's page shows all of it).
EXCERPT_WORDS = 32

CardsByCategory = dict[int, tuple["Card", ...]]
#: (edition id, language) -> (valid until, confirmed categories, cards per category id).
_cache: dict[tuple[int, str], tuple[float, frozenset[int], CardsByCategory]] = {}


@dataclass(frozen=True)
class Card:
    """One nominee as a card or a row shows it."""

    entry_id: int
    title: str
    entity: str
    country: str
    country_name: str
    region: str
    stakeholder: str
    excerpt: str
    category_id: int
    #: The viewer's current vote in the category is for this nominee.
    chosen: bool = False
    image: EntryImage | None = None


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of ``text``, with an ellipsis when there are more."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def card_of(
    entry: Entry, locale: str, *, chosen: bool = False, image: EntryImage | None = None
) -> Card:
    """The card of a nominee, its country named in ``locale``."""
    return Card(
        entry_id=entry.id,
        title=entry.title,
        entity=entry.entity_name,
        country=entry.country or "",
        country_name=country_name(entry.country, locale),
        region=entry.region or "",
        stakeholder=entry.stakeholder_type.value if entry.stakeholder_type else "",
        excerpt=excerpt(entry.description),
        category_id=entry.category_id,
        chosen=chosen,
        image=image,
    )


def personal(card: Card, *, chosen: bool, image: EntryImage | None) -> Card:
    """The shared card with what this page adds: the viewer's choice and the image."""
    return card if not chosen and image is None else replace(card, chosen=chosen, image=image)


def cards_by_category(edition: Edition, locale: str) -> CardsByCategory:
    """The cards of the edition's nominees per category id, by entry number."""
    seconds = float(current_app.config.get("VOTING_CARDS_CACHE_SECONDS", 0))
    if seconds <= 0:
        return _build(edition, locale)
    confirmed = frozenset(confirmed_categories(edition))
    key = (edition.id, locale)
    kept = _cache.get(key)
    moment = time.monotonic()
    if kept is not None and kept[0] > moment and kept[1] == confirmed:
        return kept[2]
    built = _build(edition, locale)
    _cache[key] = (moment + seconds, confirmed, built)
    return built


def forget_cards() -> None:
    """Drop every kept card (tests; an organiser's change is seen after the delay anyway)."""
    _cache.clear()


def _build(edition: Edition, locale: str) -> CardsByCategory:
    return {
        category_id: tuple(card_of(entry, locale) for entry in entries)
        for category_id, entries in nominees_of(edition).items()
        if entries
    }
