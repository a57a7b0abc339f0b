"""What the public results pages show, read only once an edition's results are published.

Every function here starts from a :class:`Publication`: there is no way to ask for an
unpublished edition's Winners, Champions or counts through this module. Counts per project
come only from the published snapshot, and only when ``counts_public`` is set.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.results.models import Publication
from awards.review.selection_models import Champion, WinnerDecision
from awards.submissions.models import Entry, EntryState


@dataclass(frozen=True)
class Project:
    """What the public pages show of a project: its id, title and entity."""

    id: int
    title: str
    entity_name: str


@dataclass(frozen=True)
class Place:
    """A Champion of a published category; ``votes`` only when the edition made counts public."""

    entry: Project
    winner: bool
    votes: int | None


@dataclass(frozen=True)
class CategoryResults:
    category: Category
    winner: Project | None
    champions: tuple[Place, ...]
    root: str
    size: int


@dataclass(frozen=True)
class EditionResults:
    edition: Edition
    publication: Publication
    categories: tuple[CategoryResults, ...]
    total_votes: int


def published_editions() -> list[Publication]:
    """Every publication, newest edition first."""
    return list(
        db.session.scalars(
            select(Publication)
            .join(Edition, Edition.id == Publication.edition_id)
            .order_by(Edition.year.desc())
        )
    )


def publication_for_year(year: int) -> Publication | None:
    """The publication of the edition of ``year``; None for an unknown or unpublished year."""
    return db.session.scalar(
        select(Publication)
        .join(Edition, Edition.id == Publication.edition_id)
        .where(Edition.year == year)
    )


def _champions(edition_id: int) -> dict[int, list[Project]]:
    """The recorded Champions per category id (the columns the pages show, one query)."""
    rows = db.session.execute(
        select(Champion.category_id, Entry.id, Entry.title, Entry.entity_name)
        .join(Entry, Entry.id == Champion.entry_id)
        .where(Champion.edition_id == edition_id)
        .order_by(Champion.category_id, Entry.title, Entry.id)
    )
    result: dict[int, list[Project]] = defaultdict(list)
    for category_id, entry_id, title, entity in rows:
        result[category_id].append(Project(entry_id, title, entity))
    return result


def _winners(edition_id: int, champions: dict[int, list[Project]]) -> dict[int, Project]:
    """The confirmed Winner per category id, still a Champion there (as ``winners_of``)."""
    decided = db.session.execute(
        select(WinnerDecision.category_id, WinnerDecision.entry_id).where(
            WinnerDecision.edition_id == edition_id
        )
    )
    result = {}
    for category_id, entry_id in decided:
        match = [p for p in champions.get(category_id, []) if p.id == entry_id]
        if match:
            result[category_id] = match[0]
    return result


def edition_results(publication: Publication) -> EditionResults:
    """The Winners and Champions of each category of a published edition."""
    edition = db.session.get_one(Edition, publication.edition_id)
    data: dict[str, Any] = publication.snapshot.data
    champions = _champions(edition.id)
    winners = _winners(edition.id, champions)
    categories = []
    for category in edition.categories:
        stored = data.get(str(category.number), {})
        votes = {p["entry_id"]: p["votes"] for p in stored.get("places", [])}
        winner = winners.get(category.id)
        places = sorted(
            (
                Place(
                    entry=project,
                    winner=winner is not None and project.id == winner.id,
                    votes=votes.get(project.id, 0) if publication.counts_public else None,
                )
                for project in champions.get(category.id, [])
            ),
            key=lambda p: not p.winner,
        )
        categories.append(
            CategoryResults(
                category=category,
                winner=winner,
                champions=tuple(places),
                root=str(stored.get("root", "")),
                size=int(stored.get("size", 0)),
            )
        )
    total = sum(int(c.get("valid_votes", 0)) for c in data.values())
    return EditionResults(edition, publication, tuple(categories), total)


@dataclass(frozen=True)
class Statistics:
    regions: list[tuple[str, int]]
    stakeholders: list[tuple[str, int]]
    categories: list[tuple[Category, int]]
    entries: int
    total_votes: int


def statistics(publication: Publication) -> Statistics:
    """Submitted entries per region, stakeholder type and category, and the valid votes."""
    edition = db.session.get_one(Edition, publication.edition_id)
    rows = db.session.execute(
        select(Entry.region, Entry.stakeholder_type, Entry.category_id, func.count(Entry.id))
        .where(Entry.edition_id == edition.id, Entry.state == EntryState.SUBMITTED)
        .group_by(Entry.region, Entry.stakeholder_type, Entry.category_id)
    ).all()
    regions: Counter[str] = Counter()
    stakeholders: Counter[str] = Counter()
    per_category: Counter[int] = Counter()
    for region, stakeholder, category_id, count in rows:
        regions[region or ""] += count
        stakeholders[stakeholder.value if stakeholder else ""] += count
        per_category[category_id] += count
    data: dict[str, Any] = publication.snapshot.data
    return Statistics(
        regions=sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        stakeholders=sorted(stakeholders.items(), key=lambda kv: (-kv[1], kv[0])),
        categories=[(c, per_category.get(c.id, 0)) for c in edition.categories],
        entries=sum(regions.values()),
        total_votes=sum(int(c.get("valid_votes", 0)) for c in data.values()),
    )


def hall_of_fame() -> list[tuple[Edition, list[tuple[Category, Project]]]]:
    """The Winners of every published edition, newest first, by category number."""
    result = []
    for publication in published_editions():
        edition = db.session.get_one(Edition, publication.edition_id)
        winners = _winners(edition.id, _champions(edition.id))
        result.append(
            (edition, [(c, winners[c.id]) for c in edition.categories if c.id in winners])
        )
    return result
