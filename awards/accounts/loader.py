"""Flask-Login's user loader: the session id carries the account's two stamps."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.extensions import db

#: The account with its roles (every request asks what the account may do): built once, so a
#: request only binds the id (building and keying a query each time cost more than running it).
_ACCOUNT = select(User).options(joinedload(User.roles)).where(User.id == bindparam("user_id"))


def load_user(session_id: str) -> User | None:
    """Load the account, unless it signed out or changed credentials since the session began.

    The id is ``<user id>:<security stamp>:<session stamp>`` (``User.get_id``); an id of an
    older shape, or with a stamp the account no longer has, opens nothing.
    """
    parts = session_id.split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    user_id, security_stamp, session_stamp = (int(part) for part in parts)
    user = db.session.execute(_ACCOUNT, {"user_id": user_id}).unique().scalar_one_or_none()
    if user is None or not user.is_active:
        return None
    if user.security_stamp != security_stamp or user.session_stamp != session_stamp:
        return None
    return user
