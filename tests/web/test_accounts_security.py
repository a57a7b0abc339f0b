"""Security findings on the account pages: mail links, sign-out, sign-in limits, enumeration.

Each test here failed before its fix (see the commit that added it).
"""

from __future__ import annotations

import re
import statistics
import time

import pytest
from flask import g
from sqlalchemy import select

from awards.config import ConfigError, load_config
from awards.extensions import db, limiter
from awards.outbox.models import OutboxMessage

PASSWORD = "correct horse battery staple"
BASE_URL = "https://prizes.example.org/wsis"


def _mails(recipient):
    query = select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def _links(message):
    return re.findall(r"https?://\S+", message.body_text)


def _signed_in(device):
    g.pop("_login_user", None)
    return device.get("/account/settings").status_code == 200


def _sign_in(device, email="ana@example.org", password=PASSWORD, ip="10.0.0.1", remember=False):
    g.pop("_login_user", None)
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return device.post("/account/login", data=data, environ_base={"REMOTE_ADDR": ip})


# --- mail links come from AWARDS_BASE_URL, never from the Host header ----------------------------


@pytest.fixture
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "AWARDS_BASE_URL", BASE_URL)
    return BASE_URL


def test_reset_link_is_built_from_the_base_url_not_the_request(client, make_user, base_url):
    make_user(email="ana@example.org")
    client.post("/account/forgot-password", data={"email": "ana@example.org"})
    [mail] = _mails("ana@example.org")
    links = _links(mail)
    assert links
    assert all(link.startswith(f"{BASE_URL}/account/") for link in links), links


def test_a_forged_host_header_never_reaches_a_mail(client, make_user, base_url):
    make_user(email="ana@example.org")
    response = client.post(
        "/account/forgot-password",
        data={"email": "ana@example.org"},
        headers={"Host": "evil.example"},
    )
    mails = _mails("ana@example.org")
    if response.status_code == 400:  # the host was refused outright: nothing may be queued
        assert mails == []
        return
    [mail] = mails
    assert "evil.example" not in mail.body_text
    assert _links(mail)[0].startswith(f"{BASE_URL}/account/reset/")


def test_sign_up_and_email_change_mails_use_the_base_url(client, make_user, base_url):
    user = make_user(email="old@example.org")
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
        headers={"Host": "awards.test"},
    )
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    g.pop("_login_user", None)
    client.post(
        "/account/settings/email",
        data={"new_email": "new@example.org", "email_password": PASSWORD},
    )
    for recipient in ("ana@example.org", "new@example.org", "old@example.org"):
        [mail] = _mails(recipient)
        assert _links(mail)[0].startswith(f"{BASE_URL}/account/"), (recipient, mail.body_text)


# --- signing out ends the session on the server ----------------------------------------------


def test_an_old_session_cookie_does_not_work_after_sign_out(app, client, make_user):
    make_user(email="ana@example.org")
    assert _sign_in(client).status_code == 302
    stolen = client.get_cookie("session", domain="awards.test").value
    client.post("/account/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen, domain="awards.test")
    g.pop("_login_user", None)
    response = replay.get("/account/settings")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_a_remember_cookie_alone_does_not_work_after_sign_out(app, client, make_user):
    make_user(email="ana@example.org")
    assert _sign_in(client, remember=True).status_code == 302
    remember = client.get_cookie("remember_token", domain="awards.test").value
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember, domain="awards.test")
    assert _signed_in(fresh)  # the cookie works while the person is signed in
    client.post("/account/logout")
    replay = app.test_client()
    replay.set_cookie("remember_token", remember, domain="awards.test")
    assert not _signed_in(replay)


def test_production_refuses_to_start_without_a_base_url(tmp_path):
    with pytest.raises(ConfigError, match="AWARDS_BASE_URL"):
        load_config({"AWARDS_ENV": "production", "SECRET_KEY": "k"}, tmp_path)
    config = load_config(
        {"AWARDS_ENV": "production", "SECRET_KEY": "k", "AWARDS_BASE_URL": "https://a.org/x/"},
        tmp_path,
    )
    assert config["AWARDS_BASE_URL"] == "https://a.org/x"


