"""A published edition for the certificates' and the API's tests: two categories, one
Champion each (also its Winner), an Arabic and a Chinese entity name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from awards.accounts.models import User
from awards.accounts.roles import Role
from awards.contest.models import Edition
from awards.extensions import db
from awards.results.publishing import publish
from awards.results.snapshots import record_champions_from, take_snapshot
from awards.review.selection_models import WinnerDecision
from awards.submissions.models import Entry
from tests.conftest import Clock
from tests.results_factory import cast, category_of, nominate

ARABIC_ENTITY = "جمعية تقنية المعلومات"
CHINESE_ENTITY = "中国信息社会促进会"


@dataclass
class Published:
    edition: Edition
    organiser: User
    owner: User
    first: Entry  # Champion and Winner of category 1 (Arabic entity)
    second: Entry  # Champion and Winner of category 2 (Chinese entity)
    others: list[Entry]  # nominees that won nothing


def tallied(make_edition: Any, make_user: Any, year: int = 2021) -> Published:
    """Votes counted and Champions recorded, Winners decided; not published yet."""
    edition = make_edition(year=year, categories=2, champions_per_category=1)
    organiser = make_user(f"olga{year}@example.org", roles=((Role.ORGANISER, edition.id),))
    owner = make_user(f"owner{year}@example.org")
    nominees = nominate(edition, owner, per_category=2)
    first = nominees[category_of(edition, 1).id]
    second = nominees[category_of(edition, 2).id]
    first[0].entity_name = ARABIC_ENTITY
    first[0].title = "Digital Library for All"
    second[1].entity_name = CHINESE_ENTITY
    second[1].title = "Rural Telemedicine"
    for n, (entry, who) in enumerate(
        ((first[0], "a"), (first[1], "b"), (first[0], "c"), (second[1], "d"))
    ):
        cast(entry, make_user(f"{who}{year}-{n}@example.org"), Clock.DURING_VOTING)
    snapshot = take_snapshot(edition, actor=organiser, now=Clock.DURING_SELECTION)
    record_champions_from(snapshot, actor=organiser, now=Clock.DURING_SELECTION)
    for category, entry in (
        (category_of(edition, 1), first[0]),
        (category_of(edition, 2), second[1]),
    ):
        db.session.add(
            WinnerDecision(edition_id=edition.id, category_id=category.id, entry_id=entry.id)
        )
    db.session.flush()
    return Published(edition, organiser, owner, first[0], second[1], [first[1], second[0]])


def published(make_edition: Any, make_user: Any, year: int = 2021, **kwargs: Any) -> Published:
    world = tallied(make_edition, make_user, year)
    publish(world.edition, actor=world.organiser, now=Clock.DURING_SELECTION, **kwargs)
    return world
