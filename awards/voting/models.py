"""Public votes, the evidence kept for fraud review, quarantines and each edition's settings.

- :class:`Vote` is **append-only** for the application: no code path updates or deletes one
  (the ORM refuses; on PostgreSQL a trigger installed by the migration refuses every client).
  One voter has one vote per category and *sequence*: an edition whose votes are final takes
  only sequence 1, so the unique constraint ``(voter_id, category_id, sequence)`` is the
  "one vote per voter per category" rule; an edition that allows changing a vote adds the next
  sequence, the highest one counts and every earlier one is kept.
- :class:`VoteEvidence` holds the personal data fraud review needs (full IP address, user
  agent, Accept-Language); it is reduced after the edition's retention period, which is why it
  is not part of the append-only vote.
- :class:`Quarantine` sets an account's votes or one vote aside with a reason (reversible by
  lifting it); quarantined votes stay stored but are not **valid votes**.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.accounts.models import User
from awards.db import str_enum
from awards.extensions import Model
from awards.submissions.models import Entry


class AppendOnlyVoteError(RuntimeError):
    """Votes cannot be changed or removed."""


class VotingSettings(Model):
    """An edition's voting settings (one row per edition; the defaults when absent)."""

    __tablename__ = "voting_settings"
    __table_args__ = (CheckConstraint("retention_days > 0", name="retention_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    #: WSIS practice: a vote is final. When True, a voter may change it until voting closes.
    allow_change: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Send the receipt by e-mail too.
    email_receipts: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Days after voting closes that the full evidence (IP, user agent...) is kept.
    retention_days: Mapped[int] = mapped_column(default=180, server_default=text("180"))


class Vote(Model):
    """One vote cast: who, for which nominee of which category, when, and its receipt."""

    __tablename__ = "vote"
    __table_args__ = (
        UniqueConstraint("voter_id", "category_id", "sequence"),
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        Index("ix_vote_category_entry", "category_id", "entry_id"),
        Index("ix_vote_entry_cast_at", "entry_id", "cast_at"),
        Index("ix_vote_edition_cast_at", "edition_id", "cast_at"),
        Index("ix_vote_edition_subnet", "edition_id", "subnet"),
        # Changed votes are rare (and absent where votes are final): finding them is instant.
        Index(
            "ix_vote_changed",
            "edition_id",
            postgresql_where=text("sequence > 1"),
            sqlite_where=text("sequence > 1"),
        ),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="RESTRICT"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"))
    #: The nominee voted for.
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="RESTRICT"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    #: 1 for the voter's first vote in the category, 2 for a change, and so on.
    sequence: Mapped[int] = mapped_column(default=1)
    #: The voter's receipt: unguessable, shown once cast, checked against the published tally.
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    cast_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    #: When the voter's account was created (its age at ``cast_at`` is a fraud signal).
    account_created_at: Mapped[datetime]
    #: The /24 (IPv4) or /48 (IPv6) network the vote came from; kept after retention.
    subnet: Mapped[str] = mapped_column(String(64), default="")
    #: A short fingerprint (hash) of the user agent, for clustering after the evidence is reduced.
    agent_key: Mapped[str] = mapped_column(String(16), default="")

    entry: Mapped[Entry] = relationship()
    voter: Mapped[User] = relationship()


class VoteEvidence(Model):
    """What fraud review needs of one vote, reduced after the edition's retention period."""

    __tablename__ = "vote_evidence"

    vote_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("vote.id", ondelete="RESTRICT"),
        primary_key=True,
    )
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(400))
    accept_language: Mapped[str | None] = mapped_column(String(200))
    #: Set when the evidence was reduced (IP cut to its subnet, the rest removed).
    reduced_at: Mapped[datetime | None]


class QuarantineKind(enum.StrEnum):
    """What a quarantine sets aside."""

    ACCOUNT = "account"  # every vote of the account in the edition
    VOTE = "vote"  # one vote


class QuarantineReason(enum.StrEnum):
    """The stated reason category (shown to the voter whose receipt is checked)."""

    SUBNET = "subnet"
    USER_AGENT = "user_agent"
    SIGNUP_BURST = "signup_burst"
    NOMINEE_BURST = "nominee_burst"
    OTHER = "other"


class Quarantine(Model):
    """Votes set aside by an organiser, with a reason; lifting it restores them."""

    __tablename__ = "quarantine"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'account' AND voter_id IS NOT NULL AND vote_id IS NULL) OR "
            "(kind = 'vote' AND vote_id IS NOT NULL)",
            name="kind_has_target",
        ),
        CheckConstraint("(lifted_at IS NULL) = (lift_note IS NULL)", name="lifted_has_note"),
        Index("ix_quarantine_edition_active", "edition_id", "lifted_at"),
        Index("ix_quarantine_voter", "voter_id"),
        Index("ix_quarantine_vote", "vote_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    kind: Mapped[QuarantineKind] = mapped_column(str_enum(QuarantineKind, 16))
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    vote_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("vote.id", ondelete="RESTRICT")
    )
    reason: Mapped[QuarantineReason] = mapped_column(str_enum(QuarantineReason, 16))
    note: Mapped[str] = mapped_column(Text)
    #: Flags of one review batch share a key (a whole cluster quarantined at once).
    batch: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    lift_note: Mapped[str | None] = mapped_column(Text)

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@event.listens_for(Vote, "before_update")
def _refuse_update(*_: object) -> None:
    raise AppendOnlyVoteError("votes are append-only")


@event.listens_for(Vote, "before_delete")
def _refuse_delete(*_: object) -> None:
    raise AppendOnlyVoteError("votes are append-only")
