"""Outside development the Outbox page never shows a usable token: organisers see metadata."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.config import load_config
from awards.extensions import db
from awards.outbox.models import OutboxMessage


@pytest.fixture
def reset_token(client, make_user):
    """Someone asks for a password reset; the mail waits in the outbox with a live token."""
    make_user(email="victim@example.org")
    response = client.post("/account/forgot-password", data={"email": "victim@example.org"})
    assert response.status_code == 302
    message = db.session.scalars(select(OutboxMessage)).one()
    [token] = re.findall(r"/account/reset/([^\s\"<]+)", message.body_text)
    return message, token


def test_the_outbox_shows_no_token_outside_development(app, reset_token, make_user, login_as):
    message, token = reset_token
    assert app.config["AWARDS_ENV"] != "development"
    organiser = login_as(make_user(roles=((Role.ORGANISER, None),)))
    listing = organiser.get("/organise/outbox/")
    detail = organiser.get(f"/organise/outbox/{message.id}")
    assert listing.status_code == detail.status_code == 200
    for page in (listing.get_data(as_text=True), detail.get_data(as_text=True)):
        assert token not in page
        assert "/account/reset/" not in page
    html = detail.get_data(as_text=True)
    assert "victim@example.org" in html  # metadata and delivery state stay
    assert "Attempts" in html
    assert "not shown" in html  # and the organiser is told why there is no text


def test_the_outbox_shows_bodies_on_a_developers_machine(
    app, reset_token, make_user, login_as, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_SHOW_BODIES", True)
    message, token = reset_token
    organiser = login_as(make_user(roles=((Role.ORGANISER, None),)))
    assert token in organiser.get(f"/organise/outbox/{message.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("environment", "shown"), [("development", True), ("testing", False), ("production", False)]
)
def test_only_development_shows_mail_bodies(tmp_path, environment, shown):
    env = {"AWARDS_ENV": environment, "SECRET_KEY": "k", "AWARDS_BASE_URL": "https://a.example"}
    config = load_config(env, tmp_path)
    assert config["OUTBOX_SHOW_BODIES"] is shown
