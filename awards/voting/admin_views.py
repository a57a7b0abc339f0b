"""The organisers' voting pages: live view, settings, suspicious activity, quarantines, exports.

Every page is an edition's (``/organise/editions/<id>/...``) and for its organisers only
(``requires(Action.ORGANISE, edition_arg="edition_id")``, before anything is looked up): counts
and ranks are never shown to anyone else while voting is open. Unknown ids, and another
edition's votes, accounts or quarantines, are 404.
"""

from __future__ import annotations

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
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts.models import User
from awards.accounts.view_helpers import signed_in_user
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.transaction import commit, rollback
from awards.voting import clusters, quarantines, vote_exports
from awards.voting.admin_forms import (
    KIND_LABELS,
    REASON_LABELS,
    ClusterForm,
    LiftForm,
    QuarantineForm,
    VotingSettingsForm,
)
from awards.voting.fraud_rules import DEFAULT_THRESHOLDS, FRESH_ACCOUNT_SECONDS, parse_ref
from awards.voting.fraud_signals import suspicious_activity
from awards.voting.live import live_view
from awards.voting.models import QuarantineReason
from awards.voting.quarantines import REASON_OF_KIND, Scope
from awards.voting.retention import reduce_after
from awards.voting.settings import save_voting_settings, voting_settings_of

bp = Blueprint("voting_admin", __name__, url_prefix="/organise/editions/<int:edition_id>")
organisers = requires(Action.ORGANISE, edition_arg="edition_id")


def _edition(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        abort(404)
    return edition


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "reason_labels": {k.value: str(v) for k, v in REASON_LABELS.items()},
        "kind_labels": {k.value: str(v) for k, v in KIND_LABELS.items()},
        "thresholds": DEFAULT_THRESHOLDS,
        "fresh_minutes": FRESH_ACCOUNT_SECONDS // 60,
    }


