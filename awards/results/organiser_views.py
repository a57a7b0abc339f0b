"""The organisers' results page of an edition: take a tally, see counts, ranks, Champions,
ties and whether the votes still match, what Winners are missing, publish, export, and tell
the nominees (``/organise/editions/<id>/results``). Organisers of the edition only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.view_helpers import signed_in_user
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.outbox.services import forget_queued
from awards.results import exports
from awards.results.notifications import notification_progress, notify_results
from awards.results.publication import publication_of
from awards.results.publishing import missing_winners, publish
from awards.results.snapshots import (
    latest_snapshot,
    record_champions_from,
    stored_places,
    take_snapshot,
    verify_snapshot,
)
from awards.review.nominees import nominees_of
from awards.transaction import commit, rollback

bp = Blueprint("results_admin", __name__, url_prefix="/organise/editions/<int:edition_id>")

#: The service's messages, in the user's language (the services speak English).
MESSAGES = {
    "Voting is still open: the votes can be tallied once it closes.": lambda: gettext(
        "Voting is still open: the votes can be tallied once it closes."
    ),
    "The results of this edition are published already.": lambda: gettext(
        "The results of this edition are published already."
    ),
    "Voting is still open: results can be published once it closes.": lambda: gettext(
        "Voting is still open: results can be published once it closes."
    ),
    "Tally the votes first: there is no snapshot to publish.": lambda: gettext(
        "Tally the votes first: there is no snapshot to publish."
    ),
    "Publish the results before telling the nominees.": lambda: gettext(
        "Publish the results before telling the nominees."
    ),
}


def _message(exc: RuleViolation) -> str:
    translate = MESSAGES.get(exc.message)
    return translate() if translate else exc.message


def _edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


def _page(edition: Edition, error: str | None = None, status: int = 200) -> Any:
    snapshot = latest_snapshot(edition)
    entries = {e.id: e for group in nominees_of(edition).values() for e in group}
    categories = {c.number: c for c in edition.categories}
    mismatches = verify_snapshot(snapshot) if snapshot is not None else []
    return render_template(
        "results/organise.html",
        edition=edition,
        snapshot=snapshot,
        places=list(stored_places(snapshot)) if snapshot is not None else [],
        categories=categories,
        entries=entries,
        mismatches=mismatches,
        missing=missing_winners(edition),
        publication=publication_of(edition),
        progress=notification_progress(edition),
        voting_closed=clock.utcnow() >= edition.voting_closes,
        error=error,
    ), status


@bp.get("/results")
@requires(Action.ORGANISE, edition_arg="edition_id")
def overview(edition_id: int) -> Any:
    return _page(_edition(edition_id))


def _act(
    edition: Edition, action: Callable[[], str], on_refusal: Callable[[], None] | None = None
) -> Any:
    """One organiser action: commit and say what was done, or, when the rules refuse it,
    undo everything (``on_refusal`` too) and show the page again with why (409)."""
    try:
        done = action()
    except RuleViolation as exc:
        rollback()
        if on_refusal is not None:
            on_refusal()
        return _page(edition, _message(exc), 409)
    commit()
    flash(done, "success")
    return redirect(url_for(".overview", edition_id=edition.id))


@bp.post("/results/tally")
@requires(Action.ORGANISE, edition_arg="edition_id")
def tally(edition_id: int) -> Any:
    edition = _edition(edition_id)

    def run() -> str:
        actor, now = signed_in_user(), clock.utcnow()
        snapshot = take_snapshot(edition, actor=actor, now=now)
        record_champions_from(snapshot, actor=actor, now=now)
        return gettext("The votes were tallied.")

    return _act(edition, run)


@bp.post("/results/publish")
@requires(Action.ORGANISE, edition_arg="edition_id")
def publish_results(edition_id: int) -> Any:
    edition = _edition(edition_id)

    def run() -> str:
        publish(
            edition,
            actor=signed_in_user(),
            now=clock.utcnow(),
            counts_public=request.form.get("counts_public") == "yes",
        )
        return gettext("The results are published.")

    return _act(edition, run)


@bp.post("/results/notify")
@requires(Action.ORGANISE, edition_arg="edition_id")
def notify(edition_id: int) -> Any:
    edition = _edition(edition_id)

    def run() -> str:
        queued = notify_results(edition, actor=signed_in_user(), now=clock.utcnow())
        return gettext("%(num)s e-mails queued.", num=queued)

    # Mail queued before the refusal must not go out once the work is undone.
    return _act(edition, run, on_refusal=forget_queued)


def _export(edition: Edition, fmt: str) -> None:
    record(
        "results.exported",
        edition,
        f"Results of {edition.year} exported as {fmt}",
        actor_id=signed_in_user().id,
        edition_id=edition.id,
        changes={"format": fmt},
    )
    commit()


@bp.get("/results.csv")
@requires(Action.ORGANISE, edition_arg="edition_id")
def export_csv(edition_id: int) -> Any:
    edition = _edition(edition_id)
    body = exports.csv_text(edition, latest_snapshot(edition))
    _export(edition, "csv")
    name = exports.export_filename(edition, "csv", clock.utcnow())
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/results.xlsx")
@requires(Action.ORGANISE, edition_arg="edition_id")
def export_xlsx(edition_id: int) -> Any:
    edition = _edition(edition_id)
    body = exports.xlsx_bytes(edition, latest_snapshot(edition))
    _export(edition, "xlsx")
    name = exports.export_filename(edition, "xlsx", clock.utcnow())
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
