"""The organisers' ceremony pages: the run-of-show (edit, print) and the presenter view.

All three are for the edition's organisers only (``Action.ORGANISE``), open before the results
are published (the presenter view is how they are revealed on the day) and never kept by a
shared cache (``no-store``, as every ``/organise/`` page: ``awards/security.py``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.collation import sort_key
from awards.contest.models import Edition
from awards.contest.timefmt import format_time
from awards.errors import RuleViolation
from awards.extensions import db
from awards.i18n import current_locale
from awards.results.ceremony import Ceremony, ceremony_of
from awards.results.ceremony_forms import RunOfShowForm
from awards.results.run_of_show import run_of_show as planned_items
from awards.results.run_of_show import save_run_of_show
from awards.transaction import commit, rollback

bp = Blueprint("ceremony", __name__)

edition_organiser = requires(Action.ORGANISE, edition_arg="edition_id")

#: The presenter view loads nothing after itself: its style and script are inline (with this
#: response's nonce), images would be data: URIs, and it may connect nowhere.
PRESENTER_CSP = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
    "img-src data:; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def _load(edition_id: int) -> Edition:
    return db.get_or_404(Edition, edition_id)


def _ceremony(edition: Edition) -> Ceremony:
    return ceremony_of(edition, sort_key(current_locale()))


def _clock_of(edition: Edition) -> Callable[[datetime], str]:
    """``time_of(at)``: a 24-hour time in the edition's zone ("14:05")."""
    locale = current_locale()

    def time_of(at: datetime) -> str:
        return format_time(at, edition.timezone, locale)

    return time_of


def _inline(name: str) -> str:
    """A file of ``static/`` to inline into the presenter view."""
    return (Path(str(current_app.static_folder)) / name).read_text("utf-8")


@bp.route("/organise/editions/<int:edition_id>/run-of-show", methods=["GET", "POST"])
@edition_organiser
def run_of_show(edition_id: int) -> ResponseReturnValue:
    edition = _load(edition_id)
    form = RunOfShowForm.for_items(planned_items(edition))
    if form.validate_on_submit():
        try:
            changed = save_run_of_show(
                edition, form.plan(), actor=current_user._get_current_object(), now=clock.utcnow()
            )
        except RuleViolation as exc:
            rollback()
            target = form._fields.get(exc.field or "")
            (target.errors if target is not None else form.form_errors).append(exc.message)
        else:
            commit()
            flash(_("Run-of-show saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for(".run_of_show", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "ceremony/run_of_show.html",
        edition=edition,
        form=form,
        ceremony=_ceremony(edition),
        time_of=_clock_of(edition),
    ), status


@bp.get("/organise/editions/<int:edition_id>/run-of-show/print")
@edition_organiser
def run_of_show_print(edition_id: int) -> ResponseReturnValue:
    edition = _load(edition_id)
    return render_template(
        "ceremony/run_of_show_print.html",
        edition=edition,
        ceremony=_ceremony(edition),
        time_of=_clock_of(edition),
    )


@bp.get("/organise/editions/<int:edition_id>/ceremony")
@edition_organiser
def presenter(edition_id: int) -> ResponseReturnValue:
    edition = _load(edition_id)
    nonce = secrets.token_urlsafe(18)
    page = render_template(
        "ceremony/presenter.html",
        edition=edition,
        ceremony=_ceremony(edition),
        time_of=_clock_of(edition),
        nonce=nonce,
        style=_inline("css/ceremony.css"),
        script=_inline("js/ceremony.js"),
    )
    response = make_response(page)
    response.headers["Content-Security-Policy"] = PRESENTER_CSP.format(nonce=nonce)
    response.headers["Cache-Control"] = "no-store"
    return response
