"""axe-core on the public results pages of a published edition, in all six languages, and the
receipt check's in-browser proof verification (WebCrypto) against the published root.

An edition of its own (2017, so the home page's edition stays the demo's) is tallied, its
Winners confirmed and its results published, with one vote whose receipt we know.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.people import sign_in

pytestmark = pytest.mark.browser

YEAR = 2017
RECEIPT = "RSLT2017PAGE0001"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
PAGES = [
    "/results",
    f"/results/{YEAR}",
    f"/results/{YEAR}/statistics",
    f"/results/{YEAR}/check",
    "/hall-of-fame",
]


@pytest.fixture(scope="module")
def published(live_server: Any) -> int:
    def load() -> int:
        from awards.accounts.models import RoleGrant, User
        from awards.accounts.passwords import hash_password
        from awards.accounts.roles import Role
        from awards.clock import utcnow
        from awards.contest.models import Category, Edition
        from awards.extensions import db
        from awards.results.publishing import publish
        from awards.results.snapshots import record_champions_from, take_snapshot
        from awards.review.selection_models import WinnerDecision
        from awards.stakeholders import StakeholderType
        from tests.browser.people import PASSWORD
        from tests.results_factory import cast, nominate

        now = utcnow()
        edition = Edition(
            year=YEAR,
            title=f"WSIS Prizes {YEAR}",
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
            champions_per_category=1,
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

        organiser = person("results-organiser@example.org", Role.ORGANISER)
        nominees = nominate(edition, person("results-owner@example.org"), per_category=2)
        when = now - timedelta(days=10)
        for i, (_category_id, entries) in enumerate(sorted(nominees.items())):
            cast(
                entries[0],
                person(f"results-voter{i}a@example.org"),
                when,
                receipt=RECEIPT if i == 0 else f"RSLT2017PAGE000{i + 1}",
            )
            cast(entries[0], person(f"results-voter{i}b@example.org"), when)
            cast(entries[1], person(f"results-voter{i}c@example.org"), when)
        snapshot = take_snapshot(edition, actor=organiser, now=now)
        record_champions_from(snapshot, actor=organiser, now=now)
        for category_id, entries in nominees.items():
            db.session.add(
                WinnerDecision(
                    edition_id=edition.id, category_id=category_id, entry_id=entries[0].id
                )
            )
        db.session.flush()
        publish(edition, actor=organiser, now=now)
        db.session.commit()
        return edition.id

    return live_server.run_in_app(load)


def _switch_language(page: Any, axe_check: Any, lang: str) -> None:
    page.goto("/")
    axe_check(page)
    page.locator("#language-select").select_option(lang)
    page.locator(".language-form button").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_results_pages(page: Any, axe_check: Any, published: int, lang: str) -> None:
    if lang != "en":
        _switch_language(page, axe_check, lang)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        axe_check(page)


def test_the_browser_checks_the_proof(page: Any, axe_check: Any, published: int) -> None:
    page.goto(f"/results/{YEAR}/check")
    axe_check(page)
    page.locator("#receipt").fill("RSLT-2017 PAGE-0001")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    result = page.locator("#browser-result")
    result.wait_for(state="visible")
    assert result.get_attribute("data-verified") == "yes"
    axe_check(page)


def test_a_malformed_receipt_is_refused_accessibly(
    page: Any, axe_check: Any, published: int
) -> None:
    page.goto(f"/results/{YEAR}/check")
    axe_check(page)
    page.locator("#receipt").fill("oops!")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.locator("#receipt").input_value() == "oops!"
    axe_check(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_organisers_results_page(page: Any, axe_check: Any, published: int, lang: str) -> None:
    sign_in(page, axe_check, "results-organiser@example.org")
    if lang != "en":
        _switch_language(page, axe_check, lang)
    response = page.goto(f"/organise/editions/{published}/results")
    assert response is not None
    assert response.status == 200
    axe_check(page)
