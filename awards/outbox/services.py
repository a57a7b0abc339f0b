"""Queue mail inside the unit of work; deliver it after commit; retry with back-off.

Nothing is sent for a change that is rolled back (the message row goes with it), and nothing is
lost when the SMTP server is down (the row stays pending and ``flask awards mail deliver``
retries it).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from datetime import datetime
from email import charset as email_charset
from typing import Any

from flask import current_app, g, has_app_context, render_template
from flask_babel import force_locale, gettext
from flask_mail import Message
from sqlalchemy import select

from awards import clock
from awards.audit.services import record
from awards.errors import RuleViolation
from awards.extensions import db, mail
from awards.outbox.models import MailStatus, OutboxMessage
from awards.outbox.rules import next_attempt

log = logging.getLogger("awards.mail")

# Flask-Mail registers UTF-8 bodies as unencoded 8bit, and SMTP refuses lines over 998
# characters: encode bodies as quoted-printable (short lines, any text) instead.
email_charset.add_charset("utf-8", email_charset.SHORTEST, email_charset.QP, "utf-8")


def queue_mail(recipient: str, template: str, locale: str = "en", **context: Any) -> OutboxMessage:
    """Render ``templates/email/<template>.{txt,html}`` in ``locale`` and store the message.

    The text template's first line reads ``Subject: ...`` (``email/_base.txt`` puts it there
    from the ``subject`` block). Flushes; the caller's commit point commits.
    """
    with force_locale(locale):
        text = render_template(f"email/{template}.txt", locale=locale, **context)
        html = render_template(f"email/{template}.html", locale=locale, **context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"email/{template}.txt must start with a 'Subject:' line")
    message = OutboxMessage(
        recipient=recipient,
        subject=first.removeprefix("Subject:").strip(),
        body_text=body.lstrip("\n"),
        body_html=html,
        locale=locale,
        template=template,
        next_attempt_at=clock.utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    if has_app_context():
        g.setdefault("queued_mail_ids", []).append(message.id)
    return message


def forget_queued() -> None:
    """Drop the ids queued in this unit of work (after a rollback)."""
    if has_app_context():
        g.pop("queued_mail_ids", None)


def deliver_queued_after_commit() -> None:
    """Try to deliver, right away, the messages this unit of work queued."""
    ids = g.pop("queued_mail_ids", []) if has_app_context() else []
    if ids and current_app.config.get("MAIL_DELIVER_AFTER_COMMIT", True):
        deliver(ids=ids)


def _send(message: OutboxMessage) -> str:
    if current_app.config.get("MAIL_CONSOLE"):
        log.warning(
            "MAIL (console) to %s: %s\n%s", message.recipient, message.subject, message.body_text
        )
        print(  # noqa: T201 - console delivery is the point in development
            f"\n----- mail to {message.recipient} -----\nSubject: {message.subject}\n\n"
            f"{message.body_text}\n----- end of mail -----\n",
            flush=True,
        )
        return "console"
    msg = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
    )
    msg.extra_headers = {"X-Awards-Message-Id": str(message.id)}
    # Flask-Mail opens smtplib connections without a timeout: bound them so that a hung SMTP
    # server cannot hold a web request or the worker; the message is retried later.
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(current_app.config.get("MAIL_TIMEOUT", 10))
    try:
        mail.send(msg)
    finally:
        socket.setdefaulttimeout(previous)
    return "smtp"


def deliver(
    *, ids: Sequence[int] | None = None, now: datetime | None = None, limit: int = 100
) -> tuple[int, int]:
    """Send due pending messages (or only ``ids``), one at a time. Return (sent, failed).

    Each message is claimed with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), sent, and its outcome
    committed before the next is claimed: several workers never send the same message, and a
    worker killed mid-run can repeat at most the one message it was sending.
    """
    now = now or clock.utcnow()
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.PENDING)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    query = (
        query.where(OutboxMessage.id.in_(ids))
        if ids
        else query.where(OutboxMessage.next_attempt_at <= now)
    )
    sent = failed = 0
    tried: set[int] = set()
    while sent + failed < limit:
        message = db.session.scalars(query.where(OutboxMessage.id.not_in(tried))).first()
        if message is None:
            break
        tried.add(message.id)
        if _deliver_one(message, now):
            sent += 1
        else:
            failed += 1
        db.session.commit()
    db.session.commit()
    return sent, failed


def _deliver_one(message: OutboxMessage, now: datetime) -> bool:
    """Try to send one claimed message and record the outcome; True when it went out."""
    message.attempts += 1
    try:
        message.transport = _send(message)
    except Exception as exc:  # noqa: BLE001 - any SMTP/network failure means "retry later"
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        retry_at = next_attempt(now, message.attempts)
        if retry_at is None:
            message.status = MailStatus.FAILED
        else:
            message.next_attempt_at = retry_at
        log.warning("mail %s to %s failed: %s", message.id, message.recipient, exc)
        return False
    message.status = MailStatus.SENT
    message.sent_at = clock.utcnow()
    message.last_error = None
    return True


def list_messages(status: MailStatus | None = None, page: int = 1, per_page: int = 50) -> Any:
    """Messages newest first (optionally of one status), one page at a time."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


def schedule_retry(message: OutboxMessage, now: datetime | None = None) -> None:
    """Make a pending or failed message due now (one more try even after the last attempt).

    Flushes and audits; the caller commits, then calls :func:`deliver` with the message's id.
    """

    if message.status is MailStatus.SENT:
        raise RuleViolation(gettext("This message has already been sent."))
    previous = message.status
    message.status = MailStatus.PENDING
    message.next_attempt_at = now or clock.utcnow()
    db.session.flush()
    record(
        "mail.retry",
        message,
        f"Asked to retry mail {message.id} to {message.recipient}",
        changes={"status": {"old": previous.value, "new": MailStatus.PENDING.value}},
    )
