"""What the read-only JSON API answers, as plain dictionaries (dumped by ``api_schemas``).

Public from the start: the editions and their categories. The nominees once voting has opened
and an organiser confirmed some. The results (Winners, Champions, each category's Merkle root
and size) once they are published, and each project's valid votes only when the organisers
published the counts. Before that the answer is None (the view's 404), never a partial list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from awards.contest.models import Edition
from awards.extensions import db
from awards.results.publication import publication_of
from awards.review.champions import champions_of
from awards.review.nominees import nominees_of
from awards.review.winners import winners_of
from awards.submissions.models import Entry

Row = dict[str, Any]
Votes = dict[int, int]

DATES = (
    "submission_opens",
    "submission_closes",
    "nomination_opens",
    "nomination_closes",
    "voting_opens",
    "voting_closes",
    "selection_opens",
    "selection_closes",
    "ceremony_at",
)


def edition_by_year(year: int) -> Edition | None:
    return db.session.scalar(select(Edition).where(Edition.year == year))


def editions(now: datetime) -> dict[str, Any]:
    rows = db.session.scalars(select(Edition).order_by(Edition.year.desc()))
    return {
        "editions": [
            {
                "year": e.year,
                "title": e.title,
                "phase": str(e.phase(now)),
                "dates": {name: getattr(e, name) for name in DATES},
            }
            for e in rows
        ]
    }


def categories(edition: Edition) -> dict[str, Any]:
    return {
        "year": edition.year,
        "categories": [
            {
                "number": c.number,
                "action_line": c.action_line,
                "name": c.name,
                "translations": dict(c.name_translations or {}),
            }
            for c in edition.categories
        ],
    }


def _project(entry: Entry, number: int) -> dict[str, Any]:
    return {
        "entry_id": entry.id,
        "title": entry.title,
        "entity": entry.entity_name,
        "country": entry.country,
        "category_number": number,
    }


def nominees(edition: Edition, now: datetime) -> dict[str, Any] | None:
    """The confirmed nominees, once voting has opened; None before or when there are none."""
    if now < edition.voting_opens:
        return None
    numbers = {c.id: c.number for c in edition.categories}
    listed = nominees_of(edition)
    rows = [
        _project(entry, numbers[category_id])
        for category_id in sorted(listed, key=numbers.__getitem__)
        for entry in listed[category_id]
    ]
    return {"year": edition.year, "nominees": rows} if rows else None


def results(edition: Edition) -> dict[str, Any] | None:
    """The published results; None before publication."""
    publication = publication_of(edition)
    if publication is None:
        return None
    counts = publication.counts_public
    stored = publication.snapshot.data
    champions = champions_of(edition)
    winners = winners_of(edition)
    categories = []
    for category in edition.categories:
        votes = {c.entry_id: c.valid_votes for c in champions.get(category.id, [])}

        def awarded(entry: Entry, number: int = category.number, votes: Votes = votes) -> Row:
            row = _project(entry, number)
            if counts:
                row["valid_votes"] = votes.get(entry.id, 0)
            return row

        tree = stored.get(str(category.number), {})
        winner = winners.get(category.id)
        categories.append(
            {
                "number": category.number,
                "winner": awarded(winner) if winner else None,
                "champions": [awarded(c.entry) for c in champions.get(category.id, [])],
                "merkle_root": tree.get("root", ""),
                "merkle_size": tree.get("size", 0),
            }
        )
    return {
        "year": edition.year,
        "published_at": publication.published_at,
        "counts_public": counts,
        "categories": categories,
    }
