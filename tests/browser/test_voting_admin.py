"""The organisers' voting pages with real data in a browser: axe in English and Arabic, and the
planted cluster set aside and lifted through the forms."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.people import sign_in

pytestmark = pytest.mark.browser

EMAIL = "vote.reviewer@example.org"
PASSWORD = "review the votes carefully"
YEAR = 2015


@pytest.fixture(scope="module")
def voting(live_server: Any) -> Iterator[dict[str, Any]]:
    """An edition in its voting phase, with nominees, demo votes and an organiser."""

    def load() -> dict[str, Any]:
        from awards import clock
        from awards.accounts.models import RoleGrant, User
        from awards.accounts.passwords import hash_password
        from awards.accounts.roles import Role
        from awards.contest import services
        from awards.contest.rules import Phase
        from awards.demo_votes import add_demo_votes
        from awards.extensions import db
        from awards.review.selection_models import CategoryNomination, Nominee
        from awards.stakeholders import StakeholderType
        from tests.entry_factory import make_entry

        now = clock.utcnow()
        dates = services.calendar_with_phase_now(Phase.VOTING, now)
        edition = services.create_edition(YEAR, "WSIS Prizes (voting review)", "UTC", dates)
        categories = [
            services.add_category(edition, f"Category {number}", f"C{number}", number=number)
            for number in range(1, 4)
        ]
        organiser = User(
            name="Vera Reviewer",
            email=EMAIL,
            email_key=EMAIL,
            password_hash=hash_password(PASSWORD),
            stakeholder_type=StakeholderType.OTHER,
            country="CH",
            email_verified_at=now,
        )
        organiser.roles.append(RoleGrant(role=Role.ORGANISER, edition_id=edition.id))
        db.session.add(organiser)
        db.session.flush()
        for category in categories:
            for n in range(4):
                entry = make_entry(
                    edition, organiser, category=category, title=f"Project {category.number}.{n}"
                )
                db.session.add(
                    Nominee(edition_id=edition.id, category_id=category.id, entry_id=entry.id)
                )
            db.session.add(CategoryNomination(edition_id=edition.id, category_id=category.id))
        db.session.flush()
        assert add_demo_votes(edition, now) > 1000
        return {"edition": edition.id}

    yield live_server.run_in_app(load)

    def close() -> None:
        from awards import clock
        from awards.contest import services
        from awards.contest.models import Edition
        from awards.contest.rules import Phase
        from awards.extensions import db

        edition = db.session.query(Edition).filter_by(year=YEAR).one()
        services.update_schedule(
            edition, services.calendar_with_phase_now(Phase.CEREMONY, clock.utcnow(), "UTC")
        )

    live_server.run_in_app(close)


def _pages(edition: int) -> list[str]:
    base = f"/organise/editions/{edition}/voting"
    return [
        base,
        f"{base}/suspicious",
        f"{base}/cluster?ref=subnet:203.0.113.0/24",
        f"{base}/quarantines",
    ]


def _visit(page: Any, axe_check: Any, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        axe_check(page)


def _language(page: Any, axe_check: Any, lang: str) -> None:
    page.goto("/")
    axe_check(page)
    page.locator("#language-select").select_option(lang)
    page.locator(".language-form button").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == lang


def test_the_voting_pages_with_votes_pass_axe_in_english_and_arabic(
    page: Any, axe_check: Any, voting: dict[str, Any]
) -> None:
    sign_in(page, axe_check, EMAIL, PASSWORD)
    _visit(page, axe_check, _pages(voting["edition"]))
    _language(page, axe_check, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _visit(page, axe_check, _pages(voting["edition"]))
    _language(page, axe_check, "en")  # the account keeps the language for the next test


def test_an_organiser_sets_the_planted_cluster_aside_and_lifts_it(
    page: Any, axe_check: Any, voting: dict[str, Any]
) -> None:
    sign_in(page, axe_check, EMAIL, PASSWORD)
    page.goto(f"/organise/editions/{voting['edition']}/voting/suspicious")
    axe_check(page)
    page.get_by_role("link", name="Review the votes and set the cluster aside").first.click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "203.0.113" in page.locator("main").inner_text()
    page.get_by_role("button", name="Set these votes aside").click()
    page.wait_for_load_state("load")
    axe_check(page)  # the refusal: a reason is required
    assert page.locator(".error-summary").is_visible()
    page.get_by_label("Why (what you checked)").fill("300 new accounts on one network in an hour")
    page.get_by_role("button", name="Set these votes aside").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "votes set aside" in page.locator(".flash").inner_text()
    page.get_by_label("Why the votes count again").first.fill("Checked: a training session")
    page.get_by_role("button", name="Lift the quarantine").first.click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "count again" in page.locator(".flash").inner_text()
