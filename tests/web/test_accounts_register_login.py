"""Registering, signing in and out through the pages, with the bad input of issue 2."""

import re
import unicodedata

import pytest
from sqlalchemy import func, select

from awards.accounts.models import User
from awards.extensions import db
from awards.outbox.models import OutboxMessage

PASSWORD = "correct horse battery staple"


def _form(**overrides):
    data = {
        "name": "Ana Lima",
        "email": "ana@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "stakeholder_type": "academia",
        "country": "BR",
        "organisation": "Universidade Livre",
    }
    data.update(overrides)
    return data


def _users():
    return db.session.scalar(select(func.count()).select_from(User))


def _field_error(html, field_id):
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip() if match else None


def test_register_page_has_plain_labels_and_autocomplete(client):
    html = client.get("/account/register").get_data(as_text=True)
    for label in (
        "Full name",
        "Email address",
        "Password",
        "Confirm password",
        "Stakeholder type",
        "Country",
        "Organisation (optional)",
    ):
        assert f">{label}</label>" in html
    assert "Create account</button>" in html
    for token in ("name", "email", "new-password", "country", "organization"):
        assert f'autocomplete="{token}"' in html
    assert html.count("<h1") == 1
    assert "<title>Create an account" in html


def test_country_names_follow_the_language(client):
    client.post("/language", data={"lang": "es"})
    html = client.get("/account/register").get_data(as_text=True)
    assert '<option value="CH">Suiza</option>' in html
    assert '<option value="DE">Alemania</option>' in html


def test_register_creates_account_queues_mail_and_stores_locale(client):
    client.post("/language", data={"lang": "es"})
    response = client.post("/account/register", data=_form())
    assert response.status_code == 302
    assert response.location.endswith("/account/register/check-email")
    page = client.get(response.location).get_data(as_text=True)
    assert "ana@example.org" in page

    user = db.session.scalar(select(User).where(User.email_key == "ana@example.org"))
    assert user.locale == "es"
    assert not user.is_verified
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == "ana@example.org"
    assert "http://awards.test/account/verify/" in mail.body_text


@pytest.mark.parametrize(
    "second",
    [
        "ANA@EXAMPLE.ORG",
        "Ana@example.org",
        unicodedata.normalize("NFD", "ÅNGSTRÖM@example.org"),
        "ångström@example.org",
    ],
)
def test_duplicate_address_in_any_form_answers_like_a_new_one(client, make_user, second):
    make_user(email="ana@example.org")
    make_user(email="ÅNGSTRÖM@example.org")
    response = client.post(
        "/account/register",
        data=_form(email=second, name="Second Person", organisation="Other Org", country="CH"),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/register/check-email")
    assert _users() == 2
    [notice] = db.session.scalars(select(OutboxMessage)).all()
    assert notice.template == "account_exists"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "N" * 121, "Full name must be 120 characters or fewer"),
        ("organisation", "O" * 201, "Organisation must be 200 characters or fewer"),
        ("email", "a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
    ],
)
def test_over_long_fields_get_messages_and_keep_text(client, field, value, message):
    response = client.post("/account/register", data=_form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _field_error(html, field) == message
    assert f'value="{value}"' in html
    assert "maxlength" not in html  # a browser would cut the text silently
    assert _users() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "short", "confirm": "short"}, "password", "at least 10 characters"),
        ({"password": "x" * 129, "confirm": "x" * 129}, "password", "128 characters or fewer"),
        (
            {"password": "ANA@example.org", "confirm": "ANA@example.org"},
            "password",
            "must not be your email address",
        ),
        ({"confirm": "something else"}, "confirm", "The passwords do not match"),
        ({"email": "not-an-address"}, "email", "correct format"),
        ({"country": ""}, "country", "Choose your country"),
        ({"country": "XX"}, "country", "Not a valid choice"),
        ({"stakeholder_type": ""}, "stakeholder_type", "Choose your stakeholder type"),
        ({"name": ""}, "name", "Enter your full name"),
    ],
)
def test_bad_registration_input(client, overrides, field, message):
    response = client.post("/account/register", data=_form(**overrides))
    assert response.status_code == 400
    assert message in (_field_error(response.get_data(as_text=True), field) or "")
    assert _users() == 0


def test_login_page_labels(client):
    html = client.get("/account/login").get_data(as_text=True)
    for label in ("Email address", "Password", "Remember me"):
        assert f">{label}</label>" in html
    assert "Sign in</button>" in html
    assert 'autocomplete="current-password"' in html
    assert html.count("<h1") == 1


def test_login_redirects_home_and_records_time(client, make_user):
    user = make_user(email="ana@example.org", password=PASSWORD)
    response = client.post(
        "/account/login", data={"email": "ANA@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.location in ("/", "http://awards.test/")
    assert user.last_login_at is not None
    assert client.get("/account/settings").status_code == 200


def test_unknown_address_and_wrong_password_answer_the_same(client, make_user):
    make_user(email="ana@example.org", password=PASSWORD)
    wrong = client.post(
        "/account/login", data={"email": "ana@example.org", "password": "nope nope"}
    )
    unknown = client.post(
        "/account/login", data={"email": "zoe@example.org", "password": "nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 400
    wrong_html = wrong.get_data(as_text=True).replace("ana@example.org", "ADDRESS")
    unknown_html = unknown.get_data(as_text=True).replace("zoe@example.org", "ADDRESS")
    assert "The email address or password is not correct." in wrong_html
    assert wrong_html == unknown_html
    assert client.get("/account/settings").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/settings", "/account/settings"),
        ("https://evil.example/phish", "/"),
        ("//evil.example/phish", "/"),
        ("", "/"),
    ],
)
def test_login_honours_only_local_next(client, make_user, next_url, expected):
    make_user(email="ana@example.org", password=PASSWORD)
    response = client.post(
        "/account/login",
        data={"email": "ana@example.org", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response.location.removeprefix("http://awards.test") == expected


def test_login_required_page_comes_back_after_sign_in(client, make_user):
    make_user(email="ana@example.org", password=PASSWORD)
    response = client.get("/account/settings")
    assert response.status_code == 302
    login_page = client.get(response.location).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account/settings' in login_page


def test_remember_me_sets_a_persistent_cookie(client, make_user):
    make_user(email="ana@example.org", password=PASSWORD)
    response = client.post(
        "/account/login", data={"email": "ana@example.org", "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember
    assert "HttpOnly" in remember[0]
    assert "SameSite=Lax" in remember[0]


def test_unverified_account_signs_in_and_can_ask_for_a_new_link(client, make_user):
    make_user(email="ana@example.org", password=PASSWORD, verified=False)
    response = client.post(
        "/account/login", data={"email": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/account/unverified").get_data(as_text=True)
    assert "Send a new link" in page
    assert client.post("/account/unverified/resend").status_code == 302
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert "/account/verify/" in mail.body_text


def test_verified_account_is_sent_home_from_unverified_page(client, make_user, login_as):
    login_as(make_user())
    response = client.get("/account/unverified")
    assert response.status_code == 302


def test_logout_is_a_post_and_signs_out(client, make_user, login_as):
    login_as(make_user())
    assert client.get("/account/logout").status_code == 405
    assert client.get("/account/settings").status_code == 200
    response = client.post("/account/logout")
    assert response.status_code == 302
    assert client.get("/account/settings").status_code == 302
