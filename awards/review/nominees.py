"""The nominees of an edition, as every later phase reads them (public voting, results).

Only the nominees of a category whose list an organiser confirmed count; until then the
category has none. Voting and results call these functions and never query
:class:`~awards.review.selection_models.Nominee` themselves.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from awards.contest.models import Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry


def _confirmed(edition_id: int) -> Select[int]:
    return select(CategoryNomination.category_id).where(CategoryNomination.edition_id == edition_id)


def nominees_of(edition: Edition) -> dict[int, list[Entry]]:
    """The nominated entries per category id (confirmed categories only), by entry number."""
    rows = db.session.scalars(
        select(Nominee)
        .options(joinedload(Nominee.entry))
        .where(
            Nominee.edition_id == edition.id,
            Nominee.category_id.in_(_confirmed(edition.id)),
        )
        .order_by(Nominee.category_id, Nominee.entry_id)
    )
    result: dict[int, list[Entry]] = defaultdict(list)
    for row in rows:
        result[row.category_id].append(row.entry)
    return dict(result)


def is_nominee(entry: Entry) -> bool:
    """Whether ``entry`` is a nominee of its category (confirmed)."""
    return (
        db.session.scalar(
            select(Nominee.id).where(
                Nominee.entry_id == entry.id,
                Nominee.category_id == entry.category_id,
                Nominee.category_id.in_(_confirmed(entry.edition_id)),
            )
        )
        is not None
    )


def confirmed_categories(edition: Edition) -> set[int]:
    """The ids of the categories whose nominees are confirmed."""
    return set(db.session.scalars(_confirmed(edition.id)))
