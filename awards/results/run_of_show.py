"""The ceremony's run-of-show: read it (with the defaults for what nobody planned yet) and save
it. The rules are :mod:`awards.results.run_of_show_rules`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.results.ceremony_models import RunOfShowItem
from awards.results.run_of_show_rules import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MAX_PRESENTER,
    Planned,
    Problem,
    default_order,
    field_name,
    plan_problems,
)
from awards.review.experts import require_organiser

#: What each problem reads as (``count``: the number of categories; ``position``: the one
#: given twice).
PROBLEM_MESSAGES: dict[Problem, Any] = {
    Problem.POSITION_RANGE: _l("Enter a position from 1 to %(count)d."),
    Problem.POSITION_TWICE: _l("Two categories cannot both be number %(position)d."),
    Problem.MINUTES_RANGE: _l(
        "Enter the planned time as a whole number of minutes from 0 to %(max)d."
    ),
    Problem.PRESENTER_LONG: _l("The presenter's name can be at most %(max)d characters long."),
    Problem.UNKNOWN_CATEGORY: _l("The list of categories has changed. Reload the page."),
    Problem.MISSING_CATEGORY: _l("The list of categories has changed. Reload the page."),
}


@dataclass(frozen=True)
class ShowItem:
    """A category's part as planned (or by default, when ``saved`` is False)."""

    category: Category
    position: int
    presenter: str
    minutes: int
    notes: str
    pronunciation: str
    saved: bool

    def planned(self) -> Planned:
        return Planned(
            self.category.id,
            self.position,
            self.presenter,
            self.minutes,
            self.notes,
            self.pronunciation,
        )


def problem_message(problem: Problem, item: Planned, count: int) -> str:
    """``problem`` in the reader's words."""
    return str(PROBLEM_MESSAGES[problem]) % {
        "count": count,
        "position": item.position,
        "max": MAX_MINUTES if problem is Problem.MINUTES_RANGE else MAX_PRESENTER,
    }


def _stored(edition: Edition) -> dict[int, RunOfShowItem]:
    rows = db.session.scalars(select(RunOfShowItem).where(RunOfShowItem.edition_id == edition.id))
    return {row.category_id: row for row in rows}


def run_of_show(edition: Edition) -> list[ShowItem]:
    """The edition's categories in the order of the day, positions 1..n, defaults filled in."""
    stored = _stored(edition)
    categories = {c.id: c for c in edition.categories}
    order = default_order(
        [(c.id, c.number) for c in edition.categories],
        {cid: row.position for cid, row in stored.items()},
    )
    items = []
    for position, category_id in enumerate(order, start=1):
        row = stored.get(category_id)
        items.append(
            ShowItem(
                category=categories[category_id],
                position=position,
                presenter=row.presenter if row else "",
                minutes=row.planned_minutes if row else DEFAULT_MINUTES,
                notes=row.notes if row else "",
                pronunciation=row.pronunciation if row else "",
                saved=row is not None,
            )
        )
    return items


def save_run_of_show(
    edition: Edition, plan: Sequence[Planned], *, actor: User, now: datetime
) -> bool:
    """Store ``plan`` (one item per category of the edition). Flush only; audited.

    Returns whether anything changed. Raises :class:`RuleViolation` (its ``field`` names the
    item's form field) when the plan breaks a rule.
    """
    require_organiser(actor, edition.id)
    problems = plan_problems(plan, [c.id for c in edition.categories])
    if problems:
        (category_id, field), problem = min(problems.items())
        item = next((p for p in plan if p.category_id == category_id), Planned(category_id, 0))
        raise RuleViolation(
            problem_message(problem, item, len(edition.categories)),
            field=field_name(category_id, field),
        )
    before = run_of_show(edition)
    stored = _stored(edition)
    numbers = {c.id: c.number for c in edition.categories}
    changed = []
    for item in sorted(plan, key=lambda p: p.position):
        row = stored.get(item.category_id)
        if row is None:
            row = RunOfShowItem(edition_id=edition.id, category_id=item.category_id)
            db.session.add(row)
        values = {
            "position": item.position,
            "presenter": item.presenter.strip(),
            "planned_minutes": item.minutes,
            "notes": item.notes.strip(),
            "pronunciation": item.pronunciation.strip(),
        }
        if any(getattr(row, name, None) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = now
            row.updated_by_id = actor.id
            changed.append(numbers[item.category_id])
    db.session.flush()
    if not changed:
        return False
    old_order = [i.category.number for i in before]
    new_order = [numbers[p.category_id] for p in sorted(plan, key=lambda p: p.position)]
    changes: dict[str, Any] = {"categories": ", ".join(map(str, sorted(changed)))}
    if old_order != new_order:
        changes["order"] = {"old": old_order, "new": new_order}
    record(
        "ceremony.run_of_show_saved",
        edition,
        f"Run-of-show of {edition.title} saved",
        actor_id=actor.id,
        edition_id=edition.id,
        changes=changes,
    )
    return True
