"""The organisers' results export (CSV and XLSX through ``awards.spreadsheets``): per category
each nominee with its valid and quarantined votes, rank, Champion, first-round score, Winner."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import func, select

from awards.contest.models import Edition
from awards.extensions import db
from awards.results.models import TallySnapshot
from awards.review.nominees import nominees_of
from awards.review.winners import first_round_scores, winners_of
from awards.spreadsheets import Cell, csv_line, write_xlsx
from awards.voting.valid_votes import current_votes_query, quarantined_condition, valid_counts

COLUMNS = (
    "Category",
    "Entry id",
    "Project",
    "Entity",
    "Valid votes",
    "Quarantined votes",
    "Rank",
    "Champion",
    "Jury first-round normalised score",
    "Winner",
)


def _quarantined(edition: Edition) -> dict[int, int]:
    current = current_votes_query(edition.id).where(quarantined_condition(edition.id)).subquery()
    rows = db.session.execute(select(current.c.entry_id, func.count()).group_by(current.c.entry_id))
    return {int(entry_id): int(count) for entry_id, count in rows.all()}


def result_rows(edition: Edition, snapshot: TallySnapshot | None) -> Iterator[Sequence[Cell]]:
    """One row per nominee, by category number then rank (the latest tally's, when taken)."""
    nominees = nominees_of(edition)
    ids = {e.id for group in nominees.values() for e in group}
    scores = first_round_scores(edition, ids) if ids else {}
    quarantined = _quarantined(edition)
    counts = valid_counts(edition.id)
    winners = {e.id for e in winners_of(edition).values()}
    for category in edition.categories:
        stored = (snapshot.data if snapshot else {}).get(str(category.number), {})
        places = {p["entry_id"]: p for p in stored.get("places", [])}
        entries = sorted(
            nominees.get(category.id, []),
            key=lambda e: (places.get(e.id, {}).get("rank") or 10**9, e.id),
        )
        for entry in entries:
            place = places.get(entry.id, {})
            score = scores.get(entry.id)
            yield (
                category.number,
                entry.id,
                entry.title,
                entry.entity_name,
                counts.get((category.id, entry.id), 0),
                quarantined.get(entry.id, 0),
                place.get("rank"),
                bool(place.get("champion")),
                round(score, 3) if score is not None else None,
                entry.id in winners,
            )


def export_filename(edition: Edition, fmt: str, now: datetime) -> str:
    return f"results-{edition.year}-{now:%Y%m%d-%H%M}.{fmt}"


def csv_text(edition: Edition, snapshot: TallySnapshot | None) -> str:
    return "".join([csv_line(COLUMNS)] + [csv_line(row) for row in result_rows(edition, snapshot)])


def xlsx_bytes(edition: Edition, snapshot: TallySnapshot | None) -> bytes:
    stream = io.BytesIO()
    write_xlsx(stream, f"Results {edition.year}", COLUMNS, result_rows(edition, snapshot))
    return stream.getvalue()
