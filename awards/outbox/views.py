"""Organiser pages of the outbox: what was sent, what waits, and why it failed."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from awards.access.gate import requires
from awards.access.rules import Action
from awards.extensions import db
from awards.outbox import services
from awards.outbox.models import MailStatus, OutboxMessage
from awards.query_args import bounded_int
from awards.transaction import commit

bp = Blueprint("outbox", __name__, url_prefix="/organise/outbox")


@bp.get("/")
@requires(Action.ORGANISE)
def index():
    wanted = request.args.get("status", "")
    status = MailStatus(wanted) if wanted in set(MailStatus) else None
    page = services.list_messages(status, page=bounded_int(request.args.get("page")) or 1)
    return render_template("outbox/index.html", page=page, status=status, statuses=MailStatus)


@bp.get("/<int:message_id>")
@requires(Action.ORGANISE)
def detail(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("outbox/detail.html", message=message)


@bp.post("/<int:message_id>/retry")
@requires(Action.ORGANISE)
def retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    services.schedule_retry(message)
    commit()
    sent, _failed = services.deliver(ids=[message.id])
    if sent:
        flash(_("The message was sent."), "success")
    else:
        flash(_("Sending failed again: %(error)s", error=message.last_error or "?"), "error")
    return redirect(url_for(".detail", message_id=message.id))
