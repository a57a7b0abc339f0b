"""The organisers' rankings pages: the order shown, the charts with their tables, the workbook,
404s for categories not of the edition, and the rubric form (bad input kept, locked once
reviews start)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.review.models import AssignmentState
from awards.review.rubric_models import RubricBand, RubricCriterion
from awards.review.rubric_services import rubric_of
from tests.ranking_factory import assign_review, submit_review
from tests.review_factory import make_eligible, make_expert


@pytest.fixture
def edition(make_edition):
    return make_edition(categories=2)


@pytest.fixture
def organiser(make_user, edition):
    return make_user(name="Olga Organiser", roles=((Role.ORGANISER, edition.id),))


@pytest.fixture
def reviewed(edition, make_user):
    """Category 1: a lenient and a harsh expert, three entries each; one split entry."""
    owner = make_user()
    lenient = make_expert(make_user, edition, categories=(1,))
    harsh = make_expert(make_user, edition, categories=(1,))
    lenient.name, harsh.name = "Lena Lenient", "Hari Harsh"
    entries = {}
    for title, expert, value in [
        ("Lenient best", lenient, 10),
        ("Lenient middle", lenient, 9),
        ("Lenient last", lenient, 8),
        ("Harsh best", harsh, 6),
        ("Harsh middle", harsh, 5),
        ("Harsh last", harsh, 4),
    ]:
        entries[title] = make_eligible(edition, owner, category=1, title=title)
        submit_review(expert, entries[title], value)
    entries["Not reviewed"] = make_eligible(edition, owner, category=1, title="Not reviewed")
    return {"entries": entries, "lenient": lenient, "harsh": harsh}


def _category(edition, number):
    return next(c for c in edition.categories if c.number == number)


def _titles(html):
    return re.findall(r'<th scope="row"><a href="/organise/entries/\d+">([^<]+)</a>', html)


def test_the_category_page_ranks_by_normalised_mean(client, login_as, organiser, edition, reviewed):
    login_as(organiser)
    response = client.get(f"/organise/editions/{edition.id}/rankings/{_category(edition, 1).id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _titles(html) == [
        "Lenient best",
        "Harsh best",
        "Lenient middle",
        "Harsh middle",
        "Lenient last",
        "Harsh last",
        "Not reviewed",
    ]
    assert "10.00" in html  # the raw weighted mean, as given
    assert "Lena Lenient" in html  # the reviewer beside their score
    assert 'role="img"' in html
    assert 'id="ranking-chart-table"' in html


def test_disagreement_is_written_not_only_coloured(client, login_as, organiser, edition, reviewed):
    split = reviewed["entries"]["Lenient best"]
    submit_review(reviewed["harsh"], split, 1)  # 10 and 1: far apart
    login_as(organiser)
    html = client.get(
        f"/organise/editions/{edition.id}/rankings/{_category(edition, 1).id}"
    ).get_data(as_text=True)
    row = re.search(rf'<tr data-entry="{split.id}">.*?</tr>', html, re.S).group(0)
    assert "Reviewers disagree" in row
    calm = reviewed["entries"]["Harsh best"]
    other = re.search(rf'<tr data-entry="{calm.id}">.*?</tr>', html, re.S).group(0)
    assert "Reviewers disagree" not in other


def test_numbers_use_the_readers_decimal_sign(client, login_as, organiser, edition, reviewed):
    login_as(organiser)
    client.post("/language", data={"lang": "fr", "next": "/"})
    html = client.get(
        f"/organise/editions/{edition.id}/rankings/{_category(edition, 1).id}"
    ).get_data(as_text=True)
    assert "10,00" in html


def test_the_overview_counts_reviews_per_category(client, login_as, organiser, edition, reviewed):
    login_as(organiser)
    html = client.get(f"/organise/editions/{edition.id}/rankings").get_data(as_text=True)
    first = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>1\. .*?</tr>", html, re.S).group(0)
    cells = re.findall(r'<td class="numeric">(\d+)', first)
    assert cells == ["7", "6", "21", "0", "0"]  # entries, done, needed (3 each), full, flagged


def test_expert_statistics_page(client, login_as, organiser, edition, reviewed):
    assign_review(reviewed["lenient"], reviewed["entries"]["Not reviewed"], AssignmentState.DRAFT)
    login_as(organiser)
    html = client.get(f"/organise/editions/{edition.id}/experts/statistics").get_data(as_text=True)
    lenient = re.search(rf'<tr data-expert="{reviewed["lenient"].id}">.*?</tr>', html, re.S).group(
        0
    )
    assert re.findall(r'<td class="numeric">([^<]+)</td>', lenient) == [
        "4",
        "3",
        "9.00",
        "0.82",
        "+2.00",
    ]
    assert "-2.00" in html  # the harsh expert
    assert 'id="leniency-table"' in html


def test_the_workbook_holds_each_category_and_the_experts(
    client, login_as, organiser, edition, reviewed
):
    login_as(organiser)
    response = client.get(f"/organise/editions/{edition.id}/rankings.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="wsis-prizes-{edition.year}-rankings.xlsx"'
    )
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["1. Category 1", "2. Category 2", "Experts"]
    rows = list(book["1. Category 1"].iter_rows(values_only=True))
    assert rows[0][:9] == (
        "Rank",
        "Entry number",
        "Title",
        "Organisation",
        "Weighted mean",
        "Normalised mean",
        "Reviews",
        "Spread",
        "Reviewers disagree",
    )
    assert [r[2] for r in rows[1:]] == [
        "Lenient best",
        "Harsh best",
        "Lenient middle",
        "Harsh middle",
        "Lenient last",
        "Harsh last",
        "Not reviewed",
    ]
    assert rows[1][0] == rows[2][0] == 1
    assert rows[1][4] == 10
    assert rows[1][9:11] == ("Lena Lenient", 10)
    assert list(book["2. Category 2"].iter_rows(values_only=True))[1:] == []
    experts = list(book["Experts"].iter_rows(values_only=True))
    assert {r[0] for r in experts[1:]} == {"Lena Lenient", "Hari Harsh"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rankings.exported"))
    assert event is not None
    assert event.actor_id == organiser.id
    assert event.edition_id == edition.id


def test_unknown_or_other_editions_category_is_404(
    client, login_as, organiser, edition, make_edition, make_user
):
    other = make_edition(year=2020)
    login_as(organiser)
    base = f"/organise/editions/{edition.id}/rankings"
    assert client.get(f"{base}/{other.categories[0].id}").status_code == 404
    assert client.get(f"{base}/999999").status_code == 404
    assert client.get("/organise/editions/999999/rankings").status_code == 403  # not theirs
    login_as(make_user(roles=((Role.ORGANISER, None),)))
    assert client.get("/organise/editions/999999/rankings").status_code == 404
    assert client.get("/organise/editions/999999/rankings.xlsx").status_code == 404
    assert client.get("/organise/editions/999999/rubric").status_code == 404


# --- the rubric ---------------------------------------------------------------------------
def _rubric_data(**changes):
    data = {
        "low": "1",
        "high": "10",
        "criteria-0-key": "impact",
        "criteria-0-name": "Impact",
        "criteria-0-weight": "2",
        "criteria-0-guidance": "People reached.",
        "criteria-1-name": "Innovation",
        "criteria-1-weight": "1,5",
        "criteria-1-guidance": "",
        "criteria-2-name": "",
        "criteria-2-weight": "",
        "criteria-2-guidance": "",
        "bands-0-low": "1",
        "bands-0-high": "5",
        "bands-0-label": "Weak",
        "bands-0-guidance": "Little shown.",
        "bands-1-low": "6",
        "bands-1-high": "10",
        "bands-1-label": "Good",
        "bands-1-guidance": "",
    }
    data.update(changes)
    return data


def test_the_rubric_form_shows_the_wsis_criteria_first(client, login_as, organiser, edition):
    login_as(organiser)
    response = client.get(f"/organise/editions/{edition.id}/rubric")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="Relevance to the WSIS Action Line"' in html
    assert 'name="criteria-9-name"' in html  # 8 criteria and 2 blank rows
    assert 'name="criteria-10-name"' not in html


def test_saving_the_rubric(client, login_as, organiser, edition):
    login_as(organiser)
    response = client.post(f"/organise/editions/{edition.id}/rubric", data=_rubric_data())
    assert response.status_code == 303
    rubric = rubric_of(edition)
    assert [(c.key, c.name, c.weight) for c in rubric.criteria] == [
        ("impact", "Impact", 2),
        ("innovation", "Innovation", 1.5),
    ]
    assert [(b.low, b.high, b.label) for b in rubric.bands] == [(1, 5, "Weak"), (6, 10, "Good")]
    removed = client.post(
        f"/organise/editions/{edition.id}/rubric",
        data=_rubric_data(**{"criteria-1-key": "innovation", "criteria-1-remove": "y"}),
    )
    assert removed.status_code == 303
    assert [c.key for c in rubric_of(edition).criteria] == ["impact"]


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"high": "1"}, "high", "The highest score must be above the lowest."),
        ({"low": "x"}, "low", "Enter a whole number from 0 to 100."),
        ({"criteria-0-weight": "0"}, "criteria-0-weight", "Enter a weight above 0"),
        ({"criteria-1-name": ""}, "criteria-1-name", "Give the criterion a name."),
        ({"bands-1-low": "5"}, "bands-1-low", "This band overlaps the band 1–5."),
        ({"bands-1-high": "11"}, "bands-1-high", "Enter a score of the scale."),
        ({"bands-1-label": ""}, "bands-1-label", "Give the band a label."),
        (
            {"criteria-0-remove": "y", "criteria-1-remove": "y"},
            "criteria-0-name",
            "Keep at least one criterion.",
        ),
    ],
)
def test_bad_rubric_input_is_refused_and_kept(
    client, login_as, organiser, edition, changes, field_id, message
):
    login_as(organiser)
    data = _rubric_data(**changes, **{"criteria-1-guidance": "Kept as typed <3"})
    response = client.post(f"/organise/editions/{edition.id}/rubric", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'href="#{field_id}"' in html
    assert message in html
    assert "Kept as typed &lt;3" in html
    assert db.session.scalar(select(RubricCriterion.id)) is None
    assert db.session.scalar(select(RubricBand.id)) is None


def test_add_another_criterion_gives_a_blank_row_and_saves_nothing(
    client, login_as, organiser, edition
):
    login_as(organiser)
    data = _rubric_data(add_criterion="y")
    response = client.post(f"/organise/editions/{edition.id}/rubric", data=data)
    assert response.status_code == 200
    assert 'name="criteria-3-name"' in response.get_data(as_text=True)
    assert db.session.scalar(select(RubricCriterion.id)) is None


def test_the_rubric_is_locked_once_reviews_start(client, login_as, organiser, edition, make_user):
    expert = make_expert(make_user, edition)
    entry = make_eligible(edition, make_user(), category=1)
    assign_review(expert, entry, AssignmentState.DRAFT)
    login_as(organiser)
    page = client.get(f"/organise/editions/{edition.id}/rubric")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The rubric is locked" in html
    assert '<form method="post" action="/organise/editions' not in html
    refused = client.post(f"/organise/editions/{edition.id}/rubric", data=_rubric_data())
    assert refused.status_code == 409
    assert "cannot change once experts have started reviewing" in refused.get_data(as_text=True)
    assert db.session.scalar(select(RubricCriterion.id)) is None
