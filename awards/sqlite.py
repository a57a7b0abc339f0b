"""SQLite needs foreign keys switched on per connection, and real transactions.

pysqlite's legacy transaction handling delays BEGIN and breaks SAVEPOINTs; SQLAlchemy's
documented recipe hands transaction control back to SQLAlchemy.
"""

from typing import Any

from sqlalchemy import Engine, event


def enable_sqlite_foreign_keys(engine: Engine) -> None:
    """Make SQLite enforce foreign keys and honour BEGIN/SAVEPOINT (PostgreSQL always does)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")
