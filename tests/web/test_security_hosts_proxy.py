"""Requests for a host we do not serve are refused; behind a proxy the client's address counts."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from awards import create_app
from awards.audit.models import AuditEvent
from awards.config import load_config
from awards.extensions import db
from tests.conftest import test_config

PASSWORD = "correct horse battery staple"


def _registration(email: str) -> dict[str, str]:
    return {
        "name": "Ana Lima",
        "email": email,
        "password": PASSWORD,
        "confirm": PASSWORD,
        "stakeholder_type": "academia",
        "country": "BR",
    }


@pytest.fixture
def guarded(app, database_url):
    """An app that serves awards.test only (as production does for AWARDS_BASE_URL's host)."""
    return create_app(test_config(database_url, AWARDS_TRUSTED_HOSTS=["awards.test"]))


def test_an_unknown_host_gets_a_clean_400_page(guarded):
    client = guarded.test_client()
    for path in ("/", "/account/login", "/no-such-page", "/organise/outbox/"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        body = response.get_data(as_text=True)
        assert "evil.example" not in body
        assert "not served here" in body
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert client.post("/account/login", headers={"Host": "evil.example"}).status_code == 400


def test_the_configured_host_is_served(guarded):
    response = guarded.test_client().get("/account/login", headers={"Host": "awards.test"})
    assert response.status_code == 200
    assert "Sign in" in response.get_data(as_text=True)


def test_the_health_check_answers_whatever_the_host(guarded):
    """Load balancers probe by IP address."""
    response = guarded.test_client().get("/healthz", headers={"Host": "10.0.0.7:8000"})
    assert response.status_code == 200


def test_without_trusted_hosts_any_host_is_served(client):
    """Development and testing: the check is off (the empty default)."""
    assert client.get("/account/login", headers={"Host": "evil.example"}).status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"AWARDS_BASE_URL": "https://prizes.example.int/"}, ["prizes.example.int"]),
        ({"AWARDS_BASE_URL": "https://prizes.example.int:8443"}, ["prizes.example.int"]),
        (
            {"AWARDS_BASE_URL": "https://a.example", "AWARDS_TRUSTED_HOSTS": "a.example, b.ex"},
            ["a.example", "b.ex"],
        ),
        ({"AWARDS_BASE_URL": "https://x.example", "AWARDS_TRUSTED_HOSTS": " , "}, ["x.example"]),
        ({"AWARDS_ENV": "development", "AWARDS_BASE_URL": "http://localhost:5000"}, []),
    ],
)
def test_trusted_hosts_default_to_the_base_url_host_in_production(tmp_path, env, expected):
    config = load_config({"AWARDS_ENV": "production", "SECRET_KEY": "k", **env}, tmp_path)
    assert config["AWARDS_TRUSTED_HOSTS"] == expected


def test_proxy_hops_are_read_as_an_integer(tmp_path):
    env = {"SECRET_KEY": "k", "AWARDS_BASE_URL": "https://prizes.example.int"}
    assert load_config(env, tmp_path)["AWARDS_PROXY_HOPS"] == 0
    config = load_config({**env, "AWARDS_PROXY_HOPS": "1"}, tmp_path)
    assert config["AWARDS_PROXY_HOPS"] == 1


def _app_with_hops(database_url: str, hops: int):
    return create_app(
        test_config(
            database_url,
            AWARDS_PROXY_HOPS=hops,
            RATELIMIT_REGISTER="2 per minute",
            RATELIMIT_KEY_PREFIX=f"hops-{uuid.uuid4().hex}",
        )
    )


def _register(client, email: str, forwarded_for: str) -> int:
    return client.post(
        "/account/register",
        data=_registration(email),
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def test_behind_one_proxy_the_audit_trail_records_the_client_address(app, database_url):
    proxied = _app_with_hops(database_url, 1)
    assert _register(proxied.test_client(), "ana@example.org", "203.0.113.9") == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.registered"))
    assert event.ip == "203.0.113.9"


def test_without_a_proxy_a_forwarded_for_header_is_ignored(app, database_url):
    direct = _app_with_hops(database_url, 0)
    assert _register(direct.test_client(), "ana@example.org", "203.0.113.9") == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.registered"))
    assert event.ip == "127.0.0.1"


def test_behind_one_proxy_each_client_has_its_own_rate_limit(app, database_url):
    client = _app_with_hops(database_url, 1).test_client()
    bad = "not-an-address"
    assert [_register(client, bad, "203.0.113.9") for _ in range(3)] == [400, 400, 429]
    assert _register(client, bad, "203.0.113.10") == 400  # another client: not limited


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_limit(app, database_url):
    client = _app_with_hops(database_url, 0).test_client()
    bad = "not-an-address"
    statuses = [_register(client, bad, f"203.0.113.{n}") for n in range(3)]
    assert statuses == [400, 400, 429]
