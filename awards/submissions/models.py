"""Project entries of phase 1: drafts, submissions, their team, images and screening."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.access.rules import Target
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.db import str_enum
from awards.extensions import Model
from awards.stakeholders import StakeholderType


class EntryState(enum.StrEnum):
    """Where the submitters have taken the entry."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Screening(enum.StrEnum):
    """The organisers' eligibility decision on a submitted entry."""

    PENDING = "pending"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class ProjectStatus(enum.StrEnum):
    """How far the project has come (only these two may compete)."""

    COMPLETED = "completed"
    MAJOR_PHASE_ENDED = "major_phase_ended"


class ImageKind(enum.StrEnum):
    """What an uploaded image shows."""

    LOGO = "logo"
    PHOTO = "photo"


class MemberRole(enum.StrEnum):
    """A person's part in an entry's team."""

    OWNER = "owner"
    EDITOR = "editor"


class Entry(Model):
    """A project submitted (or being prepared) for one category of one edition.

    ``version`` is bumped on every save; an editor saving an older version gets a conflict
    instead of overwriting a co-submitter's work.
    """

    __tablename__ = "entry"
    __table_args__ = (
        # One entry per entity per category, among submitted entries.
        Index(
            "uq_entry_entity_per_category",
            "category_id",
            "entity_key",
            unique=True,
            postgresql_where=text("state = 'submitted'"),
            sqlite_where=text("state = 'submitted'"),
        ),
        # The organisers' list: each sort reads a page straight from an index, and the counts
        # per category come from an index alone (see awards/screening/listing.py).
        Index("ix_entry_list_submitted", "edition_id", "submitted_at", "id"),
        Index("ix_entry_list_updated", "edition_id", "updated_at", "id"),
        Index("ix_entry_list_title", "edition_id", func.lower(text("title")), "id"),
        Index("ix_entry_list_entity", "edition_id", func.lower(text("entity_name")), "id"),
        Index("ix_entry_list_counts", "edition_id", "state", "screening", "category_id"),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL) OR state = 'withdrawn'",
            name="submitted_has_time",
        ),
        CheckConstraint(
            "screening = 'pending' OR state = 'submitted'", name="screened_only_submitted"
        ),
        CheckConstraint(
            "screening != 'ineligible' OR ineligible_reason IS NOT NULL",
            name="ineligible_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    state: Mapped[EntryState] = mapped_column(str_enum(EntryState), default=EntryState.DRAFT)
    screening: Mapped[Screening] = mapped_column(str_enum(Screening), default=Screening.PENDING)
    ineligible_reason: Mapped[str | None] = mapped_column(String(64))
    screening_note: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(default=1)
    #: Random token of the "new entry" form that created the entry: a double-clicked first
    #: save finds this entry instead of creating a second one.
    creation_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    title: Mapped[str] = mapped_column(String(200), default="")
    #: Normalised title, for duplicate detection.
    title_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    entity_name: Mapped[str] = mapped_column(String(200), default="")
    #: Normalised entity name, for the one-entry-per-entity-per-category rule.
    entity_key: Mapped[str] = mapped_column(String(200), default="")
    #: Title, entity and contacts folded for the organisers' search (awards.screening.search_keys).
    search_key: Mapped[str] = mapped_column(Text, default="")
    stakeholder_type: Mapped[StakeholderType | None] = mapped_column(str_enum(StakeholderType))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    #: ITU region, derived from the country when it is saved.
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    website: Mapped[str] = mapped_column(String(500), default="")
    #: Normalised website (host and path), for duplicate detection.
    website_key: Mapped[str] = mapped_column(String(500), default="", index=True)
    start_date: Mapped[date | None]
    project_status: Mapped[ProjectStatus | None] = mapped_column(str_enum(ProjectStatus))
    description: Mapped[str] = mapped_column(Text, default="")
    impact_economic: Mapped[str] = mapped_column(Text, default="")
    impact_social: Mapped[str] = mapped_column(Text, default="")
    impact_environmental: Mapped[str] = mapped_column(Text, default="")
    partnerships: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    #: Self-declared by the submitters: the project has won a WSIS Prize before.
    declared_previous_winner: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    submitted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    screened_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship()
    category: Mapped[Category] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    contacts: Mapped[list[EntryContact]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryContact.position"
    )
    sdgs: Mapped[list[EntrySdg]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntrySdg.sdg"
    )
    images: Mapped[list[EntryImage]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryImage.id"
    )
    members: Mapped[list[EntryMember]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )

    def team_ids(self) -> frozenset[int]:
        """The ids of the owner and the members: who may act as the entry's team."""
        return frozenset([self.owner_id, *(m.user_id for m in self.members)])

    def access_target(self) -> Target:
        """What :func:`awards.access.rules.can` is asked about for this entry."""
        return Target(edition_id=self.edition_id, team=self.team_ids(), owner_id=self.owner_id)

    def __repr__(self) -> str:
        return f"<Entry {self.id} {self.state}>"


class EntryContact(Model):
    """A contact person of an entry. ``gender`` is optional and only ever reported in aggregate."""

    __tablename__ = "entry_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    job_title: Mapped[str] = mapped_column(String(120), default="")
    #: "female", "male", "other", "undisclosed" or NULL (not answered).
    gender: Mapped[str | None] = mapped_column(String(16))

    entry: Mapped[Entry] = relationship(back_populates="contacts")


class EntrySdg(Model):
    """A Sustainable Development Goal the project advances, with the linkage explained."""

    __tablename__ = "entry_sdg"
    __table_args__ = (
        UniqueConstraint("entry_id", "sdg"),
        CheckConstraint("sdg BETWEEN 1 AND 17", name="sdg_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    sdg: Mapped[int]
    answer: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[Entry] = relationship(back_populates="sdgs")


class EntryImage(Model):
    """A re-encoded, metadata-free image stored outside the static folder."""

    __tablename__ = "entry_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ImageKind] = mapped_column(str_enum(ImageKind, 16))
    #: Random name of the stored file (never the uploader's file name).
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    alt_text: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    entry: Mapped[Entry] = relationship(back_populates="images")


class EntryMember(Model):
    """An account that may edit an entry."""

    __tablename__ = "entry_member"
    __table_args__ = (UniqueConstraint("entry_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, 16), default=MemberRole.EDITOR)
    joined_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    entry: Mapped[Entry] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class TeamInvitation(Model):
    """An invitation, sent by e-mail, to co-edit an entry."""

    __tablename__ = "team_invitation"
    __table_args__ = (UniqueConstraint("entry_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    accepted_at: Mapped[datetime | None]
    #: Set when the owner withdraws the invitation (or removes the member): the link is dead.
    cancelled_at: Mapped[datetime | None]


class DuplicateReview(Model):
    """An organiser's verdict on a suspected duplicate pair (``entry_a_id < entry_b_id``)."""

    __tablename__ = "duplicate_review"
    __table_args__ = (
        UniqueConstraint("entry_a_id", "entry_b_id"),
        CheckConstraint("entry_a_id < entry_b_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_a_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    entry_b_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    #: "distinct" (both stay) or "withdrawn" (one of them was withdrawn).
    decision: Mapped[str] = mapped_column(String(16))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class PastWinner(Model):
    """A project that won in an earlier edition: not eligible again."""

    __tablename__ = "past_winner"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    title_key: Mapped[str] = mapped_column(String(200), index=True)
    website_key: Mapped[str] = mapped_column(String(500), default="", index=True)
    entity_name: Mapped[str] = mapped_column(String(200), default="")
