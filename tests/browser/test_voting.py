"""Issue 10 in a real browser: a new account votes, from the verification mail to My votes.

register → the verification mail → sign in → all categories → a category → a nominee →
"Vote for ..." → the confirmation step ("your vote is final") → the receipt (on screen and by
mail) → My votes; once with the mouse, once by keyboard alone. axe-core checks every page, and
the pages fit a 320 px wide phone without sideways scrolling.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.people import focused_name, press_button, register, sign_in, tab_to, verify_email
from tests.browser.voting_world import voting_edition

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
RECEIPT = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}-[0-9A-Z]{5}")


@pytest.fixture
def edition(live_server: Any) -> dict[str, Any]:
    return live_server.run_in_app(voting_edition)


def _new_voter(page: Any, check: Any, mailbox: Any, email: str) -> None:
    register(page, check, name="Vera Votante", email=email, country="Brazil")
    verify_email(page, check, mailbox, email)
    sign_in(page, check, email)


def _receipt_on(page: Any) -> str:
    found = RECEIPT.search(page.locator(".receipt-code").first.inner_text())
    assert found, "the receipt is shown in readable groups"
    return found.group(0)


def test_a_new_account_votes_with_the_mouse(
    page: Any, axe_check: Any, mailbox: Any, edition: dict[str, Any]
) -> None:
    email = "vera.mouse@example.org"
    _new_voter(page, axe_check, mailbox, email)
    year = edition["year"]
    page.goto(f"/vote/{year}")
    axe_check(page)
    assert "You have voted in 0 of 3 categories." in page.inner_text("main")
    page.get_by_role("link", name=re.compile(r"^3\. ")).click()
    axe_check(page)
    entry_id, title = edition["nominees"][3][1]
    page.get_by_role("link", name=title, exact=True).click()
    axe_check(page)
    assert page.locator('meta[property="og:title"]').get_attribute("content") == title
    page.get_by_role("link", name=f"Vote for {title}").click()
    axe_check(page)
    assert "Your vote is final" in page.inner_text("main")
    page.get_by_role("button", name=f"Vote for {title}").click()
    axe_check(page)
    assert "Your vote is recorded" in page.inner_text("h1")
    receipt = _receipt_on(page)
    assert "You have voted in 1 of 3 categories." in page.inner_text("main")
    mail = mailbox.wait_for(email, "is recorded")
    assert receipt in mail.text
    page.get_by_role("link", name="See all your votes").click()
    axe_check(page)
    assert title in page.inner_text("main")
    assert receipt in page.inner_text("main")
    # Back on the nominee: already voted, no button to vote again.
    page.goto(f"/vote/{year}/nominees/{entry_id}")
    axe_check(page)
    assert page.get_by_role("link", name=f"Vote for {title}").count() == 0


def test_a_new_account_votes_by_keyboard_only(
    page: Any, axe_check: Any, mailbox: Any, edition: dict[str, Any]
) -> None:
    email = "vera.keys@example.org"
    _new_voter(page, axe_check, mailbox, email)
    year = edition["year"]
    page.goto(f"/vote/{year}")
    axe_check(page)
    press_button(page, "2. Information and communication infrastructure")
    axe_check(page)
    _, title = edition["nominees"][2][0]
    tab_to(page, f"Vote for {title}")
    assert focused_name(page) == f"Vote for {title}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    press_button(page, f"Vote for {title}", key="Space")
    axe_check(page)
    assert "Your vote is recorded" in page.inner_text("h1")
    receipt = _receipt_on(page)
    press_button(page, "See all your votes")
    axe_check(page)
    assert receipt in page.inner_text("main")


def test_a_shared_link_leads_to_the_vote_after_sign_in(
    page: Any, axe_check: Any, mailbox: Any, edition: dict[str, Any]
) -> None:
    email = "vera.shared@example.org"
    register(page, axe_check, name="Vera Shared", email=email, country="Brazil")
    verify_email(page, axe_check, mailbox, email)
    year = edition["year"]
    entry_id, title = edition["nominees"][1][2]
    page.goto(f"/vote/{year}/nominees/{entry_id}")
    axe_check(page)
    page.get_by_role("link", name=f"Vote for {title}").click()
    axe_check(page)  # the sign-in page
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("a long enough passphrase 42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.url.endswith(f"/vote/{year}/nominees/{entry_id}/confirm")
    assert page.get_by_role("button", name=f"Vote for {title}").count() == 1


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_voting_pages_fit_a_320_pixel_phone(
    chromium: Any, live_server: Any, axe_check: Any, edition: dict[str, Any], lang: str
) -> None:
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, locale=lang
    )
    phone = context.new_page()
    try:
        year = edition["year"]
        entry_id, _ = edition["nominees"][1][0]
        for path in (
            f"/vote/{year}",
            f"/vote/{year}/categories/1",
            f"/vote/{year}/nominees/{entry_id}",
        ):
            phone.goto(f"{path}?lang={lang}")
            axe_check(phone)
            assert phone.locator("html").get_attribute("lang") == lang
            assert phone.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 320 px"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_unverified_account_is_asked_to_confirm_its_address(
    page: Any, axe_check: Any, mailbox: Any, edition: dict[str, Any], lang: str
) -> None:
    email = f"vera.unverified.{lang}@example.org"
    register(page, axe_check, name="Vera Unverified", email=email, country="Brazil")
    sign_in(page, axe_check, email)
    entry_id, _ = edition["nominees"][2][2]
    response = page.goto(f"/vote/{edition['year']}/nominees/{entry_id}/confirm?lang={lang}")
    assert response is not None
    assert response.status == 403
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == lang
    # The way out is on the page: a new confirmation link, by the button of the resend form.
    assert page.locator('form[action="/account/unverified/resend"] button').count() == 1
