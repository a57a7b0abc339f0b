"""Sign-up fraud: disposable addresses refused on every way in, sign-up limited per address."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import func, select

from awards.accounts.models import BlockedDomain, JuryInvitation, User
from awards.accounts.roles import Role
from awards.extensions import db
from awards.outbox.models import OutboxMessage

PASSWORD = "correct horse battery staple"


def _registration(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Ana Lima",
        "email": "ana@mailinator.com",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "stakeholder_type": "academia",
        "country": "BR",
        "organisation": "Universidade Livre",
    }
    data.update(overrides)
    return data


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip() if match else None


def _as(client, user):
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
    return client


# --- sign-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["ana@mailinator.com", "Ana@MAILINATOR.com", "ana@inbox.mailinator.com"]
)
def test_sign_up_refuses_a_disposable_address_and_keeps_the_rest(client, email):
    response = client.post("/account/register", data=_registration(email=email))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "are disposable and cannot be used for an account" in _field_error(html, "email")
    assert f'value="{email}"' in html  # the address and the rest of the input kept
    assert 'value="Ana Lima"' in html
    assert 'value="Universidade Livre"' in html
    assert _users() == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_an_existing_disposable_account_gets_no_notice_either(client, make_user):
    """Refused before the account lookup: the answer is the same whoever holds the address."""
    make_user(email="old@mailinator.com")
    response = client.post("/account/register", data=_registration(email="old@mailinator.com"))
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_refusal_is_in_the_visitors_language(client):
    client.post("/language", data={"lang": "fr"})
    response = client.post("/account/register", data=_registration())
    assert response.status_code == 400
    message = _field_error(response.get_data(as_text=True), "email")
    assert "jetables" in message
    assert "mailinator.com" in message


def test_a_domain_the_organisers_refuse_is_refused_with_its_subdomains(client, make_user):
    olga = make_user(roles=((Role.ORGANISER, None),))
    db.session.add(BlockedDomain(domain="spam.example", reason="Bulk sign-ups", added_by=olga))
    # Committed (to the test's outer transaction): a refused request rolls back its own work.
    db.session.commit()
    for email in ("a@spam.example", "b@lists.SPAM.example"):
        response = client.post("/account/register", data=_registration(email=email))
        assert response.status_code == 400
        assert "spam.example" in _field_error(response.get_data(as_text=True), "email")
    accepted = client.post("/account/register", data=_registration(email="c@example.org"))
    assert accepted.status_code == 302


def test_an_ordinary_address_still_signs_up(client):
    response = client.post("/account/register", data=_registration(email="ana@example.org"))
    assert response.status_code == 302
    assert _users() == 1


# --- change of address ------------------------------------------------------------------------


def test_an_email_change_to_a_disposable_address_is_refused(client, make_user):
    ana = make_user(email="ana@example.org", password=PASSWORD)
    response = _as(client, ana).post(
        "/account/settings/email",
        data={"new_email": "ana@yopmail.com", "email_password": PASSWORD},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "are disposable" in _field_error(html, "new_email")
    assert 'value="ana@yopmail.com"' in html
    assert ana.pending_email is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


# --- jury invitations -------------------------------------------------------------------------


def test_a_jury_invitation_to_a_disposable_address_creates_no_account(
    client, make_user, make_edition
):
    edition = make_edition()
    olga = make_user(roles=((Role.ORGANISER, None),))
    _as(client, olga).post(
        f"/account/organise/editions/{edition.id}/jury",
        data={"name": "Jury Person", "email": "juror@mailinator.com", "locale": "en"},
    )
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "juror@mailinator.com")
    )
    link = re.search(r"http://awards\.test(/account/invitation/\S+)", mail.body_text)[1]
    users = _users()
    response = _as(client, None).post(
        link,
        data={
            "name": "Jury Person",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "stakeholder_type": "academia",
            "country": "FR",
            "organisation": "Institut",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Ask the organisers to invite you at an address you will keep" in html
    assert 'class="error-summary"' in html
    assert 'value="Institut"' in html
    assert _users() == users
    assert db.session.scalar(select(JuryInvitation)).state == "open"


# --- sign-up limits: per client and per address -----------------------------------------------


def _sign_up(client, email: str, ip: str):
    return client.post(
        "/account/register",
        data=_registration(email=email),
        environ_base={"REMOTE_ADDR": ip},
    )


def test_one_address_cannot_be_signed_up_from_many_clients(app, monkeypatch):
    """Each accepted sign-up mails the address: from any client, the third in an hour waits."""
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER_ADDRESS", "2 per hour")
    statuses = [
        _sign_up(app.test_client(), "Ana@Example.org", f"10.7.0.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    other = _sign_up(app.test_client(), "bea@example.org", "10.7.0.9")
    assert other.status_code == 302  # another address is not held back


def test_typos_do_not_count_against_the_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER_ADDRESS", "1 per hour")
    client = app.test_client()
    for n in range(3):
        bad = client.post(
            "/account/register",
            data=_registration(email="ana@example.org", confirm="something else"),
            environ_base={"REMOTE_ADDR": f"10.6.0.{n}"},
        )
        assert bad.status_code == 400
    assert _sign_up(client, "ana@example.org", "10.6.0.9").status_code == 302


def test_the_limit_page_is_translated_and_shows_no_trace(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_REGISTER_ADDRESS", "1 per hour")
    client = app.test_client()
    client.post("/language", data={"lang": "fr"})
    assert _sign_up(client, "ana@example.org", "10.5.0.1").status_code == 302
    client.post("/language", data={"lang": "fr"})  # the sign-up left the session's language
    response = _sign_up(client, "ana@example.org", "10.5.0.2")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "Trop de tentatives" in html
    assert "Traceback" not in html
    assert "RateLimitExceeded" not in html
    assert "per hour" not in html  # Flask-Limiter's own English description is not shown
