"""What the Expert Group's organiser pages share: the blueprint, the edition, refusals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request
from flask_wtf import FlaskForm

from awards.access.gate import requires
from awards.access.rules import Action
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.geography import country_name
from awards.i18n import current_locale
from awards.review.organiser_labels import (
    ASSIGNMENT_STATE_LABELS,
    CONFLICT_REASON_LABELS,
    CONFLICT_SOURCE_LABELS,
    conflict_note,
)
from awards.screening.rules import GENDER_LABELS
from awards.transaction import rollback

bp = Blueprint("jury_admin", __name__)
#: The edition's organisers (and those of every edition), before anything is looked up.
organiser = requires(Action.ORGANISE, edition_arg="edition_id")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    locale = current_locale()
    return {
        "country_name": lambda code: country_name(code, locale),
        "reason_labels": CONFLICT_REASON_LABELS,
        "source_labels": CONFLICT_SOURCE_LABELS,
        "state_labels": ASSIGNMENT_STATE_LABELS,
        "gender_labels": GENDER_LABELS,
        "conflict_note": conflict_note,
    }


def load_edition(edition_id: int) -> Edition:
    """The edition of the path, or 404."""
    return db.get_or_404(Edition, edition_id)


def refused(exc: RuleViolation, form: FlaskForm) -> int:
    """Roll back and show a service's refusal on its field (or atop the form); its status."""
    rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None:
        form.form_errors.append(exc.message)
    else:
        field.errors = [*field.errors, exc.message]
    return exc.status_code


def check_button() -> None:
    """A button's POST carries nothing but its CSRF token: refuse it without one (400)."""
    if not FlaskForm().validate_on_submit():
        abort(400)


def form_status() -> int:
    """A form shown again: 400 after a rejected POST, 200 when first shown."""
    return 400 if request.method == "POST" else 200
