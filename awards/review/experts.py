"""Expert profiles and the Expert Group's settings of an edition. Flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from awards.access.gate import actor_of
from awards.access.rules import Action, Target, can
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.review.models import GENDERS, ExpertProfile, ReviewSettings


@dataclass(frozen=True)
class ProfileInput:
    """What an expert's profile says (categories by id, of the profile's edition)."""

    organisation: str = ""
    country: str | None = None
    category_ids: frozenset[int] = frozenset()
    review_cap: int | None = None
    gender: str | None = None


def is_jury(user: User, edition: Edition) -> bool:
    """Whether ``user`` may review the entries of ``edition`` (its jury, active and verified)."""
    return can(actor_of(user), Action.JUDGE, Target(edition_id=edition.id))


def require_organiser(actor: User, edition_id: int) -> None:
    """Refuse with :class:`NotAllowed` unless ``actor`` organises the edition."""
    if not can(actor_of(actor), Action.ORGANISE, Target(edition_id=edition_id)):
        raise NotAllowed("Only an organiser of this edition may do this.")


def profile_of(edition: Edition, user: User) -> ExpertProfile | None:
    """The expert's profile for ``edition``, if any."""
    return db.session.scalar(
        select(ExpertProfile).where(
            ExpertProfile.edition_id == edition.id, ExpertProfile.user_id == user.id
        )
    )


def save_profile(
    edition: Edition, user: User, data: ProfileInput, *, actor: User, now: datetime
) -> ExpertProfile:
    """Create or update ``user``'s profile for ``edition``; only for its jury."""
    if not is_jury(user, edition):
        raise RuleViolation("Only a member of this edition's jury has an expert profile.")
    if actor.id != user.id:
        require_organiser(actor, edition.id)
    _check(data)
    categories = _categories(edition, data.category_ids)
    profile = profile_of(edition, user)
    created = profile is None
    if profile is None:
        profile = ExpertProfile(edition_id=edition.id, user_id=user.id, created_at=now)
        db.session.add(profile)
    old = _snapshot(profile) if not created else {}
    profile.organisation = data.organisation.strip()
    profile.country = data.country.upper() if data.country else None
    profile.review_cap = data.review_cap
    profile.gender = data.gender or None
    profile.categories = categories
    profile.updated_at = now
    new = _snapshot(profile)
    if created or new != old:
        record(
            "expert.profile_saved",
            profile,
            f"Expert profile of user {user.id} for edition {edition.year}",
            actor_id=actor.id,
            changes={k: [old.get(k), v] for k, v in new.items() if old.get(k) != v},
        )
    return profile


def _check(data: ProfileInput) -> None:
    if data.review_cap is not None and data.review_cap < 0:
        raise RuleViolation("The cap on reviews cannot be negative.", field="review_cap")
    if data.gender and data.gender not in GENDERS:
        raise RuleViolation("Unknown gender.", field="gender")
    if data.country and (len(data.country) != 2 or not data.country.isalpha()):
        raise RuleViolation("The country is a two-letter ISO code.", field="country")
    if len(data.organisation.strip()) > 200:
        raise RuleViolation("The organisation's name is too long.", field="organisation")


def _categories(edition: Edition, ids: Iterable[int]) -> list[Category]:
    wanted = set(ids)
    found = [c for c in edition.categories if c.id in wanted]
    if len(found) != len(wanted):
        raise RuleViolation("A category of expertise is not of this edition.", field="categories")
    return found


def _snapshot(profile: ExpertProfile) -> dict[str, object]:
    return {
        "organisation": profile.organisation,
        "country": profile.country,
        "review_cap": profile.review_cap,
        "gender": profile.gender,
        "categories": sorted(c.number for c in profile.categories),
    }


def list_experts(edition: Edition) -> list[ExpertProfile]:
    """The edition's expert profiles, with their accounts and categories, by name."""
    query = (
        select(ExpertProfile)
        .join(User, User.id == ExpertProfile.user_id)
        .where(ExpertProfile.edition_id == edition.id)
        .options(joinedload(ExpertProfile.user), selectinload(ExpertProfile.categories))
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(query).unique())


def settings_of(edition: Edition) -> ReviewSettings:
    """The edition's Expert Group settings (the defaults, unsaved, when none are stored)."""
    stored = db.session.scalar(
        select(ReviewSettings).where(ReviewSettings.edition_id == edition.id)
    )
    return stored or ReviewSettings(
        edition_id=edition.id, same_country_conflicts=False, blind=True, scale_low=1, scale_high=10
    )


def save_settings(
    edition: Edition, *, same_country_conflicts: bool, blind: bool, actor: User, now: datetime
) -> ReviewSettings:
    """Store the edition's Expert Group settings (organisers only)."""
    require_organiser(actor, edition.id)
    settings = settings_of(edition)
    old = {"same_country_conflicts": settings.same_country_conflicts, "blind": settings.blind}
    settings.same_country_conflicts = same_country_conflicts
    settings.blind = blind
    db.session.add(settings)
    new = {"same_country_conflicts": same_country_conflicts, "blind": blind}
    record(
        "review.settings_saved",
        settings,
        f"Expert Group settings of edition {edition.year} (at {now.isoformat()})",
        actor_id=actor.id,
        changes={k: [old[k], v] for k, v in new.items()},
    )
    return settings
