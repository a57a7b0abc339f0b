"""Use cases of accounts: register, verify, sign in, reset and change credentials, roles.

Services flush, never commit; they write the audit trail and queue mail in the caller's unit of
work. Links in mail are absolute (``url_for(..., _external=True)``), so a request context or
``SERVER_NAME`` is needed when a service sends one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from awards import clock
from awards.accounts import tokens
from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password, verify_dummy, verify_password
from awards.accounts.roles import Role
from awards.accounts.rules import PasswordProblem, email_key, password_problem
from awards.accounts.tokens import Purpose, TokenInvalid, TokenUsed
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.outbox.services import queue_mail
from awards.stakeholders import StakeholderType

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Password must be at least 10 characters long."),
    PasswordProblem.TOO_LONG: _l("Password must be 128 characters or fewer."),
    PasswordProblem.SAME_AS_EMAIL: _l("Password must not be your email address."),
}

#: Invitations wait longer than the other links: jurors do not read mail every day.
DEFAULT_INVITATION_MAX_AGE = 14 * 24 * 3600


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


@dataclass(frozen=True)
class Invitation:
    """A jury invitation read from its link."""

    edition: Edition
    email: str
    name: str
    role: Role
    invited_by_id: int | None
    account: User | None


# --- lookups ----------------------------------------------------------------------------------


def find_by_email(address: str) -> User | None:
    """The account whose address has the same identity as ``address``, if any."""
    return db.session.scalar(select(User).where(User.email_key == email_key(address)))


def jury_members(edition_id: int) -> list[User]:
    """Accounts holding the jury role for this edition, by name."""
    query = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.JURY, RoleGrant.edition_id == edition_id)
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(query))


# --- helpers ----------------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or clock.utcnow()


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _max_age() -> int:
    return int(current_app.config["TOKEN_MAX_AGE_SECONDS"])


def _hours(seconds: int) -> int:
    return max(1, seconds // 3600)


def _read(purpose: Purpose, token: str, now: datetime | None, max_age: int | None = None) -> Any:
    return tokens.read_token(
        _secret(), purpose, token, max_age=max_age or _max_age(), now=_now(now)
    )


def _token_user(purpose: Purpose, payload: dict[str, Any]) -> User:
    user_id = payload.get("u")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active:
        raise TokenInvalid(purpose)
    return user


def _taken_message() -> str:
    return _(
        "An account with this email address already exists. Sign in, or reset your password "
        "if you have forgotten it."
    )


def _ensure_email_free(
    address: str, *, field: str | None = "email", message: str | None = None
) -> None:
    if find_by_email(address) is not None:
        raise EmailTaken(message or _taken_message(), field=field)


def _check_new_password(password: str, email: str, field: str = "password") -> None:
    problem = password_problem(password, email)
    if problem is not None:
        raise RuleViolation(str(PASSWORD_MESSAGES[problem]), field=field)


def _flush_unique(user: User, message: str | None = None) -> None:
    """Flush ``user``; a concurrent account with the same address becomes :class:`EmailTaken`."""
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError as exc:
        raise EmailTaken(message or _taken_message(), field="email") from exc


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.security_stamp = (user.security_stamp or 0) + 1


def _create_account(
    profile: Profile, email: str, password: str, verified_at: datetime | None
) -> User:
    email = email.strip()
    _ensure_email_free(email)
    _check_new_password(password, email)
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
    )
    _flush_unique(user)
    record(
        "account.registered",
        user,
        f"Account created for {user.email}",
        actor_id=user.id,
        changes={"email": user.email, "stakeholder_type": user.stakeholder_type.value},
    )
    return user


# --- registration and verification ------------------------------------------------------------


def register(profile: Profile, email: str, password: str, now: datetime | None = None) -> User:
    """Create an unverified account and queue its verification mail.

    Raises :class:`EmailTaken` (field ``email``) when the address exists in any form.
    """
    user = _create_account(profile, email, password, verified_at=None)
    send_verification(user, now=now)
    return user


def _verify_fingerprint(user: User) -> str:
    state = "verified" if user.is_verified else "unverified"
    return tokens.fingerprint(user.id, user.email_key, state)


def verification_token(user: User, now: datetime | None = None) -> str:
    """A link token that confirms the account's current address, once."""
    payload = {"u": user.id, "f": _verify_fingerprint(user)}
    return tokens.make_token(_secret(), Purpose.VERIFY_EMAIL, payload, now=_now(now))


