"""The organisers' assignment page: settings, a preview that writes nothing, a run with a seed,
infeasible cases explained with nothing written, one review given by hand, reminders."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from awards import clock
from awards.accounts.roles import Role
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.conflict_services import declare_conflict
from awards.review.experts import profile_of, settings_of
from awards.review.models import AssignmentState, ReviewAssignment
from tests.conftest import Clock
from tests.review_factory import NOW, make_eligible, make_expert


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition(reviews_per_entry=2)
    organiser = make_user(name="Olga", roles=((Role.ORGANISER, edition.id),))
    experts = [make_expert(make_user, edition, categories=(1,)) for _ in range(3)]
    for expert, name in zip(experts, ("Ann", "Bo", "Cy"), strict=True):
        expert.name = name
    owner = make_user()
    entries = [make_eligible(edition, owner, category=1) for _ in range(3)]
    return edition, organiser, experts, entries


def _path(edition, tail=""):
    return f"/organise/editions/{edition.id}/assignment{tail}"


def _rows(edition):
    query = select(ReviewAssignment).where(ReviewAssignment.edition_id == edition.id)
    return {(r.expert_id, r.entry_id): r.state for r in db.session.scalars(query)}


def test_settings_are_saved(client, login_as, world):
    edition, organiser, *_ = world
    page = login_as(organiser).get(_path(edition)).get_data(True)
    assert 'name="reviews_per_entry"' in page
    assert 'value="2"' in page
    response = client.post(
        _path(edition, "/settings"), data={"reviews_per_entry": "3", "same_country_conflicts": "y"}
    )
    assert response.status_code == 303
    settings = settings_of(edition)
    assert edition.reviews_per_entry == 3
    assert (settings.blind, settings.same_country_conflicts) == (False, True)


def test_invalid_settings_are_refused_and_kept(client, login_as, world):
    edition, organiser, *_ = world
    response = login_as(organiser).post(
        _path(edition, "/settings"), data={"reviews_per_entry": "0"}
    )
    assert response.status_code == 400
    html = response.get_data(True)
    assert "Each entry needs from 1 to 20 reviews." in html
    assert 'value="0"' in html
    assert edition.reviews_per_entry == 2


def test_the_preview_shows_the_figures_and_writes_nothing(client, login_as, world):
    edition, organiser, *_ = world
    response = login_as(organiser).get(_path(edition, "?seed=4"))
    assert response.status_code == 200
    html = response.get_data(True)
    assert "Preview with seed 4 (nothing stored)" in html
    assert "1. Category 1" in html
    assert "2 to 2 (spread 0)" in html  # 6 reviews over 3 experts
    assert _rows(edition) == {}


def test_a_preview_with_a_bad_seed_is_refused(client, login_as, world):
    edition, organiser, *_ = world
    response = login_as(organiser).get(_path(edition, "?seed=-3"))
    assert response.status_code == 400
    assert "Enter a whole number of 0 or more." in response.get_data(True)


def test_an_infeasible_preview_is_explained_per_category(client, login_as, world):
    edition, organiser, experts, entries = world
    edition.reviews_per_entry = 3
    declare_conflict(experts[0], entries[1], "My project.", NOW)
    html = login_as(organiser).get(_path(edition, "?seed=0")).get_data(True)
    assert "The assignment cannot be made as things stand, and nothing was written." in html
    assert "Categories short of experts" in html
    assert f"<td>{entries[1].id}</td>" in html
    assert _rows(edition) == {}


def test_a_run_stores_the_assignment_and_shows_what_changed(client, login_as, world):
    edition, organiser, experts, entries = world
    response = login_as(organiser).post(_path(edition, "/run"), data={"run-seed": "7"})
    assert response.status_code == 200
    html = response.get_data(True)
    assert "The assignment was stored" in html
    assert "Reviews given: 6. Reviews withdrawn: 0." in html
    assert all(name in html for name in ("Ann", "Bo", "Cy"))
    rows = _rows(edition)
    assert len(rows) == 6
    assert set(rows.values()) == {AssignmentState.ASSIGNED}
    again = client.post(_path(edition, "/run"), data={"run-seed": "7"}).get_data(True)
    assert "Nothing changed" in again
    assert _rows(edition) == rows


def test_an_infeasible_run_answers_409_and_writes_nothing(client, login_as, world):
    edition, organiser, experts, entries = world
    edition.reviews_per_entry = 3
    declare_conflict(experts[2], entries[0], "My project.", NOW)
    db.session.commit()  # the refusal rolls the request back, not the test's world
    response = login_as(organiser).post(_path(edition, "/run"), data={"run-seed": "1"})
    assert response.status_code == 409
    assert "Categories short of experts" in response.get_data(True)
    assert _rows(edition) == {}


def test_a_run_needs_a_seed(client, login_as, world):
    edition, organiser, *_ = world
    response = login_as(organiser).post(_path(edition, "/run"), data={"run-seed": "x"})
    assert response.status_code == 400
    assert 'value="x"' in response.get_data(True)
    assert _rows(edition) == {}


def test_one_review_is_given_by_hand(client, login_as, world):
    edition, organiser, experts, entries = world
    response = login_as(organiser).post(
        _path(edition, "/add"), data={"expert": str(experts[0].id), "entry": str(entries[0].id)}
    )
    assert response.status_code == 303
    assert _rows(edition) == {(experts[0].id, entries[0].id): AssignmentState.ASSIGNED}
    followed = client.get(response.headers["Location"]).get_data(True)
    assert f"Ann now reviews entry {entries[0].id}." in followed


@pytest.mark.parametrize("case", ["conflicted", "duplicate", "stepped_down"])
def test_a_review_by_hand_is_refused_with_a_clear_message(client, login_as, world, case):
    edition, organiser, experts, entries = world
    expert, entry = experts[0], entries[0]
    messages = {
        "conflicted": "Ann has a conflict of interest with entry",
        "duplicate": f"Ann already reviews entry {entry.id}.",
        "stepped_down": "Ann has stepped down and takes no new reviews.",
    }
    if case == "conflicted":
        declare_conflict(expert, entry, "Mine.", NOW)
    elif case == "duplicate":
        db.session.add(
            ReviewAssignment(edition_id=edition.id, entry_id=entry.id, expert_id=expert.id)
        )
    else:
        profile_of(edition, expert).stepped_down_at = NOW
    db.session.commit()  # the refusal rolls the request back, not the test's world
    before = _rows(edition)
    response = login_as(organiser).post(
        _path(edition, "/add"), data={"expert": str(expert.id), "entry": str(entry.id)}
    )
    assert response.status_code == 409
    html = response.get_data(True)
    assert messages[case] in html
    assert f'value="{entry.id}"' in html  # what was typed stays
    assert _rows(edition) == before


def test_a_review_by_hand_for_someone_off_the_jury_or_an_unknown_entry(
    client, login_as, world, make_user
):
    edition, organiser, experts, entries = world
    stranger = make_user()
    login_as(organiser)
    off = client.post(
        _path(edition, "/add"), data={"expert": str(stranger.id), "entry": str(entries[0].id)}
    )
    assert off.status_code == 400
    unknown = client.post(
        _path(edition, "/add"), data={"expert": str(experts[0].id), "entry": "99999"}
    )
    assert unknown.status_code == 400
    assert "There is no entry with this number in this edition." in unknown.get_data(True)
    assert _rows(edition) == {}


def test_reminders_go_to_the_experts_with_reviews_to_finish(client, login_as, world, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: Clock.DURING_NOMINATION)
    edition, organiser, experts, entries = world
    db.session.add(
        ReviewAssignment(edition_id=edition.id, entry_id=entries[0].id, expert_id=experts[1].id)
    )
    db.session.flush()
    page = login_as(organiser).get(_path(edition)).get_data(True)
    assert "Experts with reviews to finish: 1." in page
    response = client.post(f"/organise/editions/{edition.id}/reminders")
    assert response.status_code == 303
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == [experts[1].email]
    assert "Reminders sent to: Bo (1)." in client.get(response.headers["Location"]).get_data(True)


def test_no_reminders_when_no_round_is_open(client, login_as, world, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: Clock.DURING_VOTING)
    edition, organiser, experts, entries = world
    db.session.add(
        ReviewAssignment(edition_id=edition.id, entry_id=entries[0].id, expert_id=experts[1].id)
    )
    db.session.flush()
    login_as(organiser)
    assert "No review round is open" in client.get(_path(edition)).get_data(True)
    response = client.post(f"/organise/editions/{edition.id}/reminders")
    assert response.status_code == 409
    assert db.session.scalars(select(OutboxMessage)).all() == []
