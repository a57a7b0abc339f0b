"""The audit page: newest first, filters, pages, times in the edition's zone."""

from datetime import UTC, datetime, timedelta

import pytest

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db


@pytest.fixture
def organiser(make_user):
    return make_user(email="olga@example.org", name="Olga", roles=((Role.ORGANISER, None),))


@pytest.fixture
def events(make_edition, organiser):
    edition = make_edition()
    start = datetime(2021, 2, 1, 22, 30, tzinfo=UTC)  # 23:30 in Geneva
    rows = [
        AuditEvent(
            action="edition.deadline_extended" if i % 2 else "category.added",
            object_type="Edition" if i % 2 else "Category",
            object_id=str(i),
            edition_id=edition.id,
            actor_id=organiser.id if i % 3 == 0 else None,
            summary=f"event number {i}",
            changes={"voting_closes": {"old": "a", "new": "b"}} if i == 1 else {},
            created_at=start + timedelta(days=i),
        )
        for i in range(60)
    ]
    db.session.add_all(rows)
    db.session.flush()
    return edition


def test_non_organisers_are_refused(client, login_as, make_user):
    login_as(make_user())
    assert client.get("/organise/audit/").status_code == 403


def test_newest_first_with_pages(login_as, organiser, events):
    client = login_as(organiser)
    html = client.get("/organise/audit/").get_data(as_text=True)
    assert "60 events" in html
    assert html.index("<td>Edition 59</td>") < html.index("<td>Category 58</td>")
    assert "<td>Edition 9</td>" not in html  # on page 2
    assert "Page 1 of 2" in html
    second = client.get("/organise/audit/?page=2").get_data(as_text=True)
    assert "<td>Edition 9</td>" in second


def test_filters_and_pages_keep_the_filter(login_as, organiser, events):
    client = login_as(organiser)
    html = client.get("/organise/audit/?action=category.added").get_data(as_text=True)
    assert "30 events" in html
    assert "Edition 1<" not in html
    html = client.get("/organise/audit/?actor=OLGA@").get_data(as_text=True)
    assert "20 events" in html
    html = client.get(
        f"/organise/audit/?object_type=Edition&edition={events.id}&since=2021-02-02&until=2021-02-04"
    ).get_data(as_text=True)
    # Days are read in Geneva time: events 1 and 3 fall on 2 and 4 February.
    assert "2 events" in html
    assert "<td>Edition 1</td>" in html
    assert "<td>Edition 3</td>" in html


def test_times_are_shown_in_the_edition_zone(login_as, organiser, events):
    html = (
        login_as(organiser)
        .get("/organise/audit/?action=edition.deadline_extended")
        .get_data(as_text=True)
    )
    assert "2 February 2021, 23:30" in html  # event 1: 22:30 UTC on 2 February
    assert "Public voting closes" in html
    assert "voting_closes" not in html


def test_a_bad_date_is_reported(login_as, organiser, events):
    response = login_as(organiser).get("/organise/audit/?since=yesterday")
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
