"""The commit point: views and CLI commands call :func:`commit` once per request or command.

Services only flush. After the commit succeeds, mail queued in the same transaction is handed to
the outbox for delivery, so nothing is sent for a change that was rolled back.
"""

from awards.extensions import db


def commit() -> None:
    """Commit the unit of work, then deliver the mail it queued (best effort; retries later)."""
    from awards.outbox.services import deliver_queued_after_commit

    db.session.commit()
    deliver_queued_after_commit()


def rollback() -> None:
    """Abandon the unit of work and forget the mail it queued."""
    from awards.outbox.services import forget_queued

    db.session.rollback()
    forget_queued()
