"""Nomination in a real browser: an organiser settles a tie at the boundary, is asked for a
reason, gives it, and tells the teams; axe-core checks every page, in English and Arabic."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.clock import utcnow
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.stakeholders import StakeholderType
from awards.submissions.models import Screening
from tests.browser.people import PASSWORD, sign_in
from tests.entry_factory import make_entry

pytestmark = pytest.mark.browser

YEAR = 2096
ORGANISER = "nomination-organiser@example.org"
#: Expert A's and expert B's scores, spaced alike: the 3rd and 4th places tie across N = 3.
SCORES = ([10, 9, 8, None, None, None], [None, None, None, 5, 4, 3])


def _user(address: str, role: Role | None = None, edition_id: int | None = None) -> User:
    user = User(
        name=address.split("@")[0].replace("-", " ").title(),
        email=address,
        email_key=email_key(address),
        password_hash=hash_password(PASSWORD),
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
        country="CH",
        email_verified_at=utcnow(),
    )
    if role is not None:
        user.roles.append(RoleGrant(role=role, edition_id=edition_id))
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture(scope="module")
def nomination(live_server: Any) -> dict[str, Any]:
    """An edition in its nomination phase with one reviewed category (a tie at the boundary)."""

    def create() -> dict[str, Any]:
        existing = db.session.scalar(select(Edition).where(Edition.year == YEAR))
        if existing is not None:
            return {"edition": existing.id, "category": existing.categories[0].id}
        now = utcnow()
        edition = Edition(
            year=YEAR,
            title=f"WSIS Prizes {YEAR}",
            timezone="Europe/Zurich",
            submission_opens=now - timedelta(days=60),
            submission_closes=now - timedelta(days=30),
            nomination_opens=now - timedelta(days=29),
            nomination_closes=now + timedelta(days=5),
            voting_opens=now + timedelta(days=6),
            voting_closes=now + timedelta(days=20),
            selection_opens=now + timedelta(days=21),
            selection_closes=now + timedelta(days=30),
            ceremony_at=now + timedelta(days=40),
            closes_at=None,
            nominees_per_category=3,
            champions_per_category=2,
        )
        edition.categories.append(
            Category(number=7, action_line="C7", name="ICT applications: E-health")
        )
        db.session.add(edition)
        db.session.flush()
        _user(ORGANISER, Role.ORGANISER, edition.id)
        experts = [
            _user(f"nomination-expert-{n}@example.org", Role.JURY, edition.id) for n in (1, 2)
        ]
        entries = [
            make_entry(
                edition,
                _user(f"nomination-team-{n}@example.org"),
                category=7,
                screening=Screening.ELIGIBLE,
                screened_at=now - timedelta(days=29),
                title=f"Clinic network {n}",
            )
            for n in range(6)
        ]
        for expert, row in zip(experts, SCORES, strict=True):
            for entry, score in zip(entries, row, strict=True):
                if score is not None:
                    db.session.add(
                        ReviewAssignment(
                            edition_id=edition.id,
                            entry_id=entry.id,
                            expert_id=expert.id,
                            round=NOMINATION_ROUND,
                            state=AssignmentState.SUBMITTED,
                            submitted_at=now,
                            updated_at=now,
                            weighted_score=score,
                            comment_team=f"Clear results for clinic network {entry.title[-1]}.",
                        )
                    )
        db.session.flush()
        return {"edition": edition.id, "category": edition.categories[0].id}

    return live_server.run_in_app(create)  # type: ignore[no-any-return]


def _choose_language(page: Any, axe_check: Any, lang: str) -> None:
    page.goto("/")
    axe_check(page)
    page.locator("#language-select").select_option(lang)
    page.locator(".language-form button").click()
    page.wait_for_load_state("load")
    axe_check(page)


def _pages(nomination: dict[str, Any]) -> tuple[str, str]:
    overview = f"/organise/editions/{nomination['edition']}/nomination"
    return overview, f"{overview}/{nomination['category']}"


def test_an_organiser_settles_a_tie_with_a_reason_and_tells_the_teams(
    page: Any, axe_check: Any, mailbox: Any, nomination: dict[str, Any]
) -> None:
    overview, category = _pages(nomination)
    sign_in(page, axe_check, ORGANISER)
    page.goto(overview)
    axe_check(page)
    page.get_by_role("link", name="7. ICT applications: E-health").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_role("heading", name="Tie at the boundary").is_visible()
    ticked = page.locator("input[name='entry_ids']:checked")
    assert ticked.count() == 3
    page.get_by_role("checkbox", name="Clinic network 4").check()
    page.get_by_role("button", name="Confirm the nominees").click()
    page.wait_for_load_state("load")
    axe_check(page)
    summary = page.locator(".error-summary")
    assert "more than the 3 of this edition" in summary.inner_text()
    assert page.locator("input[name='entry_ids']:checked").count() == 4
    page.get_by_label("Reason for the change").fill("Networks 1 and 4 tie; both are strong.")
    page.get_by_role("button", name="Confirm the nominees").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "Nominees of category 7 confirmed." in page.locator(".flash-messages").inner_text()
    page.goto(category)
    axe_check(page)
    page.get_by_role("button", name="Send the e-mails").click()
    page.wait_for_load_state("load")
    axe_check(page)
    mail = mailbox.wait_for("nomination-team-4@example.org", "nominated")
    assert "Clear results for clinic network 4." in mail.text
    assert "nomination-expert" not in mail.text
    other = mailbox.wait_for("nomination-team-5@example.org")
    assert "not among the nominees" in other.text


def test_the_nomination_pages_in_arabic(
    page: Any, axe_check: Any, nomination: dict[str, Any]
) -> None:
    overview, category = _pages(nomination)
    sign_in(page, axe_check, ORGANISER)
    _choose_language(page, axe_check, "ar")
    try:
        for path in (overview, category):
            response = page.goto(path)
            assert response is not None
            assert response.status == 200
            assert page.locator("html").get_attribute("dir") == "rtl"
            axe_check(page)
    finally:
        _choose_language(page, axe_check, "en")
