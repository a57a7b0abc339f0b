"""The demo's public voting: nominees for every category once the calendar reaches voting.

Until the Expert Group nominates, the demo nominates itself: when ``flask awards demo --phase
voting`` (or a later phase) finds no nominee in the demo edition, each category's eligible
entries (at most the edition's ``nominees_per_category``, by entry number) become its nominees
and the category is marked confirmed, as an organiser's confirmation would. This is a demo
step only: in a real edition nominees come from the Expert Group's confirmed lists
(``awards/review``), never from here. Flushes; the CLI commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from awards.contest.models import Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry, EntryState, Screening

#: The demo phases in which the edition has nominees (voting and everything after it).
PHASES_WITH_NOMINEES = frozenset({"voting", "selection", "ceremony"})


def nominate_demo_entries(edition: Edition, phase: str, now: datetime) -> int:
    """Make the demo's eligible entries nominees if the phase needs them and none exist yet."""
    if phase not in PHASES_WITH_NOMINEES:
        return 0
    existing = db.session.scalar(
        select(func.count()).select_from(Nominee).where(Nominee.edition_id == edition.id)
    )
    if existing:
        return 0
    count = 0
    for category in edition.categories:
        entries = db.session.scalars(
            select(Entry)
            .where(
                Entry.category_id == category.id,
                Entry.state == EntryState.SUBMITTED,
                Entry.screening == Screening.ELIGIBLE,
            )
            .order_by(Entry.id)
            .limit(edition.nominees_per_category)
        ).all()
        if not entries:
            continue
        for rank, entry in enumerate(entries, start=1):
            db.session.add(
                Nominee(
                    edition_id=edition.id,
                    category_id=category.id,
                    entry_id=entry.id,
                    rank=rank,
                    created_at=now,
                )
            )
        db.session.add(
            CategoryNomination(
                edition_id=edition.id,
                category_id=category.id,
                confirmed_at=now,
                reason="Demo: nominated by the demo loader (no Expert Group in the demo).",
            )
        )
        count += len(entries)
    db.session.flush()
    return count
