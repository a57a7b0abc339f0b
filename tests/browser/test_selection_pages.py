"""axe-core on the final selection pages with something on them: Champions, second-round
results, a tie, a rejected confirmation, in English and Arabic.

An edition of its own (2016, so the home page's edition stays the demo's) is put in its
selection phase now, with Champions and submitted second-round reviews in two categories.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.people import PASSWORD, sign_in

pytestmark = pytest.mark.browser

ORGANISER = "selection-organiser@example.org"


@pytest.fixture(scope="module")
def selection(live_server: Any) -> dict[str, int]:
    def load() -> dict[str, int]:
        from awards.accounts.models import RoleGrant, User
        from awards.accounts.passwords import hash_password
        from awards.accounts.roles import Role
        from awards.clock import utcnow
        from awards.contest.models import Category, Edition
        from awards.extensions import db
        from awards.review.experts import ProfileInput, save_profile
        from awards.review.selection import assign_second_round
        from awards.stakeholders import StakeholderType
        from awards.submissions.models import Screening
        from tests.entry_factory import make_entry
        from tests.selection_factory import make_champions, score_second_round

        now = utcnow()
        edition = Edition(
            year=2016,
            title="WSIS Prizes 2016",
            timezone="Europe/Zurich",
            submission_opens=now - timedelta(days=90),
            submission_closes=now - timedelta(days=70),
            nomination_opens=now - timedelta(days=60),
            nomination_closes=now - timedelta(days=40),
            voting_opens=now - timedelta(days=30),
            voting_closes=now - timedelta(days=2),
            selection_opens=now - timedelta(days=1),
            selection_closes=now + timedelta(days=10),
            ceremony_at=now + timedelta(days=20),
            closes_at=None,
        )
        for number in (1, 2):
            edition.categories.append(
                Category(number=number, action_line=f"C{number}", name=f"Category {number}")
            )
        db.session.add(edition)
        db.session.flush()

        def person(email: str, role: Role | None = None) -> User:
            user = User(
                name=email.split("@")[0],
                email=email,
                email_key=email,
                password_hash=hash_password(PASSWORD),
                stakeholder_type=StakeholderType.CIVIL_SOCIETY,
                country="CH",
                email_verified_at=now,
            )
            if role is not None:
                user.roles.append(RoleGrant(role=role, edition_id=edition.id))
            db.session.add(user)
            db.session.flush()
            return user

        organiser = person(ORGANISER, Role.ORGANISER)
        ids = frozenset(c.id for c in edition.categories)
        for n in range(2):
            expert = person(f"selection-expert{n}@example.org", Role.JURY)
            save_profile(edition, expert, ProfileInput(category_ids=ids), actor=expert, now=now)
        owner = person("selection-owner@example.org")
        entries = {
            number: [
                make_entry(
                    edition,
                    owner,
                    category=number,
                    title=f"Project {number}.{i} for rural schools",
                    screening=Screening.ELIGIBLE,
                )
                for i in range(3)
            ]
            for number in (1, 2)
        }
        make_champions(edition, entries[1], organiser, votes=[1, 2, 3], first_round=[5, 6, 7])
        make_champions(edition, entries[2], organiser, votes=[4, 4, 1], first_round=[6, 6, 6])
        assign_second_round(edition, actor=organiser, now=now)
        for entry, score in zip(entries[1], (9, 8, 7), strict=True):
            score_second_round(entry, score)  # one review each: one outstanding
        for entry, score in zip(entries[2], (8, 8, 5), strict=True):
            score_second_round(entry, score, score)
        return {
            "edition": edition.id,
            "clear": edition.categories[0].id,
            "tied": edition.categories[1].id,
        }

    return live_server.run_in_app(load)  # type: ignore[no-any-return]


def _pages(ids: dict[str, int]) -> list[str]:
    base = f"/organise/editions/{ids['edition']}/selection"
    return [base, f"{base}/{ids['clear']}", f"{base}/{ids['tied']}"]


def _visit(page: Any, axe_check: Any, ids: dict[str, int]) -> None:
    for path in _pages(ids):
        response = page.goto(path)
        assert response is not None
        assert response.status < 400, f"{path} answered {response.status}"
        axe_check(page)
    # The tied category: confirming without the written decision is refused, accessibly.
    page.goto(_pages(ids)[2])
    axe_check(page)
    page.locator("input[name='entry']").first.check()
    page.locator("form[method='post'] button[type='submit']").last.click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#note").is_visible()


def test_selection_pages(page: Any, axe_check: Any, selection: dict[str, int]) -> None:
    sign_in(page, axe_check, ORGANISER, PASSWORD)
    _visit(page, axe_check, selection)


def test_selection_pages_in_arabic(page: Any, axe_check: Any, selection: dict[str, int]) -> None:
    sign_in(page, axe_check, ORGANISER, PASSWORD)
    page.goto("/")
    axe_check(page)
    page.locator("#language-select").select_option("ar")
    page.locator(".language-form button").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    _visit(page, axe_check, selection)
