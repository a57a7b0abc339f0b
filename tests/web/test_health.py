"""/healthz answers 200 only when the database is reachable."""

from awards import create_app
from tests.conftest import test_config


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_unreachable():
    app = create_app(test_config("postgresql+psycopg://nobody@127.0.0.1:1/x"))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
    assert b"Traceback" not in response.data
