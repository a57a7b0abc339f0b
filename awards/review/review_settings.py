"""The assignment page's settings in one call: reviews per entry, blind review, same-country
conflicts. Flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.review.experts import require_organiser, save_settings
from awards.review.models import ReviewSettings

#: The most reviews an entry may ask for (the form's limit too).
MAX_PER_ENTRY = 20


def save_review_settings(
    edition: Edition,
    *,
    reviews_per_entry: int,
    blind: bool,
    same_country_conflicts: bool,
    actor: User,
    now: datetime,
) -> ReviewSettings:
    """Store the Expert Group settings and the edition's reviews per entry (organisers)."""
    require_organiser(actor, edition.id)
    if not 1 <= reviews_per_entry <= MAX_PER_ENTRY:
        raise RuleViolation(
            _("Each entry needs from 1 to %(max)s reviews.", max=MAX_PER_ENTRY),
            field="reviews_per_entry",
        )
    settings = save_settings(
        edition, same_country_conflicts=same_country_conflicts, blind=blind, actor=actor, now=now
    )
    old = edition.reviews_per_entry
    if old != reviews_per_entry:
        edition.reviews_per_entry = reviews_per_entry
        record(
            "review.settings_saved",
            edition,
            f"Reviews per entry of edition {edition.year}: {old} to {reviews_per_entry}",
            actor_id=actor.id,
            edition_id=edition.id,
            changes={"reviews_per_entry": [old, reviews_per_entry]},
        )
    return settings
