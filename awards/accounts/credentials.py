"""Signing in and out, and changing what signs in: password reset and change, e-mail change.

Every change of credentials, and signing out, ends the account's other sessions and
remember-me cookies: Flask-Login's id carries the account's stamps (see ``User.get_id``), and
the loader refuses an id whose stamps are out of date. The stamps live in the database, so
this holds across workers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from awards.accounts import signed_links, tokens
from awards.accounts.blocked_domains import refuse_disposable
from awards.accounts.models import User
from awards.accounts.passwords import hash_password, verify_dummy, verify_password
from awards.accounts.registration import (
    EmailTaken,
    check_new_password,
    ensure_email_free,
    find_by_email,
    flush_unique,
)
from awards.accounts.rules import email_key
from awards.accounts.tokens import Purpose, TokenInvalid, TokenUsed
from awards.audit.services import record
from awards.errors import RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.services import queue_mail

# --- signing in and out -----------------------------------------------------------------------


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The account for these credentials, or ``None``: unknown or wrong look and last alike."""
    user = find_by_email(email)
    if user is None:
        verify_dummy(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    user.last_login_at = now
    return user


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session and remember-me cookie stops working."""
    user.session_stamp = (user.session_stamp or 0) + 1
    db.session.flush()


def sign_out(user: User) -> None:
    """Signing out of one browser ends the sessions of the account on the server too.

    A copied session or remember-me cookie would otherwise keep working after sign-out.
    """
    end_sessions(user)
    record("account.signed_out", user, "Signed out", actor_id=user.id)


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.security_stamp = (user.security_stamp or 0) + 1
    end_sessions(user)


# --- password reset ---------------------------------------------------------------------------


def _reset_fingerprint(user: User) -> str:
    return tokens.fingerprint(user.id, user.email_key, user.security_stamp)


def reset_token(user: User, *, now: datetime) -> str:
    """A link token that sets a new password, once (the stamp changes when it is used)."""
    payload = {"u": user.id, "f": _reset_fingerprint(user)}
    return signed_links.make(Purpose.RESET_PASSWORD, payload, now)


def request_password_reset(email: str, *, now: datetime) -> None:
    """Queue a reset link if the account exists; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    queue_mail(
        user.email,
        "reset_password",
        user.locale,
        name=user.name,
        link=external_url("accounts.reset_password", token=reset_token(user, now=now)),
        hours=signed_links.hours(signed_links.max_age()),
    )


def check_reset_token(token: str, *, now: datetime) -> User:
    """The account a reset link is for; raise a :class:`tokens.TokenError` if unusable."""
    payload = signed_links.read(Purpose.RESET_PASSWORD, token, now)
    user = signed_links.token_user(Purpose.RESET_PASSWORD, payload)
    tokens.check_fingerprint(Purpose.RESET_PASSWORD, payload, _reset_fingerprint(user))
    return user


def reset_password(token: str, new_password: str, *, now: datetime) -> User:
    """Set a new password from a reset link; the link and every session stop working."""
    user = check_reset_token(token, now=now)
    check_new_password(new_password, user.email)
    _set_password(user, new_password)
    if not user.is_verified:
        # The link reached the address, which is what verification proves.
        user.email_verified_at = now
    record("account.password_reset", user, "Password reset by email link", actor_id=user.id)
    return user


# --- settings (the account acts on itself) ----------------------------------------------------


def update_profile(user: User, **fields: Any) -> dict[str, Any]:
    """Change name, organisation, country, locale or time zone; return what changed."""
    changes: dict[str, Any] = {}
    for key in ("name", "organisation", "country", "locale", "timezone"):
        if key not in fields:
            continue
        value = fields[key]
        if isinstance(value, str):
            value = value.strip() or None
        if key == "name" and not value:
            raise RuleViolation(_("Enter your full name."), field="name")
        if getattr(user, key) != value:
            changes[key] = [getattr(user, key), value]
            setattr(user, key, value)
    if changes:
        db.session.flush()
        record(
            "account.profile_updated",
            user,
            "Account details changed",
            actor_id=user.id,
            changes=changes,
        )
    return changes


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one; every session ends."""
    if not verify_password(user.password_hash, current_password):
        raise RuleViolation(_("Your current password is not correct."), field="current_password")
    check_new_password(new_password, user.email, field="new_password")
    _set_password(user, new_password)
    record("account.password_changed", user, "Password changed", actor_id=user.id)


def _change_fingerprint(user: User, new_email: str) -> str:
    return tokens.fingerprint(user.id, email_key(new_email), user.security_stamp)


def email_change_token(user: User, new_email: str, *, now: datetime) -> str:
    """A link token that moves the account to ``new_email``, once."""
    payload = {"u": user.id, "e": new_email, "f": _change_fingerprint(user, new_email)}
    return signed_links.make(Purpose.CHANGE_EMAIL, payload, now)


def request_email_change(user: User, password: str, new_email: str, *, now: datetime) -> None:
    """Send a confirmation link to ``new_email`` and a notice to the current address.

    The address changes only when the link is followed.
    """
    if not verify_password(user.password_hash, password):
        raise RuleViolation(_("Your password is not correct."), field="email_password")
    new_email = new_email.strip()
    if email_key(new_email) == user.email_key:
        raise RuleViolation(_("This is already your email address."), field="new_email")
    refuse_disposable(new_email, field="new_email")
    ensure_email_free(
        new_email, field="new_email", message=_("Another account already uses this email address.")
    )
    user.pending_email = new_email
    link = external_url(
        "accounts.confirm_email_change", token=email_change_token(user, new_email, now=now)
    )
    hours = signed_links.hours(signed_links.max_age())
    context = {"name": user.name, "new_email": new_email, "hours": hours}
    queue_mail(new_email, "confirm_new_email", user.locale, link=link, **context)
    reset_link = external_url("accounts.forgot_password")
    queue_mail(user.email, "email_changed_notice", user.locale, reset_link=reset_link, **context)
    record(
        "account.email_change_requested",
        user,
        f"Change of email address to {new_email} requested",
        actor_id=user.id,
        changes={"pending_email": new_email},
    )


def check_email_change_token(token: str, *, now: datetime) -> tuple[User, str]:
    """The account and new address of a confirmation link; raise if unusable."""
    payload = signed_links.read(Purpose.CHANGE_EMAIL, token, now)
    user = signed_links.token_user(Purpose.CHANGE_EMAIL, payload)
    new_email = payload.get("e")
    if not isinstance(new_email, str):
        raise TokenInvalid(Purpose.CHANGE_EMAIL)
    tokens.check_fingerprint(Purpose.CHANGE_EMAIL, payload, _change_fingerprint(user, new_email))
    if user.pending_email is None or email_key(user.pending_email) != email_key(new_email):
        raise TokenUsed(Purpose.CHANGE_EMAIL)
    return user, new_email


def confirm_email_change(token: str, *, now: datetime) -> User:
    """Move the account to the new, now confirmed, address; every session ends."""
    user, new_email = check_email_change_token(token, now=now)
    message = _("Another account has started using this email address in the meantime.")
    other = find_by_email(new_email)
    if other is not None and other.id != user.id:
        raise EmailTaken(message, field=None)
    old = user.email
    user.email = new_email
    user.email_key = email_key(new_email)
    user.pending_email = None
    user.email_verified_at = now
    user.security_stamp = (user.security_stamp or 0) + 1
    user.session_stamp = (user.session_stamp or 0) + 1
    flush_unique(user, message)
    record(
        "account.email_changed",
        user,
        f"Email address changed from {old} to {new_email}",
        actor_id=user.id,
        changes={"email": [old, new_email]},
    )
    return user
