"""Migrations: a single head; upgrade from empty gives the models; downgrade removes it all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from awards import ROOT, create_app
from awards.extensions import db
from tests.conftest import test_config


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a fresh SQLite file, or a fresh PostgreSQL database."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"awards_migrations_{os.getpid()}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migration_app(empty_database_url: str) -> Iterator[Flask]:
    application = create_app(test_config(empty_database_url))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def test_there_is_a_single_head() -> None:
    script = ScriptDirectory(str(ROOT / "migrations"))
    script.config = None  # type: ignore[assignment]
    from alembic.config import Config

    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_upgrade_from_empty_matches_the_models(migration_app: Flask) -> None:
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_downgrade_to_base_removes_every_table(migration_app: Flask) -> None:
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_audit_trail_is_append_only_in_the_database(migration_app: Flask) -> None:
    """On PostgreSQL a trigger refuses UPDATE and DELETE on audit events, whatever the client."""
    upgrade()
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; the ORM guard covers SQLite")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (created_at, action, object_type, summary, changes) "
                "VALUES (now(), 'test', 'Thing', 'made', '{}')"
            )
        )
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET summary = 'changed'"))
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))


def test_votes_are_append_only_in_the_database(migration_app: Flask) -> None:
    """On PostgreSQL a row trigger refuses UPDATE and DELETE on votes, whatever the client."""
    upgrade()
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; the ORM guard covers SQLite")
    with db.engine.begin() as connection:
        rows = connection.execute(
            text(
                "SELECT tgname, tgtype, tgenabled FROM pg_trigger "
                "WHERE tgrelid = 'vote'::regclass AND NOT tgisinternal"
            )
        ).all()
        source = connection.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'vote_append_only'")
        ).scalar_one()
    # BEFORE (2) | ROW (1) | DELETE (8) | UPDATE (16), enabled ("O"), raising an error.
    assert [(name, tgtype & 27, enabled) for name, tgtype, enabled in rows] == [
        ("vote_append_only", 27, "O")
    ]
    assert "RAISE EXCEPTION 'votes are append-only'" in source
