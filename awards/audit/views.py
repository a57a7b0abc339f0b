"""Organisers browse and filter the audit trail."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale, get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from awards.access.gate import requires
from awards.access.rules import Action
from awards.audit import services
from awards.audit.readable import readable
from awards.audit.sentences import action_label, object_type_label
from awards.choices import as_choices
from awards.contest.models import Edition
from awards.contest.timefmt import from_local
from awards.extensions import db
from awards.query_args import MAX_DATE, MAX_ID, MIN_DATE, bounded_int

bp = Blueprint("audit", __name__, url_prefix="/organise/audit")


def _in_calendar(form: FlaskForm, field: DateField) -> None:
    """A day the trail can be searched for (and ``until + 1 day`` cannot overflow)."""
    if field.data is not None and not MIN_DATE <= field.data <= MAX_DATE:
        raise ValidationError(str(_l("Enter a date between the years 1970 and 2999.")))


class AuditFilterForm(FlaskForm):
    """The filters of the audit page (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(
        _l("Actor's e-mail address"),
        description=_l("All or part of the address."),
        validators=[Optional(), Length(max=254)],
    )
    object_type = SelectField(_l("Object type"), validators=[Optional()], validate_choice=False)
    edition = SelectField(_l("Edition"), validators=[Optional()])
    since = DateField(_l("From (date)"), validators=[Optional(), _in_calendar])
    until = DateField(_l("To (date, included)"), validators=[Optional(), _in_calendar])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])

    def to_filter(self, zone: str) -> services.AuditFilter:
        """Dates are whole days in ``zone`` (the contest's)."""
        day = time(0, 0)
        return services.AuditFilter(
            action=self.action.data or None,
            actor_email=(self.actor.data or "").strip() or None,
            object_type=self.object_type.data or None,
            edition_id=bounded_int(self.edition.data),
            since=from_local(datetime.combine(self.since.data, day), zone)
            if self.since.data
            else None,
            until=from_local(datetime.combine(self.until.data + timedelta(days=1), day), zone)
            if self.until.data
            else None,
        )


@bp.get("/")
@requires(Action.ORGANISE)
def index():
    editions = list(db.session.scalars(select(Edition).order_by(Edition.year.desc())))
    form = AuditFilterForm(request.args)
    everything = [("", _l("All"))]
    actions = sorted(((a, action_label(a)) for a in services.known_actions()), key=_by_label)
    form.action.choices = as_choices(everything + actions)
    types = sorted(
        ((t, object_type_label(t)) for t in services.known_object_types()), key=_by_label
    )
    form.object_type.choices = as_choices(everything + types)
    form.edition.choices = as_choices(everything + [(str(e.id), str(e.year)) for e in editions])
    zone = current_app.config["AWARDS_TIMEZONE"]
    valid = form.validate()
    page = services.search(
        form.to_filter(zone) if valid else services.AuditFilter(),
        page=(form.page.data if valid else None) or 1,
    )
    rows = readable(
        page.items,
        editions,
        locale=str(get_locale() or "en"),
        viewer_zone=str(get_timezone()),
        default_zone=zone,
    )
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        rows=rows,
        default_zone=zone,
        page_args=_page_args(),
    ), (200 if valid else 400)


def _by_label(choice: tuple[str, str]) -> str:
    return choice[1].casefold()


def _page_args() -> dict[str, Any]:
    return {k: v for k, v in request.args.items() if k != "page" and v}
