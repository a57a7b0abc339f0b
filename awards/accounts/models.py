"""People, the roles they hold, and the e-mail domains refused at sign-up."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.access.rules import holds_role
from awards.accounts.roles import Role
from awards.contest.models import Edition
from awards.db import str_enum
from awards.extensions import Model
from awards.stakeholders import StakeholderType


class User(UserMixin, Model):
    """An account. ``email_key`` is the case- and Unicode-insensitive identity of the address."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    stakeholder_type: Mapped[StakeholderType] = mapped_column(str_enum(StakeholderType))
    country: Mapped[str] = mapped_column(String(2))
    organisation: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    #: The viewer's own time zone (IANA name), to show deadlines in both zones.
    timezone: Mapped[str | None] = mapped_column(String(64))
    email_verified_at: Mapped[datetime | None]
    #: A new address waiting for its confirmation link to be followed.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    #: Bumped whenever the password changes: invalidates reset links and other sessions.
    security_stamp: Mapped[int] = mapped_column(default=0)
    #: Bumped at sign-out and at every change of credentials: ends every session and
    #: remember-me cookie of the account (links in mail stay valid; they follow the other stamp).
    session_stamp: Mapped[int] = mapped_column(default=0, server_default="0")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    last_login_at: Mapped[datetime | None]

    roles: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="RoleGrant.user_id"
    )

    @property
    def is_verified(self) -> bool:
        """Whether the e-mail address has been confirmed."""
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: sign-out and credential changes end sessions
        return f"{self.id}:{self.security_stamp}:{self.session_stamp}"

    def has_role(self, role: Role, edition_id: int | None = None) -> bool:
        """Whether the account holds ``role`` globally or for ``edition_id``."""
        grants = [(g.role, g.edition_id) for g in self.roles]
        return holds_role(grants, role, edition_id)

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleGrant(Model):
    """A role held by an account, for one edition or (``edition_id`` NULL) for all of them."""

    __tablename__ = "role_grant"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "edition_id"),
        Index(
            "uq_role_grant_global",
            "user_id",
            "role",
            unique=True,
            postgresql_where=text("edition_id IS NULL"),
            sqlite_where=text("edition_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])


class JuryInvitation(Model):
    """An invitation to join the jury of an edition, open until accepted or revoked.

    Its link carries the invitation's id and the number of times it was sent: resending makes
    a new link and the old one stops working; revoking makes every link say it was withdrawn.
    """

    __tablename__ = "jury_invitation"
    __table_args__ = (
        # One open invitation per edition and address.
        Index(
            "uq_jury_invitation_open",
            "edition_id",
            "email_key",
            unique=True,
            postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
            sqlite_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
        ),
        CheckConstraint("sends >= 1", name="sends_positive"),
        CheckConstraint("accepted_at IS NULL OR revoked_at IS NULL", name="accepted_or_revoked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    last_sent_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    sends: Mapped[int] = mapped_column(default=1)
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def state(self) -> str:
        """``open``, ``accepted`` or ``revoked``."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "open"


class BlockedDomain(Model):
    """A domain an organiser refuses at sign-up, beside the maintained list of disposable ones.

    ``domain`` is normalised (lower-case ASCII, punycode: ``awards.accounts.disposable``);
    its subdomains are refused with it.
    """

    __tablename__ = "blocked_domain"
    __table_args__ = (CheckConstraint("reason <> ''", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    reason: Mapped[str] = mapped_column(String(500))
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])
