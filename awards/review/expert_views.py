"""The experts' pages: their queue of reviews, a review (the entry and the rubric), and the
declaration of a conflict of interest.

Every page needs the jury of the edition (``Action.JUDGE``, 403 otherwise, before anything is
looked up); a review that is not the expert's own, withdrawn, or of an entry they are
conflicted with is a 404, whether or not it exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from awards import clock
from awards.access.gate import may, requires
from awards.access.rules import Action, Target
from awards.accounts.view_helpers import signed_in_user
from awards.contest.models import Edition
from awards.contest.timefmt import format_remaining, zone_label
from awards.contest.views import viewer_zone
from awards.extensions import db
from awards.i18n import current_locale
from awards.review import conflict_services, queues, review_rules, reviews
from awards.review.blinding import redact
from awards.review.experts import settings_of
from awards.review.models import ReviewAssignment
from awards.review.review_forms import SUBMIT, ConflictForm, ReviewForm, read_scores
from awards.review.review_page import (
    STATE_LABELS,
    STATE_TAGS,
    as_values,
    bands_shown,
    comment_message,
    criteria_shown,
    entry_shown,
    review_page,
)
from awards.review.rubric import Problem, Rubric
from awards.review.rubric_services import is_default
from awards.submissions.models import EntryImage
from awards.transaction import commit, rollback

bp = Blueprint("reviewing", __name__, url_prefix="/jury/editions/<int:edition_id>")

judge = requires(Action.JUDGE, edition_arg="edition_id")


@bp.app_context_processor
def _reviews_link() -> dict[str, Any]:
    """The header's "Your reviews" link, for a jury member (the latest edition they judge)."""
    return {"reviews_link": reviews_link}


def reviews_link() -> str | None:
    if not may(Action.JUDGE_SOME):
        return None
    latest_first = db.session.scalars(select(Edition.id).order_by(Edition.year.desc()))
    for edition_id in latest_first:
        if may(Action.JUDGE, Target(edition_id=edition_id)):
            return url_for("reviewing.queue", edition_id=edition_id)
    return None


def _edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


def _round(edition: Edition, now: datetime) -> int:
    asked = request.args.get("round")
    if asked is None:
        return review_rules.default_round(edition.schedule(), now)
    if asked not in {str(r) for r in review_rules.ROUNDS}:
        abort(400, _("There is no such round of review."))
    return int(asked)


@bp.get("/reviews")
@judge
def queue(edition_id: int) -> Any:
    edition, now = _edition(edition_id), clock.utcnow()
    round_ = _round(edition, now)
    window = review_rules.window(edition.schedule(), round_)
    is_open = window.is_open(now)
    rounds = sorted({*queues.rounds_of(edition, current_user), round_})
    items = queues.queue_of(edition, current_user, round_)
    blind, marker = settings_of(edition).blind, _("[withheld]")
    categories = {
        i.category.id: f"{i.category_number}. {i.category.display_name}" for i in items.items
    }
    states = {state: (str(label), STATE_TAGS[state]) for state, label in STATE_LABELS.items()}
    zone = viewer_zone()
    here = ZoneInfo(zone)

    def short(at: datetime) -> str:  # cheap for a hundred rows; the zone is in the heading
        return at.astimezone(here).strftime("%Y-%m-%d %H:%M")

    rows = [
        {
            "url": url_for(".review", edition_id=edition.id, assignment_id=i.assignment_id),
            "name": _("Entry %(id)s", id=i.entry_id),
            "title": (redact(i.title, i.identifying, marker) if blind else i.title)
            or _("(no title)"),
            "category": categories[i.category.id],
            "state": states[i.state],
            "saved": short(i.updated_at) if i.updated_at else "—",
        }
        for i in items.items
    ]
    return render_template(
        "review/reviewing/queue.html",
        edition=edition,
        queue=items,
        rows=rows,
        window=window,
        is_open=is_open,
        not_yet=window.refusal(now) is review_rules.Refusal.NOT_YET,
        remaining=format_remaining(window.closes - now, current_locale()) if is_open else None,
        rounds=rounds,
        zone=zone_label(zone, current_locale()),
    )


