"""The organisers' nomination pages: the proposal per category, confirming, telling the teams.

``/organise/editions/<edition>/nomination`` lists the categories; each category's page shows
its ranked entries with the proposal ticked and ties at the boundary marked, and confirms the
ticked list (with a reason where needed); ``.../notify`` sends the e-mails. Organisers of the
edition only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, ngettext

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.view_helpers import signed_in_user
from awards.contest.models import Category, Edition
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.review.nomination_forms import NominationForm, NotifyForm
from awards.review.nomination_mail import notify_category
from awards.review.nominations import (
    CategoryProposal,
    ReasonRequired,
    confirm_nominees,
    proposal,
    proposals,
)
from awards.transaction import commit, rollback

bp = Blueprint("nomination", __name__, url_prefix="/organise/editions/<int:edition_id>/nomination")

organiser = requires(Action.ORGANISE, edition_arg="edition_id")


def _load(edition_id: int, category_id: int | None = None) -> tuple[Edition, Category | None]:
    edition = db.get_or_404(Edition, edition_id)
    if category_id is None:
        return edition, None
    category = db.session.get(Category, category_id)
    if category is None or category.edition_id != edition.id:
        abort(404)
    return edition, category


@bp.get("")
@organiser
def index(edition_id: int) -> ResponseReturnValue:
    edition, _ = _load(edition_id)
    return render_template(
        "review/nomination/index.html",
        edition=edition,
        plans=proposals(edition),
        voting_open=clock.utcnow() >= edition.voting_opens,
    )


def _page(
    edition: Edition, plan: CategoryProposal, form: NominationForm, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "review/nomination/category.html",
        edition=edition,
        plan=plan,
        form=form,
        ticked=set(form.entry_ids.data or ()),
        notify_form=NotifyForm(formdata=None),
        voting_open=clock.utcnow() >= edition.voting_opens,
    ), status


@bp.route("/<int:category_id>", methods=["GET", "POST"])
@organiser
def category(edition_id: int, category_id: int) -> ResponseReturnValue:
    edition, category = _load(edition_id, category_id)
    assert category is not None
    plan = proposal(edition, category)
    if not NominationForm().is_submitted():
        chosen = plan.nominee_ids if plan.confirmed else plan.proposed_ids
        reason = plan.confirmation.reason if plan.confirmation else ""
        return _page(edition, plan, NominationForm(formdata=None, entry_ids=chosen, reason=reason))
    form = NominationForm()
    if not form.validate():
        return _page(edition, plan, form, 400)
    try:
        confirm_nominees(
            edition,
            category,
            form.entry_ids.data,
            form.reason.data or "",
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
    except NotAllowed:
        raise
    except RuleViolation as exc:
        rollback()
        target = form.reason if isinstance(exc, ReasonRequired) else form.entry_ids
        target.errors = [*target.errors, exc.message]
        return _page(edition, proposal(edition, category), form, exc.status_code)
    commit()
    flash(gettext("Nominees of category %(number)s confirmed.", number=category.number), "success")
    return redirect(url_for(".index", edition_id=edition.id))


@bp.post("/<int:category_id>/notify")
@organiser
def notify(edition_id: int, category_id: int) -> ResponseReturnValue:
    edition, category = _load(edition_id, category_id)
    assert category is not None
    if not NotifyForm().validate():
        abort(400)
    count = notify_category(edition, category, actor=signed_in_user(), now=clock.utcnow())
    commit()
    flash(
        ngettext(
            "%(num)s e-mail queued for the teams of category %(number)s.",
            "%(num)s e-mails queued for the teams of category %(number)s.",
            count,
            number=category.number,
        ),
        "success",
    )
    return redirect(url_for(".index", edition_id=edition.id))
