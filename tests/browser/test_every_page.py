"""axe-core on every page of the application, as each kind of person sees it.

The demo edition (18 categories, entries, an account per role) is loaded into the live database;
each test signs in as one person and visits every page that person can reach, including forms
rejected with errors, in English and in Arabic (right-to-left).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.people import sign_in
from tests.browser.voting_world import voting_edition

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "wsis-demo-2021"


@pytest.fixture(scope="module")
def demo(live_server: Any) -> Iterator[dict[str, Any]]:
    """The demo loaded once: the edition's id, an entry of the submitter's, a message id.

    Afterwards the demo's calendar moves on to the ceremony, so that the journeys of other
    modules (sharing the live database) see only their own edition open for submissions.
    """

    def load() -> dict[str, Any]:
        from awards.accounts.models import User
        from awards.demo import load_demo
        from awards.extensions import db
        from awards.outbox.models import OutboxMessage
        from awards.outbox.services import queue_mail
        from awards.submissions.models import Entry

        result = load_demo("submission")
        submitter = db.session.scalar(select(User).where(User.email_key == "submitter@example.org"))
        entry = db.session.scalar(
            select(Entry).where(Entry.owner_id == submitter.id).order_by(Entry.id)
        )
        queue_mail("someone@example.org", "test_message", "en", name="Someone")
        message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        juror = db.session.scalar(select(User).where(User.email_key == "jury@example.org"))
        return {
            "edition": result.edition.id,
            "category": result.edition.categories[0].id,
            "entry": entry.id,
            "message": message.id,
            "juror": juror.id,
        }

    yield live_server.run_in_app(load)

    def close() -> None:
        from awards.demo import load_demo

        load_demo("ceremony")

    live_server.run_in_app(close)


def _visit_all(page: Any, axe_check: Any, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None
        assert response.status < 400, f"{path} answered {response.status}"
        axe_check(page)


def _switch_language(page: Any, axe_check: Any, lang: str) -> None:
    """Choose ``lang`` with the header's switcher (a signed-in account keeps the choice)."""
    page.goto("/")
    axe_check(page)
    page.locator("#language-select").select_option(lang)
    page.locator(".language-form button").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == lang


