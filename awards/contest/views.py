"""Public pages of the contest and the organisers' edition pages (/organise/editions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from awards import clock
from awards.access.gate import may, requires
from awards.access.rules import Action, Target
from awards.contest import banners, services
from awards.contest.forms import (
    BannerForm,
    CategoryForm,
    ClosePhaseForm,
    ExtendDeadlineForm,
    ScheduleForm,
)
from awards.contest.home import home_page
from awards.contest.models import Edition
from awards.contest.rules import Phase, milestones
from awards.contest.timefmt import (
    MILESTONE_LABELS,
    PHASE_LABELS,
    format_date_time,
    format_day,
    format_deadline,
    format_moment,
    format_remaining,
    from_local,
    zone_label,
)
from awards.errors import RuleViolation
from awards.extensions import db
from awards.i18n import current_locale
from awards.images import ImageRejected
from awards.transaction import commit, rollback

bp = Blueprint("contest", __name__)

edition_organiser = requires(Action.ORGANISE, edition_arg="edition_id")

#: Browsers and proxies may keep a banner a day: a new image gets a new address.
BANNER_MAX_AGE = 86400

#: What a visitor can do in each phase: (label, endpoint, fallback path when not installed).
CALLS_TO_ACTION: dict[Phase, tuple[tuple[Any, str, str | None], ...]] = {
    Phase.SUBMISSION: ((_l("Submit a project"), "submissions.dashboard", "/entries/"),),
    Phase.VOTING: ((_l("Vote for projects"), "voting.index", None),),
    Phase.CEREMONY: ((_l("See the winners"), "results.index", None),),
}


def viewer_zone() -> str:
    """The signed-in viewer's own zone, else UTC (a reference every visitor can convert)."""
    if current_user.is_authenticated and current_user.timezone:
        return str(current_user.timezone)
    return "UTC"


def link_to(endpoint: str, fallback: str | None = None, **values: Any) -> str | None:
    """``url_for(endpoint)`` when that page is installed, else ``fallback``."""
    if endpoint in current_app.view_functions:
        return url_for(endpoint, **values)
    return fallback


@bp.app_template_filter("deadline")
def deadline_filter(at: datetime | None, edition: Edition) -> str:
    """``{{ at|deadline(edition) }}``: the instant in the edition's zone and the viewer's."""
    if at is None:
        return ""
    return format_deadline(at, edition.timezone, viewer_zone(), current_locale())


@bp.app_template_filter("in_zone")
def in_zone_filter(at: datetime | None, zone: str) -> str:
    """``{{ at|in_zone(zone) }}``: date and time read in ``zone``."""
    return format_date_time(at, zone, current_locale()) if at else ""


@bp.app_template_filter("day")
def day_filter(day: date | None) -> str:
    """``{{ day|day }}``: a calendar day the long way of the page's language."""
    return format_day(day, current_locale()) if day else ""


@bp.app_template_filter("moment")
def moment_filter(at: datetime | None, zone: str | None = None) -> str:
    """``{{ at|moment }}``: day, 24-hour time and zone name, in the viewer's zone by default.

    E-mail templates pass the recipient's zone (they render outside the recipient's request).
    """
    return format_moment(at, zone or viewer_zone(), current_locale()) if at else ""


@bp.app_context_processor
def contest_helpers() -> dict[str, Any]:
    return {
        "phase_label": lambda phase: PHASE_LABELS[Phase(phase)],
        "milestone_label": lambda field: MILESTONE_LABELS[field],
        "link_to": link_to,
        "zone_name": lambda zone: zone_label(zone, current_locale()),
    }


def _load(edition_id: int) -> Edition:
    return db.get_or_404(Edition, edition_id)


@bp.get("/")
def home():
    edition = services.current_edition()
    if edition is None:
        return render_template("contest/no_edition.html")
    now = clock.utcnow()
    actions = [
        (label, url)
        for label, endpoint, fallback in CALLS_TO_ACTION.get(edition.phase(now), ())
        if (url := link_to(endpoint, fallback))
    ]
    page = home_page(
        edition,
        now,
        when=lambda at: deadline_filter(at, edition),
        remaining=lambda at: format_remaining(at - now, current_locale()),
        banner_url=_banner_url(edition),
    )
    return render_template(
        "contest/home.html",
        edition=edition,
        page=page,
        actions=actions,
    )


def _banner_url(edition: Edition) -> str | None:
    """The banner's public address; its file name in the query makes a new image a new URL."""
    if not edition.banner_storage_name:
        return None
    return url_for(".banner", edition_id=edition.id, v=edition.banner_storage_name[:12])


