"""Rules that need the database: may the entry still change, may it compete beside the others.

One entry per entity per category, the same project not twice in an edition, no past winner;
and nothing changes outside the submission phase or after a withdrawal.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.submissions import rules
from awards.submissions.inputs import EntryInput, Limits, Problem
from awards.submissions.keys import entity_key, title_key, website_key
from awards.submissions.models import Entry, EntryState, PastWinner


class EditingClosed(RuleViolation):
    """The entry can no longer be changed (deadline passed, or it was withdrawn)."""

    status_code = 409


def require_editable(entry_or_edition: Entry | Edition, now: datetime) -> None:
    """Raise :class:`EditingClosed` outside the submission phase or for a withdrawn entry."""
    edition = (
        entry_or_edition if isinstance(entry_or_edition, Edition) else entry_or_edition.edition
    )
    if not rules.can_edit(edition.schedule(), now):
        raise EditingClosed(
            str(_l("The submission period is closed: entries can no longer be changed."))
        )
    if isinstance(entry_or_edition, Entry) and entry_or_edition.state is EntryState.WITHDRAWN:
        raise EditingClosed(str(_l("This entry was withdrawn and can no longer be changed.")))


def limits_of(edition: Edition) -> Limits:
    """The edition's word limits."""
    return Limits(
        description_min=edition.description_min_words,
        description_max=edition.description_max_words,
        answer_min=edition.min_answer_words,
    )


def check(entry: Entry, data: EntryInput, now: datetime) -> tuple[list[Problem], list[Problem]]:
    """(what keeps ``data`` from being submitted, the rules it breaks beside other entries)."""
    problems = rules.completeness_problems(data, limits_of(entry.edition), now.date())
    return problems, rule_conflicts(entry, data)


def rule_conflicts(entry: Entry, data: EntryInput) -> list[Problem]:
    """One entry per entity per category, the same project not twice, no past winner."""
    problems: list[Problem] = []
    entity = entity_key(data.entity_name)
    title = title_key(data.title)
    site = website_key(data.website)
    others = select(Entry.id).where(Entry.state == EntryState.SUBMITTED)
    if entry.id is not None:
        others = others.where(Entry.id != entry.id)
    if entity and db.session.scalar(
        others.where(Entry.category_id == data.category_id, Entry.entity_key == entity).limit(1)
    ):
        problems.append(
            Problem(
                "entity_name",
                _l(
                    "This entity has already submitted a project in this category. "
                    "An entity may submit one project per category."
                ),
            )
        )
    same_project = [Entry.title_key == title] if title else []
    if site:
        same_project.append(Entry.website_key == site)
    if same_project and db.session.scalar(
        others.where(Entry.edition_id == entry.edition_id, or_(*same_project)).limit(1)
    ):
        problems.append(
            Problem(
                "title",
                _l(
                    "A project with the same title or website has already been submitted this "
                    "year. The same project may not be submitted twice."
                ),
            )
        )
    if data.declared_previous_winner or _is_past_winner(title, site):
        problems.append(
            Problem(
                "declared_previous_winner",
                _l("Projects that have won a WSIS Prize before are not eligible."),
            )
        )
    return problems


def _is_past_winner(title: str, site: str) -> bool:
    conditions = [PastWinner.title_key == title] if title else []
    if site:
        conditions.append(PastWinner.website_key == site)
    if not conditions:
        return False
    rows = db.session.execute(
        select(PastWinner.title_key, PastWinner.website_key).where(or_(*conditions)).limit(5)
    ).all()
    return rules.matches_past_winner(title, site, [(r[0], r[1]) for r in rows])
