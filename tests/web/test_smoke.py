from flask import Response

from awards import create_app
from awards.security import DEFAULTS
from tests.conftest import test_config


def test_home_page_renders_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"WSIS Prizes" in response.data
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_404_page_without_trace(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Traceback" not in response.data


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_every_default_security_header_is_sent_once(client):
    response = client.get("/")
    for name, value in DEFAULTS:
        assert response.headers.getlist(name) == [value]
    # Development and tests serve plain HTTP: no HSTS promise the site could not keep.
    assert "Strict-Transport-Security" not in response.headers


def test_secure_cookies_bring_hsts_and_a_view_keeps_its_own_policy(database_url):
    app = create_app(test_config(database_url, SESSION_COOKIE_SECURE=True))

    @app.get("/own-policy")
    def own_policy():
        response = Response("ok")
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    client = app.test_client()
    home = client.get("/", base_url="https://awards.test")
    assert home.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    own = client.get("/own-policy", base_url="https://awards.test")
    assert own.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert own.headers["X-Frame-Options"] == "DENY"
