"""An edition with nominees, votes, a tally, Champions and Winners, for the results' web tests
(``published=False`` leaves it one step before publication)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from awards.accounts.models import User
from awards.accounts.roles import Role
from awards.contest.models import Edition
from awards.extensions import db
from awards.results.models import Publication
from awards.results.publishing import publish
from awards.results.snapshots import record_champions_from, take_snapshot
from awards.review.selection_models import WinnerDecision
from awards.submissions.models import Entry
from tests.conftest import Clock
from tests.results_factory import cast, category_of, nominate

AFTER = Clock.DURING_SELECTION
RECEIPT = "AAAA1111BBBB2222"


@dataclass
class World:
    edition: Edition
    organiser: User
    owner: User
    voter: User
    jury: User
    first: list[Entry]
    second: list[Entry]
    publication: Publication | None = None
    snapshot_data: dict[str, Any] | None = None

    @property
    def champion_titles(self) -> list[str]:
        return [self.first[0].title, self.second[1].title]


def build(make_edition: Any, make_user: Any, *, year: int = 2021, tag: str = "") -> World:
    edition = make_edition(year=year, categories=2, champions_per_category=1)
    organiser = make_user(f"olga{tag}@example.org", roles=((Role.ORGANISER, edition.id),))
    owner = make_user(f"owner{tag}@example.org")
    nominees = nominate(edition, owner, per_category=2)
    first = nominees[category_of(edition, 1).id]
    second = nominees[category_of(edition, 2).id]
    titles = ("Solar schools", "Mesh villages", "Data for farms", "Open clinics")
    for entry, title in zip(first + second, titles, strict=True):
        entry.title = f"{title}{tag}"
    voter = make_user(f"a{tag}@example.org")
    cast(
        first[0], voter, Clock.DURING_VOTING, receipt=RECEIPT if not tag else RECEIPT[:-4] + "9999"
    )
    cast(first[1], make_user(f"b{tag}@example.org"), Clock.DURING_VOTING)
    cast(first[0], make_user(f"c{tag}@example.org"), Clock.DURING_VOTING)
    cast(second[1], make_user(f"d{tag}@example.org"), Clock.DURING_VOTING)
    jury = make_user(f"jury{tag}@example.org", roles=((Role.JURY, edition.id),))
    snapshot = take_snapshot(edition, actor=organiser, now=AFTER)
    record_champions_from(snapshot, actor=organiser, now=AFTER)
    for category, entry in (
        (category_of(edition, 1), first[0]),
        (category_of(edition, 2), second[1]),
    ):
        db.session.add(
            WinnerDecision(edition_id=edition.id, category_id=category.id, entry_id=entry.id)
        )
    db.session.flush()
    return World(edition, organiser, owner, voter, jury, first, second)


def publish_world(world: World, *, counts_public: bool = False) -> None:
    world.publication = publish(
        world.edition, actor=world.organiser, now=AFTER, counts_public=counts_public
    )
    db.session.flush()
