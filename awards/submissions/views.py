"""Submitters' pages: the entry form, drafts, submission, withdrawal, team, dashboard.

Each view reads the clock once, loads, authorises, validates the form, calls one service,
commits and renders what the service returned (through :mod:`awards.submissions.view_models`).
"""

from __future__ import annotations

from datetime import datetime
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
from awards import images as image_files
from awards.access.gate import authorise, requires
from awards.access.rules import Action
from awards.contest.models import Category, Edition
from awards.contest.timefmt import format_time
from awards.extensions import db
from awards.i18n import current_locale
from awards.query_args import bounded_int
from awards.review.jury_images import images_hidden_from
from awards.submissions import access, draft_saves, editing, teams, view_models
from awards.submissions.action_forms import ConfirmForm, InviteForm, VersionForm
from awards.submissions.draft_saves import SaveStatus
from awards.submissions.editing import SaveOutcome
from awards.submissions.eligibility import EditingClosed, require_editable
from awards.submissions.entry_fields import snapshot
from awards.submissions.forms import EntryForm
from awards.submissions.forms import new_creation_token as creation_token
from awards.submissions.models import Entry, EntryState
from awards.transaction import commit, rollback

bp = Blueprint("submissions", __name__, url_prefix="/entries")

#: Pages a signed-out visitor reaches from "Submit a project".
_START_PAGES = frozenset({"submissions.dashboard", "submissions.new"})


@bp.before_request
def explain_sign_in() -> None:
    """Tell a signed-out visitor why the sign-in page they are sent to asks for an account."""
    if not current_user.is_authenticated and request.endpoint in _START_PAGES:
        flash(_("Sign in or create an account to submit a project."), "info")


def _team_entry(entry_id: int) -> Entry:
    """The entry if the signed-in account is on its team; 404 otherwise (never 403)."""
    return access.entry_for_team(entry_id, current_user) or abort(404)


def _form_page(
    form: EntryForm,
    edition: Edition,
    entry: Entry | None,
    now: datetime,
    status: int = 200,
    save_status: SaveStatus | None = None,
) -> Any:
    page = view_models.form_page(form, edition, entry, now)
    return render_template(
        "submissions/form.html", **page, save_status=save_status, **_labels()
    ), status


def _saved_at(edition: Edition, now: datetime) -> str:
    return format_time(now, current_user.timezone or edition.timezone, current_locale())


def _save(
    target: Entry | Category,
    form: EntryForm,
    edition: Edition,
    entry: Entry | None,
    now: datetime,
) -> Any:
    """Save what was posted; a draft keeps malformed fields as typed (``draft_saves``)."""
    if form.validate_on_submit():
        outcome = editing.save(target, form.to_input(), actor=current_user, now=now)
        _finish(outcome)
        return _respond(outcome, form, edition, now)
    submitted = entry is not None and entry.state is EntryState.SUBMITTED
    if not form.is_submitted() or submitted or draft_saves.draft_blockers(form):
        not_saved = SaveStatus(None, not_saved=[_("fix the problems below, then save again.")])
        return _form_page(form, edition, entry, now, 400, not_saved)
    stored = snapshot(entry) if entry else None
    edit = draft_saves.draft_edit(form, stored)
    outcome = editing.save(target, edit, actor=current_user, now=now)
    _finish(outcome)
    if outcome.refusal is not None or outcome.entry is None:
        return _respond(outcome, form, edition, now)
    fresh = EntryForm.for_entry(outcome.entry, current_locale())
    draft_saves.carry_typed(fresh, form)
    status = SaveStatus(
        _saved_at(edition, now),
        not_saved=draft_saves.not_stored(form),
        notes=draft_saves.website_note(form),
        needs_fixing=True,
    )
    code = 400 if form.submit_pressed else 200
    return _form_page(fresh, edition, outcome.entry, now, code, status)


def _labels() -> dict[str, Any]:
    return view_models.labels(current_locale())


