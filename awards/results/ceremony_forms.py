"""The run-of-show form: five fields per category (position, presenter, minutes, notes, how to
say the names), named ``<field>-<category id>`` so that the error summary links reach them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.core import Field

from awards.results.run_of_show import ShowItem, problem_message
from awards.results.run_of_show_rules import (
    MAX_MINUTES,
    MINUTES,
    NOTES,
    POSITION,
    PRESENTER,
    PRONUNCIATION,
    Planned,
    field_name,
    plan_problems,
)

FIELDS = (POSITION, PRESENTER, MINUTES, NOTES, PRONUNCIATION)


def _whole(text: str | None) -> int | None:
    value = (text or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    return int(value)


class RunOfShowForm(FlaskForm):
    """Built per edition with :meth:`for_items`; ``items`` are the rows, in the order shown."""

    items: Sequence[ShowItem] = ()

    @classmethod
    def for_items(cls, items: Sequence[ShowItem]) -> RunOfShowForm:
        """The form of these items (from the request when posted, else the stored values)."""
        fields: dict[str, Any] = {}
        for item in items:
            cid = item.category.id
            fields[field_name(cid, POSITION)] = StringField(
                _l("Position"),
                default=str(item.position),
                description=_l("1 for the first category of the ceremony."),
            )
            fields[field_name(cid, PRESENTER)] = StringField(
                _l("Presenter"), default=item.presenter
            )
            fields[field_name(cid, MINUTES)] = StringField(
                _l("Planned minutes"),
                default=str(item.minutes),
                description=_l("From 0 to %(max)d.", max=MAX_MINUTES),
            )
            fields[field_name(cid, NOTES)] = TextAreaField(
                _l("Notes for the presenter"), default=item.notes
            )
            fields[field_name(cid, PRONUNCIATION)] = TextAreaField(
                _l("How to say the names"),
                default=item.pronunciation,
                description=_l(
                    "For the projects and entities of this category, e.g. “Ngozi: n-GO-zee”."
                ),
            )
        form_class = type("EditionRunOfShowForm", (cls,), fields)
        form: RunOfShowForm = form_class()
        form.items = items
        return form

    def row(self, item: ShowItem) -> dict[str, Field]:
        """The fields of one item, by field (``position``, ``presenter``...)."""
        return {name: self[field_name(item.category.id, name)] for name in FIELDS}

    def plan(self) -> list[Planned]:
        """The posted plan (call after :meth:`validate` succeeded)."""
        return [self._planned(item) for item in self.items]

    def _planned(self, item: ShowItem) -> Planned:
        row = self.row(item)
        minutes = _whole(row[MINUTES].data)
        return Planned(
            category_id=item.category.id,
            position=_whole(row[POSITION].data) or 0,
            presenter=(row[PRESENTER].data or "").strip(),
            minutes=-1 if minutes is None else minutes,
            notes=row[NOTES].data or "",
            pronunciation=row[PRONUNCIATION].data or "",
        )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        plan = self.plan()
        problems = plan_problems(plan, [item.category.id for item in self.items])
        by_category = {p.category_id: p for p in plan}
        # The fields are the edition's categories, so every problem is one of an item's fields.
        for (category_id, field), problem in sorted(problems.items()):
            message = problem_message(problem, by_category[category_id], len(self.items))
            self[field_name(category_id, field)].errors.append(message)
        return valid and not problems

    def error_rows(self) -> list[tuple[ShowItem, Field, str]]:
        """Every field's error with its item, in the order shown (for the error summary)."""
        return [
            (item, field, message)
            for item in self.items
            for field in self.row(item).values()
            for message in field.errors
        ]
