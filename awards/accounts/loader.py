"""Flask-Login's user loader: the session id carries the security stamp."""

from __future__ import annotations

from awards.accounts.models import User
from awards.extensions import db


def load_user(session_id: str) -> User | None:
    """Load the account, unless its password changed since the session began."""
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit() or not stamp.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.security_stamp != int(stamp) or not user.is_active:
        return None
    return user
