"""The organisers' Experts page and an expert's page (profile, reviews, stepping down), and the
experts' own profile page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.extensions import db
from awards.review.experts import profile_of
from awards.review.models import AssignmentState, ExpertProfile, ReviewAssignment
from tests.review_factory import NOW, make_eligible, make_expert


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(name="Olga", roles=((Role.ORGANISER, edition.id),))
    kim = make_expert(make_user, edition, categories=(1, 2), organisation="KAIST", country="KR")
    kim.name = "Kim"
    lea = make_expert(make_user, edition, categories=(1,), cap=4)
    lea.name = "Lea"
    bare = make_user(name="Bart", organisation="Uni Bern", roles=((Role.JURY, edition.id),))
    db.session.flush()
    return edition, organiser, kim, lea, bare


def _give(edition, expert, entry, state=AssignmentState.ASSIGNED):
    row = ReviewAssignment(
        edition_id=edition.id,
        entry_id=entry.id,
        expert_id=expert.id,
        state=state,
        submitted_at=NOW if state is AssignmentState.SUBMITTED else None,
        weighted_score=7.0 if state is AssignmentState.SUBMITTED else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start : end if end > 0 else None]


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{name}</a></th>(.*?)</tr>", html, re.S)
    assert match, f"no row for {name}"
    return match[1]


def test_every_jury_member_is_listed_with_profile_and_load(client, login_as, world, make_user):
    edition, organiser, kim, lea, bare = world
    owner = make_user()
    first, second = make_eligible(edition, owner), make_eligible(edition, owner)
    _give(edition, kim, first)
    _give(edition, kim, second, AssignmentState.SUBMITTED)
    html = login_as(organiser).get(f"/organise/editions/{edition.id}/experts").get_data(True)
    kim_row = _row(html, "Kim")
    assert "KAIST" in kim_row
    assert "Republic of Korea" in kim_row
    assert re.findall(r'<td class="numeric">(\S*)</td>', kim_row) == ["—", "2", "1"]
    assert "Reviewing" in kim_row
    assert re.findall(r'<td class="numeric">(\S*)</td>', _row(html, "Lea")) == ["4", "0", "0"]
    bart_row = _row(html, "Bart")
    assert "Uni Bern" in bart_row
    assert "No profile yet" in bart_row  # the account's organisation
    assert f"/account/organise/editions/{edition.id}/jury" in html


def test_coverage_warns_where_a_category_has_too_few_experts(client, login_as, world):
    edition, organiser, *_ = world
    edition.reviews_per_entry = 2
    html = login_as(organiser).get(f"/organise/editions/{edition.id}/experts").get_data(True)
    coverage = _section(html, "coverage")
    rows = re.findall(
        r"<th scope=\"row\">(\d)\..*?</th>\s*<td[^>]*>(\d+)</td>\s*<td>(.*?)</td>", coverage, re.S
    )
    shown = {number: (count, "Fewer experts" in status) for number, count, status in rows}
    assert shown == {"1": ("2", False), "2": ("1", True), "3": ("0", True)}
    assert "Categories with too few experts: 2." in coverage


def test_the_gender_report_never_gives_a_small_group_as_a_number(
    client, login_as, world, make_user
):
    edition, organiser, kim, lea, bare = world
    for _ in range(5):
        make_expert(make_user, edition)  # 5 more, not stated: 3 + 5 = 8 people in all
    for expert in (kim, lea):
        profile_of(edition, expert).gender = "female"
    html = login_as(organiser).get(f"/organise/editions/{edition.id}/experts").get_data(True)
    report = dict(
        re.findall(
            r"<th scope=\"row\">([^<]+)</th>\s*<td class=\"numeric\">([^<]+)</td>",
            _section(html, "gender"),
        )
    )
    assert report == {
        "Female": "fewer than 5",
        "Male": "fewer than 5",
        "Another gender": "fewer than 5",
        "Prefers not to say": "fewer than 5",
        "Not answered": "6",
    }


def test_an_organiser_edits_a_profile_and_the_experts_gender_stays(client, login_as, world):
    edition, organiser, kim, *_ = world
    profile_of(edition, kim).gender = "male"
    path = f"/organise/editions/{edition.id}/experts/{kim.id}"
    page = login_as(organiser).get(path).get_data(True)
    assert 'value="KAIST"' in page
    third = edition.categories[2].id
    response = client.post(
        path,
        data={
            "organisation": "KAIST Seoul",
            "country": "JP",
            "categories": [third],
            "review_cap": "7",
        },
    )
    assert response.status_code == 303
    profile = profile_of(edition, kim)
    assert (profile.organisation, profile.country, profile.review_cap) == ("KAIST Seoul", "JP", 7)
    assert [c.number for c in profile.categories] == [3]
    assert profile.gender == "male"


def test_a_rejected_profile_keeps_what_was_typed(client, login_as, world):
    edition, organiser, kim, *_ = world
    path = f"/organise/editions/{edition.id}/experts/{kim.id}"
    response = login_as(organiser).post(
        path, data={"organisation": "Typed Org", "country": "KR", "review_cap": "-1"}
    )
    assert response.status_code == 400
    html = response.get_data(True)
    assert "Enter a whole number from 0 to 10,000." in html
    assert 'value="Typed Org"' in html
    assert 'value="-1"' in html
    assert profile_of(edition, kim).organisation == "KAIST"
    unknown = client.post(path, data={"categories": ["99999"]})
    assert unknown.status_code == 400
    assert profile_of(edition, kim).categories  # unchanged


def test_a_jury_member_without_a_profile_gets_one_from_the_organiser(client, login_as, world):
    edition, organiser, _, _, bare = world
    path = f"/organise/editions/{edition.id}/experts/{bare.id}"
    assert "no expert profile yet" in login_as(organiser).get(path).get_data(True)
    assert client.post(path, data={"organisation": "Uni Bern", "review_cap": ""}).status_code == 303
    assert profile_of(edition, bare).review_cap is None


def test_anyone_not_on_this_editions_jury_is_not_found(
    client, login_as, world, make_user, make_edition
):
    edition, organiser, *_ = world
    other = make_edition(year=2020)
    elsewhere = make_user(roles=((Role.JURY, other.id),))
    stranger = make_user()
    login_as(organiser)
    for user in (elsewhere, stranger):
        assert client.get(f"/organise/editions/{edition.id}/experts/{user.id}").status_code == 404
    login_as(make_user(roles=((Role.ORGANISER, None),)))  # may open every edition's pages
    assert client.get("/organise/editions/99999/experts").status_code == 404


def test_an_experts_page_lists_their_reviews_and_withdraws_an_unstarted_one(
    client, login_as, world, make_user
):
    edition, organiser, kim, *_ = world
    owner = make_user()
    unstarted = _give(edition, kim, make_eligible(edition, owner, title="Farm data"))
    started = _give(edition, kim, make_eligible(edition, owner), AssignmentState.DRAFT)
    html = (
        login_as(organiser).get(f"/organise/editions/{edition.id}/experts/{kim.id}").get_data(True)
    )
    assert "Farm data" in html
    assert "Not started" in html
    assert "Started" in html
    assert f"/assignments/{unstarted.id}/withdraw" in html
    assert f"/assignments/{started.id}/withdraw" not in html
    done = client.post(f"/organise/editions/{edition.id}/assignments/{unstarted.id}/withdraw")
    assert done.status_code == 303
    assert unstarted.state is AssignmentState.WITHDRAWN
    refused = client.post(f"/organise/editions/{edition.id}/assignments/{started.id}/withdraw")
    assert refused.status_code == 409
    assert "never withdrawn" in refused.get_data(True)
    db.session.refresh(started)
    assert started.state is AssignmentState.DRAFT


def test_another_editions_assignment_is_not_found(client, login_as, world, make_edition, make_user):
    edition, organiser, *_ = world
    other = make_edition(year=2020)
    expert = make_expert(make_user, other)
    row = _give(other, expert, make_eligible(other, make_user()))
    login_as(organiser)
    assert (
        client.post(f"/organise/editions/{edition.id}/assignments/{row.id}/withdraw").status_code
        == 404
    )
    assert row.state is AssignmentState.ASSIGNED


def test_an_expert_steps_down_and_their_reviews_go_to_the_others(
    client, login_as, world, make_user
):
    edition, organiser, kim, lea, _ = world
    edition.reviews_per_entry = 1
    owner = make_user()
    entry = make_eligible(edition, owner, category=1)
    _give(edition, kim, entry)
    response = login_as(organiser).post(
        f"/organise/editions/{edition.id}/experts/{kim.id}/step-down"
    )
    assert response.status_code == 200
    html = response.get_data(True)
    assert "Kim stepped down" in html
    assert "Reviews given: 1. Reviews withdrawn: 1." in html
    rows = {
        (r.expert_id, r.state)
        for r in db.session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.entry_id == entry.id)
        )
    }
    assert rows == {(kim.id, AssignmentState.WITHDRAWN), (lea.id, AssignmentState.ASSIGNED)}
    assert profile_of(edition, kim).stepped_down_at is not None
    listed = client.get(f"/organise/editions/{edition.id}/experts").get_data(True)
    assert "Stepped down" in _row(listed, "Kim")
    again = client.post(f"/organise/editions/{edition.id}/experts/{kim.id}/step-down")
    assert again.status_code == 409


def test_stepping_down_that_leaves_entries_short_writes_nothing(client, login_as, world, make_user):
    edition, organiser, kim, lea, _ = world
    edition.reviews_per_entry = 2
    entry = make_eligible(edition, make_user(), category=1)
    _give(edition, kim, entry)
    _give(edition, lea, entry)
    db.session.commit()  # the refusal rolls the request back, not the test's world
    response = login_as(organiser).post(
        f"/organise/editions/{edition.id}/experts/{kim.id}/step-down"
    )
    assert response.status_code == 409
    assert "Categories short of experts" in response.get_data(True)
    db.session.expire_all()
    assert profile_of(edition, kim).stepped_down_at is None


# --- the expert's own profile -------------------------------------------------------------------


def test_an_expert_fills_in_their_own_profile_and_gender(client, login_as, world):
    edition, _, _, lea, _ = world
    path = f"/jury/editions/{edition.id}/profile"
    page = login_as(lea).get(path)
    assert page.status_code == 200
    assert "Only ever reported in aggregate" in page.get_data(True)
    second = edition.categories[1].id
    response = client.post(
        path,
        data={
            "organisation": "Sorbonne",
            "country": "FR",
            "categories": [second],
            "gender": "female",
        },
    )
    assert response.status_code == 303
    profile = profile_of(edition, lea)
    assert (profile.organisation, profile.country, profile.gender) == ("Sorbonne", "FR", "female")
    assert profile.review_cap == 4  # the organisers' to set: kept


def test_an_expert_may_leave_the_gender_unanswered(client, login_as, world):
    edition, _, _, _, bare = world
    response = login_as(bare).post(
        f"/jury/editions/{edition.id}/profile", data={"organisation": "Uni"}
    )
    assert response.status_code == 303
    assert profile_of(edition, bare).gender is None


def test_an_unknown_gender_is_refused_and_the_rest_kept(client, login_as, world):
    edition, _, _, lea, _ = world
    response = login_as(lea).post(
        f"/jury/editions/{edition.id}/profile", data={"organisation": "Kept Org", "gender": "robot"}
    )
    assert response.status_code == 400
    assert 'value="Kept Org"' in response.get_data(True)
    assert profile_of(edition, lea).gender is None


def test_the_profile_page_is_the_jurys_own(client, login_as, world, make_edition):
    edition, organiser, kim, *_ = world
    assert login_as(organiser).get(f"/jury/editions/{edition.id}/profile").status_code == 403
    other = make_edition(year=2020)
    assert login_as(kim).get(f"/jury/editions/{other.id}/profile").status_code == 403
    assert login_as(kim).post(f"/jury/editions/{other.id}/profile").status_code == 403
    assert (
        db.session.scalar(select(ExpertProfile).where(ExpertProfile.edition_id == other.id)) is None
    )


def test_the_edition_page_links_to_the_expert_group(client, login_as, world):
    edition, organiser, *_ = world
    html = login_as(organiser).get(f"/organise/editions/{edition.id}").get_data(True)
    for path in ("experts", "conflicts", "assignment"):
        assert f'href="/organise/editions/{edition.id}/{path}"' in html


def test_the_pages_speak_the_organisers_language(client, login_as, world):
    edition, organiser, *_ = world
    login_as(organiser)
    client.post("/language", data={"lang": "fr", "next": "/"})
    html = client.get(f"/organise/editions/{edition.id}/experts").get_data(True)
    assert "Experts par catégorie" in html
    assert "Équilibre entre les genres" in html
    client.post("/language", data={"lang": "ar", "next": "/"})
    html = client.get(f"/organise/editions/{edition.id}/assignment").get_data(True)
    assert 'dir="rtl"' in html
    assert "التقييمات لكل طلب" in html
