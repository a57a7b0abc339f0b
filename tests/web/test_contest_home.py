"""The home page: current edition, its phase, the next deadline with a countdown, categories."""

import re

import pytest

from awards import clock as clock_module


@pytest.fixture
def now_is(monkeypatch):
    """Set the wall clock the views read."""

    def set_now(instant):
        monkeypatch.setattr(clock_module, "utcnow", lambda: instant)

    return set_now


def test_without_an_edition_the_page_is_friendly(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"No edition of the contest has been announced yet" in response.data


def test_during_submission(client, make_edition, clock, now_is):
    make_edition(categories=3)
    now_is(clock.DURING_SUBMISSION)
    html = client.get("/").get_data(as_text=True)
    assert "Submission of projects" in html
    assert "Submission deadline: 1 February 2021, 23:00 Geneva time (22:00 UTC)" in html
    # 1 Dec 12:00 UTC -> 1 Feb 22:00 UTC: 62 days and 10 hours.
    countdown = re.search(r'<span class="countdown"([^>]*)>([^<]*)</span>', html)
    assert countdown.group(2) == "62 days and 10 hours"
    assert 'data-deadline="2021-02-01T22:00:00+00:00"' in countdown.group(1)
    assert 'aria-live="off"' in countdown.group(1)
    assert re.search(r'<a class="button" href="[^"]*/entries/">Submit a project</a>', html)
    assert "Category 1" in html
    assert "Category 3" in html


def test_the_countdown_script_is_a_file_not_inline(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.DURING_SUBMISSION)
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<script src="/static/js/countdown.js" defer></script>', html)
    assert "<script>" not in html
    assert client.get("/static/js/countdown.js").status_code == 200


def test_the_latest_edition_is_shown(client, make_edition, clock, now_is):
    make_edition(year=2020, title="WSIS Prizes 2020")
    make_edition(year=2021, title="WSIS Prizes 2021")
    now_is(clock.DURING_SUBMISSION)
    html = client.get("/").get_data(as_text=True)
    assert "<h1>WSIS Prizes 2021</h1>" in html


def test_during_voting_there_is_no_submit_button(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.DURING_VOTING)
    html = client.get("/").get_data(as_text=True)
    assert "Public online voting" in html
    assert "Public voting closes: 31 March 2021, 23:00 Geneva time (21:00 UTC)" in html
    assert "Submit a project" not in html


def test_between_phases_the_next_opening_is_counted_down(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.SUBMISSION_CLOSES)  # submission closed, nomination not open yet
    html = client.get("/").get_data(as_text=True)
    assert "Between phases" in html
    assert "Nomination opens: 2 February 2021, 09:00 Geneva time (08:00 UTC)" in html


def test_after_the_ceremony(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.AFTER_CEREMONY)
    html = client.get("/").get_data(as_text=True)
    assert "Prize ceremony and results" in html
    assert "18 May 2021, 13:00 Geneva time" in html
    assert 'class="countdown"' not in html


def test_a_viewer_sees_the_deadline_in_their_own_zone(
    client, make_edition, make_user, login_as, clock, now_is
):
    make_edition()
    now_is(clock.DURING_SUBMISSION)
    login_as(make_user(timezone="Asia/Tokyo"))
    html = client.get("/").get_data(as_text=True)
    assert "1 February 2021, 23:00 Geneva time (2 February 2021, 07:00 Japan Time)" in html


def test_dates_follow_the_language(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.DURING_SUBMISSION)
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "1 de febrero de 2021, 23:00" in html
    assert "62 días y 10 horas" in html
