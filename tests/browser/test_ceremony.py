"""The presenter view in Chromium: an organiser steps through the ceremony with the keyboard,
and keeps stepping once the network is gone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.browser.people import PASSWORD, sign_in

pytestmark = pytest.mark.browser

ORGANISER = "ceremony.organiser@example.org"
#: Far in the past, so that no other journey takes it for the current edition.
YEAR = 2012


@pytest.fixture(scope="module")
def ceremony(live_server: Any) -> dict[str, Any]:
    """An edition of two categories, each with two Champions and a confirmed Winner."""

    def create() -> dict[str, Any]:
        from awards.accounts.roles import Role
        from awards.contest.models import Category, Edition
        from awards.extensions import db
        from tests.ceremony_factory import account, crown

        existing = db.session.query(Edition).filter_by(year=YEAR).one_or_none()
        if existing is not None:
            return {"id": existing.id}

        def at(month: int, day: int, hour: int = 9) -> datetime:
            return datetime(YEAR, month, day, hour, 0, tzinfo=UTC)

        edition = Edition(
            year=YEAR,
            title=f"WSIS Prizes {YEAR}",
            timezone="Europe/Zurich",
            submission_opens=at(1, 5),
            submission_closes=at(1, 31),
            nomination_opens=at(2, 1),
            nomination_closes=at(2, 20),
            voting_opens=at(3, 1),
            voting_closes=at(3, 20),
            selection_opens=at(4, 1),
            selection_closes=at(4, 10),
            ceremony_at=at(5, 15, 12),
            closes_at=None,
        )
        edition.categories.append(Category(number=1, action_line="C1", name="Governance"))
        edition.categories.append(Category(number=2, action_line="C7", name="E-health"))
        db.session.add(edition)
        db.session.flush()
        account(ORGANISER, PASSWORD, roles=((Role.ORGANISER, edition.id),))
        owner = account("ceremony.owner@example.org", PASSWORD)
        crown(edition, 1, owner, [("Zebra Net", "Org Zeta"), ("Alpha Link", "Org Alpha")])
        crown(edition, 2, owner, [("Health Hub", "Org Health"), ("Care Map", "Org Care")], winner=1)
        return {"id": edition.id}

    return live_server.run_in_app(create)  # type: ignore[no-any-return]


def _slide(page: Any) -> str:
    """The text of the one slide on screen."""
    visible = page.locator("#deck .slide:visible")
    assert visible.count() == 1
    return str(visible.inner_text())


def _settled(page: Any) -> None:
    """Wait for a slide's fade to end (axe-core reads contrast through the opacity)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def _counter(page: Any) -> str:
    return str(page.locator("#counter").inner_text())


