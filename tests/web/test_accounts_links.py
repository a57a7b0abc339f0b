"""Links sent by mail (verification, reset, e-mail change) and the settings page.

Expired, reused and forged links each get a page that says what happened and what to do.
"""

import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from awards import clock
from awards.accounts import credentials, registration
from awards.extensions import db
from awards.outbox.models import OutboxMessage

PASSWORD = "correct horse battery staple"


def _link(recipient):
    """The path of the link in the latest mail to ``recipient``."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    )
    mail = db.session.scalars(query).first()
    assert mail is not None, f"no mail to {recipient}"
    match = re.search(r"http://awards\.test(/account/\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def _signed_in(device):
    """Whether ``device`` (a test client) is signed in, judged by a fresh request.

    Requests in a test share the test's app context, where Flask-Login caches the user of the
    previous request in ``g``; drop it so the session cookie alone decides, as in production.
    """
    g.pop("_login_user", None)
    return device.get("/account/settings").status_code == 200


def _long_ago(app):
    return clock.utcnow() - timedelta(seconds=app.config["TOKEN_MAX_AGE_SECONDS"] + 60)


def _forge(path):
    head, _, token = path.rpartition("/")
    return f"{head}/{token[:-3]}{'AAA' if not token.endswith('AAA') else 'BBB'}"


# --- verification -----------------------------------------------------------------------------


def test_verification_link_confirms_once_then_says_already_used(client):
    client.post(
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
    link = _link("ana@example.org")
    first = client.get(link)
    assert first.status_code == 200
    assert "Email address confirmed" in first.get_data(as_text=True)
    again = client.get(link)
    html = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "This link has already been used" in html
    assert "Your email address is already confirmed" in html
    assert html.count("<h1") == 1


def test_expired_verification_link_offers_a_new_one(app, client, make_user, login_as):
    user = make_user(verified=False)
    token = registration.verification_token(user, now=_long_ago(app))
    response = client.get(f"/account/verify/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has expired" in html
    assert "Sign in to get a new link" in html
    assert not user.is_verified

    login_as(user)
    g.pop("_login_user", None)  # see _signed_in
    html = client.get(f"/account/verify/{token}").get_data(as_text=True)
    assert 'action="/account/unverified/resend"' in html


def test_forged_verification_link_is_refused(client, make_user):
    user = make_user(verified=False)
    path = _forge(f"/account/verify/{registration.verification_token(user, now=clock.utcnow())}")
    response = client.get(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)
    assert not user.is_verified


def test_reset_token_does_not_verify(client, make_user):
    user = make_user(verified=False)
    response = client.get(f"/account/verify/{credentials.reset_token(user, now=clock.utcnow())}")
    assert response.status_code == 400
    assert not user.is_verified


# --- password reset ---------------------------------------------------------------------------


def test_reset_request_never_reveals_whether_the_account_exists(client, make_user):
    make_user(email="ana@example.org")
    pages = []
    for address in ("ana@example.org", "zoe@example.org"):
        response = client.post("/account/forgot-password", data={"email": address})
        assert response.status_code == 302
        page = client.get(response.location)
        assert page.status_code == 200
        pages.append(page.get_data(as_text=True).replace(address, "ADDRESS"))
    assert pages[0] == pages[1]
    assert "If an account exists for <bdi>ADDRESS</bdi>" in pages[0]
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert recipients == ["ana@example.org"]


def test_reset_link_sets_password_signs_in_and_works_once(app, client, make_user, login_as):
    user = make_user(email="ana@example.org", password=PASSWORD)
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.get_id()
    client.post("/account/forgot-password", data={"email": "ana@example.org"})
    link = _link("ana@example.org")

    form = client.get(link)
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.get_data(as_text=True)
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400
    done = client.post(
        link, data={"password": "a new long password", "confirm": "a new long password"}
    )
    assert done.status_code == 302
    assert _signed_in(client)

    reused = client.get(link)
    html = reused.get_data(as_text=True)
    assert reused.status_code == 400
    assert "This link has already been used" in html
    assert 'href="/account/forgot-password"' in html
    assert not _signed_in(other_device)  # signed out elsewhere

    client.post("/account/logout")
    old = client.post("/account/login", data={"email": "ana@example.org", "password": PASSWORD})
    assert old.status_code == 400
    new = client.post(
        "/account/login", data={"email": "ana@example.org", "password": "a new long password"}
    )
    assert new.status_code == 302


@pytest.mark.parametrize("kind", ["expired", "forged"])
def test_bad_reset_link_offers_a_new_one(app, client, make_user, kind):
    user = make_user()
    if kind == "expired":
        path = f"/account/reset/{credentials.reset_token(user, now=_long_ago(app))}"
        title = "This link has expired"
    else:
        path = _forge(f"/account/reset/{credentials.reset_token(user, now=clock.utcnow())}")
        title = "This link is not valid"
    for response in (client.get(path), client.post(path, data={"password": "x" * 12})):
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert title in html
        assert "Request a new link" in html


# --- settings ---------------------------------------------------------------------------------


def test_settings_page_shows_three_forms(client, make_user, login_as):
    login_as(make_user(name="Ana Lima"))
    html = client.get("/account/settings").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert 'value="Ana Lima"' in html
    for action in (
        "/account/settings/profile",
        "/account/settings/password",
        "/account/settings/email",
    ):
        assert f'action="{action}"' in html
    assert '<option value="Europe/Zurich">' in html


def test_profile_change_is_saved(client, make_user, login_as):
    user = make_user(name="Ana Lima")
    login_as(user)
    response = client.post(
        "/account/settings/profile",
        data={
            "name": "Ana B. Lima",
            "organisation": "",
            "country": "PT",
            "locale": "fr",
            "timezone": "America/Sao_Paulo",
        },
    )
    assert response.status_code == 302
    assert (user.name, user.country, user.locale, user.timezone) == (
        "Ana B. Lima",
        "PT",
        "fr",
        "America/Sao_Paulo",
    )
    assert user.organisation is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "N" * 121, "Full name must be 120 characters or fewer"),
        ("organisation", "O" * 201, "Organisation must be 200 characters or fewer"),
        ("timezone", "Mars/Olympus_Mons", "Not a valid choice"),
    ],
)
def test_bad_profile_input_keeps_text(client, make_user, login_as, field, value, message):
    user = make_user(name="Ana Lima")
    login_as(user)
    data = {"name": "Ana Lima", "country": "CH", "locale": "en", "timezone": ""}
    data[field] = value
    response = client.post("/account/settings/profile", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    if field != "timezone":
        assert f'value="{value}"' in html
    assert user.name == "Ana Lima"


def test_password_change_keeps_this_session_and_ends_others(app, client, make_user):
    user = make_user(email="ana@example.org", password=PASSWORD)
    client.post("/account/login", data={"email": "ana@example.org", "password": PASSWORD})
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.get_id()

    wrong = client.post(
        "/account/settings/password",
        data={
            "current_password": "not it at all",
            "new_password": "a new long password",
            "confirm_new_password": "a new long password",
        },
    )
    assert wrong.status_code == 400
    assert "Your current password is not correct." in wrong.get_data(as_text=True)

    done = client.post(
        "/account/settings/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a new long password",
            "confirm_new_password": "a new long password",
        },
    )
    assert done.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(other_device)


def test_email_change_by_link_to_the_new_address(client, make_user, login_as):
    user = make_user(email="old@example.org", password=PASSWORD)
    login_as(user)
    response = client.post(
        "/account/settings/email",
        data={"new_email": "new@example.org", "email_password": PASSWORD},
    )
    assert response.status_code == 302
    assert user.email == "old@example.org"
    notice = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "old@example.org")
    ).one()
    assert "new@example.org" in notice.body_text
    link = _link("new@example.org")

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "new@example.org" in confirm_page.get_data(as_text=True)
    assert user.email == "old@example.org"  # a GET (mail scanners) changes nothing
    assert client.post(link).status_code == 302
    assert user.email == "new@example.org"
    assert _signed_in(client)  # still signed in

    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been used" in reused.get_data(as_text=True)


def test_email_change_to_taken_address_is_refused_on_the_field(client, make_user, login_as):
    make_user(email="taken@example.org")
    user = make_user(email="old@example.org", password=PASSWORD)
    db.session.commit()
    login_as(user)
    response = client.post(
        "/account/settings/email",
        data={"new_email": "Taken@Example.org", "email_password": PASSWORD},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Another account already uses this email address." in html
    assert 'value="Taken@Example.org"' in html
    assert db.session.scalars(select(OutboxMessage)).all() == []
