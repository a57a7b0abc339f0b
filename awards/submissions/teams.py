"""An entry's team: who it is, invitations by e-mail, joining, removing members.

The team of an entry, as people to tell and people who may act, is its owner and its
members whose accounts are active (:func:`team_of`). Invitation links are signed with
:mod:`awards.accounts.tokens`, dated by the ``now`` passed in, and valid for
:data:`INVITATION_MAX_AGE` seconds unless the owner withdraws them first.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from awards.access.gate import actor_of
from awards.access.rules import Action, can
from awards.accounts import tokens
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.audit.services import record
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.services import queue_mail
from awards.submissions.access import is_team_member
from awards.submissions.eligibility import require_editable
from awards.submissions.models import Entry, EntryMember, MemberRole, TeamInvitation

INVITATION_MAX_AGE = 14 * 24 * 3600


class NotFound(RuleViolation):
    """No such member or pending invitation on this entry (404)."""

    status_code = 404


def team_of(entry: Entry) -> list[User]:
    """The people of the entry's team: the owner first, then the members, each once.

    Only active accounts count: a deactivated account is not told anything by e-mail and is
    not listed as someone who may act on the entry.
    """
    ids = [entry.owner_id] + [m.user_id for m in entry.members]
    users = db.session.scalars(
        select(User).where(User.id.in_(ids), User.is_active_account.is_(True))
    ).all()
    order = {uid: i for i, uid in enumerate(dict.fromkeys(ids))}
    return sorted(users, key=lambda u: order[u.id])


def mail_team(entry: Entry, template: str, url: str) -> None:
    """Queue ``template`` to everyone on the entry's team, each in their own language."""
    for user in team_of(entry):
        queue_mail(user.email, template, user.locale or "en", name=user.name, entry=entry, url=url)


def pending_invitations(entry: Entry) -> list[TeamInvitation]:
    """Invitations of the entry not yet accepted nor withdrawn, oldest first."""
    query = (
        select(TeamInvitation)
        .where(
            TeamInvitation.entry_id == entry.id,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.cancelled_at.is_(None),
        )
        .order_by(TeamInvitation.created_at, TeamInvitation.id)
    )
    return list(db.session.scalars(query))


def _require_owner(entry: Entry, actor: User, message: str) -> None:
    """Defensive: views authorise ``ACT_AS_OWNER`` before calling the services."""
    if not can(actor_of(actor), Action.ACT_AS_OWNER, entry.access_target()):
        raise NotAllowed(message)


def invite(entry: Entry, email: str, actor: User, *, now: datetime) -> TeamInvitation:
    """Invite ``email`` to co-edit the entry (owner only); mail a signed link."""
    _require_owner(
        entry, actor, str(_l("Only the person who started the entry may invite others."))
    )
    require_editable(entry, now)
    key = email_key(email)
    invitation = db.session.scalars(
        select(TeamInvitation).where(
            TeamInvitation.entry_id == entry.id, TeamInvitation.email_key == key
        )
    ).first()
    if invitation is None:
        invitation = TeamInvitation(
            entry_id=entry.id,
            email=email.strip(),
            email_key=key,
            invited_by_id=actor.id,
            created_at=now,
        )
        db.session.add(invitation)
    invitation.cancelled_at = None
    db.session.flush()
    token = invitation_token(invitation, now)
    record(
        "entry.invite",
        entry,
        f"Invited {email.strip()} to the team of “{entry.title}”",
        actor_id=actor.id,
        changes={"email": email.strip()},
    )
    queue_mail(
        email.strip(),
        "team_invitation",
        actor.locale or "en",
        inviter=actor.name,
        entry=entry,
        url=external_url("submissions.join", token=token),
        days=INVITATION_MAX_AGE // 86400,
    )
    return invitation


def invitation_token(invitation: TeamInvitation, now: datetime) -> str:
    """The signed link token of ``invitation``, dated ``now``."""
    payload = {"i": invitation.id, "e": invitation.email_key}
    return tokens.make_token(
        current_app.config["SECRET_KEY"], tokens.Purpose.TEAM_INVITATION, payload, now=now
    )