def test_stepping_through_two_categories_by_keyboard_even_offline(
    page: Any, axe_check: Any, ceremony: dict[str, Any]
) -> None:
    sign_in(page, axe_check, ORGANISER)
    # The run-of-show puts E-health first, with its presenter.
    page.goto(f"/organise/editions/{ceremony['id']}/run-of-show")
    axe_check(page)
    health = page.get_by_role("group", name="2. E-health")
    health.get_by_label("Position").fill("1")
    health.get_by_label("Presenter", exact=True).fill("Amina Diallo")
    health.get_by_label("How to say the names").fill("Care Map: KAIR map")
    page.get_by_role("group", name="1. Governance").get_by_label("Position").fill("2")
    page.get_by_role("button", name="Save the run-of-show").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("Run-of-show saved.").is_visible()

    page.goto(f"/organise/editions/{ceremony['id']}/ceremony")
    axe_check(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    assert f"WSIS Prizes {YEAR}" in _slide(page)
    assert _counter(page) == "Slide 1 of 7"

    page.keyboard.press("Space")
    slide = _slide(page)
    assert "E-health" in slide
    assert "Health Hub" not in slide
    assert _counter(page) == "Slide 2 of 7"

    page.keyboard.press("ArrowRight")
    slide = _slide(page)
    assert "Champions" in slide
    assert "Care Map" in slide
    assert "Health Hub" in slide
    assert "Org Care" in slide
    assert "Winner" not in slide

    page.keyboard.press("PageDown")
    slide = _slide(page)
    assert "Winner" in slide
    assert "Care Map" in slide
    assert "Org Care" in slide
    assert "Health Hub" not in slide
    _settled(page)
    axe_check(page)

    page.keyboard.press("ArrowLeft")
    slide = _slide(page)
    assert "Health Hub" in slide
    assert "Champions" in slide
    page.keyboard.press("ArrowRight")

    # The network goes: the page already holds everything it shows.
    page.context.set_offline(True)
    assert page.evaluate("() => navigator.onLine") is False

    page.keyboard.press("Space")
    assert "Governance" in _slide(page)
    assert _counter(page) == "Slide 5 of 7"
    assert "Slide 5 of 7: Category 1: Governance" in page.locator("#announcer").inner_text()
    page.keyboard.press("ArrowRight")
    slide = _slide(page)
    assert "Alpha Link" in slide
    assert "Zebra Net" in slide
    assert slide.index("Alpha Link") < slide.index("Zebra Net")
    page.keyboard.press("Space")
    slide = _slide(page)
    assert "Zebra Net" in slide
    assert "Org Zeta" in slide
    assert "Alpha Link" not in slide

    page.keyboard.press("Space")  # past the end: stays on the last slide
    assert _counter(page) == "Slide 7 of 7"
    page.keyboard.press("Home")
    assert f"WSIS Prizes {YEAR}" in _slide(page)
    assert _counter(page) == "Slide 1 of 7"
    page.keyboard.press("End")
    assert "Zebra Net" in _slide(page)
    assert _counter(page) == "Slide 7 of 7"

    # The presenter's notes follow the slides: names, how to say them, who presents.
    page.keyboard.press("Home")
    page.keyboard.press("Space")
    page.keyboard.press("n")
    notes = page.locator("#notes-list .notes-block:visible")
    assert notes.count() == 1
    assert "Amina Diallo" in notes.inner_text()
    assert "Care Map: KAIR map" in notes.inner_text()
    _settled(page)
    axe_check(page)
    page.keyboard.press("n")
    assert page.locator("#notes-list").is_hidden()

    assert requests == [], "the presenter view asked the network for something"


def test_reduced_motion_turns_the_animations_off(
    page: Any, axe_check: Any, ceremony: dict[str, Any]
) -> None:
    sign_in(page, axe_check, ORGANISER)
    page.goto(f"/organise/editions/{ceremony['id']}/ceremony#slide-3")
    axe_check(page)
    winner = "() => getComputedStyle(document.querySelector('.slide:not([hidden]) .winner'))"
    page.emulate_media(reduced_motion="reduce")
    page.keyboard.press("ArrowRight")
    assert "Winner" in _slide(page)
    assert page.evaluate(winner + ".animationName") == "none"
    page.emulate_media(reduced_motion="no-preference")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(winner + ".animationName") == "reveal"


def test_without_script_the_ceremony_is_one_long_page(
    chromium: Any, live_server: Any, ceremony: dict[str, Any]
) -> None:
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, lambda checked: None, ORGANISER)  # checked with script on, elsewhere
        page.goto(f"/organise/editions/{ceremony['id']}/ceremony")
        slides = page.locator("#deck .slide")
        assert slides.count() == 7
        assert all(slides.nth(i).is_visible() for i in range(7))
        assert page.locator("#notes-list").is_visible()
        assert page.locator(".controls").is_hidden()  # its buttons need the script
        page.goto(f"/organise/editions/{ceremony['id']}/ceremony#slide-4")
        assert "Winner" in page.locator("#slide-4").inner_text()
    finally:
        context.close()