def _respond(outcome: SaveOutcome, form: EntryForm, edition: Edition, now: datetime) -> Any:
    """Render what a save did: the next page, the form to fix, or the refusal."""
    entry, refusal = outcome.entry, outcome.refusal
    if isinstance(refusal, image_files.ImageRejected):
        form.new_image.errors = [refusal.message]
        return _form_page(form, edition, entry, now, 400)
    if isinstance(refusal, EditingClosed):
        page = view_models.closed_page(form.typed(), edition, entry, refusal.message)
        return render_template("submissions/closed.html", **page, **_labels()), 409
    if isinstance(refusal, editing.VersionConflict):
        page = view_models.conflict_page(form, edition, entry, refusal, now)
        return render_template("submissions/conflict.html", **page, **_labels()), 409
    if isinstance(refusal, editing.SubmissionRefused):
        form.attach(refusal.problems)
        return _form_page(form, edition, entry, now, 409)
    assert entry is not None  # noqa: S101 - only a refusal leaves no entry
    if outcome.ok:
        flash(*_saved_message(outcome, entry, _saved_at(edition, now)))
        for note in draft_saves.website_note(form):
            flash(str(note), "info")
        target = "submissions.edit" if entry.state is EntryState.DRAFT else "submissions.show"
        return redirect(url_for(target, entry_id=entry.id))
    if outcome.saved:
        form = EntryForm.for_entry(entry, current_locale())
        form.typed()
    else:
        form.version.data = entry.version
    form.attach(outcome.problems + outcome.conflicts)
    status = SaveStatus(
        _saved_at(edition, now) if outcome.saved and entry.state is EntryState.DRAFT else None,
        not_saved=[] if outcome.saved else [_("fix the problems below, then save again.")],
        notes=draft_saves.website_note(form),
        needs_fixing=True,
    )
    return _form_page(form, edition, entry, now, 409 if outcome.conflicts else 400, status)


def _saved_message(outcome: SaveOutcome, entry: Entry, at: str) -> tuple[str, str]:
    if outcome.submitted_now:
        return _("Your entry has been submitted. A confirmation e-mail is on its way."), "success"
    if entry.state is EntryState.SUBMITTED:
        return _("Your changes have been saved. The entry is still submitted."), "success"
    return (
        _("Draft saved at %(time)s. You can come back and finish it until the deadline.", time=at),
        "success",
    )


def _finish(outcome: SaveOutcome) -> None:
    """Commit what the save did (then delete the files of removed images), or roll back."""
    if outcome.refusal is not None:
        rollback()
        return
    commit()
    image_files.discard(current_app.config["UPLOAD_FOLDER"], outcome.removed_files)


@bp.get("/")
@requires(Action.PARTICIPATE)
def dashboard():
    now = clock.utcnow()
    entries, editions = access.entries_of(current_user), access.open_editions(now)
    page = view_models.dashboard(entries, editions, current_user, now)
    return render_template("submissions/dashboard.html", **page, **_labels())


