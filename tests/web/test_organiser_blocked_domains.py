"""The organisers' list of refused e-mail domains: check, add with a reason, remove; audited."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from awards.accounts.models import BlockedDomain
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db

PAGE = "/organise/blocked-domains/"


def _as(client, user):
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
    return client


@pytest.fixture
def olga(make_user):
    return make_user(name="Olga Organiser", roles=((Role.ORGANISER, None),))


def _add(client, domain: str, reason: str = "Bulk sign-ups from one provider"):
    return client.post(PAGE, data={"domain": domain, "reason": reason})


def test_an_organiser_adds_a_domain_with_a_reason(client, olga):
    response = _add(_as(client, olga), "  Spam.Example.ORG ")
    assert response.status_code == 303
    row = db.session.scalar(select(BlockedDomain))
    assert (row.domain, row.added_by_id) == ("spam.example.org", olga.id)
    html = client.get(PAGE).get_data(as_text=True)
    assert "Addresses at spam.example.org are now refused." in html
    assert "Bulk sign-ups from one provider" in html
    assert "Olga Organiser" in html
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "domain.blocked"))
    assert event.actor_id == olga.id
    assert event.changes == {
        "domain": "spam.example.org",
        "reason": "Bulk sign-ups from one provider",
    }


def test_an_international_domain_is_stored_as_punycode_and_shown_in_letters(client, olga):
    assert _add(_as(client, olga), "Über.example").status_code == 303
    assert db.session.scalar(select(BlockedDomain.domain)) == "xn--ber-goa.example"
    assert "über.example" in client.get(PAGE).get_data(as_text=True)


def test_a_domain_of_the_maintained_list_says_it_is_refused_already(client, olga):
    response = _add(_as(client, olga), "inbox.mailinator.com")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        "inbox.mailinator.com is refused already: the maintained list of disposable e-mail "
        "services has mailinator.com." in html
    )
    assert 'value="Bulk sign-ups from one provider"' in html  # the reason kept
    assert db.session.scalar(select(BlockedDomain)) is None


def test_a_domain_on_the_list_or_under_one_is_refused_again(client, olga):
    _add(_as(client, olga), "spam.example.org")
    for domain in ("SPAM.example.org", "lists.spam.example.org"):
        response = _add(client, domain)
        assert response.status_code == 400
        assert "spam.example.org is on this list." in response.get_data(as_text=True)
    assert len(db.session.scalars(select(BlockedDomain)).all()) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"domain": "not a domain", "reason": "x"}, "Enter a domain name, like mail.example.org."),
        ({"domain": "localhost", "reason": "x"}, "Enter a domain name, like mail.example.org."),
        ({"domain": "spam.example.org", "reason": "   "}, "Say why addresses at this domain"),
        ({"domain": "spam.example.org", "reason": "x" * 501}, "500 characters or fewer"),
    ],
)
def test_bad_input_is_shown_on_the_form(client, olga, data, message):
    response = _as(client, olga).post(PAGE, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html
    assert db.session.scalar(select(BlockedDomain)) is None


def test_removing_a_domain_accepts_it_again(client, olga):
    _add(_as(client, olga), "spam.example.org")
    row = db.session.scalar(select(BlockedDomain))
    response = client.post(f"{PAGE}{row.id}/remove")
    assert response.status_code == 303
    assert db.session.scalar(select(BlockedDomain)) is None
    assert "spam.example.org is no longer on this list." in client.get(PAGE).get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "domain.unblocked" in actions
    assert client.post(f"{PAGE}{row.id}/remove").status_code == 404


@pytest.mark.parametrize(
    ("domain", "answer"),
    [
        ("x.yopmail.com", "x.yopmail.com is refused: the maintained list"),
        ("lists.spam.example.org", "lists.spam.example.org is refused: spam.example.org is on"),
        ("itu.int", "itu.int is accepted."),
        ("not a domain", "Enter a domain name, like mail.example.org."),
    ],
)
def test_checking_a_domain_says_whether_and_why_it_is_refused(client, olga, domain, answer):
    _add(_as(client, olga), "spam.example.org")
    html = client.get(PAGE, query_string={"check": domain}).get_data(as_text=True)
    assert answer in re.sub(r"<[^>]+>", "", html)  # domains are isolated in <bdi>


def test_the_page_is_in_the_organisers_language(client, olga):
    _add(_as(client, olga), "spam.example.org")
    client.post("/language", data={"lang": "es"})
    html = client.get(PAGE).get_data(as_text=True)
    assert "Dominios de correo rechazados" in html
    assert "Quitar spam.example.org" in html


def test_the_organise_page_links_to_it(client, olga):
    html = _as(client, olga).get("/organise/").get_data(as_text=True)
    assert f'href="{PAGE}"' in html


def test_an_organiser_of_one_edition_only_is_refused(client, make_user, make_edition):
    edition = make_edition()
    ed = make_user(roles=((Role.ORGANISER, edition.id),))
    assert _as(client, ed).get(PAGE).status_code == 403
    assert _add(client, "spam.example.org").status_code == 403
    assert db.session.scalar(select(BlockedDomain)) is None
