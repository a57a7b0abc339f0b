"""Roles held by accounts: granting them, organisers from the command line, jury lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from awards.accounts.models import RoleGrant, User
from awards.accounts.registration import Profile, create_account, find_by_email
from awards.accounts.roles import Role
from awards.audit.services import record
from awards.extensions import db
from awards.stakeholders import StakeholderType


def jury_members(edition_id: int) -> list[User]:
    """Accounts holding the jury role for this edition, by name."""
    query = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.JURY, RoleGrant.edition_id == edition_id)
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(query))


def grant_of(user: User, role: Role, edition_id: int | None) -> RoleGrant | None:
    """The grant of exactly ``role`` for ``edition_id`` that ``user`` holds, if any."""
    for grant in user.roles:
        if grant.role == role and grant.edition_id == edition_id:
            return grant
    return None


def grant_role(
    user: User, role: Role, edition_id: int | None, granted_by: User | None, *, now: datetime
) -> RoleGrant:
    """Give ``user`` the role (for one edition, or all when ``edition_id`` is None); idempotent."""
    existing = grant_of(user, role, edition_id)
    if existing is not None:
        return existing
    grant = RoleGrant(
        role=role,
        edition_id=edition_id,
        granted_by_id=granted_by.id if granted_by else None,
        granted_at=now,
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
    now: datetime,
    stakeholder_type: StakeholderType | str = StakeholderType.OTHER,
    country: str = "CH",
    organisation: str | None = None,
    locale: str = "en",
) -> User:
    """A verified account holding the organiser role for every edition.

    An existing account (same address in any form) keeps its password and details, is marked
    verified and gains the role.
    """
    user = find_by_email(email)
    if user is None:
        profile = Profile(name, stakeholder_type, country, organisation, locale)
        user = create_account(profile, email, password, verified_at=now, now=now)
    elif not user.is_verified:
        user.email_verified_at = now
    grant_role(user, Role.ORGANISER, None, None, now=now)
    return user
