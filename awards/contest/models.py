"""Editions of the contest and their categories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import get_locale, gettext
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.contest.rules import Phase, Schedule, phase_at
from awards.extensions import Model


class Edition(Model):
    """One yearly contest: its calendar, its limits and its categories."""

    __tablename__ = "edition"
    __table_args__ = (
        CheckConstraint("nominees_per_category > 0", name="nominees_positive"),
        CheckConstraint("champions_per_category > 0", name="champions_positive"),
        CheckConstraint("reviews_per_entry > 0", name="reviews_positive"),
        CheckConstraint("champions_per_category <= nominees_per_category", name="champions_le"),
        CheckConstraint(
            "banner_storage_name IS NULL OR banner_alt IS NOT NULL", name="banner_alt_required"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Zurich")
    submission_opens: Mapped[datetime]
    submission_closes: Mapped[datetime]
    nomination_opens: Mapped[datetime]
    nomination_closes: Mapped[datetime]
    voting_opens: Mapped[datetime]
    voting_closes: Mapped[datetime]
    selection_opens: Mapped[datetime]
    selection_closes: Mapped[datetime]
    ceremony_at: Mapped[datetime]
    closes_at: Mapped[datetime | None]
    nominees_per_category: Mapped[int] = mapped_column(default=20)
    champions_per_category: Mapped[int] = mapped_column(default=5)
    reviews_per_entry: Mapped[int] = mapped_column(default=3)
    #: Minimum words per long answer of the entry form (impact, partnerships, ...).
    min_answer_words: Mapped[int] = mapped_column(default=50)
    description_min_words: Mapped[int] = mapped_column(default=150)
    description_max_words: Mapped[int] = mapped_column(default=200)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    #: A demo edition (``flask awards demo``): its pages say that the data is invented.
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The optional logo or banner: a re-encoded image in UPLOAD_FOLDER, with its alt text.
    banner_storage_name: Mapped[str | None] = mapped_column(String(64))
    banner_content_type: Mapped[str | None] = mapped_column(String(32))
    banner_width: Mapped[int | None]
    banner_height: Mapped[int | None]
    banner_alt: Mapped[str | None] = mapped_column(String(300))

    categories: Mapped[list[Category]] = relationship(
        back_populates="edition", order_by="Category.number", cascade="all, delete-orphan"
    )

    def schedule(self) -> Schedule:
        """The edition's dates as a pure :class:`Schedule`."""
        return Schedule(
            submission_opens=self.submission_opens,
            submission_closes=self.submission_closes,
            nomination_opens=self.nomination_opens,
            nomination_closes=self.nomination_closes,
            voting_opens=self.voting_opens,
            voting_closes=self.voting_closes,
            selection_opens=self.selection_opens,
            selection_closes=self.selection_closes,
            ceremony_at=self.ceremony_at,
            closes_at=self.closes_at,
        )

    def phase(self, now: datetime) -> Phase:
        """The edition's phase at ``now`` (read once per request or command by the caller)."""
        return phase_at(self.schedule(), now)

    def __repr__(self) -> str:
        return f"<Edition {self.year}>"


class Category(Model):
    """A prize category of one edition (e.g. 10, C7, "ICT applications: E-health")."""

    __tablename__ = "category"
    __table_args__ = (
        UniqueConstraint("edition_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    number: Mapped[int]
    action_line: Mapped[str] = mapped_column(String(16))
    #: English name; translated through the message catalogue for the WSIS categories.
    name: Mapped[str] = mapped_column(String(200))
    #: Organiser-supplied names per language code, for categories outside the catalogue.
    name_translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    suggested_sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)

    edition: Mapped[Edition] = relationship(back_populates="categories")

    @property
    def display_name(self) -> str:
        """The name in the current locale."""
        locale = str(get_locale() or "en")
        translated = (self.name_translations or {}).get(locale)
        return translated or gettext(self.name)

    def __repr__(self) -> str:
        return f"<Category {self.number} {self.action_line}>"
