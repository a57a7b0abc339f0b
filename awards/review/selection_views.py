"""Organisers' pages of the final selection (phase 4): Champions, second round, Winners.

``/organise/editions/<id>/selection`` shows every category (its Champions and where they come
from, second-round progress, the rule's Winner or tie, the confirmed Winner) with the actions
on the whole edition; ``/organise/editions/<id>/selection/<category id>`` shows one category's
results with the tie-break facts and confirms its Winner. Organisers of the edition only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.view_helpers import signed_in_user
from awards.choices import as_choices
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.champions import stub_champions_from_jury
from awards.review.selection import assign_second_round, selection_open
from awards.review.winners import NOTE_MAX, CategoryResult, category_results, confirm_winner
from awards.transaction import commit, rollback

bp = Blueprint("selection", __name__, url_prefix="/organise/editions/<int:edition_id>/selection")


class ConfirmWinnerForm(FlaskForm):
    """The Winner an organiser confirms, and the decision when the rule leaves a tie."""

    entry = RadioField(
        _l("Winner"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the Winner."))],
    )
    note = TextAreaField(
        _l("Why this Champion wins the tie"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l(
            "Required when the rule leaves a tie: the organisers' decision, kept in the "
            "audit trail."
        ),
    )

    @classmethod
    def for_result(cls, result: CategoryResult, **kwargs: Any) -> ConfirmWinnerForm:
        form = cls(**kwargs)
        form.entry.choices = as_choices(
            (r.entry_id, r.entry.title or str(r.entry_id)) for r in result.rows
        )
        return form


def _edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


def _category(edition: Edition, category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.edition_id != edition.id:
        abort(404)
    return category


def _overview(edition: Edition, error: str | None = None, status: int = 200) -> Any:
    now = clock.utcnow()
    return render_template(
        "review/selection/overview.html",
        edition=edition,
        results=[category_results(edition, c) for c in edition.categories],
        open=selection_open(edition, now),
        before_selection=now < edition.voting_closes,
        error=error,
    ), status


@bp.get("")
@requires(Action.ORGANISE, edition_arg="edition_id")
def overview(edition_id: int) -> Any:
    return _overview(_edition(edition_id))


@bp.post("/champions-from-jury")
@requires(Action.ORGANISE, edition_arg="edition_id")
def champions_from_jury(edition_id: int) -> Any:
    edition = _edition(edition_id)
    now = clock.utcnow()
    if not selection_open(edition, now):
        return _overview(edition, gettext("The final selection is not open."), 409)
    try:
        count = stub_champions_from_jury(edition, actor=signed_in_user(), now=now)
    except RuleViolation as exc:
        rollback()
        return _overview(edition, exc.message, exc.status_code)
    commit()
    if count:
        flash(
            ngettext(
                "%(num)s Champion recorded from the jury's scores.",
                "%(num)s Champions recorded from the jury's scores.",
                count,
            ),
            "success",
        )
    else:
        flash(gettext("No category has confirmed nominees: no Champion was recorded."))
    return redirect(url_for(".overview", edition_id=edition.id))


@bp.post("/assign")
@requires(Action.ORGANISE, edition_arg="edition_id")
def assign(edition_id: int) -> Any:
    edition = _edition(edition_id)
    try:
        outcome = assign_second_round(edition, actor=signed_in_user(), now=clock.utcnow())
    except RuleViolation as exc:
        rollback()
        return _overview(edition, exc.message, exc.status_code)
    commit()
    flash(
        gettext(
            "Second round: %(assigned)s reviews assigned, %(withdrawn)s withdrawn.",
            assigned=outcome.assigned,
            withdrawn=outcome.withdrawn,
        ),
        "success",
    )
    for figures in outcome.categories:
        if figures.unreviewed:
            flash(
                ngettext(
                    "Category %(number)s: %(num)s Champion has no expert without a "
                    "conflict of interest.",
                    "Category %(number)s: %(num)s Champions have no expert without a "
                    "conflict of interest.",
                    len(figures.unreviewed),
                    number=figures.number,
                )
            )
    return redirect(url_for(".overview", edition_id=edition.id))


def _category_page(edition: Edition, result: CategoryResult, form: ConfirmWinnerForm) -> Any:
    now = clock.utcnow()
    titles = {r.entry_id: r.entry.title or str(r.entry_id) for r in result.rows}
    return render_template(
        "review/selection/category.html",
        edition=edition,
        category=result.category,
        result=result,
        titles=titles,
        tied_titles=", ".join(titles[i] for i in result.tied),
        form=form,
        open=selection_open(edition, now),
        before_selection=now < edition.voting_closes,
    )


@bp.route("/<int:category_id>", methods=["GET", "POST"])
@requires(Action.ORGANISE, edition_arg="edition_id")
def category(edition_id: int, category_id: int) -> Any:
    edition = _edition(edition_id)
    result = category_results(edition, _category(edition, category_id))
    chosen = result.decision.entry_id if result.decision else result.proposed
    form = ConfirmWinnerForm.for_result(result, entry=chosen)
    if not form.is_submitted():
        return _category_page(edition, result, form)
    if not form.validate():
        return _category_page(edition, result, form), 400
    try:
        decision = confirm_winner(
            edition,
            result.category,
            form.entry.data,
            form.note.data or "",
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
    except RuleViolation as exc:
        rollback()
        form[exc.field if exc.field in ("entry", "note") else "entry"].errors.append(exc.message)
        return _category_page(edition, result, form), 400 if exc.field == "note" else 409
    commit()
    flash(gettext("Winner confirmed: %(title)s.", title=decision.entry.title), "success")
    return redirect(url_for(".category", edition_id=edition.id, category_id=category_id))