def send_verification(user: User, now: datetime | None = None) -> OutboxMessage:
    """Queue the mail with the verification link to the account's address."""
    link = url_for("accounts.verify_email", token=verification_token(user, now=now), _external=True)
    return queue_mail(
        user.email, "verify_email", user.locale, name=user.name, link=link, hours=_hours(_max_age())
    )


def verify_email(token: str, now: datetime | None = None) -> User:
    """Mark the address confirmed; raise a :class:`tokens.TokenError` if the link is unusable."""
    payload = _read(Purpose.VERIFY_EMAIL, token, now)
    user = _token_user(Purpose.VERIFY_EMAIL, payload)
    tokens.check_fingerprint(Purpose.VERIFY_EMAIL, payload, _verify_fingerprint(user))
    user.email_verified_at = _now(now)
    record("account.verified", user, f"Email address {user.email} confirmed", actor_id=user.id)
    return user


# --- signing in -------------------------------------------------------------------------------


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The account for these credentials, or ``None``: unknown or wrong look and last alike."""
    user = find_by_email(email)
    if user is None:
        verify_dummy(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    user.last_login_at = _now(now)
    return user


# --- password reset ---------------------------------------------------------------------------


def _reset_fingerprint(user: User) -> str:
    return tokens.fingerprint(user.id, user.email_key, user.security_stamp)


def reset_token(user: User, now: datetime | None = None) -> str:
    """A link token that sets a new password, once (the stamp changes when it is used)."""
    payload = {"u": user.id, "f": _reset_fingerprint(user)}
    return tokens.make_token(_secret(), Purpose.RESET_PASSWORD, payload, now=_now(now))


def request_password_reset(email: str, now: datetime | None = None) -> None:
    """Queue a reset link if the account exists; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    link = url_for("accounts.reset_password", token=reset_token(user, now=now), _external=True)
    queue_mail(
        user.email,
        "reset_password",
        user.locale,
        name=user.name,
        link=link,
        hours=_hours(_max_age()),
    )


def check_reset_token(token: str, now: datetime | None = None) -> User:
    """The account a reset link is for; raise a :class:`tokens.TokenError` if unusable."""
    payload = _read(Purpose.RESET_PASSWORD, token, now)
    user = _token_user(Purpose.RESET_PASSWORD, payload)
    tokens.check_fingerprint(Purpose.RESET_PASSWORD, payload, _reset_fingerprint(user))
    return user


def reset_password(token: str, new_password: str, now: datetime | None = None) -> User:
    """Set a new password from a reset link; the link and other sessions stop working."""
    user = check_reset_token(token, now)
    _check_new_password(new_password, user.email)
    _set_password(user, new_password)
    if not user.is_verified:
        # The link reached the address, which is what verification proves.
        user.email_verified_at = _now(now)
    record("account.password_reset", user, "Password reset by email link", actor_id=user.id)
    return user


