"""Stored jury invitations: listed with their state, resent (old link replaced), revoked."""

import re

import pytest
from flask import g
from sqlalchemy import select

from awards.accounts.models import JuryInvitation
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.outbox.models import OutboxMessage


def _as(client, user):
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
    return client


def _links(recipient):
    query = select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    mails = db.session.scalars(query.order_by(OutboxMessage.id)).all()
    return [
        re.search(r"http://awards\.test(/account/invitation/\S+)", m.body_text)[1] for m in mails
    ]


@pytest.fixture
def organiser(make_user):
    return make_user(name="Olga Organiser", roles=((Role.ORGANISER, None),))


@pytest.fixture
def invited(client, make_edition, organiser):
    edition = make_edition()
    _as(client, organiser).post(
        f"/account/organise/editions/{edition.id}/jury",
        data={"name": "Jury Person", "email": "jury@example.org", "locale": "en"},
    )
    invitation = db.session.scalar(select(JuryInvitation))
    return edition, invitation


def _jury(edition):
    return f"/account/organise/editions/{edition.id}/jury"


def test_an_invitation_is_stored_and_listed_as_waiting(client, invited, organiser):
    edition, invitation = invited
    assert invitation.email_key == "jury@example.org"
    assert invitation.invited_by_id == organiser.id
    html = _as(client, organiser).get(_jury(edition)).get_data(as_text=True)
    assert "Waiting for an answer" in html
    assert f"/jury/invitations/{invitation.id}/revoke" in html


def test_a_second_open_invitation_of_the_same_address_is_refused(client, invited, organiser):
    edition, _ = invited
    response = _as(client, organiser).post(
        _jury(edition), data={"name": "Again", "email": "JURY@example.org", "locale": "en"}
    )
    assert response.status_code == 409 or response.status_code == 400
    assert "open invitation already" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(JuryInvitation)).all()) == 1


def test_resending_replaces_the_old_link(client, invited, organiser):
    edition, invitation = invited
    path = f"{_jury(edition)}/invitations/{invitation.id}/resend"
    assert _as(client, organiser).post(path).status_code == 303
    old, new = _links("jury@example.org")
    _as(client, None)
    stale = client.get(old)
    assert stale.status_code == 400
    assert "A newer invitation replaced this one" in stale.get_data(as_text=True)
    assert client.get(new).status_code == 200
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "jury.invitation_resent" in actions


def test_a_revoked_invitation_says_it_was_withdrawn(client, invited, organiser):
    edition, invitation = invited
    path = f"{_jury(edition)}/invitations/{invitation.id}/revoke"
    assert _as(client, organiser).post(path).status_code == 303
    assert invitation.state == "revoked"
    assert "Withdrawn" in client.get(_jury(edition)).get_data(as_text=True)
    [link] = _links("jury@example.org")
    _as(client, None)
    response = client.get(link)
    assert response.status_code == 400
    assert "This invitation was withdrawn" in response.get_data(as_text=True)
    assert "jury.invitation_revoked" in db.session.scalars(select(AuditEvent.action)).all()
    # Withdrawn: the address may be invited again, and a revoked one cannot be resent.
    again = _as(client, organiser).post(f"{_jury(edition)}/invitations/{invitation.id}/resend")
    assert again.status_code == 303
    assert len(_links("jury@example.org")) == 1


def test_accepting_marks_the_invitation_accepted(client, invited, organiser):
    edition, invitation = invited
    [link] = _links("jury@example.org")
    _as(client, None).post(
        link,
        data={
            "name": "Jury Person",
            "password": "correct horse battery staple",
            "confirm": "correct horse battery staple",
            "stakeholder_type": "academia",
            "country": "FR",
        },
    )
    assert invitation.state == "accepted"
    assert "Accepted" in _as(client, organiser).get(_jury(edition)).get_data(as_text=True)


def test_only_organisers_resend_or_revoke(client, invited, make_user, make_edition):
    edition, invitation = invited
    stranger = make_user()
    path = f"{_jury(edition)}/invitations/{invitation.id}/revoke"
    assert _as(client, stranger).post(path).status_code in {403, 404}
    other = make_edition(year=2022)
    wrong = f"{_jury(other)}/invitations/{invitation.id}/revoke"
    assert _as(client, make_user(roles=((Role.ORGANISER, None),))).post(wrong).status_code == 404
    assert invitation.state == "open"
