"""Organisers' pages over entries: list, screening, duplicates, exports, charts.

Each page works on one edition: ``?edition=<year>`` (the latest edition by default); pages of
one entry take the entry's edition. Only organisers of that edition (or of all editions, or
admins) may see them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale, get_timezone, gettext, ngettext
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.routing import BuildError

from awards import clock
from awards.access.gate import authorise, requires
from awards.access.rules import Action, Target
from awards.accounts.view_helpers import signed_in_user
from awards.audit.readable import readable
from awards.audit.services import record
from awards.choices import as_choices
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import REGION_LABELS, country_name, country_names
from awards.screening.decisions import entry_history, load_for_screening, screen_entries
from awards.screening.duplicate_reviews import duplicate_pairs, mark_distinct, withdraw_duplicate
from awards.screening.exports import csv_chunks, export_filename, xlsx_bytes
from awards.screening.figures import chart_counts, chart_specs, gender_rows
from awards.screening.forms import (
    BulkScreeningForm,
    DistinctPairForm,
    MoveCategoryForm,
    ScreeningForm,
    WithdrawDuplicateForm,
)
from awards.screening.listing import (
    EntryFilters,
    all_editions,
    entry_page,
    resolve_edition,
)
from awards.screening.moves import move_entry
from awards.screening.rules import (
    ENTRY_STATE_LABELS,
    SCREENING_LABELS,
    STATE_FILTER_LABELS,
    move_window_open,
    reason_label,
    screening_window_open,
)
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions.models import Entry, EntryImage, EntryMember, Screening
from awards.submissions.teams import team_of
from awards.transaction import commit

bp = Blueprint("screening", __name__, url_prefix="/organise/entries")


def _authorise(edition: Edition | None) -> Edition:
    if edition is None:
        abort(404, gettext("No edition has been set up yet."))
    authorise(Action.ORGANISE, Target(edition_id=edition.id))
    return edition


def _edition() -> Edition:
    return _authorise(resolve_edition(request.args.get("edition")))


def _entry(entry_id: int) -> Entry:
    entry = db.session.get(
        Entry,
        entry_id,
        options=[
            joinedload(Entry.category),
            joinedload(Entry.owner),
            selectinload(Entry.members).joinedload(EntryMember.user),
            selectinload(Entry.contacts),
            selectinload(Entry.sdgs),
            selectinload(Entry.images),
        ],
    )
    if entry is None:
        abort(404)
    # An organiser of another edition learns no more than about a missing entry.
    authorise(Action.ORGANISE, Target(edition_id=entry.edition_id), hide=True)
    return entry


@bp.context_processor
def _helpers() -> dict[str, Any]:
    # Labels resolved once per request: the list renders hundreds of them.
    locale = str(get_locale() or "en")
    return {
        "state_labels": {k: str(v) for k, v in ENTRY_STATE_LABELS.items()},
        "screening_labels": {k: str(v) for k, v in SCREENING_LABELS.items()},
        "region_labels": {k: str(v) for k, v in REGION_LABELS.items()},
        "stakeholder_labels": {k: str(v) for k, v in STAKEHOLDER_LABELS.items()},
        "reason_label": reason_label,
        "country_name": lambda code: country_name(code, locale),
        "short_time": _short_time(get_timezone()),
        "editions": all_editions(),
        "image_url": _image_url,
    }


def _short_time(zone: tzinfo) -> Callable[[datetime | None], str]:
    """A formatter of ``2021-01-31 14:05`` in the viewer's zone (cheap for 100 cells a page)."""

    def short(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    return short


@cache
def _country_option_tags(locale: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, f'<option value="{code}">{escape(name)}</option>')
        for code, name in country_names(locale)
    )


def _country_options(selected: str | None) -> Markup:
    """The country <option> tags, built once per language; ``selected`` marked."""
    tags = _country_option_tags(str(get_locale() or "en"))
    return Markup(  # noqa: S704 - names escaped above; codes are ISO letters
        "".join(
            tag.replace("<option ", "<option selected ", 1) if code == selected else tag
            for code, tag in tags
        )
    )


def _image_url(image: EntryImage) -> str | None:
    """The submitters' blueprint serves stored images; None until that route exists."""
    try:
        return url_for("submissions.image", entry_id=image.entry_id, image_id=image.id)
    except BuildError:
        return None


def _list_page(edition: Edition, form: BulkScreeningForm, status: int = 200) -> Any:
    filters = EntryFilters.from_args(request.args, {c.id for c in edition.categories})
    page = entry_page(edition, filters)
    options = {
        "countries": _country_options(filters.country),
        "states": STATE_FILTER_LABELS,
    }
    return render_template(
        "screening/list.html",
        edition=edition,
        filters=filters,
        page=page,
        form=form,
        options=options,
        ticked=set(form.entry_ids.data or []),
    ), status


@bp.get("/")
@requires(Action.ORGANISE_SOME)
def index():
    return _list_page(_edition(), BulkScreeningForm(formdata=None))


@bp.post("/screen")
@requires(Action.ORGANISE_SOME)
def bulk_screen():
    edition = _edition()
    form = BulkScreeningForm()
    if not form.validate():
        return _list_page(edition, form, 400)
    outcome = screen_entries(
        load_for_screening(edition, form.entry_ids.data),
        Screening(form.decision.data),
        reason=form.reason.data,
        note=form.note.data,
        actor=signed_in_user(),
        now=clock.utcnow(),
    )
    commit()
    flash(
        ngettext("%(num)s entry screened.", "%(num)s entries screened.", len(outcome.decided)),
        "success",
    )
    for entry, problem in outcome.refused:
        flash(gettext("Entry %(id)s not changed: %(problem)s", id=entry.id, problem=problem))
    back: dict[str, Any] = request.args.to_dict()  # the list as it was filtered
    return redirect(url_for(".index", **back))