@bp.get("/voting")
@organisers
def live(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    view = live_view(edition, clock.utcnow())
    commit()  # the tallies' latest batch
    settings = voting_settings_of(edition)
    return render_template(
        "voting_admin/live.html",
        edition=edition,
        view=view,
        settings=settings,
        reduce_at=reduce_after(edition),
    )


@bp.route("/voting/settings", methods=["GET", "POST"])
@organisers
def settings(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    form = VotingSettingsForm(obj=voting_settings_of(edition))
    if form.validate_on_submit():
        try:
            save_voting_settings(
                edition,
                allow_change=form.allow_change.data,
                email_receipts=form.email_receipts.data,
                retention_days=form.retention_days.data,
                actor=signed_in_user(),
                now=clock.utcnow(),
            )
        except RuleViolation as exc:
            rollback()
            form.allow_change.errors.append(exc.message)
            return render_template("voting_admin/settings.html", edition=edition, form=form), 409
        commit()
        flash(gettext("Voting settings saved."), "success")
        return redirect(url_for(".live", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template("voting_admin/settings.html", edition=edition, form=form), status


@bp.get("/voting/suspicious")
@organisers
def suspicious(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    report = suspicious_activity(edition, clock.utcnow())
    commit()  # the tallies' latest batch
    return render_template("voting_admin/suspicious.html", edition=edition, report=report)


@bp.route("/voting/cluster", methods=["GET", "POST"])
@organisers
def cluster(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    ref = parse_ref(request.values.get("ref"))
    if ref is None:
        abort(404)
    form = ClusterForm()
    if form.validate_on_submit():
        outcome = quarantines.quarantine_cluster(
            edition,
            ref,
            scope=Scope(form.scope.data),
            note=form.note.data,
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
        commit()
        flash(
            gettext("%(votes)s votes set aside.", votes=outcome.votes),
            "success",
        )
        return redirect(url_for(".quarantines_list", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "voting_admin/cluster.html",
        edition=edition,
        cluster=clusters.summary(edition.id, ref),
        reason=REASON_OF_KIND[ref.kind],
        form=form,
    ), status


@bp.route("/voting/votes/<int:vote_id>/quarantine", methods=["GET", "POST"])
@organisers
def quarantine_vote(edition_id: int, vote_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    vote = clusters.one_vote(edition.id, vote_id)
    if vote is None:
        abort(404)
    form = QuarantineForm()
    if form.validate_on_submit():
        quarantines.quarantine_vote(
            edition,
            vote.id,
            reason=QuarantineReason(form.reason.data),
            note=form.note.data,
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
        commit()
        flash(gettext("The vote is set aside."), "success")
        return redirect(url_for(".quarantines_list", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "voting_admin/quarantine_vote.html", edition=edition, vote=vote, form=form
    ), status


@bp.route("/voting/accounts/<int:user_id>/quarantine", methods=["GET", "POST"])
@organisers
def quarantine_account(edition_id: int, user_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    votes = clusters.votes_of_account(edition.id, user_id)
    voter = db.session.get(User, user_id)
    if voter is None or not votes:
        abort(404)
    form = QuarantineForm()
    if form.validate_on_submit():
        quarantines.quarantine_account(
            edition,
            voter.id,
            reason=QuarantineReason(form.reason.data),
            note=form.note.data,
            actor=signed_in_user(),
            now=clock.utcnow(),
        )
        commit()
        flash(gettext("The account's votes are set aside."), "success")
        return redirect(url_for(".quarantines_list", edition_id=edition.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "voting_admin/quarantine_account.html",
        edition=edition,
        voter=voter,
        votes=votes,
        form=form,
    ), status


def _list_page(edition: Edition, form: LiftForm | None = None, failed: str = "") -> str:
    groups = quarantines.quarantine_groups(edition)
    people = {g.first.created_by_id for g in groups} | {g.first.lifted_by_id for g in groups}
    names = {
        u.id: u.name for u in db.session.query(User).filter(User.id.in_(people - {None})).all()
    }
    return render_template(
        "voting_admin/quarantines.html",
        edition=edition,
        groups=groups,
        names=names,
        failed_form=form,
        failed=failed,
    )


@bp.get("/voting/quarantines")
@organisers
def quarantines_list(edition_id: int) -> ResponseReturnValue:
    return _list_page(_edition(edition_id))


@bp.post("/voting/quarantines/<int:quarantine_id>/lift")
@organisers
def lift(edition_id: int, quarantine_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    form = LiftForm()
    if not form.validate_on_submit():
        return _list_page(edition, form, f"q{quarantine_id}"), 400
    quarantines.lift(
        edition, quarantine_id, note=form.lift_note.data, actor=signed_in_user(), now=clock.utcnow()
    )
    commit()
    flash(gettext("Quarantine lifted: the votes count again."), "success")
    return redirect(url_for(".quarantines_list", edition_id=edition.id))


@bp.post("/voting/batches/<batch>/lift")
@organisers
def lift_batch(edition_id: int, batch: str) -> ResponseReturnValue:
    edition = _edition(edition_id)
    form = LiftForm()
    if not form.validate_on_submit():
        return _list_page(edition, form, f"b{batch}"), 400
    outcome = quarantines.lift_batch(
        edition, batch, note=form.lift_note.data, actor=signed_in_user(), now=clock.utcnow()
    )
    commit()
    flash(
        gettext("%(count)s quarantines lifted: the votes count again.", count=outcome.quarantines),
        "success",
    )
    return redirect(url_for(".quarantines_list", edition_id=edition.id))


@bp.get("/votes.csv")
@organisers
def export_csv(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    vote_exports.record_export(edition, "csv", signed_in_user())
    commit()
    name = vote_exports.export_filename(edition, "csv", clock.utcnow())
    return Response(
        stream_with_context(vote_exports.csv_chunks(edition)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/votes.xlsx")
@organisers
def export_xlsx(edition_id: int) -> ResponseReturnValue:
    edition = _edition(edition_id)
    vote_exports.record_export(edition, "xlsx", signed_in_user())
    commit()
    name = vote_exports.export_filename(edition, "xlsx", clock.utcnow())
    return Response(
        vote_exports.xlsx_bytes(edition),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
