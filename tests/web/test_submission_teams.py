"""Team pages over HTTP: removing members, withdrawing invitations, the join link, and images
left behind by a failed commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from awards.extensions import db
from awards.submissions.models import Entry, TeamInvitation
from tests.web.test_entries import calendar, create, mails, png, sign_in, upload


@pytest.fixture
def edition(make_edition):
    return make_edition(**calendar(open_now=True))


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org", name="Olga Owner")


@pytest.fixture
def client_(login_as, owner, edition):
    return sign_in(login_as, owner)


def invite(client, entry, email):
    assert client.post(f"/entries/{entry.id}/team", data={"email": email}).status_code == 302
    return mails("team_invitation")[-1].body_text.split("http://awards.test")[1].split()[0]


@pytest.fixture
def team(client_, edition, make_user, login_as):
    """An entry whose owner invited co@example.org, who joined."""
    entry = create(client_, edition.categories[0])
    link = invite(client_, entry, "co@example.org")
    co_user = make_user(email="co@example.org", name="Cora Co")
    co = sign_in(login_as, co_user)
    assert co.post(link).status_code == 302
    return entry, co_user, co


def test_the_owner_removes_a_member_by_a_button(team, login_as, owner, make_user):
    entry, co_user, co = team
    url = f"/entries/{entry.id}/team/members/{co_user.id}/remove"
    assert co.post(url).status_code == 403
    outsider = sign_in(login_as, make_user())
    assert outsider.post(url).status_code == 404
    owner_client = sign_in(login_as, owner)
    page = owner_client.get(f"/entries/{entry.id}/team").get_data(as_text=True)
    assert url in page
    response = owner_client.post(url, follow_redirects=True)
    assert response.status_code == 200
    assert "Cora Co is no longer on the team." in response.get_data(as_text=True)
    assert [m.recipient for m in mails("team_removed")] == ["co@example.org"]
    assert sign_in(login_as, co_user).get(f"/entries/{entry.id}").status_code == 404


def test_members_see_no_remove_buttons(team):
    entry, _co_user, co = team
    page = co.get(f"/entries/{entry.id}/team").get_data(as_text=True)
    assert "/remove" not in page
    assert "Withdraw the invitation" not in page


def test_the_owner_withdraws_an_invitation_and_its_link_says_so(
    client_, edition, make_user, login_as, owner
):
    entry = create(client_, edition.categories[0], title="Secret project")
    link = invite(client_, entry, "late@example.org")
    invitation = db.session.scalars(select(TeamInvitation)).one()
    url = f"/entries/{entry.id}/team/invitations/{invitation.id}/cancel"
    assert url in client_.get(f"/entries/{entry.id}/team").get_data(as_text=True)
    assert client_.post(url).status_code == 302
    page = client_.get(f"/entries/{entry.id}/team").get_data(as_text=True)
    assert "withdrawn" in page  # the flash message
    assert "<li>late@example.org" not in page
    late = sign_in(login_as, make_user(email="late@example.org"))
    response = late.get(link)
    assert response.status_code == 409
    assert "withdrawn" in response.get_data(as_text=True)
    assert "Secret project" not in response.get_data(as_text=True)


def test_the_join_link_shows_nothing_of_the_entry_to_the_wrong_account(
    client_, edition, make_user, login_as
):
    entry = create(client_, edition.categories[0], title="Secret project")
    link = invite(client_, entry, "co@example.org")
    intruder = sign_in(login_as, make_user(email="intruder@example.org"))
    response = intruder.get(link)
    assert response.status_code == 403
    assert "Secret project" not in response.get_data(as_text=True)
    invited = sign_in(login_as, make_user(email="co@example.org"))
    assert "Secret project" in invited.get(link).get_data(as_text=True)


def test_no_image_file_is_left_when_the_commit_fails(app, client_, edition, monkeypatch):
    entry = create(client_, edition.categories[0])
    folder = Path(app.config["UPLOAD_FOLDER"])
    before = set(folder.iterdir()) if folder.exists() else set()

    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = upload(client_, entry, png(), "photo.png")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    monkeypatch.undo()
    assert set(folder.iterdir()) == before
    assert db.session.get(Entry, entry.id).images == []