def _switch_to_arabic(page: Any, axe_check: Any) -> None:
    _switch_language(page, axe_check, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"


def organiser_pages(demo: dict[str, Any]) -> list[str]:
    edition = demo["edition"]
    return [
        "/organise/",
        "/organise/editions/",
        f"/organise/editions/{edition}",
        f"/organise/editions/{edition}/schedule",
        f"/organise/editions/{edition}/extend",
        f"/organise/editions/{edition}/close",
        f"/organise/editions/{edition}/categories/new",
        f"/organise/editions/{edition}/banner",
        f"/account/organise/editions/{edition}/jury",
        "/organise/audit/",
        "/organise/outbox/",
        f"/organise/outbox/{demo['message']}",
        "/organise/blocked-domains/",
        "/organise/blocked-domains/?check=inbox.mailinator.com",
        "/organise/entries/?edition=2021",
        "/organise/entries/?edition=2021&sort=title&q=digital",
        f"/organise/entries/{demo['entry']}",
        "/organise/entries/duplicates?edition=2021",
        "/organise/entries/charts?edition=2021",
        f"/organise/editions/{edition}/experts",
        f"/organise/editions/{edition}/experts/{demo['juror']}",
        f"/organise/editions/{edition}/conflicts",
        f"/organise/editions/{edition}/assignment",
        f"/organise/editions/{edition}/assignment?seed=1",
        f"/organise/editions/{edition}/nomination",
        f"/organise/editions/{edition}/nomination/{demo['category']}",
        f"/organise/editions/{edition}/selection",
        f"/organise/editions/{edition}/selection/{demo['category']}",
        f"/organise/editions/{edition}/run-of-show",
        f"/organise/editions/{edition}/run-of-show/print",
        f"/organise/editions/{edition}/ceremony",
        f"/organise/editions/{edition}/rankings",
        f"/organise/editions/{edition}/rankings/{demo['category']}",
        f"/organise/editions/{edition}/experts/statistics",
        f"/organise/editions/{edition}/rubric",
        f"/organise/editions/{edition}/voting",
        f"/organise/editions/{edition}/voting/settings",
        f"/organise/editions/{edition}/voting/suspicious",
        f"/organise/editions/{edition}/voting/quarantines",
        f"/organise/editions/{edition}/voting/cluster?ref=subnet:203.0.113.0/24",
    ]


def submitter_pages(demo: dict[str, Any]) -> list[str]:
    entry = demo["entry"]
    return [
        "/",
        "/entries/",
        "/entries/new",
        f"/entries/new?category={demo['category']}",
        f"/entries/{entry}",
        f"/entries/{entry}/edit",
        f"/entries/{entry}/print",
        f"/entries/{entry}/withdraw",
        f"/entries/{entry}/team",
        "/account/settings",
    ]


PUBLIC_PAGES = ["/", "/account/login", "/account/register", "/account/forgot-password"]


def test_public_pages(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    _visit_all(page, axe_check, PUBLIC_PAGES)


def test_public_pages_in_arabic(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, PUBLIC_PAGES)


def test_organiser_pages(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    sign_in(page, axe_check, "organiser@example.org", DEMO_PASSWORD)
    _visit_all(page, axe_check, organiser_pages(demo))


def test_organiser_pages_in_arabic(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    sign_in(page, axe_check, "organiser@example.org", DEMO_PASSWORD)
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, organiser_pages(demo))


def test_submitter_pages(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    sign_in(page, axe_check, "submitter@example.org", DEMO_PASSWORD)
    _visit_all(page, axe_check, submitter_pages(demo))


def test_submitter_pages_in_arabic(page: Any, axe_check: Any, demo: dict[str, Any]) -> None:
    sign_in(page, axe_check, "submitter@example.org", DEMO_PASSWORD)
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, submitter_pages(demo))


def test_rejected_forms_show_accessible_errors(
    page: Any, axe_check: Any, demo: dict[str, Any]
) -> None:
    """Error summaries and field errors pass axe too, and the summary links reach the fields."""
    page.goto("/account/register")
    axe_check(page)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    axe_check(page)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # Keyboard and screen-reader users start from the list of problems.
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    first_link.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target

    sign_in(page, axe_check, "organiser@example.org", DEMO_PASSWORD)
    _switch_language(page, axe_check, "en")  # another test may have left the account in Arabic
    page.goto(f"/organise/editions/{demo['edition']}/schedule")
    axe_check(page)
    page.locator("input[name='voting_opens']").fill("2001-01-01T09:00")
    page.get_by_role("button", name="Save the calendar").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator(".error-summary").is_visible()


@pytest.fixture(scope="module")
def jury_review(live_server: Any, demo: dict[str, Any]) -> dict[str, Any]:
    """A review for the demo's juror: the first eligible entry of the demo edition."""

    def assign() -> dict[str, Any]:
        from awards.accounts.models import User
        from awards.extensions import db
        from awards.review.models import ReviewAssignment
        from awards.submissions.models import Entry, Screening

        jury = db.session.scalar(select(User).where(User.email_key == "jury@example.org"))
        entry = db.session.scalar(
            select(Entry)
            .where(Entry.edition_id == demo["edition"], Entry.screening == Screening.ELIGIBLE)
            .order_by(Entry.id)
        )
        review = db.session.scalar(
            select(ReviewAssignment).where(
                ReviewAssignment.expert_id == jury.id, ReviewAssignment.entry_id == entry.id
            )
        )
        if review is None:
            review = ReviewAssignment(
                edition_id=demo["edition"], entry_id=entry.id, expert_id=jury.id, round=1
            )
            db.session.add(review)
            db.session.flush()
        return {"assignment": review.id}

    return live_server.run_in_app(assign)  # type: ignore[no-any-return]


def jury_pages(demo: dict[str, Any], jury_review: dict[str, Any]) -> list[str]:
    edition = demo["edition"]
    return [
        f"/jury/editions/{edition}/reviews",
        f"/jury/editions/{edition}/reviews?round=2",
        f"/jury/editions/{edition}/reviews/{jury_review['assignment']}",
        f"/jury/editions/{edition}/profile",
    ]


def _jury_rejected_forms(page: Any, axe_check: Any, demo: dict[str, Any], review: int) -> None:
    """A review sent without scores, and a conflict declared without a reason: 400 pages."""
    page.goto(f"/jury/editions/{demo['edition']}/reviews/{review}")
    axe_check(page)
    page.locator("button[name='action'][value='submit']").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    page.locator(".conflict-panel summary").click()
    page.locator(".conflict-panel button[type='submit']").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator(".error-summary").is_visible()


def test_jury_pages(
    page: Any, axe_check: Any, demo: dict[str, Any], jury_review: dict[str, Any]
) -> None:
    sign_in(page, axe_check, "jury@example.org", DEMO_PASSWORD)
    _switch_language(page, axe_check, "en")  # the Arabic test may have left it in Arabic
    _visit_all(page, axe_check, jury_pages(demo, jury_review))
    _jury_rejected_forms(page, axe_check, demo, jury_review["assignment"])


def test_jury_pages_in_arabic(
    page: Any, axe_check: Any, demo: dict[str, Any], jury_review: dict[str, Any]
) -> None:
    sign_in(page, axe_check, "jury@example.org", DEMO_PASSWORD)
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, jury_pages(demo, jury_review))
    _jury_rejected_forms(page, axe_check, demo, jury_review["assignment"])


# --- public voting (issue 10): a voter's pages and a visitor's -------------------------------
@pytest.fixture(scope="module")
def voting(live_server: Any, demo: dict[str, Any]) -> dict[str, Any]:
    """The open 2098 voting edition, with one vote of the demo's voter (for a receipt)."""
    return live_server.run_in_app(lambda: voting_edition(voter_email="voter@example.org"))


def voting_pages(voting: dict[str, Any], *, voter: bool) -> list[str]:
    year = voting["year"]
    nominee, _ = voting["nominees"][1][0]
    other, _ = voting["nominees"][2][1]
    pages = [
        "/vote",
        f"/vote/{year}",
        f"/vote/{year}?q=health&region=Africa",
        f"/vote/{year}/categories/1",
        f"/vote/{year}/categories/2?stakeholder=civil_society",
        f"/vote/{year}/nominees/{nominee}",
    ]
    if voter:
        pages += [
            f"/vote/{year}/nominees/{other}/confirm",
            f"/vote/{year}/receipts/{voting['receipt']}",
            f"/vote/{year}/my-votes",
        ]
    return pages


def test_voter_pages(page: Any, axe_check: Any, voting: dict[str, Any]) -> None:
    sign_in(page, axe_check, "voter@example.org", DEMO_PASSWORD)
    _switch_language(page, axe_check, "en")
    _visit_all(page, axe_check, voting_pages(voting, voter=True))


def test_voter_pages_in_arabic(page: Any, axe_check: Any, voting: dict[str, Any]) -> None:
    sign_in(page, axe_check, "voter@example.org", DEMO_PASSWORD)
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, voting_pages(voting, voter=True))


def test_public_voting_pages(page: Any, axe_check: Any, voting: dict[str, Any]) -> None:
    _visit_all(page, axe_check, voting_pages(voting, voter=False))


def test_public_voting_pages_in_arabic(page: Any, axe_check: Any, voting: dict[str, Any]) -> None:
    _switch_to_arabic(page, axe_check)
    _visit_all(page, axe_check, voting_pages(voting, voter=False))
