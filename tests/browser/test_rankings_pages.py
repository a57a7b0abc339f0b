"""The organisers' rankings pages in a browser: a ranked category, the experts' statistics,
the locked rubric and a rejected rubric form pass axe-core, in English and in Arabic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.contest.models import Category, Edition
from awards.contest.services import calendar_2021
from awards.extensions import db
from awards.stakeholders import StakeholderType
from awards.submissions.models import Screening
from tests.browser.people import sign_in
from tests.browser.test_every_page import _switch_to_arabic
from tests.entry_factory import make_entry
from tests.ranking_factory import submit_review

pytestmark = pytest.mark.browser

PASSWORD = "rankings are read by organisers"
ORGANISER = "rankings-organiser@example.org"


def _person(address: str, name: str, role: Role, edition_id: int | None) -> User:
    user = User(
        name=name,
        email=address,
        email_key=email_key(address),
        password_hash=hash_password(PASSWORD),
        stakeholder_type=StakeholderType.ACADEMIA,
        country="CH",
        email_verified_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    user.roles.append(RoleGrant(role=role, edition_id=edition_id))
    db.session.add(user)
    db.session.flush()
    return user


def _edition(year: int) -> Edition:
    edition = Edition(year=year, title=f"WSIS Prizes {year}", **calendar_2021(year))
    for number, name in ((1, "Public governance"), (2, "Information infrastructure")):
        edition.categories.append(Category(number=number, action_line=f"C{number}", name=name))
    db.session.add(edition)
    db.session.flush()
    return edition


@pytest.fixture(scope="module")
def ranked(live_server: Any) -> dict[str, int]:
    """Edition 2019: category 1 reviewed by a lenient, a harsh and a middling expert;
    edition 2018: nothing reviewed yet (its rubric can change)."""

    def seed() -> dict[str, int]:
        existing = db.session.query(Edition).filter_by(year=2019).one_or_none()
        if existing is not None:
            fresh = db.session.query(Edition).filter_by(year=2018).one()
            return {"edition": existing.id, "category": existing.categories[0].id, "open": fresh.id}
        edition, fresh = _edition(2019), _edition(2018)
        _person(ORGANISER, "Rania Rankings", Role.ORGANISER, None)
        owner = _person("rankings-owner@example.org", "Omar Owner", Role.JURY, fresh.id)
        experts = [
            _person(f"rankings-expert{i}@example.org", name, Role.JURY, edition.id)
            for i, name in enumerate(("Lena Lenient", "Hari Harsh", "Mia Middle"))
        ]
        entries = [
            make_entry(
                edition,
                owner,
                category=1,
                title=f"Community network {n}",
                screening=Screening.ELIGIBLE,
            )
            for n in range(1, 7)
        ]
        scores = {0: (10, 9, 9, 8), 1: (6, 2, 5, 4), 2: (7, 7, 3, 6)}
        for x, values in scores.items():
            for i, value in enumerate(values):
                submit_review(experts[x], entries[(i + 2 * x) % 6], value)
        return {"edition": edition.id, "category": edition.categories[0].id, "open": fresh.id}

    return live_server.run_in_app(seed)  # type: ignore[no-any-return]


def _pages(ranked: dict[str, int]) -> list[str]:
    base = f"/organise/editions/{ranked['edition']}"
    return [
        f"{base}/rankings",
        f"{base}/rankings/{ranked['category']}",
        f"{base}/experts/statistics",
        f"{base}/rubric",
        f"/organise/editions/{ranked['open']}/rubric",
    ]


def _visit(page: Any, axe_check: Any, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        axe_check(page)


def test_rankings_pages(page: Any, axe_check: Any, ranked: dict[str, int]) -> None:
    sign_in(page, axe_check, ORGANISER, PASSWORD)
    _visit(page, axe_check, _pages(ranked))
    page.goto(_pages(ranked)[1])
    axe_check(page)
    table = page.locator("#ranking")
    assert table.locator("tbody tr").count() == 6
    assert page.get_by_role("img", name="Normalised mean of each reviewed entry").is_visible()
    page.get_by_text("The same numbers as a table").click()
    axe_check(page)
    assert page.locator("#ranking-chart-table tbody tr").count() == 6


def test_rankings_pages_in_arabic(page: Any, axe_check: Any, ranked: dict[str, int]) -> None:
    sign_in(page, axe_check, ORGANISER, PASSWORD)
    _switch_to_arabic(page, axe_check)
    _visit(page, axe_check, _pages(ranked))


def test_a_rejected_rubric_form_is_accessible(
    page: Any, axe_check: Any, ranked: dict[str, int]
) -> None:
    sign_in(page, axe_check, ORGANISER, PASSWORD)
    page.goto(f"/organise/editions/{ranked['open']}/rubric")
    axe_check(page)
    page.locator("#high").fill("0")
    page.locator("#criteria-0-weight").fill("heavy")
    page.locator("button[type=submit]:not([name])").last.click()
    page.wait_for_load_state("load")
    axe_check(page)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a").count() == 2
    assert page.locator("#criteria-0-weight").input_value() == "heavy"
