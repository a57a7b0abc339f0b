"""The commit point: views and CLI commands call :func:`commit` once per request or command.

Services only flush. After the commit succeeds, mail queued in the same transaction is handed to
the outbox for delivery, so nothing is sent for a change that was rolled back.
"""

from awards.extensions import db
from awards.outbox.services import deliver_queued_after_commit, forget_queued


def commit() -> None:
    """Commit the unit of work, then deliver the mail it queued (best effort; retries later)."""
    db.session.commit()
    deliver_queued_after_commit()


def rollback() -> None:
    """Abandon the unit of work and forget the mail it queued."""
    db.session.rollback()
    forget_queued()


def release(_: BaseException | None = None) -> None:
    """End the request's session at teardown, after the response was chosen.

    Closing rolls back what is still open; when the database has gone away meanwhile that
    rollback fails, and an error raised there would turn an answer already decided (a receipt,
    a 409) into a 500. The dead connection is discarded instead; the pool opens a new one.
    """
    try:
        db.session.close()
    except Exception:  # noqa: BLE001 - nothing left to save: the connection is gone
        db.session().invalidate()
