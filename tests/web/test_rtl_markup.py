"""Latin text inside Arabic pages: addresses isolated, project texts in their own direction.

An Arabic page (``dir="rtl"``) shows web and e-mail addresses left to right inside ``<bdi>``
or ``dir="ltr"``; what submitters typed (often English) gets ``dir="auto"``; the URL and
e-mail inputs are left-to-right. Dates read the way of the page's language (Babel, long form).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from awards import clock
from awards.extensions import db
from tests.entry_factory import make_entry

DAY = timedelta(days=1)
LONG_URL = "https://example.org/projects/rural-connectivity/" + "very-long-segment-" * 6


@pytest.fixture
def edition(make_edition):
    now = clock.utcnow()
    closes = now + 10 * DAY
    return make_edition(
        submission_opens=now - DAY,
        submission_closes=closes,
        nomination_opens=closes + DAY,
        nomination_closes=closes + 2 * DAY,
        voting_opens=closes + 3 * DAY,
        voting_closes=closes + 4 * DAY,
        selection_opens=closes + 5 * DAY,
        selection_closes=closes + 6 * DAY,
        ceremony_at=closes + 7 * DAY,
    )


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org", name="Amira Haddad")


@pytest.fixture
def entry(edition, owner):
    return make_entry(
        edition,
        owner,
        website=LONG_URL,
        description="An English description of a project that connects rural schools.",
        start_date=date(2021, 2, 1),
        submitted_at=datetime(2021, 2, 1, 10, 0, tzinfo=UTC),
    )


@pytest.fixture
def client_(login_as, owner):
    db.session.commit()
    return login_as(owner)


def _get(client, path: str, lang: str) -> str:
    response = client.get(f"{path}?lang={lang}" if "?" not in path else f"{path}&lang={lang}")
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


def _isolated(html: str, text: str) -> bool:
    """``text`` is inside a ``<bdi>`` or an element with ``dir="ltr"``."""
    pattern = rf'<(bdi|[a-z]+ [^>]*dir="ltr")[^>]*>\s*{re.escape(text)}'
    return re.search(pattern, html) is not None


def test_the_entry_page_isolates_the_website_and_contact_address(client_, entry):
    html = _get(client_, f"/entries/{entry.id}", "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert _isolated(html, LONG_URL)
    assert _isolated(html, "&lt;contact")  # the contact's <address>, brackets and all


def test_the_description_and_answers_read_in_their_own_direction(client_, entry):
    html = _get(client_, f"/entries/{entry.id}", "ar")
    answers = [tag for tag in _tags(html, "div") if 'class="answer' in tag]
    assert answers
    assert all('dir="auto"' in tag for tag in answers)
    assert re.search(r'<h1 dir="auto"[^>]*>', html)


def test_the_entry_forms_address_inputs_are_left_to_right(client_, entry):
    html = _get(client_, f"/entries/{entry.id}/edit", "ar")
    website = next(tag for tag in _tags(html, "input") if 'name="website"' in tag)
    assert 'dir="ltr"' in website
    assert 'type="url"' in website
    emails = [tag for tag in _tags(html, "input") if re.search(r'name="contacts-\d-email"', tag)]
    assert emails
    for tag in emails:
        assert 'dir="ltr"' in tag
        assert 'type="email"' in tag
        assert 'inputmode="email"' in tag
    description = next(tag for tag in _tags(html, "textarea") if 'name="description"' in tag)
    assert 'dir="auto"' in description


def test_every_e_mail_input_of_the_account_pages_is_left_to_right(client, client_):
    settings = _get(client_, "/account/settings", "ar")
    tag = next(tag for tag in _tags(settings, "input") if 'name="new_email"' in tag)
    assert 'dir="ltr"' in tag
    assert 'type="email"' in tag
    client_.post("/account/logout")
    for path in ("/account/login", "/account/register", "/account/forgot-password"):
        html = _get(client, path, "ar")
        tag = next(tag for tag in _tags(html, "input") if 'name="email"' in tag)
        assert 'dir="ltr"' in tag, path
        assert 'type="email"' in tag, path


def test_the_team_page_and_settings_isolate_e_mail_addresses(client_, entry):
    team = _get(client_, f"/entries/{entry.id}/team", "ar")
    assert _isolated(team, "owner@example.org")
    settings = _get(client_, "/account/settings", "ar")
    assert _isolated(settings, "owner@example.org")


def test_a_message_about_an_address_isolates_it(client_, entry):
    response = client_.post(
        f"/entries/{entry.id}/team?lang=ar",
        data={"email": "colleague@example.org"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert _isolated(html, "colleague@example.org")


def test_dates_read_the_way_of_the_language(client_, entry):
    html = _get(client_, f"/entries/{entry.id}", "es")
    assert "1 de febrero de 2021" in html  # the start date
    assert re.search(r"1 de febrero de 2021, \d\d:00", html)  # submitted on, 24-hour
    assert "2021-02-01" not in html


def test_the_start_date_hint_shows_the_example_in_the_pages_language(client_, entry):
    html = _get(client_, f"/entries/{entry.id}/edit", "fr")
    assert "27 mars 2019" in html
    assert "2019-03-27" not in html
    start = next(tag for tag in _tags(html, "input") if 'name="start_date"' in tag)
    assert 'lang="fr"' in start
    assert 'type="date"' in start
