"""Role gates for views and the security headers of every response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, abort, redirect, request, url_for
from flask_login import current_user

from awards.accounts.models import Role

F = TypeVar("F", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def verified_required(view: F) -> F:
    """Only signed-in accounts whose e-mail address is confirmed."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.full_path))
        if not current_user.is_verified:
            return redirect(url_for("accounts.unverified"))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def role_required(role: Role, edition_arg: str | None = None) -> Callable[[F], F]:
    """Only accounts holding ``role`` (for the edition named by the ``edition_arg`` view arg)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path))
            edition_id = kwargs.get(edition_arg) if edition_arg else None
            if not current_user.is_verified or not current_user.has_role(role, edition_id):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def organiser_required(view: F) -> F:
    """Only organisers (or admins)."""
    return role_required(Role.ORGANISER)(view)


def install_security_headers(app: Flask) -> None:
    """Add CSP, framing, sniffing and referrer headers to every response."""

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
