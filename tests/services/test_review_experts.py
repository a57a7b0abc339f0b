"""Expert profiles: only for the edition's jury, saved and audited, listed by name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.review.experts import (
    ProfileInput,
    list_experts,
    save_profile,
    save_settings,
    settings_of,
)
from tests.review_factory import NOW


def test_a_profile_is_refused_without_the_jury_role(make_edition, make_user):
    edition = make_edition()
    other = make_edition(year=2022)
    outsider = make_user(roles=((Role.JURY, other.id),))
    with pytest.raises(RuleViolation, match="jury"):
        save_profile(edition, outsider, ProfileInput(organisation="X"), actor=outsider, now=NOW)
    assert list_experts(edition) == []


def test_a_jury_member_saves_and_updates_their_profile(make_edition, make_user):
    edition = make_edition()
    expert = make_user(name="Ada", roles=((Role.JURY, edition.id),))
    first, second = edition.categories[0], edition.categories[1]
    profile = save_profile(
        edition,
        expert,
        ProfileInput(
            organisation=" ITU ", country="ch", category_ids=frozenset({first.id}), review_cap=5
        ),
        actor=expert,
        now=NOW,
    )
    assert (profile.organisation, profile.country, profile.review_cap) == ("ITU", "CH", 5)
    again = save_profile(
        edition,
        expert,
        ProfileInput(organisation="ITU", category_ids=frozenset({second.id}), gender="female"),
        actor=expert,
        now=NOW,
    )
    assert again.id == profile.id
    assert [c.number for c in again.categories] == [2]
    assert (again.review_cap, again.gender) == (None, "female")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "expert.profile_saved")
    ).all()
    assert len(events) == 2
    assert events[1].changes["categories"] == [[1], [2]]


def test_a_category_of_another_edition_is_refused(make_edition, make_user):
    edition = make_edition()
    other = make_edition(year=2022)
    expert = make_user(roles=((Role.JURY, edition.id),))
    with pytest.raises(RuleViolation, match="category"):
        save_profile(
            edition,
            expert,
            ProfileInput(category_ids=frozenset({other.categories[0].id})),
            actor=expert,
            now=NOW,
        )


def test_someone_else_may_not_edit_a_profile_unless_organiser(make_edition, make_user):
    edition = make_edition()
    expert = make_user(roles=((Role.JURY, edition.id),))
    colleague = make_user(roles=((Role.JURY, edition.id),))
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    with pytest.raises(NotAllowed):
        save_profile(edition, expert, ProfileInput(review_cap=1), actor=colleague, now=NOW)
    saved = save_profile(edition, expert, ProfileInput(review_cap=1), actor=organiser, now=NOW)
    assert saved.review_cap == 1


def test_experts_are_listed_by_name(make_edition, make_user):
    edition = make_edition()
    for name in ("Zoe", "Ada"):
        user = make_user(name=name, roles=((Role.JURY, edition.id),))
        save_profile(edition, user, ProfileInput(), actor=user, now=NOW)
    assert [p.user.name for p in list_experts(edition)] == ["Ada", "Zoe"]


def test_settings_default_then_saved_by_an_organiser(make_edition, make_user):
    edition = make_edition()
    assert (settings_of(edition).same_country_conflicts, settings_of(edition).blind) == (
        False,
        True,
    )
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    save_settings(edition, same_country_conflicts=True, blind=False, actor=organiser, now=NOW)
    assert settings_of(edition).same_country_conflicts is True
    with pytest.raises(NotAllowed):
        save_settings(
            edition,
            same_country_conflicts=False,
            blind=True,
            actor=make_user(roles=((Role.JURY, edition.id),)),
            now=NOW,
        )
