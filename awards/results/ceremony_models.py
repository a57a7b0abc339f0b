"""The prize ceremony's run-of-show: per category its place in the order, its presenter, its
planned time and the presenter's notes (what to say, how to say the names)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.contest.models import Category
from awards.extensions import Model
from awards.results.run_of_show_rules import MAX_MINUTES, MAX_PRESENTER


class RunOfShowItem(Model):
    """One category's part of the ceremony. Categories without a row follow the default
    order (by category number) with default timings; see ``awards/results/run_of_show.py``."""

    __tablename__ = "run_of_show_item"
    __table_args__ = (
        UniqueConstraint("category_id"),
        CheckConstraint("position > 0", name="position_positive"),
        CheckConstraint(
            f"planned_minutes >= 0 AND planned_minutes <= {MAX_MINUTES}", name="minutes_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    #: 1, 2, 3...: the order of the edition's categories on the day (a permutation).
    position: Mapped[int]
    #: Who presents the category (free text: one or several names).
    presenter: Mapped[str] = mapped_column(String(MAX_PRESENTER), default="", server_default="")
    planned_minutes: Mapped[int]
    #: What the presenter should know or say (free text).
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: How to say the projects' and entities' names ("Ngozi: n-GO-zee").
    pronunciation: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    category: Mapped[Category] = relationship()
