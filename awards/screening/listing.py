"""The organisers' list of entries: filters parsed from the query string, and its queries.

A page costs two queries: the counts per category under the current filters (which also give
the total), then the 50 rows of the page with their category joined in. The filters are
validated here: an unknown value is ignored (as if not given), never an error page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import contains_eager, load_only

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import COUNTRY_CODES, Region, english_names
from awards.query_args import bounded_int
from awards.screening.search_keys import fold
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry, EntryState, Screening

PER_PAGE = 50
#: Any SELECT: ``ordered`` keeps the columns it was given.
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])
MAX_QUERY_LENGTH = 100

#: The six ITU regions, in the order ITU lists them (values as stored on entries).
REGIONS: tuple[str, ...] = tuple(r.value for r in Region)

#: State filter values: the submitters' states and, for submitted entries, the screening.
STATE_FILTERS: tuple[str, ...] = (
    EntryState.DRAFT,
    EntryState.SUBMITTED,
    EntryState.WITHDRAWN,
    Screening.PENDING,
    Screening.ELIGIBLE,
    Screening.INELIGIBLE,
)

SORTS: dict[str, Any] = {
    "submitted": Entry.submitted_at,
    "title": Entry.title,
    "category": Category.number,
    "entity": Entry.entity_name,
    "updated": Entry.updated_at,
}
DEFAULT_SORT = "submitted"
#: Dates read newest first by default; names read A to Z.
DEFAULT_DIRECTION = {"submitted": "desc", "updated": "desc"}


def countries_matching(text: str) -> list[str]:
    """ISO codes whose code or English names contain ``text`` (case-insensitive)."""
    needle = text.strip().casefold()
    if len(needle) < 2:
        return []
    return [code for code, names in english_names() if needle == code.casefold() or needle in names]


def _int_or_none(value: str | None) -> int | None:
    return bounded_int(value)


@dataclass(frozen=True)
class EntryFilters:
    """What the organiser asked to see; every field already validated."""

    category: int | None = None
    region: str | None = None
    country: str | None = None
    stakeholder: str | None = None
    state: str | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    direction: str = "desc"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], category_ids: set[int]) -> EntryFilters:
        """Parse query arguments; anything unknown or malformed falls back to its default."""
        category = _int_or_none(args.get("category"))
        region = args.get("region") or None
        country = (args.get("country") or "").strip().upper() or None
        stakeholder = args.get("stakeholder") or None
        state = args.get("state") or None
        sort = str(args.get("sort")) if args.get("sort") in SORTS else DEFAULT_SORT
        direction = args.get("direction")
        if direction not in ("asc", "desc"):
            direction = DEFAULT_DIRECTION.get(sort, "asc")
        page = _int_or_none(args.get("page")) or 1
        return cls(
            category=category if category in category_ids else None,
            region=region if region in REGIONS else None,
            country=country if country in COUNTRY_CODES else None,
            stakeholder=stakeholder if stakeholder in set(StakeholderType) else None,
            state=state if state in STATE_FILTERS else None,
            q=(args.get("q") or "").strip()[:MAX_QUERY_LENGTH],
            sort=sort,
            direction=direction,
            page=page if 1 <= page <= 1_000_000 else 1,
        )

    def args(self, **overrides: Any) -> dict[str, Any]:
        """Query arguments reproducing these filters (defaults left out), with overrides."""
        values = {name: getattr(self, name) for name in _DEFAULTS} | overrides
        defaults = _DEFAULTS | {"direction": DEFAULT_DIRECTION.get(values["sort"], "asc")}
        return {k: v for k, v in values.items() if v not in (None, "") and v != defaults[k]}

    @property
    def active(self) -> bool:
        """Whether any filter or search narrows the list."""
        return any((self.category, self.region, self.country, self.stakeholder, self.state, self.q))


_DEFAULTS: dict[str, Any] = asdict(EntryFilters())


def filter_conditions(
    edition_id: int, filters: EntryFilters, *, with_category: bool = True
) -> list[ColumnElement[bool]]:
    """SQL conditions selecting the entries that ``filters`` describe."""
    conditions: list[ColumnElement[bool]] = [Entry.edition_id == edition_id]
    if with_category and filters.category:
        conditions.append(Entry.category_id == filters.category)
    if filters.region:
        conditions.append(Entry.region == filters.region)
    if filters.country:
        conditions.append(Entry.country == filters.country)
    if filters.stakeholder:
        conditions.append(Entry.stakeholder_type == StakeholderType(filters.stakeholder))
    if filters.state in set(EntryState):
        conditions.append(Entry.state == EntryState(filters.state))
    elif filters.state in set(Screening):
        conditions.append(Entry.state == EntryState.SUBMITTED)
        conditions.append(Entry.screening == Screening(filters.state))
    if filters.q:
        codes = countries_matching(filters.q)
        conditions.append(
            or_(
                Entry.search_key.contains(fold(filters.q), autoescape=True),
                Entry.country.in_(codes) if codes else false(),
            )
        )
    return conditions


def ordered(query: SelectT, filters: EntryFilters) -> SelectT:
    """Apply the chosen sort (NULL dates last), with the id as a stable tie-break."""
    column = SORTS[filters.sort]
    if filters.sort in ("title", "entity"):
        column = func.lower(column)
    if filters.direction == "desc":
        return query.order_by(column.desc().nulls_last(), Entry.id.desc())
    return query.order_by(column.asc().nulls_last(), Entry.id.asc())


@dataclass(frozen=True)
class EntryPage:
    """One page of the list and the counts around it."""

    items: list[Entry]
    total: int
    page: int
    pages: int
    per_page: int
    #: (category, count) for every category of the edition, under the other filters.
    counts: list[tuple[Category, int]]


LIST_COLUMNS = (
    Entry.id,
    Entry.edition_id,
    Entry.category_id,
    Entry.title,
    Entry.entity_name,
    Entry.stakeholder_type,
    Entry.country,
    Entry.region,
    Entry.state,
    Entry.screening,
    Entry.ineligible_reason,
    Entry.submitted_at,
    Entry.updated_at,
)


def entry_page(edition: Edition, filters: EntryFilters, per_page: int = PER_PAGE) -> EntryPage:
    """The page of entries ``filters`` asks for (clamped to the last page), with counts."""
    counted = dict(
        db.session.execute(
            select(Entry.category_id, func.count())
            .where(*filter_conditions(edition.id, filters, with_category=False))
            .group_by(Entry.category_id)
        ).all()
    )
    total = counted.get(filters.category, 0) if filters.category else sum(counted.values())
    pages = max(1, math.ceil(total / per_page))
    page = min(filters.page, pages)
    query = (
        select(Entry)
        .join(Entry.category)
        .options(load_only(*LIST_COLUMNS), contains_eager(Entry.category))
        .where(*filter_conditions(edition.id, filters))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = list(db.session.scalars(ordered(query, filters)).unique())
    counts = [(category, counted.get(category.id, 0)) for category in edition.categories]
    return EntryPage(items, total, page, pages, per_page, counts)


def resolve_edition(year: str | int | None) -> Edition | None:
    """The edition of ``year``, or the latest one when no (valid) year is given."""
    wanted = _int_or_none(str(year)) if year is not None else None
    if wanted is not None:
        edition = db.session.scalars(select(Edition).where(Edition.year == wanted)).first()
        if edition is not None:
            return edition
    return db.session.scalars(select(Edition).order_by(Edition.year.desc())).first()


def all_editions() -> list[tuple[int, str]]:
    """(year, title) of every edition, newest first, for the edition switcher."""
    return [
        (row.year, row.title)
        for row in db.session.execute(
            select(Edition.year, Edition.title).order_by(Edition.year.desc())
        )
    ]
