"""The organisers' rankings pages: per category, the experts' statistics, the workbook for the
decision meeting, and the edition's rubric (editable until the first review is started)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.view_helpers import signed_in_user
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.ranking_exports import export_filename, rankings_workbook
from awards.review.ranking_pages import experts_chart, number_format, overview, ranking_chart
from awards.review.rankings import category_ranking, expert_statistics, scale_of
from awards.review.rubric_forms import RubricForm
from awards.review.rubric_services import is_default, reviews_started, rubric_of, save_rubric
from awards.review.scoring import DISAGREEMENT_SHARE, MIN_REVIEWS
from awards.transaction import commit

bp = Blueprint("rankings", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    locale = str(get_locale() or "en")
    return {"number": number_format(locale), "signed": number_format(locale, signed=True)}


@bp.get("/organise/editions/<int:edition_id>/rankings")
@requires(Action.ORGANISE, edition_arg="edition_id")
def overview_page(edition_id: int) -> Any:
    edition = _edition(edition_id)
    return render_template(
        "review/rankings/overview.html", edition=edition, progress=overview(edition)
    )


@bp.get("/organise/editions/<int:edition_id>/rankings/<int:category_id>")
@requires(Action.ORGANISE, edition_arg="edition_id")
def category(edition_id: int, category_id: int) -> Any:
    edition = _edition(edition_id)
    found = db.session.get(Category, category_id)
    if found is None or found.edition_id != edition.id:
        abort(404)
    rows, scale = category_ranking(edition, found), scale_of(edition)
    return render_template(
        "review/rankings/category.html",
        edition=edition,
        category=found,
        rows=rows,
        scale=scale,
        limit=DISAGREEMENT_SHARE * (scale.high - scale.low),
        chart=ranking_chart(found, rows, scale, number_format(str(get_locale() or "en"))),
    )


@bp.get("/organise/editions/<int:edition_id>/experts/statistics")
@requires(Action.ORGANISE, edition_arg="edition_id")
def experts(edition_id: int) -> Any:
    edition = _edition(edition_id)
    rows = expert_statistics(edition)
    signed = number_format(str(get_locale() or "en"), signed=True)
    return render_template(
        "review/rankings/experts.html",
        edition=edition,
        experts=rows,
        chart=experts_chart(rows, signed),
        min_reviews=MIN_REVIEWS,
    )


@bp.get("/organise/editions/<int:edition_id>/rankings.xlsx")
@requires(Action.ORGANISE, edition_arg="edition_id")
def export_xlsx(edition_id: int) -> Any:
    edition = _edition(edition_id)
    body = rankings_workbook(edition)
    record(
        "rankings.exported",
        edition,
        f"Rankings of {edition.year} exported as xlsx",
        edition_id=edition.id,
        changes={"format": "xlsx"},
    )
    commit()
    disposition = f'attachment; filename="{export_filename(edition)}"'
    return Response(body, mimetype=XLSX, headers={"Content-Disposition": disposition})


def _rubric_page(edition: Edition, form: RubricForm | None, status: int = 200) -> Any:
    rubric = rubric_of(edition)
    return render_template(
        "review/rankings/rubric.html",
        edition=edition,
        rubric=rubric,
        default=is_default(rubric),
        form=form,
    ), status


@bp.route("/organise/editions/<int:edition_id>/rubric", methods=["GET", "POST"])
@requires(Action.ORGANISE, edition_arg="edition_id")
def rubric(edition_id: int) -> Any:
    edition = _edition(edition_id)
    locked = reviews_started(edition)
    form = RubricForm()
    if not form.is_submitted():
        return _rubric_page(edition, None if locked else RubricForm.for_rubric(rubric_of(edition)))
    if locked:
        abort(409, gettext("The rubric cannot change once experts have started reviewing."))
    if form.add_criterion.data:
        form.add_blank_criterion()
        return _rubric_page(edition, form)
    if not form.validate() or form.scale is None:
        return _rubric_page(edition, form, 400)
    low, high = form.scale
    save_rubric(
        edition,
        form.kept_criteria,
        form.kept_bands,
        low=low,
        high=high,
        actor=signed_in_user(),
        now=clock.utcnow(),
    )
    commit()
    flash(gettext("Rubric saved."), "success")
    return redirect(url_for(".rubric", edition_id=edition.id), 303)