@bp.get("/editions/<int:edition_id>/banner")
def banner(edition_id: int):
    edition = _load(edition_id)
    path = banners.banner_path(edition, current_app.config["UPLOAD_FOLDER"])
    if path is None:
        abort(404)
    response = send_file(path, mimetype=edition.banner_content_type, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = f"public, max-age={BANNER_MAX_AGE}"
    return response


@bp.get("/organise/")
@requires(Action.ORGANISE_SOME)
def organise():
    edition = services.current_edition()
    phase = edition.phase(clock.utcnow()) if edition else None
    return render_template("contest/organise.html", edition=edition, phase=phase)


@bp.get("/organise/editions/")
@requires(Action.ORGANISE_SOME)
def editions():
    now = clock.utcnow()
    rows = [
        (e, e.phase(now))
        for e in services.list_editions()
        if may(Action.ORGANISE, Target(edition_id=e.id))
    ]
    return render_template("contest/editions.html", rows=rows)


@bp.get("/organise/editions/<int:edition_id>")
@edition_organiser
def edition(edition_id: int):
    edition = _load(edition_id)
    phase = edition.phase(clock.utcnow())
    return render_template(
        "contest/edition.html",
        edition=edition,
        phase=phase,
        key_dates=milestones(edition.schedule()),
        closable=phase in services.CLOSING_FIELD,
        banner_url=_banner_url(edition),
    )


@bp.route("/organise/editions/<int:edition_id>/schedule", methods=["GET", "POST"])
@edition_organiser
def schedule(edition_id: int):
    edition = _load(edition_id)
    form = ScheduleForm.for_edition(edition)
    if form.validate_on_submit():
        changes = services.update_schedule(edition, form.dates())
        commit()
        flash(_("Calendar saved.") if changes else _("Nothing changed."), "success")
        return redirect(url_for(".edition", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template("contest/schedule.html", edition=edition, form=form), status


@bp.route("/organise/editions/<int:edition_id>/extend", methods=["GET", "POST"])
@edition_organiser
def extend(edition_id: int):
    edition = _load(edition_id)
    form = ExtendDeadlineForm()
    if form.validate_on_submit():
        new_at = from_local(form.new_at.data, edition.timezone)
        try:
            services.extend_deadline(edition, form.field.data, new_at)
        except RuleViolation as exc:
            form.new_at.errors.append(exc.message)
        else:
            commit()
            flash(_("Deadline extended."), "success")
            return redirect(url_for(".edition", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template("contest/extend.html", edition=edition, form=form), status


@bp.route("/organise/editions/<int:edition_id>/close", methods=["GET", "POST"])
@edition_organiser
def close_phase(edition_id: int):
    edition = _load(edition_id)
    now = clock.utcnow()
    phase = edition.phase(now)
    if phase not in services.CLOSING_FIELD:
        abort(409, _("No phase is open to close at the moment."))
    form = ClosePhaseForm(phase=phase.value)
    if form.validate_on_submit():
        if form.phase.data != phase.value:
            abort(409, _("The phase changed while you were deciding. Check and try again."))
        services.close_phase_now(edition, phase, now)
        commit()
        flash(_("%(phase)s closed.", phase=PHASE_LABELS[phase]), "success")
        return redirect(url_for(".edition", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "contest/close_phase.html",
        edition=edition,
        form=form,
        phase=phase,
        planned=getattr(edition, services.CLOSING_FIELD[phase]),
    ), status


@bp.route("/organise/editions/<int:edition_id>/banner", methods=["GET", "POST"])
@edition_organiser
def edit_banner(edition_id: int):
    edition = _load(edition_id)
    form = BannerForm.for_edition(edition)
    if form.validate_on_submit():
        config = current_app.config
        limits = banners.ImageLimits(config["MAX_IMAGE_BYTES"], config["MAX_IMAGE_PIXELS"])
        try:
            replaced = banners.save_banner(
                edition,
                form.to_input(),
                actor=current_user._get_current_object(),
                upload_folder=config["UPLOAD_FOLDER"],
                limits=limits,
            )
        except (RuleViolation, ImageRejected) as exc:
            rollback()
            form[getattr(exc, "field", None) or "image"].errors.append(str(exc.message))
        else:
            commit()
            banners.discard_files(replaced, config["UPLOAD_FOLDER"])
            flash(_("Banner saved."), "success")
            return redirect(url_for(".edition", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "contest/banner.html", edition=edition, form=form, banner_url=_banner_url(edition)
    ), status


@bp.route("/organise/editions/<int:edition_id>/categories/new", methods=["GET", "POST"])
@edition_organiser
def add_category(edition_id: int):
    edition = _load(edition_id)
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            services.add_category(
                edition,
                form.name.data,
                form.action_line.data,
                number=form.number.data,
                name_translations=form.translations(),
                suggested_sdgs=[int(n) for n in form.suggested_sdgs.data or ()],
            )
        except RuleViolation as exc:
            form[exc.field or "name"].errors.append(exc.message)
        else:
            commit()
            flash(_("Category added."), "success")
            return redirect(url_for(".edition", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template("contest/add_category.html", edition=edition, form=form), status
