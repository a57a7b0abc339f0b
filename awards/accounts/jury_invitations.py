"""Jury invitations: stored, listed with their state, resent, revoked, accepted.

The link's token carries the invitation's id and how many times it was sent; the stored row
decides whether it still works: a resent invitation's older links say they were replaced, a
revoked one's say it was withdrawn, an accepted one's say it was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from awards.accounts import signed_links, tokens
from awards.accounts.blocked_domains import DisposableAddress, is_refused
from awards.accounts.disposable import display_domain, domain_of
from awards.accounts.grants import grant_of, grant_role
from awards.accounts.models import JuryInvitation, RoleGrant, User
from awards.accounts.registration import Profile, create_account, find_by_email
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.accounts.tokens import Purpose, TokenInvalid, TokenReplaced, TokenRevoked, TokenUsed
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.models import OutboxMessage
from awards.outbox.services import queue_mail

#: Invitations wait longer than the other links: jurors do not read mail every day.
DEFAULT_INVITATION_MAX_AGE = 14 * 24 * 3600


@dataclass(frozen=True)
class Invitation:
    """An open jury invitation read from its link, with the account of its address if any."""

    row: JuryInvitation
    account: User | None

    @property
    def edition(self) -> Edition:
        return self.row.edition

    @property
    def email(self) -> str:
        return self.row.email

    @property
    def name(self) -> str:
        return self.row.name


def _max_age() -> int:
    return int(current_app.config.get("INVITATION_MAX_AGE_SECONDS", DEFAULT_INVITATION_MAX_AGE))


def _fingerprint(invitation: JuryInvitation) -> str:
    return tokens.fingerprint(invitation.id, invitation.email_key, invitation.sends)


def invitation_token(invitation: JuryInvitation, *, now: datetime) -> str:
    """A link token for the latest sending of ``invitation``."""
    payload = {"v": invitation.id, "f": _fingerprint(invitation)}
    return signed_links.make(Purpose.JURY_INVITATION, payload, now)


def invitations_of(edition_id: int) -> list[JuryInvitation]:
    """Every invitation of the edition, newest first."""
    query = (
        select(JuryInvitation)
        .where(JuryInvitation.edition_id == edition_id)
        .order_by(JuryInvitation.created_at.desc(), JuryInvitation.id.desc())
    )
    return list(db.session.scalars(query))


def find_invitation(edition_id: int, invitation_id: int) -> JuryInvitation | None:
    """The invitation ``invitation_id`` if it belongs to the edition."""
    invitation = db.session.get(JuryInvitation, invitation_id)
    return invitation if invitation and invitation.edition_id == edition_id else None


def _send(invitation: JuryInvitation, inviter: User, now: datetime) -> OutboxMessage:
    account = find_by_email(invitation.email)
    return queue_mail(
        invitation.email,
        "jury_invitation",
        account.locale if account else invitation.locale,
        name=invitation.name,
        edition=invitation.edition.title,
        inviter=inviter.name,
        link=external_url(
            "accounts.accept_invitation", token=invitation_token(invitation, now=now)
        ),
        has_account=account is not None,
        days=max(1, _max_age() // 86400),
    )


def invite_jury(
    edition: Edition, name: str, email: str, *, invited_by: User, locale: str, now: datetime
) -> JuryInvitation:
    """Store an invitation to the jury of ``edition`` and mail its link."""
    name, email = name.strip(), email.strip()
    account = find_by_email(email)
    if account is not None and grant_of(account, Role.JURY, edition.id) is not None:
        raise Conflict(_("This person is already on the jury of this edition."), field="email")
    already = _("This address has an open invitation already: resend it from the list below.")
    open_query = select(JuryInvitation.id).where(
        JuryInvitation.edition_id == edition.id,
        JuryInvitation.email_key == email_key(email),
        JuryInvitation.accepted_at.is_(None),
        JuryInvitation.revoked_at.is_(None),
    )
    if db.session.scalar(open_query) is not None:
        raise Conflict(already, field="email")
    invitation = JuryInvitation(
        edition=edition,
        email=email,
        email_key=email_key(email),
        name=name,
        locale=locale,
        invited_by_id=invited_by.id,
        created_at=now,
        last_sent_at=now,
        sends=1,
    )
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
            db.session.flush()
    except IntegrityError as exc:  # a concurrent invitation of the same address
        raise Conflict(already, field="email") from exc
    _send(invitation, invited_by, now)
    _audit(
        "jury.invited", invitation, invited_by, f"{email} invited to the jury of {edition.title}"
    )
    return invitation


def _audit(action: str, invitation: JuryInvitation, actor: User | None, summary: str) -> None:
    record(
        action,
        invitation.edition,
        summary,
        actor_id=actor.id if actor else None,
        edition_id=invitation.edition_id,
        changes={
            "invitation_id": invitation.id,
            "email": invitation.email,
            "name": invitation.name,
            "role": Role.JURY.value,
        },
    )


def _ensure_open(invitation: JuryInvitation) -> None:
    if invitation.state != "open":
        raise RuleViolation(_("This invitation is no longer open."))


def resend_invitation(invitation: JuryInvitation, *, actor: User, now: datetime) -> OutboxMessage:
    """Mail a new link; the links sent before stop working."""
    _ensure_open(invitation)
    invitation.sends += 1
    invitation.last_sent_at = now
    db.session.flush()
    message = _send(invitation, actor, now)
    _audit("jury.invitation_resent", invitation, actor, f"Invitation to {invitation.email} resent")
    return message


def revoke_invitation(invitation: JuryInvitation, *, actor: User, now: datetime) -> None:
    """Withdraw the invitation: its links then say so."""
    _ensure_open(invitation)
    invitation.revoked_at = now
    db.session.flush()
    _audit(
        "jury.invitation_revoked", invitation, actor, f"Invitation to {invitation.email} revoked"
    )


def read_invitation(token: str, *, now: datetime) -> Invitation:
    """The open invitation behind a link; raise a :class:`tokens.TokenError` if unusable."""
    purpose = Purpose.JURY_INVITATION
    payload = signed_links.read(purpose, token, now, age=_max_age())
    invitation_id = payload.get("v")
    row = db.session.get(JuryInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if row is None:
        raise TokenInvalid(purpose)
    if row.revoked_at is not None:
        raise TokenRevoked(purpose)
    account = find_by_email(row.email)
    if row.accepted_at is not None or (
        account is not None and grant_of(account, Role.JURY, row.edition_id) is not None
    ):
        raise TokenUsed(purpose)
    if payload.get("f") != _fingerprint(row):
        raise TokenReplaced(purpose)
    return Invitation(row=row, account=account)


def _accept(invitation: Invitation, user: User, now: datetime) -> RoleGrant:
    invitation.row.accepted_at = now
    grant = grant_role(
        user, Role.JURY, invitation.row.edition_id, invitation.row.invited_by, now=now
    )
    _audit(
        "jury.invitation_accepted", invitation.row, user, f"{user.email} accepted the invitation"
    )
    return grant


def accept_invitation(invitation: Invitation, user: User, *, now: datetime) -> RoleGrant:
    """Give the signed-in ``user`` the jury role; only for the invited address."""
    if user.email_key != invitation.row.email_key:
        raise NotAllowed(
            _(
                "This invitation was sent to %(email)s. Sign out, then sign in with that "
                "address to accept it.",
                email=invitation.email,
            )
        )
    if not user.is_verified:
        # Following the link proves the address, as a verification link would.
        user.email_verified_at = now
    return _accept(invitation, user, now)


def accept_invitation_with_new_account(
    invitation: Invitation, profile: Profile, password: str, *, now: datetime
) -> User:
    """Create a verified account for the invited address and give it the role.

    An address at a disposable service is refused (:class:`DisposableAddress`, on no field:
    the address is the invitation's) like at sign-up.
    """
    if is_refused(invitation.email):
        raise DisposableAddress(
            _(
                "This invitation was sent to an address at %(domain)s, a disposable email "
                "service, which cannot be used for an account. Ask the organisers to invite "
                "you at an address you will keep.",
                domain=display_domain(domain_of(invitation.email)),
            )
        )
    user = create_account(profile, invitation.email, password, verified_at=now, now=now)
    _accept(invitation, user, now)
    return user
