"""Organisers' edition pages: calendar form, deadline extension, closing a phase, categories."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from awards import clock as clock_module
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.contest.models import Category
from awards.extensions import db

GENEVA_2021 = {
    "submission_opens": "2020-11-05T09:00",
    "submission_closes": "2021-02-01T23:00",
    "nomination_opens": "2021-02-02T09:00",
    "nomination_closes": "2021-02-26T23:00",
    "voting_opens": "2021-03-01T09:00",
    "voting_closes": "2021-03-31T23:00",
    "selection_opens": "2021-04-01T09:00",
    "selection_closes": "2021-04-12T23:00",
    "ceremony_at": "2021-05-18T13:00",
    "closes_at": "",
}


@pytest.fixture
def now_is(monkeypatch):
    def set_now(instant):
        monkeypatch.setattr(clock_module, "utcnow", lambda: instant)

    return set_now


@pytest.fixture
def edition(make_edition):
    return make_edition()


@pytest.fixture
def organiser(make_user):
    return make_user(email="olga@example.org", roles=((Role.ORGANISER, None),))


@pytest.fixture
def organiser_client(login_as, organiser):
    return login_as(organiser)


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.mark.parametrize(
    "path", ["/organise/", "/organise/editions/", "/organise/editions/{id}/schedule"]
)
def test_only_organisers(client, login_as, make_user, edition, path):
    path = path.format(id=edition.id)
    assert client.get(path).status_code == 302  # signed out: to the sign-in page
    login_as(make_user())
    assert client.get(path).status_code == 403


def test_landing_page_links_to_every_organiser_page(organiser_client):
    html = organiser_client.get("/organise/").get_data(as_text=True)
    for href in ("/organise/editions/", "/organise/audit/", "/organise/outbox/"):
        assert f'href="{href}"' in html or f'href="http://awards.test{href}"' in html
    assert "/organise/entries/" in html


def test_nav_organise_link_goes_to_the_landing_page(organiser_client):
    html = organiser_client.get("/organise/editions/").get_data(as_text=True)
    assert '<a href="/organise/">Organise</a>' in html


def test_edition_page_shows_the_calendar_formatted(organiser_client, edition, clock, now_is):
    now_is(clock.DURING_VOTING)
    html = organiser_client.get(f"/organise/editions/{edition.id}").get_data(as_text=True)
    assert "Public online voting" in html
    assert "1 February 2021, 23:00 Geneva time (22:00 UTC)" in html
    assert "18 May 2021, 13:00 Geneva time (11:00 UTC)" in html
    assert "Close this phase now" in html


def test_schedule_form_shows_dates_in_the_edition_zone(organiser_client, edition):
    html = organiser_client.get(f"/organise/editions/{edition.id}/schedule").get_data(as_text=True)
    assert 'value="2021-02-01T23:00"' in html
    assert 'value="2021-03-31T23:00"' in html  # summer time: 21:00 UTC


def test_overlapping_dates_are_refused_naming_the_phases(organiser_client, edition, clock):
    form = {**GENEVA_2021, "voting_opens": "2021-02-20T09:00"}
    response = organiser_client.post(f"/organise/editions/{edition.id}/schedule", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "“Nomination by the Expert Group” and “Public online voting” overlap" in html
    assert 'href="#voting_opens"' in html
    assert 'value="2021-02-20T09:00"' in html  # the input is kept
    assert edition.voting_opens == clock.VOTING_OPENS
    assert "edition.schedule_updated" not in _actions()


def test_backwards_dates_are_refused(organiser_client, edition):
    form = {**GENEVA_2021, "voting_closes": "2021-02-28T09:00"}
    response = organiser_client.post(f"/organise/editions/{edition.id}/schedule", data=form)
    assert response.status_code == 400
    assert "“Public voting opens” must come before “Public voting closes”" in response.get_data(
        as_text=True
    )


def test_a_missing_date_is_refused_with_input_kept(organiser_client, edition):
    form = {**GENEVA_2021, "ceremony_at": "", "voting_opens": "2021-03-02T09:00"}
    response = organiser_client.post(f"/organise/editions/{edition.id}/schedule", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a date and time" in html
    assert 'value="2021-03-02T09:00"' in html


def test_saving_the_calendar_reads_dates_in_geneva_time(organiser_client, edition):
    form = {**GENEVA_2021, "submission_closes": "2021-01-25T23:00"}
    response = organiser_client.post(f"/organise/editions/{edition.id}/schedule", data=form)
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.submission_closes == datetime(2021, 1, 25, 22, 0, tzinfo=UTC)
    assert "edition.schedule_updated" in _actions()


def test_extend_a_deadline(organiser_client, edition):
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/extend",
        data={"field": "voting_closes", "new_at": "2021-03-31T23:59"},
    )
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.voting_closes == datetime(2021, 3, 31, 21, 59, tzinfo=UTC)
    assert "edition.deadline_extended" in _actions()


def test_extending_into_the_next_phase_is_refused(organiser_client, edition, clock):
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/extend",
        data={"field": "voting_closes", "new_at": "2021-04-03T23:00"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "“Public online voting” and “Selection of the winners” overlap" in html
    assert 'value="2021-04-03T23:00"' in html
    assert edition.voting_closes == clock.VOTING_CLOSES


def test_close_the_current_phase_after_confirmation(organiser_client, edition, clock, now_is):
    now_is(clock.DURING_VOTING)
    page = organiser_client.get(f"/organise/editions/{edition.id}/close")
    assert "Close “Public online voting” now?" in page.get_data(as_text=True)
    unconfirmed = organiser_client.post(
        f"/organise/editions/{edition.id}/close", data={"phase": "voting"}
    )
    assert unconfirmed.status_code == 400
    assert edition.voting_closes == clock.VOTING_CLOSES
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/close", data={"phase": "voting", "confirm": "y"}
    )
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.voting_closes == clock.DURING_VOTING
    assert "edition.phase_closed" in _actions()


def test_closing_a_phase_that_changed_meanwhile_is_refused(
    organiser_client, edition, clock, now_is
):
    now_is(clock.DURING_SELECTION)
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/close", data={"phase": "voting", "confirm": "y"}
    )
    assert response.status_code == 409
    assert edition.selection_closes == clock.SELECTION_CLOSES


def test_add_a_category_with_translations(organiser_client, edition):
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/categories/new",
        data={
            "name": "Special Recognition",
            "action_line": "SR",
            "suggested_sdgs": ["5", "17"],
            "name_es": "Reconocimiento especial",
        },
    )
    assert response.status_code == 302
    category = db.session.scalars(
        select(Category).where(Category.name == "Special Recognition")
    ).one()
    assert (category.number, category.suggested_sdgs) == (4, [5, 17])
    assert category.name_translations == {"es": "Reconocimiento especial"}
    html = organiser_client.get("/?lang=es").get_data(as_text=True)
    assert "Reconocimiento especial" in html


def test_add_category_errors_keep_the_input(organiser_client, edition):
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/categories/new",
        data={"name": "", "action_line": "SR", "name_fr": "Prix spécial"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the category&#39;s name." in html or "Enter the category's name." in html
    assert 'value="Prix spécial"' in html
    taken = organiser_client.post(
        f"/organise/editions/{edition.id}/categories/new",
        data={"name": "Twin", "action_line": "C2", "number": "2"},
    )
    assert taken.status_code == 400
    assert "already has a category number 2" in taken.get_data(as_text=True)


def test_posts_need_a_csrf_token(csrf_app, organiser_client, edition):
    response = organiser_client.post(
        f"/organise/editions/{edition.id}/extend",
        data={"field": "voting_closes", "new_at": "2021-03-31T23:59"},
    )
    assert response.status_code == 400
    assert edition.voting_closes != datetime(2021, 3, 31, 21, 59, tzinfo=UTC)