def invitation_from_token(token: str, *, now: datetime) -> TeamInvitation:
    """The invitation a link stands for; :class:`RuleViolation` if bad, expired or withdrawn."""
    try:
        payload = tokens.read_token(
            current_app.config["SECRET_KEY"],
            tokens.Purpose.TEAM_INVITATION,
            token,
            max_age=INVITATION_MAX_AGE,
            now=now,
        )
    except tokens.TokenExpired as exc:
        raise RuleViolation(str(_l("This invitation has expired. Ask for a new one."))) from exc
    except tokens.TokenError as exc:
        raise RuleViolation(str(_l("This invitation link is not valid."))) from exc
    invitation = db.session.get(TeamInvitation, payload.get("i"))
    if invitation is None or invitation.email_key != payload.get("e"):
        raise RuleViolation(str(_l("This invitation link is not valid.")))
    if invitation.cancelled_at is not None:
        raise RuleViolation(
            str(_l("This invitation was withdrawn by the person who started the entry."))
        )
    return invitation


def invitation_for(token: str, user: User, *, now: datetime) -> TeamInvitation:
    """The invitation, if it was sent to ``user``'s address; else :class:`NotAllowed`.

    The refusal names nothing of the entry: someone who cannot join learns nothing about it.
    """
    invitation = invitation_from_token(token, now=now)
    if invitation.email_key != user.email_key:
        raise NotAllowed(
            str(
                _l(
                    "This invitation was sent to another e-mail address. Sign in with the "
                    "account of that address to accept it."
                )
            )
        )
    return invitation


def accept_invitation(token: str, user: User, *, now: datetime) -> Entry:
    """Add ``user`` to the team the link invites to, if the link was sent to their address."""
    invitation = invitation_for(token, user, now=now)
    entry = db.session.get(Entry, invitation.entry_id)
    if entry is None:
        raise RuleViolation(str(_l("This invitation link is not valid.")))
    require_editable(entry, now)
    if not is_team_member(entry, user.id):
        entry.members.append(EntryMember(user_id=user.id, role=MemberRole.EDITOR, joined_at=now))
        invitation.accepted_at = now
        db.session.flush()
        record(
            "entry.join",
            entry,
            f"{user.email} joined the team of “{entry.title}”",
            actor_id=user.id,
        )
    return entry


def remove_member(entry: Entry, member_id: int, actor: User, *, now: datetime) -> User:
    """Take ``member_id`` off the team (owner only); they are told by e-mail, in their language.

    Their invitation is withdrawn too, so its link cannot bring them back.
    """
    _require_owner(
        entry, actor, str(_l("Only the person who started the entry may change the team."))
    )
    require_editable(entry, now)
    member = next((m for m in entry.members if m.user_id == member_id), None)
    if member is None:
        raise NotFound(str(_l("This person is not on the team.")))
    user = member.user
    entry.members.remove(member)
    for invitation in db.session.scalars(
        select(TeamInvitation).where(
            TeamInvitation.entry_id == entry.id, TeamInvitation.email_key == user.email_key
        )
    ):
        invitation.cancelled_at = now
    db.session.flush()
    record(
        "entry.member_remove",
        entry,
        f"{user.email} removed from the team of “{entry.title}”",
        actor_id=actor.id,
        changes={"member": user.email},
    )
    if user.is_active_account:
        queue_mail(
            user.email,
            "team_removed",
            user.locale or "en",
            name=user.name,
            remover=actor.name,
            entry=entry,
            url=external_url("submissions.dashboard"),
        )
    return user


def cancel_invitation(
    entry: Entry, invitation_id: int, actor: User, *, now: datetime
) -> TeamInvitation:
    """Withdraw a pending invitation (owner only): its link then says it was withdrawn."""
    _require_owner(
        entry, actor, str(_l("Only the person who started the entry may change the team."))
    )
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.entry_id != entry.id or invitation.accepted_at:
        raise NotFound(str(_l("This invitation is not pending.")))
    if invitation.cancelled_at is None:
        invitation.cancelled_at = now
        db.session.flush()
        record(
            "entry.invitation_cancel",
            entry,
            f"Invitation of {invitation.email} to the team of “{entry.title}” withdrawn",
            actor_id=actor.id,
            changes={"email": invitation.email},
        )
    return invitation
