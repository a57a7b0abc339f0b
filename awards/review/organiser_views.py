"""The organisers' Expert Group pages: experts, conflicts of interest, the assignment and its
adjustments, reminders; and each expert's own profile page (/jury/...).

Every page works on one edition in the path; an id of another edition's object answers 404.
The assignment's routes live in :mod:`awards.review.assignment_views`, on the same blueprint
(``jury_admin``, defined in :mod:`awards.review.organiser_view_helpers`).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.grants import jury_members
from awards.accounts.models import User
from awards.accounts.view_helpers import signed_in_user
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.review import assignment_views
from awards.review.assignment import Infeasible
from awards.review.conflict_services import detect_conflicts, lift_conflict, set_conflict
from awards.review.experts import ProfileInput, is_jury, profile_of, save_profile
from awards.review.manual_assignment import step_down, withdraw_assignment
from awards.review.models import ExpertProfile
from awards.review.organiser_forms import (
    AddConflictForm,
    ExpertProfileForm,
    LiftConflictForm,
    OwnProfileForm,
)
from awards.review.organiser_pages import (
    assignment_of,
    assignments_of,
    conflict_of,
    conflicts_of,
    entry_of,
    expert_of,
    experts_page,
)
from awards.review.organiser_view_helpers import (
    bp,
    check_button,
    form_status,
    load_edition,
    organiser,
    refused,
)
from awards.transaction import commit

#: The blueprint app.py registers, with this module's routes and assignment_views'.
__all__ = ["bp"]

# --- experts ----------------------------------------------------------------------------------


@bp.get("/organise/editions/<int:edition_id>/experts")
@organiser
def experts(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    return render_template(
        "review/organiser/experts.html", edition=edition, page=experts_page(edition)
    )


def _profile_data(profile: ExpertProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "organisation": profile.organisation,
        "country": profile.country or "",
        "categories": [c.id for c in profile.categories],
        "review_cap": profile.review_cap,
        "gender": profile.gender or "",
    }


def _expert_page(edition: Edition, user: User, form: FlaskForm, status: int = 200) -> Any:
    page = render_template(
        "review/organiser/expert.html",
        edition=edition,
        expert=user,
        profile=profile_of(edition, user),
        form=form,
        assignments=assignments_of(edition, user),
        action_form=FlaskForm(),
    )
    return page, status


def _save(form: FlaskForm, edition: Edition, user: User, data: ProfileInput) -> int | None:
    """Save the profile; the status of the refusal shown on the form, or None when saved."""
    if not is_jury(user, edition):
        form.form_errors.append(
            _("This account cannot review: it is inactive or its address is not confirmed.")
        )
        return 409
    try:
        save_profile(edition, user, data, actor=signed_in_user(), now=clock.utcnow())
    except RuleViolation as exc:
        return refused(exc, form)
    commit()
    return None


@bp.route("/organise/editions/<int:edition_id>/experts/<int:expert_id>", methods=["GET", "POST"])
@organiser
def expert(edition_id: int, expert_id: int) -> Any:
    edition = load_edition(edition_id)
    user = expert_of(edition, expert_id) or abort(404)
    profile = profile_of(edition, user)
    keep = profile.country if profile else None
    form = ExpertProfileForm.for_edition(edition, keep, data=_profile_data(profile))
    if not form.validate_on_submit():
        return _expert_page(edition, user, form, form_status())
    data = ProfileInput(
        organisation=form.organisation.data or "",
        country=form.country.data or None,
        category_ids=frozenset(form.categories.data or ()),
        review_cap=form.review_cap.data,
        gender=profile.gender if profile else None,  # the expert's own to give
    )
    if (status := _save(form, edition, user, data)) is not None:
        return _expert_page(edition, user, form, status)
    flash(_("The profile of %(name)s was saved.", name=user.name), "success")
    return redirect(url_for("jury_admin.expert", edition_id=edition.id, expert_id=user.id), 303)


@bp.post("/organise/editions/<int:edition_id>/experts/<int:expert_id>/step-down")
@organiser
def expert_steps_down(edition_id: int, expert_id: int) -> Any:
    edition = load_edition(edition_id)
    user = expert_of(edition, expert_id) or abort(404)
    check_button()
    try:
        outcome = step_down(edition, user, actor=signed_in_user(), now=clock.utcnow())
    except Infeasible as exc:
        return assignment_views.infeasible_page(edition, exc)
    commit()
    if outcome is None:
        flash(_("%(name)s stepped down. They held no review to hand over.", name=user.name))
        return redirect(url_for("jury_admin.expert", edition_id=edition.id, expert_id=user.id), 303)
    title = _("%(name)s stepped down", name=user.name)
    return assignment_views.changes_page(edition, title, outcome)


@bp.post("/organise/editions/<int:edition_id>/assignments/<int:assignment_id>/withdraw")
@organiser
def withdraw(edition_id: int, assignment_id: int) -> Any:
    edition = load_edition(edition_id)
    row = assignment_of(edition, assignment_id) or abort(404)
    check_button()
    withdraw_assignment(row, actor=signed_in_user(), now=clock.utcnow())
    commit()
    flash(_("The review of entry %(entry)s was withdrawn.", entry=row.entry_id), "success")
    return redirect(
        url_for("jury_admin.expert", edition_id=edition.id, expert_id=row.expert_id), 303
    )


# --- the expert's own profile -------------------------------------------------------------------


@bp.route("/jury/editions/<int:edition_id>/profile", methods=["GET", "POST"])
@requires(Action.JUDGE, edition_arg="edition_id")
def own_profile(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    user = signed_in_user()
    profile = profile_of(edition, user)
    keep = profile.country if profile else None
    form = OwnProfileForm.for_edition(edition, keep, data=_profile_data(profile))
    page = "review/jury_profile.html"
    if not form.validate_on_submit():
        return render_template(page, edition=edition, form=form), form_status()
    data = ProfileInput(
        organisation=form.organisation.data or "",
        country=form.country.data or None,
        category_ids=frozenset(form.categories.data or ()),
        review_cap=profile.review_cap if profile else None,  # the organisers' to set
        gender=form.gender.data or None,
    )
    if (status := _save(form, edition, user, data)) is not None:
        return render_template(page, edition=edition, form=form), status
    flash(_("Your expert profile was saved."), "success")
    return redirect(url_for("jury_admin.own_profile", edition_id=edition.id), 303)


# --- conflicts of interest ----------------------------------------------------------------------


def _conflicts_page(
    edition: Edition,
    form: AddConflictForm | None = None,
    lift: tuple[int, LiftConflictForm] | None = None,
    status: int = 200,
) -> Any:
    members = jury_members(edition.id)
    chosen = request.args.get("expert", type=int)
    conflicts = conflicts_of(edition, chosen)
    lift_forms = {c.id: LiftConflictForm(prefix=f"lift-{c.id}", formdata=None) for c in conflicts}
    if lift is not None:
        lift_forms[lift[0]] = lift[1]
    page = render_template(
        "review/organiser/conflicts.html",
        edition=edition,
        experts=members,
        chosen=chosen,
        conflicts=conflicts,
        form=form or AddConflictForm.for_experts(members, formdata=None),
        lift_forms=lift_forms,
        failed=lift[1] if lift else None,
        action_form=FlaskForm(),
    )
    return page, status


@bp.route("/organise/editions/<int:edition_id>/conflicts", methods=["GET", "POST"])
@organiser
def conflicts(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    form = AddConflictForm.for_experts(jury_members(edition.id))
    if not form.validate_on_submit():
        return _conflicts_page(edition, form, status=form_status())
    user = expert_of(edition, int(form.expert.data)) or abort(404)
    entry = entry_of(edition, form.entry.data)
    if entry is None:
        form.entry.errors.append(_("There is no entry with this number in this edition."))
        return _conflicts_page(edition, form, status=400)
    now = clock.utcnow()
    try:
        conflict = set_conflict(signed_in_user(), user, entry, form.note.data, now)
    except RuleViolation as exc:
        return _conflicts_page(edition, form, status=refused(exc, form))
    commit()
    if conflict.created_at == now:
        flash(_("%(name)s may not review entry %(entry)s.", name=user.name, entry=entry.id))
    else:
        flash(
            _(
                "%(name)s had a conflict with entry %(entry)s already.",
                name=user.name,
                entry=entry.id,
            )
        )
    return redirect(url_for("jury_admin.conflicts", edition_id=edition.id, expert=user.id), 303)


@bp.post("/organise/editions/<int:edition_id>/conflicts/<int:conflict_id>/lift")
@organiser
def lift(edition_id: int, conflict_id: int) -> Any:
    edition = load_edition(edition_id)
    conflict = conflict_of(edition, conflict_id) or abort(404)
    form = LiftConflictForm(prefix=f"lift-{conflict.id}")
    if not form.validate_on_submit():
        return _conflicts_page(edition, lift=(conflict.id, form), status=400)
    if not conflict.active:
        abort(409, _("This conflict of interest was lifted already."))
    lift_conflict(signed_in_user(), conflict, form.note.data, clock.utcnow())
    commit()
    flash(
        _(
            "%(name)s may review entry %(entry)s again.",
            name=conflict.expert.name,
            entry=conflict.entry_id,
        ),
        "success",
    )
    return redirect(url_for("jury_admin.conflicts", edition_id=edition.id), 303)


@bp.post("/organise/editions/<int:edition_id>/conflicts/detect")
@organiser
def detect(edition_id: int) -> Any:
    edition = load_edition(edition_id)
    check_button()
    found = detect_conflicts(edition, clock.utcnow())
    commit()
    flash(_("New conflicts of interest found: %(num)s.", num=len(found)), "success")
    return redirect(url_for("jury_admin.conflicts", edition_id=edition.id), 303)
