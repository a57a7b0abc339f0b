"""The Expert Group's records: expert profiles, conflicts of interest, review assignments."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.db import str_enum
from awards.extensions import Model
from awards.review.conflicts import ConflictReason
from awards.submissions.models import Entry

#: Round 1 reviews nominate (phase 2); round 2 reviews select the champions (phase 4).
NOMINATION_ROUND = 1
SELECTION_ROUND = 2

#: Self-declared genders, as for entry contacts; only ever reported in aggregate.
GENDERS = ("female", "male", "other", "undisclosed")


class ConflictSource(enum.StrEnum):
    """Who established a conflict of interest."""

    AUTOMATIC = "automatic"
    DECLARED = "declared"
    ORGANISER = "organiser"


class AssignmentState(enum.StrEnum):
    """How far an expert has come with an assigned review."""

    ASSIGNED = "assigned"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


#: States of a review the expert has started: assignment runs keep them.
STARTED = (AssignmentState.DRAFT, AssignmentState.SUBMITTED)


class ReviewSettings(Model):
    """An edition's Expert Group settings (one row per edition; defaults when absent)."""

    __tablename__ = "review_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), unique=True
    )
    #: An expert from the entry's country is conflicted with it.
    same_country_conflicts: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Experts do not see who submitted an entry.
    blind: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: The rubric's scale (``awards/review/rubric.py``), whole scores from low to high.
    scale_low: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    scale_high: Mapped[int] = mapped_column(default=10, server_default=text("10"))


expert_category = Table(
    "expert_category",
    Model.metadata,
    Column(
        "profile_id",
        ForeignKey("expert_profile.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class ExpertProfile(Model):
    """A jury member's profile for one edition: affiliation, expertise, cap on reviews."""

    __tablename__ = "expert_profile"
    __table_args__ = (
        UniqueConstraint("edition_id", "user_id"),
        CheckConstraint("review_cap IS NULL OR review_cap >= 0", name="cap_not_negative"),
        CheckConstraint(
            "gender IS NULL OR gender IN ('female', 'male', 'other', 'undisclosed')",
            name="gender_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: ISO 3166-1 alpha-2 code.
    country: Mapped[str | None] = mapped_column(String(2))
    #: The most reviews this expert takes in the edition (None: no cap).
    review_cap: Mapped[int | None]
    gender: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    #: Set when the expert drops out: no new assignments, started reviews stay.
    stepped_down_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship()
    user: Mapped[User] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=expert_category, order_by="Category.number"
    )


class ConflictOfInterest(Model):
    """Why an expert may not review an entry; a lifted conflict no longer counts."""

    __tablename__ = "conflict_of_interest"
    __table_args__ = (
        # At most one active conflict per expert and entry.
        Index(
            "uq_conflict_of_interest_active",
            "expert_id",
            "entry_id",
            unique=True,
            postgresql_where=text("lifted_at IS NULL"),
            sqlite_where=text("lifted_at IS NULL"),
        ),
        CheckConstraint("source = 'automatic' OR note IS NOT NULL", name="stated_has_note"),
        CheckConstraint("(lifted_at IS NULL) = (lift_note IS NULL)", name="lifted_has_note"),
        Index("ix_conflict_of_interest_edition", "edition_id", "lifted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    expert_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ConflictReason] = mapped_column(str_enum(ConflictReason))
    source: Mapped[ConflictSource] = mapped_column(str_enum(ConflictSource, 16))
    note: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    lift_note: Mapped[str | None] = mapped_column(String(1000))

    expert: Mapped[User] = relationship(foreign_keys=[expert_id])
    entry: Mapped[Entry] = relationship()

    @property
    def active(self) -> bool:
        """Whether the conflict still keeps the expert from the entry."""
        return self.lifted_at is None


class ReviewAssignment(Model):
    """An entry given to an expert to review in a round (a review will hang off this row)."""

    __tablename__ = "review_assignment"
    __table_args__ = (
        UniqueConstraint("entry_id", "expert_id", "round"),
        CheckConstraint("round IN (1, 2)", name="round_known"),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_has_time"
        ),
        CheckConstraint(
            "(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name="withdrawn_has_time"
        ),
        CheckConstraint(
            "(state = 'submitted') = (weighted_score IS NOT NULL)", name="submitted_has_score"
        ),
        Index("ix_review_assignment_round", "edition_id", "round", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    expert_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(default=NOMINATION_ROUND)
    state: Mapped[AssignmentState] = mapped_column(
        str_enum(AssignmentState, 16), default=AssignmentState.ASSIGNED
    )
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    submitted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    #: Last saved (draft or submission); None until the expert first saves.
    updated_at: Mapped[datetime | None]
    #: The weighted mean of the criterion scores, set when submitted (rankings read it).
    weighted_score: Mapped[float | None]
    #: Required for the organisers when submitting; the team's is optional (nomination mail).
    comment_organisers: Mapped[str] = mapped_column(Text, default="", server_default="")
    comment_team: Mapped[str] = mapped_column(Text, default="", server_default="")

    entry: Mapped[Entry] = relationship()
    expert: Mapped[User] = relationship()
