"""The votes of an edition for audit, as CSV (streamed) and XLSX, organisers only.

One row per vote cast (changed votes included, marked "current" or not), with what review
needs: receipt, time, category, nominee, voter account, the account's age at the vote, its
network, and the evidence (IP address, user agent, Accept-Language) while it is kept, "reduced"
after the retention period; then whether a quarantine sets it aside and whether it is valid.
Rows are read through Core in batches from a server-side cursor: no ORM objects, memory flat.
The files themselves are :mod:`awards.spreadsheets` (which neutralises formula-looking text).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.spreadsheets import Cell, csv_line, write_xlsx
from awards.submissions.models import Entry
from awards.voting.models import Vote, VoteEvidence
from awards.voting.valid_votes import current_votes_query, quarantined_condition

#: A worksheet holds 1,048,576 rows, the header included.
XLSX_MAX_VOTES = 1_048_575
BATCH = 2000


def header() -> list[str]:
    return [
        gettext("Receipt"),
        gettext("Cast at (UTC)"),
        gettext("Category number"),
        gettext("Category"),
        gettext("Nominee entry id"),
        gettext("Nominee"),
        gettext("Voter account id"),
        gettext("Vote number of the voter in the category"),
        gettext("Current vote"),
        gettext("Account age at the vote (minutes)"),
        gettext("Network"),
        gettext("IP address"),
        gettext("User agent"),
        gettext("Accept-Language"),
        gettext("Evidence"),
        gettext("Set aside by a quarantine"),
        gettext("Valid"),
    ]


def _query(edition_id: int) -> Any:
    current = current_votes_query(edition_id).with_only_columns(Vote.id)
    return (
        select(
            Vote.receipt,
            Vote.cast_at,
            Category.number,
            Category.name,
            Vote.entry_id,
            Entry.title,
            Vote.voter_id,
            Vote.sequence,
            Vote.id.in_(current).label("current"),
            Vote.account_created_at,
            Vote.subnet,
            VoteEvidence.ip,
            VoteEvidence.user_agent,
            VoteEvidence.accept_language,
            VoteEvidence.reduced_at,
            quarantined_condition(edition_id).label("quarantined"),
        )
        .join(Category, Category.id == Vote.category_id)
        .join(Entry, Entry.id == Vote.entry_id)
        .outerjoin(VoteEvidence, VoteEvidence.vote_id == Vote.id)
        .where(Vote.edition_id == edition_id)
        .order_by(Vote.id)
    )


def _row(row: Any, reduced: str, kept: str) -> list[Cell]:
    cast_at, created = row.cast_at, row.account_created_at
    age = int((cast_at - created).total_seconds() // 60)
    is_reduced = row.reduced_at is not None
    return [
        row.receipt,
        cast_at,
        row.number,
        row.name,
        row.entry_id,
        row.title,
        row.voter_id,
        row.sequence,
        bool(row.current),
        age,
        row.subnet,
        row.ip or "",
        reduced if is_reduced else row.user_agent or "",
        reduced if is_reduced else row.accept_language or "",
        reduced if is_reduced else kept,
        bool(row.quarantined),
        bool(row.current) and not row.quarantined,
    ]


def rows(edition: Edition) -> Iterator[list[Cell]]:
    """Every vote of the edition as a row of cells, in the order cast."""
    reduced, kept = gettext("reduced"), gettext("kept")
    # Options on the statement, not the connection: a streaming connection would turn every
    # later statement of the session (a savepoint's rollback too) into a server-side cursor.
    query = _query(edition.id).execution_options(yield_per=BATCH)
    for row in db.session.connection().execute(query):
        yield _row(row, reduced, kept)


def vote_count(edition: Edition) -> int:
    return db.session.scalar(select(func.count()).where(Vote.edition_id == edition.id)) or 0


def record_export(edition: Edition, fmt: str, actor: User) -> int:
    """Audit an export of the edition's votes (refused for XLSX beyond a worksheet's rows)."""
    votes = vote_count(edition)
    if fmt == "xlsx" and votes > XLSX_MAX_VOTES:
        raise RuleViolation(
            gettext(
                "%(votes)s votes are more than a spreadsheet holds: export them as CSV.",
                votes=votes,
            )
        )
    record(
        "voting.votes_exported",
        edition,
        f"Votes of {edition.year} exported as {fmt} ({votes} votes)",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"format": fmt, "votes": votes},
    )
    return votes


def csv_chunks(edition: Edition) -> Iterator[str]:
    """The CSV file in pieces: byte-order mark (for Excel), header, rows."""
    yield "\ufeff" + csv_line(header())
    batch: list[str] = []
    for row in rows(edition):
        batch.append(csv_line(row))
        if len(batch) == 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def xlsx_bytes(edition: Edition) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, gettext("Votes"), header(), rows(edition))
    return out.getvalue()


def export_filename(edition: Edition, extension: str, now: datetime) -> str:
    """``wsis-prizes-2021-votes-20210315-1200.csv``."""
    return f"wsis-prizes-{edition.year}-votes-{now.astimezone(UTC):%Y%m%d-%H%M}.{extension}"
