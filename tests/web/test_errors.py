"""Every error renders a page of ours, with the right status and no stack trace."""

import pytest
from flask import abort

from awards import create_app
from awards.errors import Conflict, NotAllowed, RuleViolation
from tests.conftest import test_config


@pytest.fixture(scope="module")
def failing_app(database_url):
    """An app of its own with routes that fail in each way."""
    app = create_app(test_config(database_url))

    def boom():
        raise RuntimeError("secret internal detail")

    def rule():
        raise RuleViolation("Voting is closed for this category.")

    def forbidden():
        raise NotAllowed("Only the entry's team may do this.")

    def conflict():
        raise Conflict("Someone else saved this entry first.")

    def bad():
        abort(400)

    app.add_url_rule("/_test/boom", "boom", boom)
    app.add_url_rule("/_test/rule", "rule", rule)
    app.add_url_rule("/_test/forbidden", "forbidden", forbidden)
    app.add_url_rule("/_test/conflict", "conflict", conflict)
    app.add_url_rule("/_test/bad", "bad", bad)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/_test/boom", 500, "Something went wrong on our side"),
        ("/_test/rule", 409, "Voting is closed for this category."),
        ("/_test/forbidden", 403, "Only the entry&#39;s team may do this."),
        ("/_test/conflict", 409, "Someone else saved this entry first."),
        ("/_test/bad", 400, "The request could not be understood"),
        ("/nowhere", 404, "Page not found"),
    ],
)
def test_error_pages(failing_app, path, status, text):
    client = failing_app.test_client()
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert text in body
    assert "Traceback" not in body
    assert "secret internal detail" not in body


def test_json_clients_get_json_errors(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"] == "Page not found"


def test_post_without_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post("/language", data={"lang": "es"})
    assert response.status_code == 400
    assert "expired or was sent from elsewhere" in response.get_data(as_text=True)
