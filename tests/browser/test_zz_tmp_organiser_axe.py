from typing import Any

import pytest

from awards.outbox.services import queue_mail
from tests.browser.people import sign_in

pytestmark = pytest.mark.browser


def test_organiser_pages_axe(
    page: Any, axe_check: Any, live_server: Any, open_edition: Any
) -> None:
    from awards.accounts.services import create_organiser

    def setup():
        user = create_organiser("Olga", "olga.axe@example.org", "a long enough passphrase 42")
        queue_mail("ana@example.org", "test_message", "en", name="Ana")
        return user.id

    live_server.run_in_app(setup)
    sign_in(page, axe_check, "olga.axe@example.org")
    eid = open_edition["id"]
    for path in [
        "/",
        "/organise/",
        "/organise/editions/",
        f"/organise/editions/{eid}",
        f"/organise/editions/{eid}/schedule",
        f"/organise/editions/{eid}/extend",
        f"/organise/editions/{eid}/close",
        f"/organise/editions/{eid}/categories/new",
        "/organise/audit/",
        "/organise/outbox/",
    ]:
        page.goto(path)
        axe_check(page)
        print(path, page.title())
    page.goto(f"/organise/editions/{eid}/schedule")
    page.get_by_label("Public voting opens").fill("2000-01-01T09:00")
    page.get_by_role("button", name="Save the calendar").click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.screenshot(path="/tmp/schedule_error.png", full_page=True)
    page.goto("/")
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/home.png", full_page=True)
    print(page.locator(".countdown").inner_text())
    page.goto("/organise/outbox/")
    page.get_by_role("link", name="Test message").first.click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.goto("/organise/audit/")
    page.screenshot(path="/tmp/audit.png", full_page=True)