def _detail_page(entry: Entry, screening_form: ScreeningForm, move_form: MoveCategoryForm):
    move_form.category.choices = as_choices(
        (c.id, f"{c.number}. {c.display_name}") for c in entry.edition.categories
    )
    schedule, now = entry.edition.schedule(), clock.utcnow()
    return render_template(
        "screening/detail.html",
        entry=entry,
        edition=entry.edition,
        team=team_of(entry),
        history=readable(
            entry_history(entry),
            [entry.edition],
            locale=str(get_locale() or "en"),
            viewer_zone=str(get_timezone()),
        ),
        screening_form=screening_form,
        move_form=move_form,
        can_screen=screening_window_open(schedule, now),
        can_move=move_window_open(schedule, now),
    )


@bp.get("/<int:entry_id>")
@requires(Action.ORGANISE_SOME)
def detail(entry_id: int):
    entry = _entry(entry_id)
    screening_form = ScreeningForm(formdata=None, decision=entry.screening.value)
    move_form = MoveCategoryForm(formdata=None, category=entry.category_id)
    return _detail_page(entry, screening_form, move_form)


@bp.post("/<int:entry_id>/screen")
@requires(Action.ORGANISE_SOME)
def screen(entry_id: int):
    entry = _entry(entry_id)
    form = ScreeningForm()
    if not form.validate():
        move_form = MoveCategoryForm(formdata=None, category=entry.category_id)
        return _detail_page(entry, form, move_form), 400
    screen_entries(
        [entry],
        Screening(form.decision.data),
        reason=form.reason.data,
        note=form.note.data,
        actor=signed_in_user(),
        now=clock.utcnow(),
    )
    commit()
    flash(gettext("Decision recorded and sent to the entry's team."), "success")
    return redirect(url_for(".detail", entry_id=entry.id))


@bp.post("/<int:entry_id>/move")
@requires(Action.ORGANISE_SOME)
def move(entry_id: int):
    entry = _entry(entry_id)
    form = MoveCategoryForm()
    form.category.choices = as_choices((c.id, str(c.number)) for c in entry.edition.categories)
    if not form.validate():
        return _detail_page(entry, ScreeningForm(formdata=None), form), 400
    category = db.session.get(Category, form.category.data) or abort(400)
    move_entry(entry, category, actor=signed_in_user(), now=clock.utcnow())
    commit()
    flash(gettext("Entry moved; its team has been told by e-mail."), "success")
    return redirect(url_for(".detail", entry_id=entry.id))


@bp.get("/duplicates")
@requires(Action.ORGANISE_SOME)
def duplicates():
    edition = _edition()
    return render_template(
        "screening/duplicates.html", edition=edition, pairs=duplicate_pairs(edition)
    )


def _back_to_duplicates(edition: Edition) -> Any:
    return redirect(url_for(".duplicates", edition=edition.year))


@bp.post("/duplicates/distinct")
@requires(Action.ORGANISE_SOME)
def duplicates_distinct():
    edition = _edition()
    form = DistinctPairForm()
    if not form.validate():
        abort(400, gettext("Choose a pair of entries from the list."))
    mark_distinct(
        edition,
        form.first.data,
        form.second.data,
        actor=signed_in_user(),
        now=clock.utcnow(),
    )
    commit()
    flash(gettext("Marked as different projects."), "success")
    return _back_to_duplicates(edition)


@bp.post("/duplicates/withdraw")
@requires(Action.ORGANISE_SOME)
def duplicates_withdraw():
    edition = _edition()
    form = WithdrawDuplicateForm()
    if not form.validate() or form.withdraw.data == form.keep.data:
        abort(400, gettext("Choose which entry of the pair to withdraw."))
    entry = withdraw_duplicate(
        edition,
        form.withdraw.data,
        form.keep.data,
        actor=signed_in_user(),
        now=clock.utcnow(),
    )
    commit()
    flash(gettext("Entry %(id)s withdrawn; its team has been told.", id=entry.id), "success")
    return _back_to_duplicates(edition)


def _export(edition: Edition, fmt: str) -> EntryFilters:
    filters = EntryFilters.from_args(request.args, {c.id for c in edition.categories})
    record(
        "entries.exported",
        edition,
        f"Entries of {edition.year} exported as {fmt}",
        edition_id=edition.id,
        changes={"format": fmt, "filters": filters.args(page=1)},
    )
    commit()
    return filters


@bp.get("/export.csv")
@requires(Action.ORGANISE_SOME)
def export_csv():
    edition = _edition()
    filters = _export(edition, "csv")
    name = export_filename(edition, "csv", clock.utcnow())
    body = stream_with_context(csv_chunks(edition, filters, str(get_locale() or "en")))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/export.xlsx")
@requires(Action.ORGANISE_SOME)
def export_xlsx():
    edition = _edition()
    filters = _export(edition, "xlsx")
    name = export_filename(edition, "xlsx", clock.utcnow())
    return Response(
        xlsx_bytes(edition, filters, str(get_locale() or "en")),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/charts")
@requires(Action.ORGANISE_SOME)
def charts():
    edition = _edition()
    counts = chart_counts(edition)
    return render_template(
        "screening/charts.html",
        edition=edition,
        counts=counts,
        charts=chart_specs(counts),
        genders=gender_rows(counts),
    )
