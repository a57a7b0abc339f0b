"""The organisers' assignment page: settings, a preview that writes nothing, a run with a seed,
one review given by hand, reminders to the jury. Routes of the ``jury_admin`` blueprint.

An assignment that cannot be made is explained per category, with nothing written: beside the
preview (200, it is the preview's answer) or as the answer to a run (409).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from awards import clock
from awards.accounts.grants import jury_members
from awards.accounts.view_helpers import signed_in_user
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.review import assignment_services
from awards.review.assignment import Infeasible
from awards.review.assignment_services import RunOutcome
from awards.review.experts import settings_of
from awards.review.manual_assignment import add_assignment
from awards.review.organiser_forms import (
    AddAssignmentForm,
    PreviewForm,
    ReviewSettingsForm,
    RunForm,
)
from awards.review.organiser_pages import changes_by_expert, entry_of, expert_of, state_counts
from awards.review.organiser_view_helpers import (
    bp,
    check_button,
    load_edition,
    organiser,
    refused,
)
from awards.review.reminders import pending_reviews, remind_jury, reminder_round
from awards.review.review_settings import save_review_settings
from awards.transaction import commit, rollback


def _settings_form(edition: Edition, **kwargs: Any) -> ReviewSettingsForm:
    settings = settings_of(edition)
    data = {
        "reviews_per_entry": edition.reviews_per_entry,
        "blind": settings.blind,
        "same_country_conflicts": settings.same_country_conflicts,
    }
    return ReviewSettingsForm(data=data, **kwargs)


def _preview(edition: Edition, form: PreviewForm) -> dict[str, Any]:
    """The preview asked for in the query string, or why it cannot be made."""
    if "seed" not in request.args or not form.validate():
        return {}
    try:
        return {"plan": assignment_services.preview(edition, None, form.seed.data)}
    except Infeasible as exc:
        return {"infeasible": _explained(edition, exc)}


def _explained(edition: Edition, exc: Infeasible) -> dict[str, Any]:
    categories = {c.id: c for c in edition.categories}
    return {
        "shortfalls": [(categories.get(s.category), s) for s in exc.shortfalls],
        "capacity": exc.capacity,
        "needed": exc.needed,
    }


def _assignment_page(edition: Edition, status: int = 200, **forms: Any) -> Any:
    preview_form = PreviewForm(request.args)
    due = reminder_round(edition.schedule(), clock.utcnow())
    seed = preview_form.seed.data if "seed" in request.args else 0
    page = render_template(
        "review/organiser/assignment.html",
        edition=edition,
        settings_form=forms.get("settings") or _settings_form(edition, formdata=None),
        preview_form=preview_form,
        run_form=forms.get("run") or RunForm(prefix="run", formdata=None, data={"seed": seed}),
        add_form=forms.get("add") or AddAssignmentForm.for_experts(jury_members(edition.id)),
        counts=state_counts(edition),
        due=due,
        pending=pending_reviews(edition, due.round) if due else [],
        **_preview(edition, preview_form),
    )
    if "seed" in request.args and preview_form.errors:
        status = 400
    return page, status


def infeasible_page(edition: Edition, exc: Infeasible) -> Any:
    """Why the assignment cannot be made (409): nothing was written."""
    rollback()
    page = render_template(
        "review/organiser/infeasible.html", edition=edition, infeasible=_explained(edition, exc)
    )
    return page, 409


def changes_page(edition: Edition, title: str, outcome: RunOutcome) -> Any:
    """What a run or a rebalance stored: the figures, and per expert what changed."""
    return render_template(
        "review/organiser/changes.html",
        edition=edition,
        title=title,
        plan=outcome.plan,
        outcome=outcome,
        changes=changes_by_expert(outcome.assigned, outcome.withdrawn),
    )


@bp.get("/organise/editions/<int:edition_id>/assignment")
@organiser
def assignment(edition_id: int) -> Any:
    return _assignment_page(load_edition(edition_id))


@bp.post("/organise/editions/<int:edition_id>/assignment/settings")
@organiser
def save_settings(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    form = ReviewSettingsForm()
    if not form.validate():
        return _assignment_page(edition, 400, settings=form)
    try:
        save_review_settings(
            edition,
            reviews_per_entry=form.reviews_per_entry.data,
            blind=form.blind.data,
            same_country_conflicts=form.same_country_conflicts.data,
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
    except RuleViolation as exc:
        return _assignment_page(edition, refused(exc, form), settings=form)
    commit()
    flash(_("The review settings were saved."), "success")
    return redirect(url_for("jury_admin.assignment", edition_id=edition.id), 303)


@bp.post("/organise/editions/<int:edition_id>/assignment/run")
@organiser
def run(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    form = RunForm(prefix="run")
    if not form.validate():
        return _assignment_page(edition, 400, run=form)
    try:
        outcome = assignment_services.run(
            edition, None, form.seed.data, signed_in_user(), clock.utcnow()
        )
    except Infeasible as exc:
        return infeasible_page(edition, exc)
    commit()
    return changes_page(edition, _("The assignment was stored"), outcome)


@bp.post("/organise/editions/<int:edition_id>/assignment/add")
@organiser
def add(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    form = AddAssignmentForm.for_experts(jury_members(edition.id))
    if not form.validate():
        return _assignment_page(edition, 400, add=form)
    expert = expert_of(edition, int(form.expert.data)) or abort(404)
    entry = entry_of(edition, form.entry.data)
    if entry is None:
        form.entry.errors.append(_("There is no entry with this number in this edition."))
        return _assignment_page(edition, 400, add=form)
    try:
        add_assignment(edition, expert, entry, actor=signed_in_user(), now=clock.utcnow())
    except RuleViolation as exc:
        return _assignment_page(edition, refused(exc, form), add=form)
    commit()
    flash(_("%(name)s now reviews entry %(entry)s.", name=expert.name, entry=entry.id), "success")
    return redirect(url_for("jury_admin.assignment", edition_id=edition.id), 303)


@bp.post("/organise/editions/<int:edition_id>/reminders")
@organiser
def remind(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    check_button()
    reminded = remind_jury(edition, actor=signed_in_user(), now=clock.utcnow())
    commit()
    if reminded:
        names = ", ".join(f"{user.name} ({count})" for user, count in reminded)
        flash(_("Reminders sent to: %(names)s.", names=names), "success")
    else:
        flash(_("Nobody has reviews to finish: no reminder was sent."))
    return redirect(url_for("jury_admin.assignment", edition_id=edition.id), 303)
