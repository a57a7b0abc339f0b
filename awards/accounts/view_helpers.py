"""What the account pages share: the blueprint, form pages, refusals, link problems, mail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_user
from flask_wtf import FlaskForm

from awards.accounts.forms import InvitationAccountForm, RegisterForm
from awards.accounts.models import User
from awards.accounts.registration import Profile
from awards.accounts.tokens import TokenError
from awards.errors import RuleViolation
from awards.i18n import current_locale
from awards.outbox.services import forget_queued
from awards.transaction import commit, rollback

bp = Blueprint("accounts", __name__, url_prefix="/account")

DEFAULT_LIMITS = {
    "RATELIMIT_LOGIN": "10 per minute; 50 per hour",
    "RATELIMIT_LOGIN_ACCOUNT": "20 per hour",
    "RATELIMIT_REGISTER": "5 per minute; 20 per hour",
    "RATELIMIT_REGISTER_ADDRESS": "3 per hour; 10 per day",
    "RATELIMIT_RESET": "3 per minute; 10 per hour",
    "RATELIMIT_RESEND": "3 per minute; 10 per hour",
}


def limit(key: str) -> Callable[[], str]:
    """The limit configured under ``key`` (read per request, so tests can lower it)."""
    return lambda: str(current_app.config.get(key) or DEFAULT_LIMITS[key])


def signed_in_user() -> User:
    return current_user._get_current_object()


def profile_of(form: RegisterForm | InvitationAccountForm) -> Profile:
    return Profile(
        name=form.name.data,
        stakeholder_type=form.stakeholder_type.data,
        country=form.country.data,
        organisation=form.organisation.data,
        locale=current_locale(),
    )


def form_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """The form's page: 400 when a submitted form was rejected, 200 otherwise."""
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def rejected(exc: RuleViolation, form: FlaskForm, *, on_form: bool = False) -> None:
    """Roll back, then show a service's refusal on the field it names (or re-raise it).

    With ``on_form``, a refusal naming no field of the form is shown above the form instead.
    """
    rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None and on_form:
        form.form_errors.append(exc.message)
        return
    if field is None:
        raise exc
    field.errors = [*field.errors, exc.message]


def token_problem(error: TokenError) -> tuple[str, int]:
    """A page saying what is wrong with a link and what to do about it (nothing was changed)."""
    hours = max(1, int(current_app.config["TOKEN_MAX_AGE_SECONDS"]) // 3600)
    page = render_template(
        "accounts/token_problem.html",
        purpose=error.purpose.value,
        reason=error.reason,
        hours=hours,
    )
    return page, 400


def relogin(user: User) -> None:
    """Keep this browser signed in after the account's stamps changed."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remember)


def commit_for_worker() -> None:
    """Commit, leaving the mail this request queued to the mail worker.

    Sending within the request would make an address with an account answer more slowly than
    one without, telling anyone who times the answer whether the account exists. The console
    transport of development (no SMTP server) prints at once: nothing is there to measure.
    ``MAIL_INLINE_ACCOUNT_MAIL`` (tests only: the browser tests run no worker) sends at once.
    """
    config = current_app.config
    if not (config.get("MAIL_CONSOLE") or config.get("MAIL_INLINE_ACCOUNT_MAIL")):
        forget_queued()
    commit()
