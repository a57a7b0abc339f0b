"""Exports on the database: every answer, no gender, filters respected, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from awards.screening.exports import csv_chunks, xlsx_bytes
from awards.screening.listing import EntryFilters
from tests.entry_factory import make_entry


@pytest.fixture
def edition(make_edition):
    return make_edition(year=2021, categories=3)


def _csv(edition, filters=None):
    text = "".join(csv_chunks(edition, filters or EntryFilters()))
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_contains_every_answer_but_no_gender(edition, make_user):
    owner = make_user(email="owner@example.org")
    make_entry(
        edition,
        owner,
        title="Solar schools",
        entity_name="Sun NGO",
        country="KE",
        region="Africa",
        description="Short description words.",
        impact_economic="Money saved.",
        impact_social="Girls in school.",
        impact_environmental="Less diesel.",
        partnerships="With the ministry.",
        challenges="Batteries.",
        website="https://sun.example.org",
        sdgs={4: "Quality education linkage.", 7: "Clean energy linkage."},
        contacts=[
            {
                "name": "Amina",
                "email": "amina@example.org",
                "job_title": "Director",
                "gender": "female",
            },
            {"name": "Joe", "email": "joe@example.org", "gender": "male"},
        ],
    )
    [row] = _csv(edition)
    assert row["Title"] == "Solar schools"
    assert row["Entity"] == "Sun NGO"
    assert row["Country"] == "Kenya"
    assert row["Region"] == "Africa"
    assert row["State"] == "submitted"
    assert row["Screening"] == "pending"
    assert row["Economic impact"] == "Money saved."
    assert row["Challenges and future perspectives"] == "Batteries."
    assert row["Linked SDGs"] == "4, 7"
    assert row["SDG 4 linkage"] == "Quality education linkage."
    assert row["SDG 5 linkage"] == ""
    assert row["Contact 1 name"] == "Amina"
    assert row["Contact 2 e-mail"] == "joe@example.org"
    assert row["Owner e-mail"] == "owner@example.org"
    flat = " ".join(f"{k} {v}" for k, v in row.items()).lower()
    assert "female" not in flat
    assert "gender" not in flat


def test_csv_neutralises_formulas_from_submitters(edition, make_user):
    make_entry(
        edition,
        make_user(),
        title='=HYPERLINK("http://x")',
        entity_name="@evil",
        partnerships="-1+2",
    )
    [row] = _csv(edition)
    assert row["Title"] == '\'=HYPERLINK("http://x")'
    assert row["Entity"] == "'@evil"
    assert row["Partnerships"] == "'-1+2"


def test_exports_follow_the_list_filters(edition, make_user):
    owner = make_user()
    make_entry(edition, owner, title="In Europe", region="Europe", country="FR")
    make_entry(edition, owner, title="In Africa")
    rows = _csv(edition, EntryFilters(region="Europe"))
    assert [r["Title"] for r in rows] == ["In Europe"]


def test_xlsx_opens_with_one_row_per_entry(edition, make_user):
    owner = make_user()
    titles = [f"Project {i}" for i in range(7)]
    for title in titles:
        make_entry(edition, owner, title=title, website="=cmd")
    make_entry(edition, owner, title="Withdrawn one", state="withdrawn")
    data = xlsx_bytes(edition, EntryFilters(state="submitted", sort="title", direction="asc"))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 7
    title_col = header.index("Title")
    assert [r[title_col] for r in body] == titles
    website_col = header.index("Website")
    assert body[0][website_col] == "'=cmd"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_drops_control_characters_excel_refuses(edition, make_user):
    make_entry(edition, make_user(), title="Bell\x07 in title")
    sheet = load_workbook(io.BytesIO(xlsx_bytes(edition, EntryFilters()))).active
    assert "Bell in title" in [c for r in sheet.iter_rows(values_only=True) for c in r]


def test_empty_export_has_just_the_header(edition):
    assert _csv(edition) == []
    sheet = load_workbook(io.BytesIO(xlsx_bytes(edition, EntryFilters()))).active
    assert len(list(sheet.iter_rows())) == 1


def test_exports_count_each_entrys_images(edition, make_user):
    from awards.extensions import db
    from awards.submissions.models import EntryImage, ImageKind

    owner = make_user(email="pictures@example.org")
    with_images = make_entry(edition, owner, title="With pictures")
    make_entry(edition, owner, title="Without pictures", entity_name="Other NGO")
    for number in range(2):
        db.session.add(
            EntryImage(
                entry_id=with_images.id,
                kind=ImageKind.PHOTO,
                storage_name=f"stored-{number}",
                content_type="image/png",
                width=10,
                height=10,
                size_bytes=100,
                alt_text="A classroom",
            )
        )
    db.session.flush()
    images = {row["Title"]: row["Images"] for row in _csv(edition)}
    assert images == {"With pictures": "2", "Without pictures": "0"}
    sheet = load_workbook(io.BytesIO(xlsx_bytes(edition, EntryFilters()))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Images")
    title = header.index("Title")
    assert {row[title]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "With pictures": 2,
        "Without pictures": 0,
    }
