"""An edition's own rubric (when it departs from the default) and the scores of each review.

Scores are stored by criterion key (``awards/review/rubric.py``), one row per criterion of a
review; a review is the :class:`~awards.review.models.ReviewAssignment` it belongs to.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards.extensions import Model
from awards.review.models import ReviewAssignment


class RubricCriterion(Model):
    """One criterion of an edition's rubric, in ``position`` order."""

    __tablename__ = "rubric_criterion"
    __table_args__ = (
        UniqueConstraint("edition_id", "key"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(default=1.0)


class RubricBand(Model):
    """What a range of scores means in an edition's rubric."""

    __tablename__ = "rubric_band"
    __table_args__ = (CheckConstraint("low <= high", name="band_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    low: Mapped[int]
    high: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    guidance: Mapped[str] = mapped_column(Text, default="")


class ReviewScore(Model):
    """One criterion's score in one review (a draft may lack some)."""

    __tablename__ = "review_score"
    __table_args__ = (UniqueConstraint("assignment_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignment.id", ondelete="CASCADE")
    )
    criterion_key: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]

    assignment: Mapped[ReviewAssignment] = relationship()