def test_sign_in_gives_a_new_csrf_token(csrf_app, make_user):
    make_user(email="ana@example.org")
    device = csrf_app.test_client()
    page = device.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    with device.session_transaction() as session:
        before = session["csrf_token"]
    response = device.post(
        "/account/login",
        data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code == 302
    with device.session_transaction() as session:
        assert session.get("csrf_token") != before


# --- sign-in limits: per address and per account -----------------------------------------------


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(app, client, make_user):
    make_user(email="ana@example.org")
    statuses = {
        _sign_in(client, password="wrong password!", ip="10.0.0.66").status_code for _ in range(12)
    }
    assert 429 in statuses  # the attacker's address is limited
    other = app.test_client()
    assert _sign_in(other, ip="10.0.0.7").status_code == 302


def test_failures_for_one_account_from_many_addresses_are_limited(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "5 per hour")
    make_user(email="ana@example.org")
    known = app.test_client()
    assert _sign_in(known, ip="10.0.1.1").status_code == 302  # Ana's own browser, before
    statuses = [
        _sign_in(
            app.test_client(), "ANA@example.org", "wrong password!", ip=f"10.9.0.{n}"
        ).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5:] == [429] * 3
    # A browser Ana signed in with before still gets through; a new one waits.
    known.post("/account/logout")
    assert _sign_in(known, ip="10.0.1.1").status_code == 302
    assert _sign_in(app.test_client(), ip="10.0.1.2").status_code == 429


def test_a_correct_sign_in_is_not_counted_against_the_account(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "2 per hour")
    make_user(email="ana@example.org")
    for n in range(4):
        assert _sign_in(app.test_client(), ip=f"10.8.0.{n}").status_code == 302


# --- enumeration: existing and new addresses look alike -----------------------------------------


def _register(device, email):
    return device.post(
        "/account/register",
        data={
            "name": "Ana Lima",
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "stakeholder_type": "academia",
            "country": "BR",
        },
    )


def test_sign_up_with_a_taken_address_answers_like_a_new_one(app, make_user):
    make_user(email="ana@example.org", locale="fr", name="Ana")
    taken, new = (
        _register(app.test_client(), "ANA@example.org"),
        _register(app.test_client(), "bob@example.org"),
    )
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    [notice] = _mails("ana@example.org")
    assert notice.locale == "fr"
    links = _links(notice)
    assert any("/account/login" in link for link in links)
    assert any("/account/forgot-password" in link for link in links)
    assert len(_mails("ANA@example.org")) == 0 or notice.recipient == "ana@example.org"


def _medians_ms(send_a, send_b, tries):
    """Median times of ``send_a`` and ``send_b``, tried in turn so that load hits both alike."""
    times_a, times_b = [], []
    for _ in range(tries):
        for send, times in ((send_a, times_a), (send_b, times_b)):
            start = time.perf_counter()
            send()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times_a), statistics.median(times_b)


def _same_time(a, b):
    return b < a * 1.5 and a < b * 1.5 or abs(a - b) < 10


@pytest.mark.parametrize("page", ["reset", "register"])
def test_taken_and_unknown_addresses_take_the_same_time(
    app, make_user, smtp_mail, monkeypatch, page
):
    """Mail revealing an account is never sent within the request, so timing shows nothing."""
    monkeypatch.setitem(app.config, "MAIL_DELIVER_AFTER_COMMIT", True)
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    monkeypatch.setattr(limiter, "enabled", False)
    make_user(email="ana@example.org")
    device = app.test_client()
    counter = iter(range(10_000))

    def send(address):
        g.pop("_login_user", None)
        if page == "reset":
            device.post("/account/forgot-password", data={"email": address})
        else:
            _register(device, address if "ana" in address else f"new{next(counter)}@example.org")

    send("ana@example.org"), send("nobody@example.org")  # warm up
    taken, unknown = _medians_ms(
        lambda: send("ana@example.org"), lambda: send("nobody@example.org"), 30
    )
    assert _same_time(taken, unknown), (taken, unknown)
