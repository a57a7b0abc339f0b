"""The organisers' conflicts page: active conflicts listed and filtered by expert, one added or
lifted with a reason, detection run on demand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.review.conflict_services import declare_conflict
from awards.review.models import ConflictOfInterest, ConflictSource
from tests.review_factory import NOW, make_eligible, make_expert


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(name="Olga", roles=((Role.ORGANISER, edition.id),))
    kim = make_expert(make_user, edition)
    kim.name = "Kim"
    lea = make_expert(make_user, edition)
    lea.name = "Lea"
    owner = make_user()
    farm = make_eligible(edition, owner, title="Farm data", entity_name="Agri Lab")
    school = make_eligible(edition, owner, title="School radio")
    return edition, organiser, kim, lea, farm, school


def _path(edition, tail=""):
    return f"/organise/editions/{edition.id}/conflicts{tail}"


def _active():
    return list(
        db.session.scalars(select(ConflictOfInterest).where(ConflictOfInterest.lifted_at.is_(None)))
    )


def test_active_conflicts_are_listed_and_filtered_by_expert(client, login_as, world):
    edition, organiser, kim, lea, farm, school = world
    declare_conflict(kim, farm, "I advised this team in 2019.", NOW)
    declare_conflict(lea, school, "My sister runs it.", NOW)
    html = login_as(organiser).get(_path(edition)).get_data(True)
    assert "Active conflicts: 2" in html
    for text in (
        "Kim",
        "Farm data",
        f"{farm.id} ·",
        "Declared by the expert",
        "I advised this team",
    ):
        assert text in html
    only_lea = client.get(_path(edition, f"?expert={lea.id}")).get_data(True)
    assert "My sister runs it." in only_lea
    assert "I advised this team" not in only_lea


def test_an_organiser_adds_a_conflict_with_a_reason(client, login_as, world):
    edition, organiser, kim, _, farm, _ = world
    response = login_as(organiser).post(
        _path(edition), data={"expert": str(kim.id), "entry": str(farm.id), "note": "Board member."}
    )
    assert response.status_code == 303
    (conflict,) = _active()
    assert (conflict.expert_id, conflict.entry_id) == (kim.id, farm.id)
    assert conflict.source is ConflictSource.ORGANISER
    assert conflict.note == "Board member."
    listed = client.get(response.headers["Location"]).get_data(True)
    assert "Set by an organiser" in listed
    assert "Board member." in listed


def test_a_conflict_without_a_reason_is_refused_and_the_input_kept(client, login_as, world):
    edition, organiser, kim, _, farm, _ = world
    response = login_as(organiser).post(
        _path(edition), data={"expert": str(kim.id), "entry": str(farm.id), "note": "  "}
    )
    assert response.status_code == 400
    html = response.get_data(True)
    assert "Say why: a reason is required." in html
    assert f'value="{farm.id}"' in html
    assert f'<option selected value="{kim.id}">' in html or f'value="{kim.id}" selected' in html
    assert _active() == []


def test_an_entry_of_another_edition_or_none_is_refused(
    client, login_as, world, make_edition, make_user
):
    edition, organiser, kim, _, farm, _ = world
    elsewhere = make_eligible(make_edition(year=2020), make_user())
    login_as(organiser)
    for number in (elsewhere.id, 99999):
        response = client.post(
            _path(edition), data={"expert": str(kim.id), "entry": str(number), "note": "Why not."}
        )
        assert response.status_code == 400
        assert "There is no entry with this number in this edition." in response.get_data(True)
    assert _active() == []
    stranger = make_user()
    response = client.post(
        _path(edition), data={"expert": str(stranger.id), "entry": str(farm.id), "note": "Why."}
    )
    assert response.status_code == 400  # not a choice: only the edition's jury


def test_lifting_needs_a_reason_and_then_the_conflict_no_longer_counts(client, login_as, world):
    edition, organiser, kim, _, farm, _ = world
    conflict = declare_conflict(kim, farm, "Old colleague.", NOW)
    login_as(organiser)
    refused = client.post(
        _path(edition, f"/{conflict.id}/lift"), data={f"lift-{conflict.id}-note": ""}
    )
    assert refused.status_code == 400
    assert "Say why: a reason is required." in refused.get_data(True)
    assert conflict.lifted_at is None
    done = client.post(
        _path(edition, f"/{conflict.id}/lift"), data={f"lift-{conflict.id}-note": "Left in 2015."}
    )
    assert done.status_code == 303
    db.session.refresh(conflict)
    assert conflict.lift_note == "Left in 2015."
    assert "Old colleague." not in client.get(_path(edition)).get_data(True)
    again = client.post(
        _path(edition, f"/{conflict.id}/lift"), data={f"lift-{conflict.id}-note": "Again."}
    )
    assert again.status_code == 409
    assert "lifted already" in again.get_data(True)


def test_another_editions_conflict_is_not_found(client, login_as, world, make_edition, make_user):
    edition, organiser, *_ = world
    other = make_edition(year=2020)
    expert = make_expert(make_user, other)
    conflict = declare_conflict(expert, make_eligible(other, make_user()), "Mine.", NOW)
    response = login_as(organiser).post(
        _path(edition, f"/{conflict.id}/lift"), data={f"lift-{conflict.id}-note": "No."}
    )
    assert response.status_code == 404
    assert conflict.lifted_at is None


def test_detect_conflicts_now_stores_the_automatic_ones(client, login_as, world, make_user):
    edition, organiser, *_ = world
    make_expert(make_user, edition, organisation="Agri Lab Ltd.")
    response = login_as(organiser).post(_path(edition, "/detect"))
    assert response.status_code == 303
    (conflict,) = _active()
    assert conflict.source is ConflictSource.AUTOMATIC
    listed = client.get(_path(edition)).get_data(True)
    assert "New conflicts of interest found: 1." in listed
    assert "Found automatically" in listed
    assert "Same organisation" in listed
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "conflict.detected"))
