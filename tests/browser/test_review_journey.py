"""Issue 9 in a real browser: an expert scores an entry and submits the review by keyboard
alone (Tab, Space, Enter, arrow keys; no clicks), and the queue then counts it.

axe-core checks every page on the way.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.people import PASSWORD, press_button, tab_to, type_into

pytestmark = pytest.mark.browser

EXPERT = "kofi.mensah@reviewers.example.org"
YEAR = 2097
TITLES = (
    "Solar pumps for village wells",
    "Radio lessons for nomadic schools",
    "Open maps of flood plains",
)


@pytest.fixture(scope="module")
def reviews(live_server: Any) -> dict[str, Any]:
    """An edition in nomination now, three eligible entries assigned to one expert."""

    def create() -> dict[str, Any]:
        from awards.accounts.models import RoleGrant, User
        from awards.accounts.passwords import hash_password
        from awards.accounts.roles import Role
        from awards.clock import utcnow
        from awards.contest.models import Category, Edition
        from awards.extensions import db
        from awards.review.models import ReviewAssignment
        from awards.stakeholders import StakeholderType
        from awards.submissions.models import Screening
        from tests.entry_factory import make_entry

        now = utcnow()
        edition = Edition(
            year=YEAR,
            title=f"WSIS Prizes {YEAR}",
            timezone="Europe/Zurich",
            submission_opens=now - timedelta(days=40),
            submission_closes=now - timedelta(days=10),
            nomination_opens=now - timedelta(days=9),
            nomination_closes=now + timedelta(days=20),
            voting_opens=now + timedelta(days=21),
            voting_closes=now + timedelta(days=30),
            selection_opens=now + timedelta(days=31),
            selection_closes=now + timedelta(days=40),
            ceremony_at=now + timedelta(days=50),
            closes_at=None,
        )
        edition.categories.append(
            Category(number=1, action_line="C1", name="Category one", suggested_sdgs=[6])
        )
        db.session.add(edition)
        db.session.flush()  # the jury grant below is for this edition's id, not every edition

        def account(email: str, name: str, *roles: Any) -> User:
            user = User(
                name=name,
                email=email,
                email_key=email,
                password_hash=hash_password(PASSWORD),
                stakeholder_type=StakeholderType.ACADEMIA,
                country="GH",
                email_verified_at=now,
            )
            user.roles.extend(RoleGrant(role=r, edition_id=edition.id) for r in roles)
            db.session.add(user)
            db.session.flush()
            return user

        expert = account(EXPERT, "Kofi Mensah", Role.JURY)
        owner = account("owner.2097@example.org", "Entry Owner")
        assignments = []
        for title in TITLES:
            entry = make_entry(
                edition, owner, title=title, screening=Screening.ELIGIBLE, screened_at=now
            )
            assignment = ReviewAssignment(
                edition_id=edition.id, entry_id=entry.id, expert_id=expert.id, round=1
            )
            db.session.add(assignment)
            assignments.append((entry.id, title))
        db.session.flush()
        return {"edition": edition.id, "entries": assignments}

    return live_server.run_in_app(create)  # type: ignore[no-any-return]


def _focus_next_group(page: Any, name: str) -> None:
    """Tab until a radio of the group ``name`` has focus (one Tab stop per group)."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached the scores of {name}")


def _choose(page: Any, name: str, score: int) -> None:
    """Space checks the focused (first) score, the right arrow moves up one at a time."""
    page.keyboard.press("Space")
    for _ in range(score - 1):
        page.keyboard.press("ArrowRight")
    checked = page.evaluate(
        "(name) => document.querySelector(`input[name='${name}']:checked`)?.value", name
    )
    assert checked == str(score), f"{name}: {checked!r} checked, not {score}"


def test_an_expert_scores_an_entry_by_keyboard_only(
    page: Any, axe_check: Any, reviews: dict[str, Any]
) -> None:
    from awards.review.rubric import DEFAULT_CRITERIA

    page.goto("/account/login")
    axe_check(page)
    type_into(page, "Email address", EXPERT)
    type_into(page, "Password", PASSWORD)
    press_button(page, "Sign in")
    axe_check(page)

    press_button(page, "Your reviews")
    axe_check(page)
    assert "0 of 3 submitted" in page.locator("main").inner_text()
    entry_id, title = reviews["entries"][1]
    press_button(page, f"Entry {entry_id}: {title}")
    axe_check(page)
    assert page.locator("h1").inner_text().endswith(title)

    scores = [3, 7, 8, 9, 10, 6, 5, 7]
    for criterion, score in zip(DEFAULT_CRITERIA, scores, strict=True):
        _focus_next_group(page, f"score-{criterion.key}")
        _choose(page, f"score-{criterion.key}", score)
    type_into(page, "Comment for the organisers", "Clear evidence of results; costs unclear.")
    type_into(page, "Comment for the team (optional)", "Publish the maintenance costs.")
    press_button(page, "Submit review")
    axe_check(page)
    main = page.locator("main").inner_text()
    assert "Your review has been submitted" in main
    assert "Your weighted score: 6.88" in main  # (3+7+8+9+10+6+5+7) / 8
    assert "No other expert has submitted a review of this entry yet." in main

    # Back to the queue, still by keyboard: Shift+Tab up to the link at the top.
    tab_to(page, "Back to your reviews", backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert "1 of 3 submitted" in page.locator("main").inner_text()
