"""Exports of entries with every answer, as CSV (streamed) and XLSX (openpyxl write-only).

Both follow the organisers' list filters. Contacts are exported without their self-declared
gender (only ever reported in aggregate). Every text cell that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with
an apostrophe, so a submitted title like ``=HYPERLINK(...)`` stays text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.submissions.geography import country_name
from awards.submissions.listing import EntryFilters, filter_conditions, ordered
from awards.submissions.models import Entry, EntryContact
from awards.submissions.screening import reason_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
SDGS = range(1, 18)
#: Excel refuses longer cells.
XLSX_CELL_MAX = 32_767
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | bool | date | datetime | None


def neutralise(value: Cell) -> Cell:
    """Make a text cell inert in spreadsheets: prefix formula-looking text with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def entry_row(entry: Entry, max_contacts: int, locale: str = "en") -> list[Cell]:
    """Every answer of ``entry`` as one row (no gender), matching :func:`header`."""
    category: Category = entry.category
    answers = {sdg.sdg: sdg.answer for sdg in entry.sdgs}
    row: list[Cell] = [
        entry.id,
        entry.edition.year,
        _value(entry.state),
        _value(entry.screening),
        reason_label(entry.ineligible_reason),
        entry.screening_note or "",
        entry.screened_at,
        category.number,
        category.name,
        category.action_line,
        entry.title,
        entry.entity_name,
        _value(entry.stakeholder_type),
        entry.country or "",
        country_name(entry.country, locale),
        entry.region or "",
        entry.website,
        entry.start_date,
        _value(entry.project_status),
        entry.description,
        entry.impact_economic,
        entry.impact_social,
        entry.impact_environmental,
        entry.partnerships,
        entry.challenges,
        entry.declared_previous_winner,
        entry.owner.email,
        entry.submitted_at,
        entry.updated_at,
        entry.withdrawn_at,
        len(entry.images),
        ", ".join(str(n) for n in sorted(answers)),
    ]
    row += [answers.get(n, "") for n in SDGS]
    contacts = list(entry.contacts)[:max_contacts]
    for contact in contacts:
        row += [contact.name, contact.email, contact.job_title]
    row += ["", "", ""] * (max_contacts - len(contacts))
    return row


def _entry_ids(edition: Edition, filters: EntryFilters) -> list[int]:
    query = select(Entry.id).join(Entry.category).where(*filter_conditions(edition.id, filters))
    return list(db.session.scalars(ordered(query, filters)))


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


def iter_entries(edition: Edition, filters: EntryFilters) -> tuple[int, Iterator[Entry]]:
    """(max contacts per entry, entries in list order), loaded in chunks with their answers."""
    ids = _entry_ids(edition, filters)

    def chunks() -> Iterator[Entry]:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            loaded = {
                e.id: e
                for e in db.session.scalars(
                    select(Entry)
                    .where(Entry.id.in_(part))
                    .options(
                        joinedload(Entry.category),
                        joinedload(Entry.owner),
                        joinedload(Entry.edition),
                        selectinload(Entry.contacts),
                        selectinload(Entry.sdgs),
                        selectinload(Entry.images),
                    )
                ).unique()
            }
            for entry_id in part:
                yield loaded[entry_id]

    return _max_contacts(edition.id), chunks()


def _csv_text(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(value)


def csv_chunks(edition: Edition, filters: EntryFilters, locale: str = "en") -> Iterator[str]:
    """The CSV file in pieces: UTF-8 byte-order mark (for Excel), header, rows."""
    max_contacts, entries = iter_entries(edition, filters)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header(max_contacts)])
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, entry in enumerate(entries, start=1):
        writer.writerow([_csv_text(v) for v in entry_row(entry, max_contacts, locale)])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)[:XLSX_CELL_MAX]
        return neutralise(value)
    return value


def xlsx_bytes(edition: Edition, filters: EntryFilters, locale: str = "en") -> bytes:
    """The XLSX workbook (one sheet, one row per entry after the header)."""
    max_contacts, entries = iter_entries(edition, filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Entries")[:31])
    sheet.append([_xlsx_cell(h) for h in header(max_contacts)])
    for entry in entries:
        sheet.append([_xlsx_cell(v) for v in entry_row(entry, max_contacts, locale)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(edition: Edition, extension: str, now: datetime) -> str:
    """``wsis-prizes-2021-entries-20210201-1200.csv``."""
    return f"wsis-prizes-{edition.year}-entries-{now.astimezone(UTC):%Y%m%d-%H%M}.{extension}"
