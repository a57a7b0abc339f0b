"""The nominees of an edition, as every later phase reads them (public voting, results).

Only the nominees of a category whose list an organiser confirmed count; until then the
category has none. Voting and results call these functions and never query
:class:`~awards.review.selection_models.Nominee` themselves.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from awards.contest.models import Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry


def _confirmed(edition_id: IdArgument) -> Select[int]:
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


#: An id in SQL: a value, a column or a mapped attribute.
IdArgument = ColumnElement[int] | InstrumentedAttribute[int] | int


def nominee_condition(
    entry_id: IdArgument, category_id: IdArgument, edition_id: IdArgument
) -> ColumnElement[bool]:
    """SQL that is true when the entry is a confirmed nominee of that category: the one
    definition, for a query that needs it beside other columns (casting a vote asks it in the
    same query as the entry)."""
    return exists().where(
        Nominee.entry_id == entry_id,
        Nominee.category_id == category_id,
        Nominee.category_id.in_(_confirmed(edition_id)),
    )


def is_nominee(entry: Entry) -> bool:
    """Whether ``entry`` is a nominee of its category (confirmed)."""
    return bool(
        db.session.scalar(select(nominee_condition(entry.id, entry.category_id, entry.edition_id)))
    )


def confirmed_categories(edition: Edition) -> set[int]:
    """The ids of the categories whose nominees are confirmed."""
    return set(db.session.scalars(_confirmed(edition.id)))