# --- settings ---------------------------------------------------------------------------------


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
        record("account.profile_updated", user, "Account details changed", changes=changes)
    return changes


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one; other sessions end."""
    if not verify_password(user.password_hash, current_password):
        raise RuleViolation(_("Your current password is not correct."), field="current_password")
    _check_new_password(new_password, user.email, field="new_password")
    _set_password(user, new_password)
    record("account.password_changed", user, "Password changed", actor_id=user.id)


def _change_fingerprint(user: User, new_email: str) -> str:
    return tokens.fingerprint(user.id, email_key(new_email), user.security_stamp)


def email_change_token(user: User, new_email: str, now: datetime | None = None) -> str:
    """A link token that moves the account to ``new_email``, once."""
    payload = {"u": user.id, "e": new_email, "f": _change_fingerprint(user, new_email)}
    return tokens.make_token(_secret(), Purpose.CHANGE_EMAIL, payload, now=_now(now))


def request_email_change(
    user: User, password: str, new_email: str, now: datetime | None = None
) -> None:
    """Send a confirmation link to ``new_email`` and a notice to the current address.

    The address changes only when the link is followed.
    """
    if not verify_password(user.password_hash, password):
        raise RuleViolation(_("Your password is not correct."), field="email_password")
    new_email = new_email.strip()
    if email_key(new_email) == user.email_key:
        raise RuleViolation(_("This is already your email address."), field="new_email")
    _ensure_email_free(
        new_email, field="new_email", message=_("Another account already uses this email address.")
    )
    user.pending_email = new_email
    link = url_for(
        "accounts.confirm_email_change",
        token=email_change_token(user, new_email, now=now),
        _external=True,
    )
    context = {"name": user.name, "new_email": new_email, "hours": _hours(_max_age())}
    queue_mail(new_email, "confirm_new_email", user.locale, link=link, **context)
    reset_link = url_for("accounts.forgot_password", _external=True)
    queue_mail(user.email, "email_changed_notice", user.locale, reset_link=reset_link, **context)
    record(
        "account.email_change_requested",
        user,
        f"Change of email address to {new_email} requested",
        changes={"pending_email": new_email},
    )


def check_email_change_token(token: str, now: datetime | None = None) -> tuple[User, str]:
    """The account and new address of a confirmation link; raise if unusable."""
    payload = _read(Purpose.CHANGE_EMAIL, token, now)
    user = _token_user(Purpose.CHANGE_EMAIL, payload)
    new_email = payload.get("e")
    if not isinstance(new_email, str):
        raise TokenInvalid(Purpose.CHANGE_EMAIL)
    tokens.check_fingerprint(Purpose.CHANGE_EMAIL, payload, _change_fingerprint(user, new_email))
    if user.pending_email is None or email_key(user.pending_email) != email_key(new_email):
        raise TokenUsed(Purpose.CHANGE_EMAIL)
    return user, new_email


def confirm_email_change(token: str, now: datetime | None = None) -> User:
    """Move the account to the new, now confirmed, address; other sessions end."""
    user, new_email = check_email_change_token(token, now)
    message = _("Another account has started using this email address in the meantime.")
    other = find_by_email(new_email)
    if other is not None and other.id != user.id:
        raise EmailTaken(message, field=None)
    old = user.email
    user.email = new_email
    user.email_key = email_key(new_email)
    user.pending_email = None
    user.email_verified_at = _now(now)
    user.security_stamp = (user.security_stamp or 0) + 1
    _flush_unique(user, message)
    record(
        "account.email_changed",
        user,
        f"Email address changed from {old} to {new_email}",
        actor_id=user.id,
        changes={"email": [old, new_email]},
    )
    return user


# --- roles ------------------------------------------------------------------------------------


def _grant_of(user: User, role: Role, edition_id: int | None) -> RoleGrant | None:
    for grant in user.roles:
        if grant.role == role and grant.edition_id == edition_id:
            return grant
    return None


def grant_role(
    user: User, role: Role, edition_id: int | None, granted_by: User | None
) -> RoleGrant:
    """Give ``user`` the role (for one edition, or all when ``edition_id`` is None); idempotent."""
    existing = _grant_of(user, role, edition_id)
    if existing is not None:
        return existing
    grant = RoleGrant(
        role=role, edition_id=edition_id, granted_by_id=granted_by.id if granted_by else None
    )
    user.roles.append(grant)
    db.session.flush()
    scope = f"edition {edition_id}" if edition_id is not None else "all editions"
    record(
        "role.granted",
        user,
        f"Role {role.value} ({scope}) granted to {user.email}",
        actor_id=granted_by.id if granted_by else None,
        edition_id=edition_id,
        changes={"role": role.value, "edition_id": edition_id},
    )
    return grant


def create_organiser(
    name: str,
    email: str,
    password: str,
    *,
    stakeholder_type: StakeholderType | str = StakeholderType.OTHER,
    country: str = "CH",
    organisation: str | None = None,
    locale: str = "en",
    now: datetime | None = None,
) -> User:
    """A verified account holding the organiser role for every edition.

    An existing account (same address in any form) keeps its password and details, is marked
    verified and gains the role.
    """
    user = find_by_email(email)
    if user is None:
        profile = Profile(name, stakeholder_type, country, organisation, locale)
        user = _create_account(profile, email, password, verified_at=_now(now))
    elif not user.is_verified:
        user.email_verified_at = _now(now)
    grant_role(user, Role.ORGANISER, None, None)
    return user


# --- jury invitations -------------------------------------------------------------------------


def _invitation_max_age() -> int:
    return int(current_app.config.get("INVITATION_MAX_AGE_SECONDS", DEFAULT_INVITATION_MAX_AGE))


def _invitation_fingerprint(edition_id: int, address: str, role: Role) -> str:
    return tokens.fingerprint(edition_id, email_key(address), role.value)


def invitation_token(
    edition: Edition, name: str, email: str, invited_by: User | None, now: datetime | None = None
) -> str:
    """A link token that makes ``email`` a jury member of ``edition``."""
    payload = {
        "e": edition.id,
        "a": email,
        "n": name,
        "r": Role.JURY.value,
        "i": invited_by.id if invited_by else None,
        "f": _invitation_fingerprint(edition.id, email, Role.JURY),
    }
    return tokens.make_token(_secret(), Purpose.JURY_INVITATION, payload, now=_now(now))


def invite_jury(
    edition: Edition,
    name: str,
    email: str,
    invited_by: User,
    locale: str = "en",
    now: datetime | None = None,
) -> OutboxMessage:
    """Mail an invitation to join the jury of ``edition``; the link creates or upgrades."""
    name, email = name.strip(), email.strip()
    account = find_by_email(email)
    if account is not None and _grant_of(account, Role.JURY, edition.id) is not None:
        raise Conflict(_("This person is already on the jury of this edition."), field="email")
    link = url_for(
        "accounts.accept_invitation",
        token=invitation_token(edition, name, email, invited_by, now=now),
        _external=True,
    )
    message = queue_mail(
        email,
        "jury_invitation",
        account.locale if account else locale,
        name=name,
        edition=edition.title,
        inviter=invited_by.name,
        link=link,
        has_account=account is not None,
        days=max(1, _invitation_max_age() // 86400),
    )
    record(
        "jury.invited",
        edition,
        f"{email} invited to the jury of {edition.title}",
        actor_id=invited_by.id,
        edition_id=edition.id,
        changes={"email": email, "name": name, "role": Role.JURY.value},
    )
    return message


def read_invitation(token: str, now: datetime | None = None) -> Invitation:
    """The invitation behind a link; raise a :class:`tokens.TokenError` if unusable."""
    purpose = Purpose.JURY_INVITATION
    payload = _read(purpose, token, now, max_age=_invitation_max_age())
    edition_id, email, name = payload.get("e"), payload.get("a"), payload.get("n")
    edition = db.session.get(Edition, edition_id) if isinstance(edition_id, int) else None
    if edition is None or not isinstance(email, str) or not isinstance(name, str):
        raise TokenInvalid(purpose)
    try:
        role = Role(payload.get("r"))
    except ValueError as exc:
        raise TokenInvalid(purpose) from exc
    tokens.check_fingerprint(purpose, payload, _invitation_fingerprint(edition.id, email, role))
    account = find_by_email(email)
    if account is not None and _grant_of(account, role, edition.id) is not None:
        raise TokenUsed(purpose)
    inviter = payload.get("i")
    return Invitation(
        edition=edition,
        email=email,
        name=name,
        role=role,
        invited_by_id=inviter if isinstance(inviter, int) else None,
        account=account,
    )


def _inviter(invitation: Invitation) -> User | None:
    if invitation.invited_by_id is None:
        return None
    return db.session.get(User, invitation.invited_by_id)


def accept_invitation(invitation: Invitation, user: User, now: datetime | None = None) -> RoleGrant:
    """Give the signed-in ``user`` the invited role; only for the invited address."""
    if user.email_key != email_key(invitation.email):
        raise NotAllowed(
            _(
                "This invitation was sent to %(email)s. Sign out, then sign in with that "
                "address to accept it.",
                email=invitation.email,
            )
        )
    if not user.is_verified:
        # Following the link proves the address, as a verification link would.
        user.email_verified_at = _now(now)
    return grant_role(user, invitation.role, invitation.edition.id, _inviter(invitation))


def accept_invitation_with_new_account(
    invitation: Invitation, profile: Profile, password: str, now: datetime | None = None
) -> User:
    """Create a verified account for the invited address and give it the role."""
    user = _create_account(profile, invitation.email, password, verified_at=_now(now))
    grant_role(user, invitation.role, invitation.edition.id, _inviter(invitation))
    return user