@bp.route("/new", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def new():
    now = clock.utcnow()
    category_id = bounded_int(request.args.get("category"))
    category = db.session.get(Category, category_id) if category_id else None
    if category is None:
        asked = "category" in request.args or "choose" in request.args
        page = view_models.choose_category(access.open_editions(now), refused=asked)
        return render_template("submissions/choose.html", **page), 400 if asked else 200
    edition = category.edition
    if request.method == "GET":
        require_editable(edition, now)
        start = view_models.new_entry_data(category, current_user, creation_token())
        form = EntryForm.for_edition(edition, current_locale(), start)
        return _form_page(form, edition, None, now)
    form = EntryForm.for_edition(edition, current_locale())
    return _save(form.chosen_category(edition) or category, form, edition, None, now)


@bp.get("/<int:entry_id>")
@requires(Action.PARTICIPATE)
def show(entry_id: int):
    page = view_models.entry_page(_team_entry(entry_id), current_user, clock.utcnow())
    return render_template("submissions/show.html", **page, **_labels())


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def edit(entry_id: int):
    now = clock.utcnow()
    entry = _team_entry(entry_id)
    edition = entry.edition
    if request.method == "GET":
        if not view_models.status_of(entry, current_user, now).editable:
            return redirect(url_for("submissions.show", entry_id=entry.id))
        return _form_page(EntryForm.for_entry(entry, current_locale()), edition, entry, now)
    form = EntryForm.for_edition(edition, current_locale())
    return _save(entry, form, edition, entry, now)


@bp.get("/<int:entry_id>/print")
@requires(Action.PARTICIPATE)
def print_view(entry_id: int):
    page = view_models.entry_page(_team_entry(entry_id), current_user, clock.utcnow())
    return render_template("submissions/print.html", **page, **_labels())


@bp.route("/<int:entry_id>/withdraw", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def withdraw(entry_id: int):
    now = clock.utcnow()
    entry = _team_entry(entry_id)
    authorise(Action.ACT_AS_OWNER, entry.access_target())
    form = VersionForm(data={"version": entry.version} if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        editing.withdraw_entry(entry, current_user, seen_version=form.version.data, now=now)
        commit()
        flash(_("The entry has been withdrawn."), "success")
        return redirect(url_for("submissions.dashboard"))
    require_editable(entry, now)
    return render_template("submissions/withdraw.html", entry=entry, form=form)


@bp.route("/<int:entry_id>/team", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def team(entry_id: int):
    entry = _team_entry(entry_id)
    form = InviteForm()
    if request.method == "POST":
        authorise(Action.ACT_AS_OWNER, entry.access_target())
    if request.method == "POST" and form.validate_on_submit():
        teams.invite(entry, form.email.data, current_user, now=clock.utcnow())
        commit()
        flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("submissions.team", entry_id=entry.id))
    people, pending = teams.team_of(entry), teams.pending_invitations(entry)
    page = view_models.team_page(entry, people, pending, current_user)
    return render_template(
        "submissions/team.html", page=page, form=form, remove_form=ConfirmForm()
    ), 400 if form.errors else 200


@bp.post("/<int:entry_id>/team/members/<int:user_id>/remove")
@requires(Action.PARTICIPATE)
def remove_member(entry_id: int, user_id: int):
    entry = _team_entry(entry_id)
    authorise(Action.ACT_AS_OWNER, entry.access_target())
    if ConfirmForm().validate_on_submit():
        removed = teams.remove_member(entry, user_id, current_user, now=clock.utcnow())
        commit()
        flash(_("%(name)s is no longer on the team.", name=removed.name), "success")
    return redirect(url_for("submissions.team", entry_id=entry.id))


@bp.post("/<int:entry_id>/team/invitations/<int:invitation_id>/cancel")
@requires(Action.PARTICIPATE)
def cancel_invitation(entry_id: int, invitation_id: int):
    entry = _team_entry(entry_id)
    authorise(Action.ACT_AS_OWNER, entry.access_target())
    if ConfirmForm().validate_on_submit():
        invitation = teams.cancel_invitation(entry, invitation_id, current_user, now=clock.utcnow())
        commit()
        flash(_("The invitation of %(email)s was withdrawn.", email=invitation.email), "success")
    return redirect(url_for("submissions.team", entry_id=entry.id))


@bp.route("/join/<token>", methods=["GET", "POST"])
@requires(Action.PARTICIPATE)
def join(token: str):
    now = clock.utcnow()
    invitation = teams.invitation_for(token, current_user, now=now)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        entry = teams.accept_invitation(token, current_user, now=now)
        commit()
        flash(_("You have joined the team of this entry."), "success")
        return redirect(url_for("submissions.show", entry_id=entry.id))
    joining = db.session.get(Entry, invitation.entry_id)
    return render_template("submissions/join.html", entry=joining, form=form)


@bp.get("/<int:entry_id>/images/<int:image_id>")
def image(entry_id: int, image_id: int):
    entry = db.session.get(Entry, entry_id) or abort(404)
    authorise(Action.VIEW_ENTRY_IMAGES, entry.access_target(), hide=True)
    if images_hidden_from(entry, current_user):  # a juror: blind review, or not their entry
        abort(404)
    stored = next((i for i in entry.images if i.id == image_id), None) or abort(404)
    path = image_files.path_of(current_app.config["UPLOAD_FOLDER"], stored.storage_name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=stored.content_type, max_age=3600, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
