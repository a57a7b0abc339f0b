"""Whether an edition's results are public: the one question every page, export and API asks
before it shows a count, a rank, a Champion or a Winner to anyone but the organisers."""

from __future__ import annotations

from sqlalchemy import select

from awards.contest.models import Edition
from awards.extensions import db
from awards.results.models import Publication


def publication_of(edition: Edition) -> Publication | None:
    """The edition's publication, if its results are public."""
    return db.session.scalar(select(Publication).where(Publication.edition_id == edition.id))


def is_published(edition: Edition) -> bool:
    """Whether ``edition``'s results are public."""
    return publication_of(edition) is not None
