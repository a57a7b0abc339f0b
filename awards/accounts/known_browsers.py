"""A signed cookie naming the account last signed in from this browser.

The per-account limit of failed sign-ins (docs/security.md, "Sign-in limits") does not apply
to a browser that signed in to that account before, so whoever floods an account with wrong
passwords from elsewhere cannot lock its owner out of their own browser.
"""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from awards.accounts.rules import email_key

COOKIE = "awards_known"
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt="awards.known-browser")


def remember(response: Response, address: str) -> None:
    """Mark this browser as known to the account of ``address``."""
    response.set_cookie(
        COOKIE,
        _serializer().dumps(email_key(address)),
        max_age=MAX_AGE,
        httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        samesite="Lax",
    )


def is_known(address: str) -> bool:
    """Whether this request comes from a browser that signed in to ``address``'s account."""
    cookie = request.cookies.get(COOKIE)
    if not cookie or not address:
        return False
    try:
        return bool(_serializer().loads(cookie) == email_key(address))
    except BadSignature:
        return False
