"""The outbox against a real SMTP server on loopback (aiosmtpd): after commit, retries, back-off."""

from datetime import timedelta

import pytest
from flask_babel import get_locale
from sqlalchemy import select

from awards import clock, transaction
from awards.extensions import db
from awards.outbox import services
from awards.outbox.models import MailStatus, OutboxMessage
from awards.outbox.rules import MAX_ATTEMPTS, retry_delay


def _queue(to="ana@example.org", locale="en"):
    return services.queue_mail(to, "test_message", locale, name="Ana")


@pytest.fixture
def deliver_after_commit(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVER_AFTER_COMMIT", True)


def test_mail_of_a_rolled_back_change_is_never_sent(app, smtp_mail, deliver_after_commit):
    message_id = _queue().id
    transaction.rollback()
    assert services.deliver() == (0, 0)
    transaction.commit()
    assert db.session.get(OutboxMessage, message_id) is None
    assert smtp_mail.messages == []


def test_mail_is_delivered_after_commit_with_text_and_html(app, smtp_mail, deliver_after_commit):
    message = _queue()
    assert smtp_mail.messages == []  # nothing leaves before the commit
    transaction.commit()
    received = smtp_mail.wait_for("ana@example.org", "Test message")
    assert "Hello Ana, this is a test message." in received.text
    assert "<p>Hello Ana, this is a test message.</p>" in received.html
    db.session.refresh(message)
    assert message.status is MailStatus.SENT
    assert message.transport == "smtp"
    assert message.attempts == 1


def test_smtp_down_keeps_the_message_and_backs_off_then_delivers(app, smtp_mail):
    smtp_mail.stop()
    message = _queue()
    transaction.commit()
    now = clock.utcnow()
    assert services.deliver(now=now) == (0, 1)
    db.session.refresh(message)
    assert message.status is MailStatus.PENDING
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at == now + retry_delay(1)

    # Not due yet: the worker leaves it alone.
    assert services.deliver(now=now + timedelta(seconds=1)) == (0, 0)

    smtp_mail.start()
    assert services.deliver(now=message.next_attempt_at) == (1, 0)
    db.session.refresh(message)
    assert message.status is MailStatus.SENT
    assert message.attempts == 2
    assert message.last_error is None
    smtp_mail.wait_for("ana@example.org", "Test message")


def test_after_the_last_attempt_the_message_is_failed(app, smtp_mail):
    smtp_mail.stop()
    message = _queue()
    message.attempts = MAX_ATTEMPTS - 1
    transaction.commit()
    assert services.deliver() == (0, 1)
    db.session.refresh(message)
    assert message.status is MailStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    # A failed message is no longer picked up by the worker.
    later = clock.utcnow() + timedelta(days=1)
    assert services.deliver(now=later) == (0, 0)


def test_an_organiser_retry_gives_a_failed_message_one_more_try(app, smtp_mail):
    message = _queue()
    message.status = MailStatus.FAILED
    message.attempts = MAX_ATTEMPTS
    services.schedule_retry(message)
    transaction.commit()
    assert services.deliver(ids=[message.id]) == (1, 0)
    smtp_mail.wait_for("ana@example.org")


def test_mail_is_rendered_in_the_recipients_locale(app, monkeypatch):
    seen = []
    real_render = services.render_template

    def spy(template, **context):
        seen.append((template, str(get_locale())))
        return real_render(template, **context)

    monkeypatch.setattr(services, "render_template", spy)
    message = _queue(to="lucia@example.org", locale="es")
    assert message.locale == "es"
    assert seen == [("email/test_message.txt", "es"), ("email/test_message.html", "es")]
    stored = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "lucia@example.org")
    ).one()
    assert stored.locale == "es"


def test_long_lines_and_non_latin_text_arrive_intact(app, smtp_mail, deliver_after_commit):
    """SMTP refuses lines over 998 characters: bodies are encoded so any text goes through."""
    long_name = "Ana " + "word " * 600 + "نص عربي 中文"
    services.queue_mail("ana@example.org", "test_message", "en", name=long_name)
    transaction.commit()
    received = smtp_mail.wait_for("ana@example.org", "Test message")
    assert long_name.strip() in " ".join(received.text.split())
    raw = received.message.as_string()
    assert max(len(line) for line in raw.splitlines()) <= 998
