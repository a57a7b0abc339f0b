"""Issue 2 in a real browser: sign-up by e-mail to the home page, keyboard access, Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.people import focused_name, register, sign_in, verify_email

pytestmark = pytest.mark.browser


def test_home_page_has_no_serious_accessibility_violations(page: Any, axe_check: Any) -> None:
    page.goto("/")
    axe_check(page)
    assert page.locator("main#main").is_visible()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Any, axe_check: Any) -> None:
    page.goto("/")
    axe_check(page)
    page.keyboard.press("Tab")
    assert focused_name(page) == "Skip to main content"
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_arabic_home_page_is_right_to_left(page: Any, axe_check: Any) -> None:
    page.goto("/")
    axe_check(page)
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("load")
    axe_check(page)
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"


def test_register_verify_by_mail_sign_in_and_see_the_phase(
    page: Any, axe_check: Any, mailbox: Any, open_edition: dict[str, Any]
) -> None:
    email = "amina.diallo@example.org"
    register(
        page,
        axe_check,
        name="Amina Diallo",
        email=email,
        stakeholder="Government",
        country="Senegal",
        organisation="Ministère de l'Économie numérique",
    )
    verify_email(page, axe_check, mailbox, email)
    sign_in(page, axe_check, email)
    page.goto("/")
    axe_check(page)
    main = page.locator("main")
    assert page.get_by_role("heading", level=1).inner_text() == open_edition["title"]
    phase_line = main.get_by_text("Current phase:").locator("..").inner_text()
    assert "submission" in phase_line.lower()
    assert "Submission deadline" in main.inner_text()
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_axe_check_fails_on_a_serious_violation(page: Any, axe_check: Any) -> None:
    """The accessibility gate itself: an unlabelled field and an image without alt text."""
    page.set_content(
        "<!doctype html><html lang='en'><head><title>Bad</title></head><body><main>"
        "<img src='data:image/png;base64,iVBORw0KGgo='><input type='text'></main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)
