"""Exports of entries with every answer, as CSV (streamed) and XLSX.

Both follow the organisers' list filters. Contacts are exported without their self-declared
gender (only ever reported in aggregate). The files themselves, and the neutralising of
formula-looking text, are in :mod:`awards.spreadsheets`; here are the entries' columns, rows,
queries and file names.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import Connection, Select, func, select

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import country_name
from awards.screening.listing import EntryFilters, filter_conditions, ordered
from awards.screening.rules import reason_label
from awards.spreadsheets import Cell, csv_line, write_xlsx
from awards.submissions.models import Entry, EntryContact, EntryImage, EntrySdg

SDGS = range(1, 18)


def header(max_contacts: int) -> list[str]:
    """Column titles (translated), matching :func:`entry_row`."""
    columns = [
        gettext("Entry id"),
        gettext("Edition"),
        gettext("State"),
        gettext("Screening"),
        gettext("Reason not eligible"),
        gettext("Screening note"),
        gettext("Screened at (UTC)"),
        gettext("Category number"),
        gettext("Category"),
        gettext("Action line"),
        gettext("Title"),
        gettext("Entity"),
        gettext("Stakeholder type"),
        gettext("Country code"),
        gettext("Country"),
        gettext("Region"),
        gettext("Website"),
        gettext("Start date"),
        gettext("Project status"),
        gettext("Short description"),
        gettext("Economic impact"),
        gettext("Social impact"),
        gettext("Environmental impact"),
        gettext("Partnerships"),
        gettext("Challenges and future perspectives"),
        gettext("Declared previous winner"),
        gettext("Owner e-mail"),
        gettext("Submitted at (UTC)"),
        gettext("Updated at (UTC)"),
        gettext("Withdrawn at (UTC)"),
        gettext("Images"),
        gettext("Linked SDGs"),
    ]
    columns += [gettext("SDG %(number)s linkage", number=n) for n in SDGS]
    for n in range(1, max_contacts + 1):
        columns += [
            gettext("Contact %(n)s name", n=n),
            gettext("Contact %(n)s e-mail", n=n),
            gettext("Contact %(n)s job title", n=n),
        ]
    return columns


def _value(member: Any) -> str:
    return str(getattr(member, "value", member) or "")


#: Entry columns read for the export (Core rows, not ORM objects: 5,000 entries stay fast).
EXPORT_COLUMNS = (
    Entry.id,
    Entry.state,
    Entry.screening,
    Entry.ineligible_reason,
    Entry.screening_note,
    Entry.screened_at,
    Category.number,
    Category.name,
    Category.action_line,
    Entry.title,
    Entry.entity_name,
    Entry.stakeholder_type,
    Entry.country,
    Entry.region,
    Entry.website,
    Entry.start_date,
    Entry.project_status,
    Entry.description,
    Entry.impact_economic,
    Entry.impact_social,
    Entry.impact_environmental,
    Entry.partnerships,
    Entry.challenges,
    Entry.declared_previous_winner,
    User.email,
    Entry.submitted_at,
    Entry.updated_at,
    Entry.withdrawn_at,
)


@dataclass(frozen=True)
class _Answers:
    """The per-entry lists of the selected entries, keyed by entry id."""

    contacts: dict[int, list[tuple[str, str, str]]]
    sdgs: dict[int, dict[int, str]]
    images: dict[int, int]


def _selected_ids(edition: Edition, filters: EntryFilters) -> Select[Any]:
    return select(Entry.id).join(Entry.category).where(*filter_conditions(edition.id, filters))


def _load_answers(connection: Connection, selected: Select[Any]) -> _Answers:
    """Contacts, SDG answers and image counts of every selected entry: three queries."""
    contacts: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for entry_id, name, email, job in connection.execute(
        select(EntryContact.entry_id, EntryContact.name, EntryContact.email, EntryContact.job_title)
        .where(EntryContact.entry_id.in_(selected))
        .order_by(EntryContact.entry_id, EntryContact.position, EntryContact.id)
    ):
        contacts[entry_id].append((name, email, job))
    sdgs: dict[int, dict[int, str]] = defaultdict(dict)
    for entry_id, number, answer in connection.execute(
        select(EntrySdg.entry_id, EntrySdg.sdg, EntrySdg.answer).where(
            EntrySdg.entry_id.in_(selected)
        )
    ):
        sdgs[entry_id][number] = answer
    counted = connection.execute(
        select(EntryImage.entry_id, func.count())
        .where(EntryImage.entry_id.in_(selected))
        .group_by(EntryImage.entry_id)
    )
    images: dict[int, int] = dict(counted.all())
    return _Answers(contacts, sdgs, images)


def entry_row(
    row: Any,
    year: int,
    contacts: Sequence[tuple[str, str, str]],
    sdgs: dict[int, str],
    images: int,
    max_contacts: int,
    locale: str,
) -> list[Cell]:
    """Every answer of one entry as a list of cells (no gender), matching :func:`header`."""
    cells: list[Cell] = [
        row.id,
        year,
        _value(row.state),
        _value(row.screening),
        reason_label(row.ineligible_reason),
        row.screening_note or "",
        row.screened_at,
        row.number,
        row.name,
        row.action_line,
        row.title,
        row.entity_name,
        _value(row.stakeholder_type),
        row.country or "",
        country_name(row.country, locale),
        row.region or "",
        row.website,
        row.start_date,
        _value(row.project_status),
        row.description,
        row.impact_economic,
        row.impact_social,
        row.impact_environmental,
        row.partnerships,
        row.challenges,
        row.declared_previous_winner,
        row.email,
        row.submitted_at,
        row.updated_at,
        row.withdrawn_at,
        images,
        ", ".join(str(n) for n in sorted(sdgs)),
    ]
    cells += [sdgs.get(n, "") for n in SDGS]
    for name, email, job in list(contacts)[:max_contacts]:
        cells += [name, email, job]
    cells += ["", "", ""] * (max_contacts - min(len(contacts), max_contacts))
    return cells


def _max_contacts(edition_id: int) -> int:
    """The most contacts any entry of the edition has (columns are the same for any filter)."""
    counts = (
        select(func.count().label("n"))
        .select_from(EntryContact)
        .join(Entry, Entry.id == EntryContact.entry_id)
        .where(Entry.edition_id == edition_id)
        .group_by(EntryContact.entry_id)
        .subquery()
    )
    return max(1, db.session.scalar(select(func.max(counts.c.n))) or 0)


def export_rows(
    edition: Edition, filters: EntryFilters, locale: str = "en"
) -> tuple[list[str], Iterator[list[Cell]]]:
    """(header, rows in list order): four queries whatever the number of entries.

    The entries are selected by the list's filters as a subquery (never as a list of ids, whose
    thousands of parameters cost more to send than the rows), and read through Core on the
    session's connection: no ORM objects for 5,000 wide rows.
    """
    max_contacts = _max_contacts(edition.id)
    selected = _selected_ids(edition, filters)

    def rows() -> Iterator[list[Cell]]:
        connection = db.session.connection()
        answers = _load_answers(connection, selected)
        query = ordered(
            select(*EXPORT_COLUMNS)
            .join(Category, Category.id == Entry.category_id)
            .join(User, User.id == Entry.owner_id)
            .where(*filter_conditions(edition.id, filters)),
            filters,
        )
        for row in connection.execute(query):
            yield entry_row(
                row,
                edition.year,
                answers.contacts.get(row.id, []),
                answers.sdgs.get(row.id, {}),
                answers.images.get(row.id, 0),
                max_contacts,
                locale,
            )

    return header(max_contacts), rows()


def csv_chunks(edition: Edition, filters: EntryFilters, locale: str = "en") -> Iterator[str]:
    """The CSV file in pieces: UTF-8 byte-order mark (for Excel), header, rows."""
    columns, rows = export_rows(edition, filters, locale)
    yield "\ufeff" + csv_line(columns)
    batch: list[str] = []
    for row in rows:
        batch.append(csv_line(row))
        if len(batch) == 200:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def xlsx_bytes(edition: Edition, filters: EntryFilters, locale: str = "en") -> bytes:
    """The XLSX workbook (one sheet, a header row then one row per entry)."""
    columns, rows = export_rows(edition, filters, locale)
    out = io.BytesIO()
    write_xlsx(out, gettext("Entries"), columns, rows)
    return out.getvalue()


def export_filename(edition: Edition, extension: str, now: datetime) -> str:
    """``wsis-prizes-2021-entries-20210201-1200.csv``."""
    return f"wsis-prizes-{edition.year}-entries-{now.astimezone(UTC):%Y%m%d-%H%M}.{extension}"
