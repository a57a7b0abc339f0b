"""Language selection (six UN languages, Arabic right-to-left) and the language switcher."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_login import current_user

from awards.config import RTL_LANGUAGES
from awards.transaction import commit

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The session's choice, then the account's, then the browser's best match, then English."""
    if not has_request_context():  # CLI commands and services run outside a request
        return "en"
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(list(languages)) or "en"


def select_timezone() -> str:
    """The viewer's own zone when the account has one, else the contest's."""
    if not has_request_context():
        return current_app.config["AWARDS_TIMEZONE"]
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["AWARDS_TIMEZONE"]


def current_locale() -> str:
    """The language of the current request (one of the configured six), for rendering."""
    locale = str(get_locale() or "en")
    return locale if locale in current_app.config["LANGUAGES"] else "en"


def text_direction(locale: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr"


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths may be redirected to.

    Control characters (a header split, or a NUL) and backslashes (browsers read ``/\\host``
    as ``//host``) are refused like any other unsafe target.
    """
    if not target:
        return default
    if any(ord(char) < 0x20 or ord(char) == 0x7F or char == "\\" for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.post("/language")
def switch_language():
    """Remember the chosen language for the session (and the account when signed in)."""

    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and current_user.locale != lang:
            current_user.locale = lang
            commit()
    return redirect(safe_next(request.form.get("next")))
