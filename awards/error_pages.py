"""The error pages: every error renders a page (or JSON) of ours, never a stack trace."""

from __future__ import annotations

import logging
import math
import sqlite3
import time

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from awards.errors import RuleViolation
from awards.extensions import db, limiter, login_manager
from awards.sqlite import is_database_busy
from awards.transaction import rollback

log = logging.getLogger("awards.errors")


TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    409: _l("That conflicts with the current state"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is unavailable"),
}

HINTS = {
    400: _l("Check what you entered and try again. Nothing was saved from this request."),
    403: _l("If you think you should have access, sign in with the right account."),
    404: _l("The address may be mistyped, or the page may have moved."),
    405: _l("Go back and use the buttons on the page."),
    409: _l("Reload the page to see the current state, then try again."),
    413: _l("Choose a smaller file and try again."),
    429: _l("Please wait a minute before trying again."),
    500: _l("The problem has been logged. Please try again in a few minutes."),
    503: _l("Please try again in a few minutes."),
}


BUSY = _l("Many people are saving at this moment. Nothing was saved: please try again.")
UNREACHABLE = _l(
    "The service cannot reach its database at this moment. Nothing was saved from this "
    "request: please try again in a few seconds."
)


def is_database_unreachable(exc: BaseException) -> bool:
    """True when the database server is down, restarting or dropped the connection.

    PostgreSQL's driver raises ``OperationalError`` (or ``InterfaceError`` on a closed
    connection) for those; SQLite's ``OperationalError`` is a busy database or a bug, not this.
    """
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError) and not isinstance(
        exc.orig, sqlite3.Error
    )


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(status: int, message: str | None = None):
    """A page (or JSON body) for ``status`` with an optional specific message."""
    title = str(TITLES.get(status, TITLES[500]))
    hint = message or str(HINTS.get(status, HINTS[500]))
    if _wants_json():
        return jsonify(error=title, message=hint), status
    return render_template("errors/error.html", status=status, title=title, hint=hint), status


def database_unreachable(exc: DBAPIError):
    """503 "try again", never a false success; the pool reconnects once the server is back."""
    log.warning("database unreachable on %s %s: %s", request.method, request.path, exc.orig)
    try:
        rollback()
    except Exception:  # noqa: BLE001 - the connection is gone: drop it, the pool makes another
        log.info("rollback without a database", exc_info=True)
        db.session().invalidate()
    # The page must render without the database: it is shown as a visitor would see it (the
    # account, or its roles, would be read from the database again).
    g._login_user = login_manager.anonymous_user()
    body, status = render_error(503, str(UNREACHABLE))
    return body, status, {"Retry-After": "5", "Cache-Control": "no-store"}


def retry_after() -> int:
    """Seconds until the breached rate limit lets the next request through (at least 1).

    Flask-Limiter's own headers are off (``RATELIMIT_HEADERS_ENABLED``): on every allowed
    request they cost a read of each limit's window, a round trip to Redis in production, to
    tell a voter how many attempts remain; only a refused request needs to know when to retry.
    """
    breached = limiter.current_limit
    if breached is None:
        return 60
    try:
        return max(1, math.ceil(breached.window.reset_time - time.time()))
    except Exception:  # noqa: BLE001 - the storage went away meanwhile: the limit's own window
        log.info("rate limit window unreadable", exc_info=True)
        return max(1, int(breached.limit.get_expiry()))


def register_error_handlers(app: Flask) -> None:
    """Install handlers so every error renders a page of ours."""

    @app.errorhandler(RuleViolation)
    def rule_violation(exc: RuleViolation):
        rollback()
        return render_error(exc.status_code, exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return render_error(
            400, str(_l("The form had expired or was sent from elsewhere. Reload it and retry."))
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        original = getattr(exc, "original_exception", None)
        if original is not None and is_database_unreachable(original):
            return database_unreachable(original)  # raised after the view (an after_request)
        message = exc.description if status in (400, 409) and exc.description else None
        if status in (400, 409) and exc.description == type(exc).description:
            message = None
        if status == 429:
            body, status = render_error(status)
            return body, status, {"Retry-After": str(retry_after())}
        return render_error(status, message)

    @app.errorhandler(OperationalError)
    def database_error(exc: OperationalError):
        if is_database_unreachable(exc):
            return database_unreachable(exc)
        if not is_database_busy(exc):
            return unexpected(exc)
        log.warning("database busy on %s %s: %s", request.method, request.path, exc.orig)
        rollback()
        return render_error(503, str(BUSY))

    app.register_error_handler(InterfaceError, database_unreachable)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        try:
            rollback()
        except Exception:  # noqa: BLE001 - the error page must render whatever happened
            log.exception("rollback failed")
        return render_error(500)
