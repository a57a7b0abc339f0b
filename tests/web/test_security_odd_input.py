"""Odd input in paths and query strings gets a 400 or 404 page, never a 500.

Integers beyond what the database stores (PostgreSQL raises past 2**31-1 for INTEGER columns),
dates at the end of the calendar, and control characters in ``next=``.
"""

from __future__ import annotations

import pytest

from awards.accounts.roles import Role

HUGE = "99999999999999999999"  # > 2**63-1
BIG = str(2**31)  # one past INTEGER on PostgreSQL


@pytest.fixture
def organiser(make_user, login_as):
    return login_as(make_user(roles=((Role.ORGANISER, None),)))


@pytest.mark.parametrize("number", [HUGE, BIG, "0"])
@pytest.mark.parametrize(
    "template",
    [
        "/entries/{n}",
        "/entries/{n}/edit",
        "/entries/1/images/{n}",
        "/entries/{n}/images/1",
        "/organise/outbox/{n}",
        "/organise/entries/{n}",
        "/organise/editions/{n}",
        "/account/organise/editions/{n}/jury",
    ],
)
def test_ids_the_database_cannot_hold_are_not_found(organiser, template, number):
    assert organiser.get(template.format(n=number)).status_code == 404


def test_the_largest_stored_id_is_still_looked_up(organiser):
    assert organiser.get(f"/organise/outbox/{2**31 - 1}").status_code == 404


@pytest.mark.parametrize(
    "query",
    [f"category={HUGE}", f"page={HUGE}", f"page={BIG}", "page=-3", "page=abc", f"edition={HUGE}"],
)
def test_organisers_entry_filters_ignore_integers_out_of_range(organiser, make_edition, query):
    make_edition()
    assert organiser.get(f"/organise/entries/?{query}").status_code == 200


@pytest.mark.parametrize("query", [f"page={HUGE}", f"page={BIG}", "page=-1", "page=x"])
def test_outbox_page_numbers_out_of_range_are_ignored(organiser, query):
    response = organiser.get(f"/organise/outbox/?{query}")
    assert response.status_code == 200
    assert "Outbox" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "since=9999-12-31",
        "until=9999-12-31",
        "since=99999-01-01",
        "until=0001-01-01",
        f"page={HUGE}",
        f"page={BIG}",
        f"edition={HUGE}",
    ],
)
def test_audit_filters_out_of_range_are_refused_with_a_message(organiser, query):
    response = organiser.get(f"/organise/audit/?{query}")
    assert response.status_code == 400, response.status_code
    assert "Audit trail" in response.get_data(as_text=True)  # the page, with its form


@pytest.mark.parametrize("bad", ["/\r\nSet-Cookie: x=1", "/a\nb", "/\tx", "/\x00"])
def test_next_with_control_characters_is_refused(client, make_user, bad):
    user = make_user(email="ana@example.org")
    response = client.post(
        "/account/login",
        data={"email": user.email, "password": "correct horse battery staple", "next": bad},
    )
    assert response.status_code == 302
    assert response.location in ("/", "http://awards.test/")
    response = client.post("/language", data={"lang": "fr", "next": bad})
    assert response.status_code == 302
    assert response.location in ("/", "http://awards.test/")


def test_login_page_with_a_newline_in_next_renders(client):
    assert client.get("/account/login?next=/%0d%0aX:%20y").status_code == 200
