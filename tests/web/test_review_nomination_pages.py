"""The organisers' nomination pages: the proposal ticked, ties shown, confirmation refused
with the right status and the choices kept, the teams' e-mails sent once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from awards.accounts.roles import Role
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.nominees import nominees_of
from awards.review.selection_models import CategoryNomination, Nominee
from tests.nomination_factory import scored_category

#: Expert A reviews the first three entries, expert B the last three; spaced alike, so the
#: entries tie pairwise once normalised (the 3rd and 4th places tie across N = 3).
EVEN = [[10, 9, 8, None, None, None], [None, None, None, 5, 4, 3]]
#: Spaced unevenly: no tie.
UNEVEN = [[10, 9, 5, None, None, None], [None, None, None, 6, 3, 2]]


@pytest.fixture(autouse=True)
def _during_nomination(monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_NOMINATION)


@pytest.fixture
def edition(make_edition):
    return make_edition(nominees_per_category=3, champions_per_category=2)


@pytest.fixture
def organiser_client(make_user, login_as, edition):
    return login_as(make_user(roles=((Role.ORGANISER, edition.id),)))


def _scored(make_user, edition, scores):
    """Reviewed entries, committed (to the test's outer transaction, rolled back at the end)
    so that a request rolling back its own refused work keeps them."""
    experts, entries = scored_category(make_user, edition, scores)
    db.session.commit()
    return experts, entries


def _url(edition, suffix=""):
    return f"/organise/editions/{edition.id}/nomination{suffix}"


def _category_url(edition, suffix=""):
    return _url(edition, f"/{edition.categories[0].id}{suffix}")


def _ticked(page):
    return {int(v) for v in re.findall(r'name="entry_ids" value="(\d+)"[^>]*checked', page)}


def _stored():
    return (
        db.session.scalar(select(func.count()).select_from(Nominee)),
        db.session.scalar(select(func.count()).select_from(CategoryNomination)),
    )


def test_the_overview_lists_each_category(organiser_client, edition, make_user):
    _scored(make_user, edition, EVEN)
    response = organiser_client.get(_url(edition))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1. Category 1" in page
    assert "Entries tied: 2" in page
    assert page.count("Not yet") == len(edition.categories)


def test_the_category_page_ticks_the_proposal_and_shows_the_tie(
    organiser_client, edition, make_user
):
    _, e = _scored(make_user, edition, EVEN)
    page = organiser_client.get(_category_url(edition)).get_data(as_text=True)
    assert _ticked(page) == {e[0].id, e[3].id, e[1].id}
    assert "Tie at the boundary" in page
    assert page.count("Tied at the boundary") == 2
    assert 'name="reason"' in page


def test_confirming_the_proposal(organiser_client, edition, make_user):
    _, e = _scored(make_user, edition, UNEVEN)
    response = organiser_client.post(
        _category_url(edition), data={"entry_ids": [e[3].id, e[0].id, e[1].id], "reason": ""}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_url(edition))
    assert {x.id for x in nominees_of(edition)[edition.categories[0].id]} == {
        e[3].id,
        e[0].id,
        e[1].id,
    }
    page = organiser_client.get(_url(edition)).get_data(as_text=True)
    assert "Nominees of category 1 confirmed." in page
    assert "Nominees: 3" in page


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        ([3, 0, 4], "your choice differs from the system&#39;s proposal"),
        ([3, 0, 1, 4], "you chose 4 nominees, more than the 3 of this edition"),
    ],
    ids=["changed", "more than N"],
)
def test_a_change_without_a_reason_is_refused_with_the_choices_kept(
    organiser_client, edition, make_user, pick, message
):
    _, e = _scored(make_user, edition, UNEVEN)
    chosen = {e[i].id for i in pick}
    response = organiser_client.post(
        _category_url(edition), data={"entry_ids": sorted(chosen), "reason": "  "}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    assert _ticked(page) == chosen
    assert _stored() == (0, 0)


def test_a_change_with_a_reason_is_confirmed(organiser_client, edition, make_user):
    _, e = _scored(make_user, edition, UNEVEN)
    response = organiser_client.post(
        _category_url(edition),
        data={"entry_ids": [e[3].id, e[0].id, e[1].id, e[4].id], "reason": "Strong fourth."},
    )
    assert response.status_code == 302
    assert _stored() == (4, 1)
    page = organiser_client.get(_category_url(edition)).get_data(as_text=True)
    assert "Strong fourth." in page
    assert _ticked(page) == {e[3].id, e[0].id, e[1].id, e[4].id}


def test_nothing_ticked_or_a_too_long_reason_is_refused(organiser_client, edition, make_user):
    _, e = _scored(make_user, edition, UNEVEN)
    empty = organiser_client.post(_category_url(edition), data={"reason": "Why not."})
    assert empty.status_code == 400
    assert "Tick at least one entry to nominate." in empty.get_data(as_text=True)
    long = organiser_client.post(
        _category_url(edition), data={"entry_ids": [e[0].id], "reason": "x" * 2001}
    )
    assert long.status_code == 400
    assert "The reason is too long" in long.get_data(as_text=True)
    assert _stored() == (0, 0)


def test_an_entry_of_another_category_is_refused(organiser_client, edition, make_user):
    _, e = _scored(make_user, edition, UNEVEN)
    response = organiser_client.post(
        _category_url(edition), data={"entry_ids": [e[0].id, 999999], "reason": "Because."}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "not entries 999999" in page
    assert "Because." in page
    assert _stored() == (0, 0)


def test_after_voting_opens_nothing_changes(
    organiser_client, edition, make_user, monkeypatch, clock
):
    _, e = _scored(make_user, edition, UNEVEN)
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_VOTING)
    response = organiser_client.post(
        _category_url(edition), data={"entry_ids": [e[3].id, e[0].id, e[1].id]}
    )
    assert response.status_code == 409
    assert "Public voting has opened" in response.get_data(as_text=True)
    assert _stored() == (0, 0)


def test_an_unknown_or_other_editions_category_is_not_found(
    organiser_client, edition, make_edition
):
    other = make_edition(year=2020)
    assert organiser_client.get(_url(edition, "/999999")).status_code == 404
    assert organiser_client.get(_url(edition, f"/{other.categories[0].id}")).status_code == 404
    assert organiser_client.post(
        _url(edition, f"/{other.categories[0].id}/notify")
    ).status_code == (404)


def test_the_teams_are_told_once(organiser_client, edition, make_user):
    _, e = _scored(make_user, edition, UNEVEN)
    before = organiser_client.post(_category_url(edition, "/notify"))
    assert before.status_code == 409
    assert "Confirm the nominees of this category" in before.get_data(as_text=True)
    organiser_client.post(_category_url(edition), data={"entry_ids": [e[3].id, e[0].id, e[1].id]})
    sent = organiser_client.post(_category_url(edition, "/notify"))
    assert sent.status_code == 302
    count = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert count == 6  # one per reviewed entry's owner
    page = organiser_client.get(_category_url(edition)).get_data(as_text=True)
    assert "The teams were told on" in page
    assert "Send the e-mails" not in page
    again = organiser_client.post(_category_url(edition, "/notify"))
    assert again.status_code == 409
    assert "not sent twice" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == count


def test_other_people_are_refused(client, login_as, make_user, edition, make_edition):
    jury = make_user(roles=((Role.JURY, edition.id),))
    login_as(jury)
    assert client.get(_url(edition)).status_code == 403
    other = make_user(roles=((Role.ORGANISER, make_edition(year=2020).id),))
    login_as(other)
    assert client.get(_category_url(edition)).status_code == 403
    assert client.post(_category_url(edition, "/notify")).status_code == 403
