"""The Champions of each category: the nominees the public voted for most.

Public voting (issue 10) decides them from valid votes and records them with
:func:`record_champions`. Until it lands, :func:`stub_champions_from_jury` stands in: it takes
the nominees with the best first-round normalised jury scores and records them with zero votes.
STUB: the voting issue replaces the call to it (the demo and the organisers' "use jury scores"
action) with its tally; this module's readers do not change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.experts import require_organiser
from awards.review.nominees import is_nominee
from awards.review.selection_models import Champion, Nominee, WinnerDecision
from awards.submissions.models import Entry

JURY_STUB = "jury stub"
VOTES = "votes"


def champions_of(edition: Edition) -> dict[int, list[Champion]]:
    """The recorded Champions per category id, most votes first (then entry id)."""
    rows = db.session.scalars(
        select(Champion)
        .options(joinedload(Champion.entry))
        .where(Champion.edition_id == edition.id)
        .order_by(Champion.category_id, Champion.valid_votes.desc(), Champion.entry_id)
    )
    result: dict[int, list[Champion]] = defaultdict(list)
    for row in rows:
        result[row.category_id].append(row)
    return dict(result)


def is_champion(entry: Entry) -> bool:
    """Whether ``entry`` is one of its category's recorded Champions."""
    return (
        db.session.scalar(
            select(Champion.id).where(
                Champion.entry_id == entry.id, Champion.category_id == entry.category_id
            )
        )
        is not None
    )


def record_champions(
    category: Category,
    results: Sequence[tuple[Entry, int]],
    *,
    source: str,
    actor: User,
    now: datetime,
) -> list[Champion]:
    """Replace ``category``'s Champions with ``results`` (entry, valid votes). Flush only.

    Every entry must be a nominee of the category. Refused once a Winner is confirmed there.
    """
    require_organiser(actor, category.edition_id)
    if db.session.scalar(
        select(WinnerDecision.id).where(WinnerDecision.category_id == category.id)
    ):
        raise RuleViolation(
            _(
                "The Winner of category %(number)s is confirmed: its Champions can no "
                "longer change.",
                number=category.number,
            )
        )
    for entry, _votes in results:
        if entry.category_id != category.id or not is_nominee(entry):
            raise RuleViolation("Only a nominee of this category can be one of its Champions.")
    db.session.execute(delete(Champion).where(Champion.category_id == category.id))
    rows = [
        Champion(
            edition_id=category.edition_id,
            category_id=category.id,
            entry_id=entry.id,
            valid_votes=votes,
            source=source,
            recorded_at=now,
        )
        for entry, votes in results
    ]
    db.session.add_all(rows)
    db.session.flush()
    record(
        "review.champions_recorded",
        category,
        f"Champions of category {category.number} recorded ({source})",
        actor_id=actor.id,
        edition_id=category.edition_id,
        changes={"entries": [e.id for e, _votes in results], "source": source},
    )
    return rows


def stub_champions_from_jury(edition: Edition, *, actor: User, now: datetime) -> int:
    """STUB until public voting lands: the edition's ``champions_per_category`` nominees with
    the best first-round normalised scores become Champions, with zero votes. Returns the
    number recorded."""
    nominees = db.session.scalars(
        select(Nominee)
        .options(joinedload(Nominee.entry))
        .where(Nominee.edition_id == edition.id)
        .order_by(Nominee.category_id, Nominee.normalised_score.desc(), Nominee.entry_id)
    )
    by_category: dict[int, list[Entry]] = defaultdict(list)
    for nominee in nominees:
        if is_nominee(nominee.entry):
            by_category[nominee.category_id].append(nominee.entry)
    count = 0
    for category in edition.categories:
        chosen = by_category.get(category.id, [])[: edition.champions_per_category]
        if chosen:
            record_champions(
                category, [(e, 0) for e in chosen], source=JURY_STUB, actor=actor, now=now
            )
            count += len(chosen)
    return count
