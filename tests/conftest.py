"""Shared fixtures: the app on a real database with per-test rollback, clients, factories.

``TEST_DATABASE_URL`` runs the same suite on PostgreSQL; otherwise a SQLite file in a temp dir.
``AWARDS_REQUIRE_ALL=1`` (set by .ci/run) turns a skip for a missing Chromium or PostgreSQL
into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

from awards import create_app
from awards.accounts.models import RoleGrant, User
from awards.accounts.roles import Role
from awards.contest.models import Category, Edition
from awards.extensions import db, limiter
from awards.stakeholders import StakeholderType
from tests.smtp_server import smtp_mail, smtp_server  # noqa: F401 - fixtures for every test

REQUIRE_ALL = os.environ.get("AWARDS_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` on a developer's machine; fail under CI (AWARDS_REQUIRE_ALL=1)."""
    if REQUIRE_ALL:
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


class _BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session ignores an explicit bind; the test connection must win."""

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kw: Any) -> Any:
        if self.bind is not None:
            return self.bind
        return super().get_bind(mapper, clause, bind, **kw)


def test_config(database_url: str, **extra: Any) -> dict[str, Any]:
    """Configuration shared by the web and browser test apps."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 1024,
        "MAIL_CONSOLE": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens: delivery fails and stays pending unless a test says
        "MAIL_DELIVER_AFTER_COMMIT": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "awards.test",
        "AWARDS_BASE_URL": "http://awards.test",
    }
    config.update(extra)
    return config


test_config.__test__ = False  # type: ignore[attr-defined]


def _fresh_request_globals(sender: Flask, **extra: Any) -> None:
    g.pop("_login_user", None)
    g.pop("queued_mail_ids", None)
    g.pop("_flask_babel", None)  # Flask-Babel's cached locale, zone and translations


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(
        test_config(database_url, UPLOAD_FOLDER=str(tmp_path_factory.mktemp("uploads")))
    )
    with application.app_context():
        db.drop_all()
        db.create_all()
    # Tests hold an app context, which every test request then shares: forget what a previous
    # request left in ``g`` (Flask-Login's user, queued mail) as a real request would.
    request_started.connect(_fresh_request_globals, application)
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _db_transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that uses the app runs inside a transaction rolled back at the end."""
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": _BoundSession,
            }
        )
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_app(app: Flask) -> Iterator[Flask]:
    """The app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield app
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- named instants of the demo calendar (Geneva time is UTC+1 in winter, +2 in summer) ---
class Clock:
    """Instants of the 2021 calendar, named once for every test."""

    SUBMISSION_OPENS = datetime(2020, 11, 5, 8, 0, tzinfo=UTC)
    BEFORE_OPEN = SUBMISSION_OPENS - timedelta(days=1)
    DURING_SUBMISSION = datetime(2020, 12, 1, 12, 0, tzinfo=UTC)
    SUBMISSION_CLOSES = datetime(2021, 2, 1, 22, 0, tzinfo=UTC)  # 23:00 Geneva
    NOMINATION_OPENS = datetime(2021, 2, 2, 8, 0, tzinfo=UTC)
    DURING_NOMINATION = datetime(2021, 2, 10, 12, 0, tzinfo=UTC)
    NOMINATION_CLOSES = datetime(2021, 2, 26, 22, 0, tzinfo=UTC)
    VOTING_OPENS = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
    DURING_VOTING = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)
    VOTING_CLOSES = datetime(2021, 3, 31, 21, 0, tzinfo=UTC)
    SELECTION_OPENS = datetime(2021, 4, 1, 7, 0, tzinfo=UTC)
    DURING_SELECTION = datetime(2021, 4, 5, 12, 0, tzinfo=UTC)
    SELECTION_CLOSES = datetime(2021, 4, 12, 21, 0, tzinfo=UTC)
    CEREMONY = datetime(2021, 5, 18, 11, 0, tzinfo=UTC)
    AFTER_CEREMONY = CEREMONY + timedelta(days=1)


@pytest.fixture
def clock() -> type[Clock]:
    return Clock


def schedule_kwargs(**overrides: datetime | None) -> dict[str, datetime | None]:
    """Edition date columns for the 2021 calendar, with overrides."""
    values: dict[str, datetime | None] = {
        "submission_opens": Clock.SUBMISSION_OPENS,
        "submission_closes": Clock.SUBMISSION_CLOSES,
        "nomination_opens": Clock.NOMINATION_OPENS,
        "nomination_closes": Clock.NOMINATION_CLOSES,
        "voting_opens": Clock.VOTING_OPENS,
        "voting_closes": Clock.VOTING_CLOSES,
        "selection_opens": Clock.SELECTION_OPENS,
        "selection_closes": Clock.SELECTION_CLOSES,
        "ceremony_at": Clock.CEREMONY,
        "closes_at": None,
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_edition(app: Flask) -> Callable[..., Edition]:
    def factory(year: int = 2021, categories: int = 3, **overrides: Any) -> Edition:
        dates = {k: overrides.pop(k) for k in list(overrides) if k in schedule_kwargs()}
        edition = Edition(
            year=year,
            title=overrides.pop("title", f"WSIS Prizes {year}"),
            timezone=overrides.pop("timezone", "Europe/Zurich"),
            **schedule_kwargs(**dates),
            **overrides,
        )
        for number in range(1, categories + 1):
            edition.categories.append(
                Category(
                    number=number,
                    action_line=f"C{number}",
                    name=f"Category {number}",
                    suggested_sdgs=[1, 3, 5],
                )
            )
        db.session.add(edition)
        db.session.flush()
        return edition

    return factory


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 1_000_000))

    def factory(
        email: str | None = None,
        password: str = "correct horse battery staple",
        verified: bool = True,
        roles: tuple[tuple[Role, int | None], ...] = (),
        **fields: Any,
    ) -> User:
        from awards.accounts.passwords import hash_password
        from awards.accounts.rules import email_key

        email = email or f"user{next(counter)}@example.org"
        user = User(
            name=fields.pop("name", "Test Person"),
            email=email,
            email_key=email_key(email),
            password_hash=hash_password(password),
            stakeholder_type=fields.pop("stakeholder_type", StakeholderType.CIVIL_SOCIETY),
            country=fields.pop("country", "CH"),
            email_verified_at=datetime(2020, 1, 1, tzinfo=UTC) if verified else None,
            **fields,
        )
        for role, edition_id in roles:
            user.roles.append(RoleGrant(role=role, edition_id=edition_id))
        db.session.add(user)
        db.session.flush()
        return user

    return factory


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Sign ``user`` in on the test client without going through the form."""

    def do_login(user: User) -> FlaskClient:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return do_login
