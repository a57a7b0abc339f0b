"""An edition's rubric from the database: its own criteria and bands, or the default.

Saving a rubric (organisers) is refused once any review of the edition has been started,
since scores are kept by criterion key and weighted by the weights in force. Flush only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.experts import require_organiser, settings_of
from awards.review.models import STARTED, ReviewAssignment
from awards.review.rubric import (
    DEFAULT_BANDS,
    DEFAULT_CRITERIA,
    Band,
    Criterion,
    Rubric,
    rubric_problems,
)
from awards.review.rubric_models import RubricBand, RubricCriterion


def rubric_of(edition: Edition) -> Rubric:
    """The rubric experts of ``edition`` score with."""
    settings = settings_of(edition)
    criteria = tuple(
        Criterion(c.key, c.name, c.weight, c.guidance)
        for c in db.session.scalars(
            select(RubricCriterion)
            .where(RubricCriterion.edition_id == edition.id)
            .order_by(RubricCriterion.position, RubricCriterion.id)
        )
    )
    bands = tuple(
        Band(b.low, b.high, b.label, b.guidance)
        for b in db.session.scalars(
            select(RubricBand).where(RubricBand.edition_id == edition.id).order_by(RubricBand.low)
        )
    )
    return Rubric(
        criteria or DEFAULT_CRITERIA,
        settings.scale_low,
        settings.scale_high,
        bands if criteria or bands else DEFAULT_BANDS,
    )


def is_default(rubric: Rubric) -> bool:
    """Whether ``rubric`` is the default WSIS rubric (its names are translated on display)."""
    return rubric.criteria == DEFAULT_CRITERIA


def reviews_started(edition: Edition) -> bool:
    """Whether any expert has saved a review of ``edition`` (the rubric is locked then)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ReviewAssignment.edition_id == edition.id,
                    ReviewAssignment.state.in_(STARTED),
                )
            )
        )
    )


def save_rubric(
    edition: Edition,
    criteria: Sequence[Criterion],
    bands: Sequence[Band],
    *,
    low: int,
    high: int,
    actor: User,
    now: datetime,
) -> Rubric:
    """Store ``edition``'s rubric (organisers, before any review is started)."""
    require_organiser(actor, edition.id)
    problems = rubric_problems(criteria, low, high)
    if problems:
        raise RuleViolation(" ".join(problems))
    if reviews_started(edition):
        raise RuleViolation("The rubric cannot change once experts have started reviewing.")
    db.session.execute(delete(RubricCriterion).where(RubricCriterion.edition_id == edition.id))
    db.session.execute(delete(RubricBand).where(RubricBand.edition_id == edition.id))
    for position, c in enumerate(criteria):
        db.session.add(
            RubricCriterion(
                edition_id=edition.id,
                position=position,
                key=c.key,
                name=c.name,
                guidance=c.guidance,
                weight=c.weight,
            )
        )
    for b in bands:
        db.session.add(
            RubricBand(
                edition_id=edition.id, low=b.low, high=b.high, label=b.label, guidance=b.guidance
            )
        )
    settings = settings_of(edition)
    settings.scale_low, settings.scale_high = low, high
    db.session.add(settings)
    db.session.flush()
    record(
        "review.rubric_saved",
        edition,
        f"Rubric of edition {edition.year} saved (at {now.isoformat()})",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={
            "criteria": [[c.key, c.weight] for c in criteria],
            "scale": [low, high],
        },
    )
    return rubric_of(edition)
