"""Flask-Login's user loader: the session id carries the account's two stamps."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.extensions import db


def load_user(session_id: str) -> User | None:
    """Load the account, unless it signed out or changed credentials since the session began.

    The id is ``<user id>:<security stamp>:<session stamp>`` (``User.get_id``); an id of an
    older shape, or with a stamp the account no longer has, opens nothing.
    """
    parts = session_id.split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    user_id, security_stamp, session_stamp = (int(part) for part in parts)
    # The roles come with the account: every request asks what the account may do.
    user = db.session.get(User, user_id, options=[joinedload(User.roles)])
    if user is None or not user.is_active:
        return None
    if user.security_stamp != security_stamp or user.session_stamp != session_stamp:
        return None
    return user
