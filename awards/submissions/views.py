"""Submitters' pages: the entry form, drafts, submission, withdrawal, team, dashboard."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from awards import clock
from awards.access.gate import authorise, requires
from awards.access.rules import Action
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import REGION_LABELS, country_name, region_of
from awards.i18n import current_locale
from awards.query_args import bounded_int
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions import images as image_files
from awards.submissions import rules, services
from awards.submissions.forms import (
    DISPLAY_STATUS_LABELS,
    GENDER_CHOICES,
    IMAGE_KIND_LABELS,
    PROJECT_STATUS_LABELS,
    SDG_NAMES,
    ConfirmForm,
    EntryForm,
    InviteForm,
    VersionForm,
    new_creation_token,
)
from awards.submissions.models import Entry, EntryState, TeamInvitation
from awards.transaction import commit, rollback

bp = Blueprint("submissions", __name__, url_prefix="/entries")


# --- helpers (loading, form building, rendering) --------------------------------------------


def _team_entry(entry_id: int) -> Entry:
    """The entry if the signed-in account is on its team; 404 otherwise (never 403)."""
    entry = services.entry_for_team(entry_id, current_user)
    if entry is None:
        abort(404)
    return entry


def _editable(entry: Entry) -> bool:
    """Whether the team may still change the entry now."""
    return entry.state is not EntryState.WITHDRAWN and rules.can_edit(
        entry.edition.schedule(), clock.utcnow()
    )


def _entry_form(edition: Edition, data: dict[str, Any] | None = None) -> EntryForm:
    form = EntryForm(data=data) if data is not None else EntryForm()
    return form.setup(edition.categories, current_locale())


def _form_data(entry: Entry) -> dict[str, Any]:
    snap = services.snapshot(entry)
    simple = ("title", "entity_name", "stakeholder_type", "country", "website", "start_date")
    names = (*simple, "project_status", *rules.TEXT_ANSWERS, "declared_previous_winner")
    data: dict[str, Any] = {name: getattr(snap, name) for name in names}
    data["category"] = snap.category_id
    data["version"] = entry.version
    data["contacts"] = [
        {"name": c.name, "email": c.email, "job_title": c.job_title, "gender": c.gender or ""}
        for c in snap.contacts
    ]
    for sdg, answer in snap.sdgs:
        data[f"sdg_{sdg}"], data[f"sdg_{sdg}_answer"] = True, answer
    data["images"] = [{"image_id": i.id, "alt_text": i.alt_text} for i in entry.images]
    return data


def _upload(form: EntryForm) -> services.Upload | None:
    file = form.new_image.data
    if not file or not getattr(file, "filename", None):
        return None
    return services.Upload(file.stream, form.new_image_kind.data, form.new_image_alt.data or "")


def _int(value: Any) -> int | None:
    return bounded_int(value, low=0)


def _sdg_order(category: Category | None) -> list[tuple[int, bool]]:
    suggested = [n for n in (category.suggested_sdgs if category else []) if 1 <= n <= 17]
    rest = [n for n in range(1, 18) if n not in suggested]
    return [(n, True) for n in suggested] + [(n, False) for n in rest]


def _labels() -> dict[str, Any]:
    """Helpers the summary templates use to name codes."""
    locale = current_locale()
    return {
        "country_name": lambda code: country_name(code, locale),
        "region_label": lambda code: REGION_LABELS.get(region_of(code), "") if code else "",
        "stakeholder_labels": {k.value: v for k, v in STAKEHOLDER_LABELS.items()},
        "status_labels": {k.value: v for k, v in PROJECT_STATUS_LABELS.items()},
        "gender_labels": dict(GENDER_CHOICES),
        "kind_labels": {k.value: v for k, v in IMAGE_KIND_LABELS.items()},
        "sdg_names": SDG_NAMES,
        "status_labels_display": DISPLAY_STATUS_LABELS,
        "count_words": rules.count_words,
    }


def _render_form(
    form: EntryForm, edition: Edition, entry: Entry | None = None, status: int = 200
) -> tuple[str, int]:
    category = next((c for c in edition.categories if c.id == form.category.data), None)
    images = {str(i.id): i for i in entry.images} if entry else {}
    page = render_template(
        "submissions/form.html",
        form=form,
        entry=entry,
        edition=edition,
        category=category,
        sdg_order=_sdg_order(category),
        stored_images=images,
        limits=services.limits_of(edition),
        errors=form.error_list(),
        **_labels(),
    )
    return page, status


def _save(form: EntryForm, edition: Edition, entry: Entry | None, save: Any) -> Any:
    """Run ``save`` (a service call) and answer: redirect on success, else the page to fix."""
    try:
        outcome: services.SaveOutcome = save()
    except image_files.ImageRejected as exc:
        rollback()
        form.new_image.errors = [exc.message]
        return _render_form(form, edition, entry, 400)
    except services.EditingClosed as exc:
        rollback()
        typed = form.to_input()
        return render_template(
            "submissions/closed.html",
            entry=entry,
            typed=typed,
            message=exc.message,
            categories={c.id: c for c in edition.categories},
            **_labels(),
        ), 409
    except services.VersionConflict as exc:
        rollback()
        return _render_conflict(form, edition, entry, exc)
    except services.SubmissionRefused as exc:
        rollback()
        form.attach(exc.problems)
        return _render_form(form, edition, entry, 409)
    return _after_save(form, edition, outcome)


def _render_conflict(
    form: EntryForm, edition: Edition, entry: Entry | None, exc: services.VersionConflict
) -> tuple[str, int]:
    form.version.data = exc.version
    category = next((c for c in edition.categories if c.id == form.category.data), None)
    page = render_template(
        "submissions/conflict.html",
        form=form,
        entry=entry,
        edition=edition,
        saved=exc.saved,
        message=exc.message,
        category=category,
        sdg_order=_sdg_order(category),
        stored_images={str(i.id): i for i in entry.images} if entry else {},
        limits=services.limits_of(edition),
        errors=[],
        categories={c.id: c for c in edition.categories},
        **_labels(),
    )
    return page, 409


def _after_save(form: EntryForm, edition: Edition, outcome: services.SaveOutcome) -> Any:
    entry = outcome.entry
    commit()
    image_files.discard(current_app.config["UPLOAD_FOLDER"], outcome.removed_files)
    if outcome.ok:
        if outcome.submitted_now:
            flash(
                _("Your entry has been submitted. A confirmation e-mail is on its way."), "success"
            )
            return redirect(url_for("submissions.show", entry_id=entry.id))
        if entry.state is EntryState.SUBMITTED:
            flash(_("Your changes have been saved. The entry is still submitted."), "success")
            return redirect(url_for("submissions.show", entry_id=entry.id))
        flash(_("Draft saved. You can come back and finish it until the deadline."), "success")
        return redirect(url_for("submissions.edit", entry_id=entry.id))
    if outcome.saved:
        form = _entry_form(edition, _form_data(entry))
        form.to_input()
    else:
        form.version.data = entry.version
    form.attach(outcome.problems + outcome.conflicts)
    if outcome.saved and entry.state is EntryState.DRAFT:
        flash(_("Your draft was saved, but it cannot be submitted yet: see below."), "info")
    return _render_form(form, edition, entry, 409 if outcome.conflicts else 400)


# --- pages ------------------------------------------------------------------------------------


@bp.get("/")
@requires(Action.PARTICIPATE)
def dashboard():  # type: ignore[no-untyped-def]
    now = clock.utcnow()
    entries = services.entries_of(current_user)
    return render_template(
        "submissions/dashboard.html",
        entries=entries,
        open_editions=services.open_editions(now),
        display_status=lambda e: rules.display_status(e.state.value, e.screening.value),
        can_edit=_editable,
        **_labels(),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def new():  # type: ignore[no-untyped-def]
    category = db.session.get(Category, _int(request.args.get("category")) or 0)
    if category is None:
        return redirect(url_for("submissions.dashboard"))
    edition = category.edition
    if request.method == "GET":
        services.require_editable(edition, clock.utcnow())
        form = _entry_form(
            edition, {"category": category.id, "creation_token": new_creation_token()}
        )
        return _render_form(form, edition)
    form = _entry_form(edition)
    if not form.validate_on_submit():
        return _render_form(form, edition, status=400)
    chosen = next(c for c in edition.categories if c.id == form.category.data)
    return _save(
        form,
        edition,
        None,
        lambda: services.start_entry(
            current_user,
            chosen,
            form.to_input(),
            creation_token=form.creation_token.data,
            submit="submit" in request.form,
            upload=_upload(form),
        ),
    )


@bp.get("/<int:entry_id>")
@requires(Action.PARTICIPATE)
def show(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _team_entry(entry_id)
    return render_template(
        "submissions/show.html",
        entry=entry,
        data=services.snapshot(entry),
        editable=_editable(entry),
        status=rules.display_status(entry.state.value, entry.screening.value),
        categories={c.id: c for c in entry.edition.categories},
        is_owner=entry.owner_id == current_user.id,
        **_labels(),
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def edit(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _team_entry(entry_id)
    edition = entry.edition
    if request.method == "GET":
        if not _editable(entry):
            return redirect(url_for("submissions.show", entry_id=entry.id))
        return _render_form(_entry_form(edition, _form_data(entry)), edition, entry)
    form = _entry_form(edition)
    if not form.validate_on_submit():
        return _render_form(form, edition, entry, 400)
    return _save(
        form,
        edition,
        entry,
        lambda: services.save_entry(
            entry,
            form.to_input(),
            seen_version=_int(form.version.data),
            actor=current_user,
            submit="submit" in request.form,
            image_edits=form.image_edits(),
            upload=_upload(form),
        ),
    )


@bp.get("/<int:entry_id>/print")
@requires(Action.PARTICIPATE)
def print_view(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _team_entry(entry_id)
    return render_template(
        "submissions/print.html",
        entry=entry,
        data=services.snapshot(entry),
        status=rules.display_status(entry.state.value, entry.screening.value),
        categories={c.id: c for c in entry.edition.categories},
        **_labels(),
    )


@bp.route("/<int:entry_id>/withdraw", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def withdraw(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _team_entry(entry_id)
    form = VersionForm(data={"version": entry.version} if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        services.withdraw_entry(entry, current_user, seen_version=form.version.data)
        commit()
        flash(_("The entry has been withdrawn."), "success")
        return redirect(url_for("submissions.dashboard"))
    if entry.owner_id != current_user.id:
        abort(403)
    services.require_editable(entry, clock.utcnow())
    return render_template("submissions/withdraw.html", entry=entry, form=form)


@bp.route("/<int:entry_id>/team", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def team(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _team_entry(entry_id)
    form = InviteForm()
    if request.method == "POST" and form.validate_on_submit():
        services.invite(entry, form.email.data, current_user)
        commit()
        flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("submissions.team", entry_id=entry.id))
    invitations = db.session.scalars(
        db.select(TeamInvitation).where(TeamInvitation.entry_id == entry.id)
    ).all()
    return render_template(
        "submissions/team.html",
        entry=entry,
        form=form,
        invitations=invitations,
        team=services.team_of(entry),
        is_owner=entry.owner_id == current_user.id,
    ), 400 if form.errors else 200


@bp.route("/join/<token>", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def join(token: str):  # type: ignore[no-untyped-def]
    invitation = services.invitation_from_token(token)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        entry = services.accept_invitation(token, current_user)
        commit()
        flash(_("You have joined the team of this entry."), "success")
        return redirect(url_for("submissions.show", entry_id=entry.id))
    entry = db.session.get(Entry, invitation.entry_id)
    return render_template("submissions/join.html", entry=entry, invitation=invitation, form=form)


@bp.get("/<int:entry_id>/images/<int:image_id>")
def image(entry_id: int, image_id: int):  # type: ignore[no-untyped-def]
    entry = db.session.get(Entry, entry_id) or abort(404)
    authorise(Action.VIEW_ENTRY_IMAGES, entry.access_target(), hide=True)
    stored = next((i for i in entry.images if i.id == image_id), None)
    path = stored and image_files.path_of(current_app.config["UPLOAD_FOLDER"], stored.storage_name)
    if stored is None or path is None:
        abort(404)
    response = send_file(path, mimetype=stored.content_type, max_age=3600, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
