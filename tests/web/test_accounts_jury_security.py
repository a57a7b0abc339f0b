"""Jury invitations by organisers; CSRF, cookie flags and rate limits on the account pages."""

import re
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import func, select

from awards.accounts.models import User
from awards.accounts.roles import Role
from awards.config import load_config
from awards.extensions import db
from awards.outbox.models import OutboxMessage

PASSWORD = "correct horse battery staple"


def _link(recipient):
    mail = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert mail is not None, f"no mail to {recipient}"
    return re.search(r"http://awards\.test(/account/\S+)", mail.body_text).group(1)


def _switch(client, user):
    """Sign ``client`` in as ``user`` afresh (Flask-Login caches the user in ``g``)."""
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        if user is None:
            session.clear()
        else:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def _invite(client, edition, email="jury@example.org", name="Jury Person"):
    return client.post(
        f"/account/organise/editions/{edition.id}/jury",
        data={"name": name, "email": email, "locale": "en"},
    )


@pytest.fixture
def organiser(make_user):
    return make_user(name="Olga Organiser", roles=((Role.ORGANISER, None),))


def test_jury_page_is_for_organisers_only(client, make_user, make_edition, organiser):
    edition = make_edition()
    path = f"/account/organise/editions/{edition.id}/jury"
    assert client.get(path).status_code == 302  # to sign in
    assert _switch(client, make_user()).get(path).status_code == 403
    assert _switch(client, make_user(roles=((Role.JURY, edition.id),))).get(path).status_code == 403
    page = _switch(client, organiser).get(path)
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("<h1") == 1
    assert (
        _switch(client, organiser).get("/account/organise/editions/999999/jury").status_code == 404
    )


def test_invitation_creates_a_verified_jury_account(client, make_edition, organiser):
    edition = make_edition()
    _switch(client, organiser)
    response = _invite(client, edition)
    assert response.status_code == 302
    link = _link("jury@example.org")

    _switch(client, None)
    form = client.get(link)
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert 'value="Jury Person"' in html
    bad = client.post(link, data={"name": "Jury Person", "password": "short", "confirm": "short"})
    assert bad.status_code == 400
    done = client.post(
        link,
        data={
            "name": "Jury Person",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "stakeholder_type": "academia",
            "country": "KE",
        },
    )
    assert done.status_code == 302
    user = db.session.scalar(select(User).where(User.email_key == "jury@example.org"))
    assert user.is_verified
    assert user.has_role(Role.JURY, edition.id)

    listing = _switch(client, organiser).get(f"/account/organise/editions/{edition.id}/jury")
    assert "jury@example.org" in listing.get_data(as_text=True)
    _switch(client, None)
    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been accepted" in reused.get_data(as_text=True)


def test_invitation_upgrades_the_invited_account_only(client, make_user, make_edition, organiser):
    edition = make_edition()
    invitee = make_user(email="jury@example.org")
    stranger = make_user(email="stranger@example.org")
    _invite(_switch(client, organiser), edition, email="JURY@Example.org")
    link = _link("JURY@Example.org")

    anonymous = _switch(client, None).get(link)
    assert "Sign in to accept" in anonymous.get_data(as_text=True)

    wrong = _switch(client, stranger).post(link)
    assert wrong.status_code == 403
    assert not stranger.has_role(Role.JURY, edition.id)

    page = _switch(client, invitee).get(link)
    assert "Accept the invitation" in page.get_data(as_text=True)
    assert _switch(client, invitee).post(link).status_code == 302
    assert invitee.has_role(Role.JURY, edition.id)
    assert db.session.scalar(select(func.count()).select_from(User)) == 3


def test_inviting_a_current_juror_again_is_refused_on_the_field(
    client, make_user, make_edition, organiser
):
    edition = make_edition()
    make_user(email="jury@example.org", roles=((Role.JURY, edition.id),))
    db.session.commit()
    response = _invite(_switch(client, organiser), edition, email="Jury@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "already on the jury" in html
    assert 'value="Jury@example.org"' in html


def test_forged_invitation_is_refused(client, make_edition, organiser):
    edition = make_edition()
    _invite(_switch(client, organiser), edition)
    link = _link("jury@example.org")
    response = _switch(client, None).get(link[:-4] + "abcd")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


# --- security ---------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused_and_creates_nothing(csrf_app):
    client = csrf_app.test_client()
    response = client.post(
        "/account/register",
        data={
            "name": "Ana Lima",
            "email": "ana@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "stakeholder_type": "academia",
            "country": "BR",
        },
    )
    assert response.status_code == 400
    assert "Reload it and retry" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_login_form_carries_a_csrf_token_when_protection_is_on(csrf_app):
    html = csrf_app.test_client().get("/account/login").get_data(as_text=True)
    assert 'name="csrf_token"' in html


def test_session_cookie_is_httponly_and_lax(client, make_user):
    make_user(email="ana@example.org", password=PASSWORD)
    response = client.post(
        "/account/login", data={"email": "ana@example.org", "password": PASSWORD}
    )
    [session_cookie] = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
    ]
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie


def test_production_cookies_are_secure(tmp_path: Path):
    config = load_config(
        {
            "AWARDS_ENV": "production",
            "SECRET_KEY": "s" * 32,
            "AWARDS_BASE_URL": "https://prizes.example.org",
        },
        tmp_path,
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("setting", "path", "data"),
    [
        ("RATELIMIT_LOGIN", "/account/login", {"email": "a@example.org", "password": "x" * 10}),
        ("RATELIMIT_RESET", "/account/forgot-password", {"email": "a@example.org"}),
        ("RATELIMIT_REGISTER", "/account/register", {"email": "a@example.org"}),
    ],
)
def test_too_many_attempts_get_429(app, client, monkeypatch, setting, path, data):
    monkeypatch.setitem(app.config, setting, "3 per minute")
    statuses = [client.post(path, data=data).status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    page = client.post(path, data=data)
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
    assert client.get(path).status_code == 200  # reading the form is not limited
