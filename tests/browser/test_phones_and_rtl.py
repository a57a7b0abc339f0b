"""The submitters' pages on a small phone (320 px), in English and in Arabic (right-to-left).

Nothing may scroll sideways: tables become stacked cards, long web addresses wrap, and the
header takes at most two rows. axe-core stays green at that width.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.people import sign_in

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "wsis-demo-2021"
SUBMITTER = "submitter@example.org"
LONG_URL = (
    "https://www.example.org/programmes/digital-inclusion/rural-connectivity-for-schools/"
    "2026/annual-report-and-evaluation-of-the-community-networks-pilot.html"
)
PHONE = {"width": 320, "height": 640}
#: Two rows of the header at 320 px: each at most a 44 px touch target, plus padding.
HEADER_MAX_HEIGHT = 2 * 44 + 24


@pytest.fixture(scope="module")
def demo_entry(live_server: Any) -> Iterator[dict[str, Any]]:
    """The demo in its submission phase; the submitter's first entry has a long web address."""

    def load() -> dict[str, Any]:
        from awards.accounts.models import User
        from awards.demo import load_demo
        from awards.extensions import db
        from awards.submissions.models import Entry

        result = load_demo("submission")
        submitter = db.session.scalar(select(User).where(User.email_key == SUBMITTER))
        entry = db.session.scalar(
            select(Entry).where(Entry.owner_id == submitter.id).order_by(Entry.id)
        )
        entry.website = LONG_URL
        return {"entry": entry.id, "category": result.edition.categories[0].id}

    yield live_server.run_in_app(load)

    def close() -> None:
        from awards.demo import load_demo

        load_demo("ceremony")

    live_server.run_in_app(close)


def _fits(page: Any) -> dict[str, float]:
    return page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            width: window.innerWidth,
            header: document.querySelector('.site-header').getBoundingClientRect().height,
        })"""
    )


def _check_phone_page(page: Any, axe_check: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status < 400, f"{path} answered {response.status}"
    axe_check(page)
    sizes = _fits(page)
    assert sizes["scroll"] <= sizes["width"], f"{path} scrolls sideways: {sizes}"
    assert sizes["header"] <= HEADER_MAX_HEIGHT, f"{path}: the header is too tall: {sizes}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_signed_out_pages_fit_a_small_phone(page: Any, axe_check: Any, lang: str) -> None:
    page.set_viewport_size(PHONE)
    for path in ("/", "/account/login", "/account/register"):
        _check_phone_page(page, axe_check, f"{path}?lang={lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_submitters_pages_fit_a_small_phone(
    page: Any, axe_check: Any, demo_entry: dict[str, Any], lang: str
) -> None:
    sign_in(page, axe_check, SUBMITTER, DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    entry = demo_entry["entry"]
    for path in (
        "/",
        "/entries/",
        f"/entries/new?category={demo_entry['category']}",
        f"/entries/{entry}",
        f"/entries/{entry}/edit",
        f"/entries/{entry}/team",
        "/account/settings",
    ):
        _check_phone_page(page, axe_check, f"{path}{'&' if '?' in path else '?'}lang={lang}")


def test_my_entries_become_cards_that_name_each_column(
    page: Any, axe_check: Any, demo_entry: dict[str, Any]
) -> None:
    sign_in(page, axe_check, SUBMITTER, DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/entries/?lang=ar")
    axe_check(page)
    cell = page.locator("table.stack-on-phones td[data-label]").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"') == cell.get_attribute("data-label")
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