def _image_url(image: EntryImage) -> str:
    return url_for("submissions.image", entry_id=image.entry_id, image_id=image.id)


def _render_review(
    assignment: ReviewAssignment,
    rubric: Rubric,
    form: ReviewForm,
    *,
    values: dict[str, str],
    problems: dict[str, Problem] | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> Any:
    edition, now = assignment.entry.edition, clock.utcnow()
    translate = is_default(rubric)
    criteria = criteria_shown(rubric, translate=translate, values=values, problems=problems or {})
    errors = [(f"{c.field}-input", c.error) for c in criteria if c.error]
    errors += [(field.id, message) for field in form for message in field.errors]
    refusal = reviews.refusal_of(assignment, now)
    page = review_page(
        assignment,
        entry=entry_shown(assignment.entry, blind=settings_of(edition).blind, image_url=_image_url),
        criteria=criteria,
        bands=bands_shown(rubric, translate=translate),
        rubric=rubric,
        writable=refusal is None,
        deadline=review_rules.window(edition.schedule(), assignment.round).closes,
        others=reviews.others_scores(assignment),
        errors=errors,
    )
    return render_template(
        "review/reviewing/review.html",
        edition=edition,
        page=page,
        refusal=refusal,
        form=form,
        conflict_form=conflict_form or ConflictForm(formdata=None),
    ), status


@bp.route("/reviews/<int:assignment_id>", methods=["GET", "POST"])
@judge
def review(edition_id: int, assignment_id: int) -> Any:
    edition = _edition(edition_id)
    assignment = reviews.open_review(edition, current_user, assignment_id)
    rubric = reviews.rubric_for(assignment)
    if request.method == "GET":
        form = ReviewForm(formdata=None, obj=assignment)
        values = as_values(reviews.scores_of(assignment))
        return _render_review(assignment, rubric, form, values=values)
    now = clock.utcnow()
    reviews.require_writable(assignment, now)  # after the deadline: 409, whatever was sent
    form = ReviewForm()
    scores, raw, problems = read_scores(rubric, request.form)
    if not form.validate() or problems:
        return _render_review(assignment, rubric, form, values=raw, problems=problems, status=400)
    submit = request.form.get("action") == SUBMIT
    was_submitted = assignment.submitted_at is not None
    try:
        reviews.save_review(
            assignment,
            scores,
            form.comment_organisers.data or "",
            form.comment_team.data or "",
            submit=submit,
            actor=signed_in_user(),
            now=now,
        )
    except reviews.ReviewRefused as refused:
        rollback()
        for name, problem in refused.comments.items():
            getattr(form, name).errors = [comment_message(problem, reviews.COMMENT_MAX)]
        return _render_review(
            assignment, rubric, form, values=raw, problems=refused.problems, status=400
        )
    commit()
    if was_submitted:
        flash(_("Your review has been updated."), "success")
    elif submit:
        flash(_("Your review has been submitted. You can change it until the deadline."), "success")
    else:
        flash(_("Draft saved. It is not submitted yet."), "success")
    return redirect(url_for(".review", edition_id=edition.id, assignment_id=assignment.id))


@bp.post("/entries/<int:entry_id>/conflict")
@judge
def declare_conflict(edition_id: int, entry_id: int) -> Any:
    edition = _edition(edition_id)
    entry = reviews.entry_for_conflict(edition, entry_id)
    form = ConflictForm()
    if not form.validate():
        return render_template(
            "review/reviewing/conflict.html", edition=edition, entry_id=entry.id, form=form
        ), 400
    conflict_services.declare_conflict(signed_in_user(), entry, form.note.data, clock.utcnow())
    commit()
    flash(
        _(
            "Conflict of interest declared for entry %(number)s: it has left your reviews. "
            "The organisers can read your reason.",
            number=entry.id,
        ),
        "success",
    )
    return redirect(url_for(".queue", edition_id=edition.id))
