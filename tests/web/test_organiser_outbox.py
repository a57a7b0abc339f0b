"""The outbox page: what was sent, what waits and why; a newcomer can follow a link."""

import pytest

from awards import transaction
from awards.accounts.roles import Role
from awards.extensions import db
from awards.outbox.models import MailStatus
from awards.outbox.services import queue_mail


@pytest.fixture
def organiser_client(make_user, login_as):
    return login_as(make_user(roles=((Role.ORGANISER, None),)))


@pytest.fixture
def message(app):
    return queue_mail("ana@example.org", "test_message", "en", name="Ana")


def test_non_organisers_are_refused(client, login_as, make_user, message):
    login_as(make_user())
    assert client.get("/organise/outbox/").status_code == 403
    assert client.get(f"/organise/outbox/{message.id}").status_code == 403


def test_list_shows_status_recipient_subject_attempts_and_error(organiser_client, message):
    message.attempts = 2
    message.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
    db.session.flush()
    html = organiser_client.get("/organise/outbox/").get_data(as_text=True)
    assert "ana@example.org" in html
    assert "Test message" in html
    assert "Waiting" in html
    assert "Connection refused" in html
    assert "<td>2</td>" in html
    assert "1 message" in html
    sent_only = organiser_client.get("/organise/outbox/?status=sent").get_data(as_text=True)
    assert "ana@example.org" not in sent_only


def test_detail_shows_the_text_with_links_to_follow(app, organiser_client, message, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_SHOW_BODIES", True)  # a developer's machine
    message.body_text = "Confirm: https://awards.test/account/verify/abc123\n<b>not html</b>"
    db.session.flush()
    html = organiser_client.get(f"/organise/outbox/{message.id}").get_data(as_text=True)
    assert '<a href="https://awards.test/account/verify/abc123"' in html
    assert "&lt;b&gt;not html&lt;/b&gt;" in html
    assert "Retry now" in html


def test_retry_now_sends_a_failed_message(organiser_client, message, smtp_mail):
    message.status = MailStatus.FAILED
    message.attempts = 10
    transaction.commit()
    response = organiser_client.post(f"/organise/outbox/{message.id}/retry")
    assert response.status_code == 302
    smtp_mail.wait_for("ana@example.org", "Test message")
    db.session.refresh(message)
    assert message.status is MailStatus.SENT
    page = organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The message was sent." in page


def test_retry_with_smtp_down_says_so(organiser_client, message, smtp_mail):
    smtp_mail.stop()
    transaction.commit()
    response = organiser_client.post(f"/organise/outbox/{message.id}/retry", follow_redirects=True)
    assert "Sending failed again" in response.get_data(as_text=True)
    db.session.refresh(message)
    assert message.status is MailStatus.PENDING
    assert message.attempts == 1


def test_a_sent_message_is_not_sent_twice(organiser_client, message):
    message.status = MailStatus.SENT
    db.session.flush()
    response = organiser_client.post(f"/organise/outbox/{message.id}/retry")
    assert response.status_code == 409
