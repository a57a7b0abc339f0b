"""SQLite as a real multi-process database: foreign keys, transactions, one writer at a time.

pysqlite's legacy transaction handling delays BEGIN and breaks SAVEPOINTs; SQLAlchemy's
documented recipe hands transaction control back to SQLAlchemy. On top of it:

- ``journal_mode=WAL``: readers outside a write never block and are never blocked;
- ``BEGIN IMMEDIATE``: every transaction takes the write lock when it starts. A deferred
  transaction that reads and then writes fails at once with "database is locked" when another
  process committed in between (SQLite cannot wait there: its snapshot is stale), which is the
  500 two simultaneous form posts used to give. Taking the lock up front makes writers queue;
- ``busy_timeout``: a writer waits up to :data:`BUSY_TIMEOUT_MS` for the lock, longer than
  ``MAIL_TIMEOUT`` (mail is sent while the outbox row is claimed). Whatever still finds the
  database locked after that is answered with a 503 "busy, try again" (:func:`is_database_busy`).

SQLite is the single-machine default; PostgreSQL (``DATABASE_URL``) is for production.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_MS = 15_000


def enable_sqlite_foreign_keys(engine: Engine) -> None:
    """Make SQLite enforce foreign keys and queue its writers (PostgreSQL always does)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_database_busy(exc: BaseException) -> bool:
    """True when ``exc`` is SQLite saying that another writer still holds the database."""
    if not isinstance(exc, OperationalError) or not isinstance(exc.orig, sqlite3.OperationalError):
        return False
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text
