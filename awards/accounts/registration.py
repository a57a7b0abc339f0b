"""Creating accounts and confirming their addresses.

Services flush, never commit; they write the audit trail and queue mail in the caller's unit of
work. Links in mail come from :func:`awards.links.external_url` (``AWARDS_BASE_URL``).

Sign-up answers the same whether or not the address has an account: an existing account gets a
notice (with sign-in and reset links) instead of a verification link, so the page and the time
taken reveal nothing (see docs/security.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from awards.accounts import signed_links, tokens
from awards.accounts.blocked_domains import refuse_disposable
from awards.accounts.models import User
from awards.accounts.passwords import hash_password
from awards.accounts.rules import PasswordProblem, email_key, password_problem
from awards.accounts.tokens import Purpose
from awards.audit.services import record
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.models import OutboxMessage
from awards.outbox.services import queue_mail
from awards.stakeholders import StakeholderType

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Password must be at least 10 characters long."),
    PasswordProblem.TOO_LONG: _l("Password must be 128 characters or fewer."),
    PasswordProblem.SAME_AS_EMAIL: _l("Password must not be your email address."),
}


class EmailTaken(Conflict):
    """The address (in any case or Unicode form) belongs to an account already."""


@dataclass(frozen=True)
class Profile:
    """What a person tells about themselves when an account is created."""

    name: str
    stakeholder_type: StakeholderType | str
    country: str
    organisation: str | None = None
    locale: str = "en"


def find_by_email(address: str) -> User | None:
    """The account whose address has the same identity as ``address``, if any."""
    return db.session.scalar(select(User).where(User.email_key == email_key(address)))


def taken_message() -> str:
    return _(
        "An account with this email address already exists. Sign in, or reset your password "
        "if you have forgotten it."
    )


def ensure_email_free(
    address: str, *, field: str | None = "email", message: str | None = None
) -> None:
    """Raise :class:`EmailTaken` when ``address`` has an account in any form."""
    if find_by_email(address) is not None:
        raise EmailTaken(message or taken_message(), field=field)


def check_new_password(password: str, email: str, field: str = "password") -> None:
    """Raise :class:`RuleViolation` (on ``field``) unless ``password`` may be chosen."""
    problem = password_problem(password, email)
    if problem is not None:
        raise RuleViolation(str(PASSWORD_MESSAGES[problem]), field=field)


def flush_unique(user: User, message: str | None = None) -> None:
    """Flush ``user``; a concurrent account with the same address becomes :class:`EmailTaken`."""
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError as exc:
        raise EmailTaken(message or taken_message(), field="email") from exc


def create_account(
    profile: Profile, email: str, password: str, *, verified_at: datetime | None, now: datetime
) -> User:
    """A new account for ``email`` (refused with :class:`EmailTaken` if it exists)."""
    email = email.strip()
    ensure_email_free(email)
    check_new_password(password, email)
    user = User(
        name=profile.name.strip(),
        email=email,
        email_key=email_key(email),
        password_hash=hash_password(password),
        stakeholder_type=StakeholderType(profile.stakeholder_type),
        country=profile.country.strip().upper(),
        organisation=(profile.organisation or "").strip() or None,
        locale=profile.locale,
        email_verified_at=verified_at,
        security_stamp=0,
        created_at=now,
    )
    flush_unique(user)
    record(
        "account.registered",
        user,
        f"Account created for {user.email}",
        actor_id=user.id,
        changes={"email": user.email, "stakeholder_type": user.stakeholder_type.value},
    )
    return user


def register(profile: Profile, email: str, password: str, *, now: datetime) -> User | None:
    """Create an unverified account and queue its verification mail.

    When the address has an account already, nothing is created: that account gets a notice
    with a sign-in and a reset link, and ``None`` is returned (the caller answers alike).
    An address at a disposable service is refused first, whoever holds it.
    """
    refuse_disposable(email)
    check_new_password(password, email.strip())
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # the same work as a new account, so the time tells nothing
        if existing.is_active:
            send_account_exists_notice(existing)
        return None
    try:
        user = create_account(profile, email, password, verified_at=None, now=now)
    except EmailTaken:
        return None  # created by a concurrent request in the meantime: it has had its mail
    send_verification(user, now=now)
    return user


def send_account_exists_notice(user: User) -> OutboxMessage:
    """Tell an account holder that someone tried to sign up with their address."""
    return queue_mail(
        user.email,
        "account_exists",
        user.locale,
        name=user.name,
        sign_in_link=external_url("accounts.login"),
        reset_link=external_url("accounts.forgot_password"),
    )


def _verify_fingerprint(user: User) -> str:
    state = "verified" if user.is_verified else "unverified"
    return tokens.fingerprint(user.id, user.email_key, state)


def verification_token(user: User, *, now: datetime) -> str:
    """A link token that confirms the account's current address, once."""
    payload = {"u": user.id, "f": _verify_fingerprint(user)}
    return signed_links.make(Purpose.VERIFY_EMAIL, payload, now)


def send_verification(user: User, *, now: datetime) -> OutboxMessage:
    """Queue the mail with the verification link to the account's address."""
    link = external_url("accounts.verify_email", token=verification_token(user, now=now))
    hours = signed_links.hours(signed_links.max_age())
    return queue_mail(
        user.email, "verify_email", user.locale, name=user.name, link=link, hours=hours
    )


def verify_email(token: str, *, now: datetime) -> User:
    """Mark the address confirmed; raise a :class:`tokens.TokenError` if the link is unusable."""
    payload = signed_links.read(Purpose.VERIFY_EMAIL, token, now)
    user = signed_links.token_user(Purpose.VERIFY_EMAIL, payload)
    tokens.check_fingerprint(Purpose.VERIFY_EMAIL, payload, _verify_fingerprint(user))
    user.email_verified_at = now
    record("account.verified", user, f"Email address {user.email} confirmed", actor_id=user.id)
    return user
