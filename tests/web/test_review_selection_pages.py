"""The organisers' final selection pages: Champions, the second round, confirming Winners."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from awards import clock as clock_module
from awards.accounts.roles import Role
from awards.extensions import db
from awards.review.models import SELECTION_ROUND, ReviewAssignment
from awards.review.selection import assign_second_round
from awards.review.selection_models import WinnerDecision
from awards.review.winners import winners_of
from tests.review_factory import make_eligible, make_expert
from tests.selection_factory import (
    SELECTION_NOW,
    category,
    make_champions,
    nominate,
    score_second_round,
)


@pytest.fixture
def during_selection(monkeypatch):
    monkeypatch.setattr(clock_module, "utcnow", lambda: SELECTION_NOW)


@pytest.fixture
def world(make_edition, make_user, during_selection):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    for _n in range(2):
        make_expert(make_user, edition, categories=(1, 2))
    owner = make_user()
    ones = [make_eligible(edition, owner, category=1, title=f"Solar school {i}") for i in range(3)]
    twos = [make_eligible(edition, owner, category=2, title=f"Mesh village {i}") for i in range(2)]
    make_champions(edition, ones, organiser, votes=[3, 9, 1], first_round=[5.0, 6, 7])
    make_champions(edition, twos, organiser, votes=[4, 4], first_round=[6.0, 6])
    db.session.commit()
    return {"edition": edition, "organiser": organiser, "ones": ones, "twos": twos}


def _url(world, tail=""):
    return f"/organise/editions/{world['edition'].id}/selection{tail}"


def _scored(world):
    assign_second_round(world["edition"], actor=world["organiser"], now=SELECTION_NOW)
    for entry, score in zip(world["ones"], (9, 8, 7), strict=True):
        score_second_round(entry, score, score)
    for entry in world["twos"]:
        score_second_round(entry, 8, 8)
    db.session.commit()


def test_overview_shows_champions_their_source_and_progress(world, login_as):
    page = login_as(world["organiser"]).get(_url(world)).get_data(as_text=True)
    assert "from public votes" in page
    assert "Not assigned yet" in page
    assert "Assign the second round" in page
    assert "Use jury scores for the Champions (until public voting)" in page


def test_assigning_the_second_round(world, login_as):
    client = login_as(world["organiser"])
    response = client.post(_url(world, "/assign"), follow_redirects=True)
    assert response.status_code == 200
    assert "10 reviews assigned, 0 withdrawn" in response.get_data(as_text=True)
    rows = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.round == SELECTION_ROUND)
    ).all()
    assert len(rows) == 10
    assert "0 of 6 reviews submitted" in client.get(_url(world)).get_data(as_text=True)


def test_champions_from_jury_scores_are_labelled_as_the_stub(
    make_edition, make_user, login_as, during_selection
):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    owner = make_user()
    nominate(edition, [make_eligible(edition, owner, category=1) for _ in range(3)], [7, 8, 9])
    db.session.commit()
    client = login_as(organiser)
    response = client.post(
        f"/organise/editions/{edition.id}/selection/champions-from-jury", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "3 Champions recorded from the jury" in page
    assert "from jury scores (stub until public voting)" in page


def test_before_voting_closes_the_actions_are_refused(world, login_as, monkeypatch):
    monkeypatch.setattr(clock_module, "utcnow", lambda: world["edition"].voting_opens)
    client = login_as(world["organiser"])
    page = client.get(_url(world)).get_data(as_text=True)
    assert "opens when public voting closes" in page
    assert "Assign the second round" not in page
    response = client.post(_url(world, "/assign"))
    assert response.status_code == 409
    assert "starts when public voting closes" in response.get_data(as_text=True)
    assert db.session.scalars(select(ReviewAssignment)).all() == []


def test_category_page_shows_the_tie_break_facts_and_the_rules_winner(world, login_as):
    _scored(world)
    cat = category(world["edition"], 1)
    page = login_as(world["organiser"]).get(_url(world, f"/{cat.id}")).get_data(as_text=True)
    assert "By the rule, the Winner is Solar school 0." in page
    assert "Valid public votes" in page
    assert "9.00" in page  # the mean second-round score


def test_confirming_the_rules_winner(world, login_as):
    _scored(world)
    cat = category(world["edition"], 1)
    client = login_as(world["organiser"])
    response = client.post(
        _url(world, f"/{cat.id}"), data={"entry": world["ones"][0].id}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Winner confirmed: Solar school 0." in response.get_data(as_text=True)
    assert winners_of(world["edition"]) == {cat.id: world["ones"][0]}
    assert "Confirmed" in client.get(_url(world)).get_data(as_text=True)


def test_another_champion_than_the_rules_winner_is_refused_with_the_choice_kept(world, login_as):
    _scored(world)
    cat = category(world["edition"], 1)
    response = login_as(world["organiser"]).post(
        _url(world, f"/{cat.id}"), data={"entry": world["ones"][1].id}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "By the rule the Winner is “Solar school 0”" in page
    checked = re.findall(r'<input checked[^>]*type="radio" value="(\d+)"', page)
    assert checked == [str(world["ones"][1].id)]  # the organiser's choice, kept
    assert db.session.scalars(select(WinnerDecision)).all() == []


def test_a_tie_needs_a_written_decision_and_keeps_the_input(world, login_as):
    _scored(world)
    cat = category(world["edition"], 2)
    client = login_as(world["organiser"])
    page = client.get(_url(world, f"/{cat.id}")).get_data(as_text=True)
    assert "The rule leaves a tie between Mesh village 0, Mesh village 1" in page
    chosen = world["twos"][1].id
    response = client.post(_url(world, f"/{cat.id}"), data={"entry": chosen, "note": " "})
    assert response.status_code == 400
    assert "write down why this Champion wins" in response.get_data(as_text=True)
    assert winners_of(world["edition"]) == {}
    long_note = "x" * 2001
    response = client.post(_url(world, f"/{cat.id}"), data={"entry": chosen, "note": long_note})
    assert response.status_code == 400
    assert long_note in response.get_data(as_text=True)
    response = client.post(
        _url(world, f"/{cat.id}"),
        data={"entry": chosen, "note": "Reaches more villages."},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Reaches more villages." in response.get_data(as_text=True)
    assert winners_of(world["edition"]) == {cat.id: world["twos"][1]}


@pytest.mark.parametrize("posted", [{}, {"entry": "not a number"}, {"entry": "999999"}])
def test_no_or_an_unknown_choice_is_bad_input(world, login_as, posted):
    _scored(world)
    cat = category(world["edition"], 1)
    response = login_as(world["organiser"]).post(_url(world, f"/{cat.id}"), data=posted)
    assert response.status_code == 400
    assert db.session.scalars(select(WinnerDecision)).all() == []


def test_a_non_champion_of_the_category_is_bad_input(world, login_as):
    _scored(world)
    cat = category(world["edition"], 1)
    response = login_as(world["organiser"]).post(
        _url(world, f"/{cat.id}"), data={"entry": world["twos"][0].id}
    )
    assert response.status_code == 400
    assert db.session.scalars(select(WinnerDecision)).all() == []


def test_while_a_champion_is_unreviewed_nothing_can_be_confirmed(world, login_as):
    assign_second_round(world["edition"], actor=world["organiser"], now=SELECTION_NOW)
    score_second_round(world["ones"][0], 9)
    db.session.commit()
    cat = category(world["edition"], 1)
    client = login_as(world["organiser"])
    page = client.get(_url(world, f"/{cat.id}")).get_data(as_text=True)
    assert "2 Champions have no submitted second-round review yet" in page
    assert "Confirm the Winner" not in page
    response = client.post(_url(world, f"/{cat.id}"), data={"entry": world["ones"][0].id})
    assert response.status_code == 409
    assert db.session.scalars(select(WinnerDecision)).all() == []


def test_unknown_edition_or_a_category_of_another_edition_is_404(
    world, login_as, make_edition, make_user
):
    other = make_edition(year=2020)
    admin = make_user(roles=((Role.ORGANISER, None),))
    db.session.commit()
    client = login_as(admin)
    assert client.get("/organise/editions/999999/selection").status_code == 404
    foreign = other.categories[0].id
    assert client.get(_url(world, f"/{foreign}")).status_code == 404
    assert client.get(_url(world, "/999999")).status_code == 404


def test_the_audit_trail_reads_the_selection_as_sentences(world, login_as, make_user):
    _scored(world)
    cat = category(world["edition"], 1)
    client = login_as(world["organiser"])
    client.post(_url(world, f"/{cat.id}"), data={"entry": world["ones"][0].id})
    admin = make_user(name="Ada Admin", roles=((Role.ORGANISER, None),))
    db.session.commit()
    page = login_as(admin).get("/organise/audit/").get_data(as_text=True)
    assert "assigned the second-round reviews of WSIS Prizes 2021" in page
    assert "confirmed “Solar school 0” as the Winner of its category in WSIS Prizes 2021" in page
