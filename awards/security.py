"""The security headers of every response (who may do what: :mod:`awards.access`)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


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
        if _private(response):
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def _private(response: Response) -> bool:
    """A page for a signed-in person, or any organiser page: no cache may keep it.

    Static files stay cacheable, and a response whose view chose a ``private`` cache (entry
    images: ``private, max-age=3600``) keeps it.
    """
    if request.endpoint == "static" or response.cache_control.private:
        return False
    return request.path.startswith("/organise/") or bool(current_user.is_authenticated)
