"""Reading and making the signed links of accounts with the app's secret and link lifetime."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from awards.accounts import tokens
from awards.accounts.models import User
from awards.accounts.tokens import Purpose, TokenInvalid
from awards.extensions import db


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def max_age() -> int:
    """How long a verification, reset or e-mail change link works, in seconds."""
    return int(current_app.config["TOKEN_MAX_AGE_SECONDS"])


def hours(seconds: int) -> int:
    return max(1, seconds // 3600)


def make(purpose: Purpose, payload: dict[str, Any], now: datetime) -> str:
    return tokens.make_token(secret(), purpose, payload, now=now)


def read(purpose: Purpose, token: str, now: datetime, age: int | None = None) -> Any:
    return tokens.read_token(secret(), purpose, token, max_age=age or max_age(), now=now)


def token_user(purpose: Purpose, payload: dict[str, Any]) -> User:
    """The active account a token's payload names (``u``), else :class:`TokenInvalid`."""
    user_id = payload.get("u")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active:
        raise TokenInvalid(purpose)
    return user
