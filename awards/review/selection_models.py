"""What the Expert Group decides: nominees per category (phase 2), the Champions that public
voting makes of them, and the Winner among the Champions (phase 4).

- :class:`CategoryNomination` is an organiser's confirmation of a category's nominees; only the
  :class:`Nominee` rows of a confirmed category are nominees anywhere (voting reads them through
  ``awards/review/nominees.py``, never with a query of its own).
- :class:`Champion` rows are written by whoever decides the Champions: until the voting issue
  lands, the stub in ``awards/review/champions.py`` from first-round scores; then the tally of
  valid votes, through the same service.
- :class:`WinnerDecision` is the confirmed Winner of a category.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.contest.models import Category
from awards.extensions import Model
from awards.submissions.models import Entry


class CategoryNomination(Model):
    """An organiser's confirmation of one category's nominees, with the reason for any change
    from the system's proposal (required then)."""

    __tablename__ = "category_nomination"
    __table_args__ = (UniqueConstraint("edition_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    confirmed_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Why the nominees differ from the proposal (or number more than the edition's N).
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: When the nominees and the others of the category were told by e-mail.
    notified_at: Mapped[datetime | None]

    category: Mapped[Category] = relationship()


class Nominee(Model):
    """An entry nominated in its category (counts once its category is confirmed)."""

    __tablename__ = "nominee"
    __table_args__ = (UniqueConstraint("entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    #: Whether the system proposed it (False: added by the organisers, with the reason).
    proposed: Mapped[bool] = mapped_column(default=True)
    #: Its rank by normalised first-round score when nominated.
    rank: Mapped[int | None]
    normalised_score: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    entry: Mapped[Entry] = relationship()


class Champion(Model):
    """One of a category's Champions (the most-voted nominees), with its valid votes."""

    __tablename__ = "champion"
    __table_args__ = (UniqueConstraint("entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    valid_votes: Mapped[int] = mapped_column(default=0)
    #: "jury stub" until public voting decides them, then "votes".
    source: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    entry: Mapped[Entry] = relationship()


class WinnerDecision(Model):
    """The confirmed Winner of a category, and how a tie was settled if there was one."""

    __tablename__ = "winner_decision"
    __table_args__ = (UniqueConstraint("edition_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    #: The organisers' recorded decision when the documented rule left a tie.
    tie_break_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    confirmed_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    entry: Mapped[Entry] = relationship()
