"""The security headers of every response (who may do what: :mod:`awards.access`)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


#: The headers every response gets unless its view set them (names as werkzeug compares them).
DEFAULTS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def install_security_headers(app: Flask) -> None:
    """Add CSP, framing, sniffing and referrer headers to every response."""
    defaults = DEFAULTS + ((HSTS,) if app.config.get("SESSION_COOKIE_SECURE") else ())

    @app.after_request
    def headers(response: Response) -> Response:
        # The names present, read once: each ``setdefault`` would scan every header again.
        present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118
        for name, value in defaults:
            if name.lower() not in present:
                response.headers.add(name, value)
        if _private(response, "cache-control" in present):
            response.headers["Cache-Control"] = "no-store"
        return response


def _private(response: Response, chose_cache: bool) -> bool:
    """A page for a signed-in person, or any organiser page: no cache may keep it.

    Static files stay cacheable, and a response whose view chose a ``private`` cache (entry
    images: ``private, max-age=3600``) keeps it (``chose_cache``: it has a Cache-Control).
    """
    if request.endpoint == "static":
        return False
    if not (request.path.startswith("/organise/") or current_user.is_authenticated):
        return False
    return not (chose_cache and response.cache_control.private)
