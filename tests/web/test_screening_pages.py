"""Organisers' entry pages over HTTP: access, list filters, screening, moving, exports, charts."""

from __future__ import annotations

import re

import pytest

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.submissions.models import EntryState, Screening
from tests.entry_factory import make_entry

BASE = "/organise/entries/"


@pytest.fixture
def edition(make_edition):
    return make_edition(year=2021, categories=3)


@pytest.fixture
def organiser(make_user):
    return make_user(email="org@example.org", roles=((Role.ORGANISER, None),))


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org")


@pytest.fixture
def organiser_client(login_as, organiser):
    return login_as(organiser)


def _ids_in_list(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="entry_ids" value="(\d+)"', html)]


@pytest.mark.parametrize(
    "path",
    [
        BASE,
        BASE + "duplicates",
        BASE + "charts",
        BASE + "export.csv",
        BASE + "export.xlsx",
    ],
)
def test_a_non_organiser_gets_403(login_as, owner, edition, path):
    response = login_as(owner).get(path)
    assert response.status_code == 403


def test_a_non_organiser_cannot_see_or_screen_an_entry(login_as, owner, edition):
    entry = make_entry(edition, owner)
    client = login_as(owner)
    assert client.get(f"{BASE}{entry.id}").status_code == 403
    response = client.post(f"{BASE}{entry.id}/screen", data={"decision": "eligible"})
    assert response.status_code == 403
    assert entry.screening is Screening.PENDING


def test_an_organiser_of_another_edition_learns_nothing_of_its_entries(
    login_as, make_user, make_edition, owner
):
    older = make_edition(year=2020)
    newer = make_edition(year=2021)
    scoped = make_user(roles=((Role.ORGANISER, older.id),))
    client = login_as(scoped)
    assert client.get(BASE + "?edition=2020").status_code == 200
    assert client.get(BASE + "?edition=2021").status_code == 403
    entry = make_entry(newer, owner)
    # The same answer as for an entry that does not exist.
    assert client.get(f"{BASE}{entry.id}").status_code == 404
    assert client.get(f"{BASE}{entry.id + 1000}").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, edition):
    response = client.get(BASE)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_list_shows_entries_total_and_counts_per_category(organiser_client, edition, owner):
    make_entry(edition, owner, category=1, title="Solar schools")
    make_entry(edition, owner, category=1, title="Mobile clinics")
    make_entry(edition, owner, category=2, title="Farm prices by SMS")
    html = organiser_client.get(BASE).get_data(as_text=True)
    assert "Solar schools" in html
    assert "Farm prices by SMS" in html
    assert "3 entries" in html
    assert re.search(r'data-category-count="1">2<', html)
    assert re.search(r'data-category-count="2">1<', html)
    assert re.search(r'data-category-count="3">0<', html)


def test_filters_narrow_the_list(organiser_client, edition, owner):
    kenya = make_entry(edition, owner, country="KE", region="Africa", title="Kenya project")
    france = make_entry(edition, owner, country="FR", region="Europe", title="France project")
    draft = make_entry(edition, owner, state=EntryState.DRAFT, title="Draft project")
    gov = make_entry(
        edition, owner, stakeholder_type="government", category=2, title="Ministry project"
    )

    def ids(query):
        return set(_ids_in_list(organiser_client.get(BASE + query).get_data(as_text=True)))

    assert ids("?region=Europe") == {france.id}
    assert ids("?country=KE") == {kenya.id, draft.id, gov.id}
    assert ids("?state=draft") == {draft.id}
    assert ids("?stakeholder=government") == {gov.id}
    assert ids(f"?category={edition.categories[1].id}") == {gov.id}
    assert ids("?state=pending&region=Africa") == {kenya.id, gov.id}


def test_screening_state_filter(organiser_client, edition, owner):
    ok = make_entry(edition, owner, screening=Screening.ELIGIBLE)
    no = make_entry(
        edition, owner, screening=Screening.INELIGIBLE, ineligible_reason="not_in_english"
    )
    pending = make_entry(edition, owner)
    html = organiser_client.get(BASE + "?state=eligible").get_data(as_text=True)
    assert _ids_in_list(html) == [ok.id]
    html = organiser_client.get(BASE + "?state=ineligible").get_data(as_text=True)
    assert _ids_in_list(html) == [no.id]
    assert "Not in English" in html
    html = organiser_client.get(BASE + "?state=pending").get_data(as_text=True)
    assert _ids_in_list(html) == [pending.id]


def test_search_matches_title_entity_and_country_name(organiser_client, edition, owner):
    a = make_entry(edition, owner, title="Telemedicine for islands", country="FJ")
    b = make_entry(edition, owner, entity_name="Ministry of ICT of Rwanda", country="RW")
    make_entry(edition, owner, title="Something else", country="KE")

    def ids(q):
        return set(_ids_in_list(organiser_client.get(BASE, query_string={"q": q}).text))

    assert ids("TELEMEDICINE") == {a.id}
    assert ids("ministry of ict") == {b.id}
    assert ids("Fiji") == {a.id}
    assert ids("100%_") == set()


def test_sorting_by_title_and_direction(organiser_client, edition, owner):
    c = make_entry(edition, owner, title="charlie")
    a = make_entry(edition, owner, title="Alpha")
    b = make_entry(edition, owner, title="bravo")
    asc = _ids_in_list(organiser_client.get(BASE + "?sort=title").text)
    assert asc == [a.id, b.id, c.id]
    desc = _ids_in_list(organiser_client.get(BASE + "?sort=title&direction=desc").text)
    assert desc == [c.id, b.id, a.id]


def test_pagination_shows_fifty_per_page(organiser_client, edition, owner):
    for i in range(53):
        make_entry(edition, owner, title=f"Entry {i:02d}", entity_name=f"Org {i}")
    first = organiser_client.get(BASE + "?sort=title").text
    second = organiser_client.get(BASE + "?sort=title&page=2").text
    assert len(_ids_in_list(first)) == 50
    assert len(_ids_in_list(second)) == 3
    assert "Page 2 of 2" in second
    assert "53 entries" in second
    assert not set(_ids_in_list(first)) & set(_ids_in_list(second))


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-4",
        "?page=99999999999999999999",
        "?page=0",
        "?sort=drop+table",
        "?direction=sideways",
        "?category=abc",
        "?category=999999",
        "?country=ZZ",
        "?country=%00",
        "?region=Atlantis",
        "?stakeholder=alien",
        "?state=nominated",
        "?edition=abc",
        "?edition=1999",
        "?q=" + "x" * 5000,
        "?q=%27%22%3C%3E",
    ],
)
def test_bad_filter_values_never_break_the_list(organiser_client, edition, owner, query):
    make_entry(edition, owner, title="Still listed")
    response = organiser_client.get(BASE + query)
    assert response.status_code == 200
    if "q=" not in query:
        assert "Still listed" in response.text


def test_page_past_the_end_shows_the_last_page(organiser_client, edition, owner):
    make_entry(edition, owner, title="Only one")
    response = organiser_client.get(BASE + "?page=7")
    assert "Only one" in response.text
    assert "Page 1 of 1" in response.text


def test_titles_are_escaped(organiser_client, edition, owner):
    entry = make_entry(edition, owner, title="<script>alert(1)</script>")
    for path in (BASE, f"{BASE}{entry.id}"):
        html = organiser_client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_entry_page_shows_answers_and_contacts_without_gender(organiser_client, edition, owner):
    entry = make_entry(
        edition,
        owner,
        partnerships="We work with the Kenyan Red Cross.",
        contacts=[{"name": "Wanjiru Kamau", "email": "wk@example.org", "gender": "female"}],
        sdgs={3: "Better health through SMS reminders."},
    )
    html = organiser_client.get(f"{BASE}{entry.id}").text
    assert "We work with the Kenyan Red Cross." in html
    assert "Wanjiru Kamau" in html
    assert "wk@example.org" in html
    assert "Better health through SMS reminders." in html
    assert "female" not in html.lower()


def test_screening_an_entry_records_mails_and_shows_history(
    organiser_client, edition, owner, make_user, monkeypatch, clock
):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_NOMINATION)
    member = make_user(email="member@example.org", locale="fr")
    entry = make_entry(edition, owner, members=[member])
    response = organiser_client.post(
        f"{BASE}{entry.id}/screen",
        data={"decision": "ineligible", "reason": "below_word_counts", "note": ""},
    )
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.screening is Screening.INELIGIBLE
    assert entry.ineligible_reason == "below_word_counts"
    mails = db.session.query(OutboxMessage).filter_by(template="entry_screened").all()
    assert sorted(m.recipient for m in mails) == ["member@example.org", "owner@example.org"]
    assert {m.locale for m in mails} == {"en", "fr"}
    html = organiser_client.get(f"{BASE}{entry.id}").text
    assert "Below the minimum word counts" in html
    assert "screened the entry" in html
    assert "from Not screened yet to Not eligible" in html


def test_ineligible_without_reason_is_400_with_message(
    organiser_client, edition, owner, monkeypatch, clock
):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_NOMINATION)
    entry = make_entry(edition, owner)
    response = organiser_client.post(
        f"{BASE}{entry.id}/screen", data={"decision": "ineligible", "note": "keep this"}
    )
    assert response.status_code == 400
    assert "Choose the reason why the entry is not eligible." in response.text
    assert "keep this" in response.text
    assert entry.screening is Screening.PENDING
    assert db.session.query(OutboxMessage).count() == 0


def test_other_reason_needs_a_note(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_NOMINATION)
    entry = make_entry(edition, owner)
    response = organiser_client.post(
        f"{BASE}{entry.id}/screen", data={"decision": "ineligible", "reason": "other"}
    )
    assert response.status_code == 400
    assert "Explain the reason in the note" in response.text


def test_screening_during_voting_is_refused(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_VOTING)
    entry = make_entry(edition, owner)
    db.session.commit()  # the refused request rolls back its own work only
    response = organiser_client.post(f"{BASE}{entry.id}/screen", data={"decision": "eligible"})
    assert response.status_code == 409
    assert "until nomination closes" in response.text


def test_bulk_screening_from_the_list(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_NOMINATION)
    first = make_entry(edition, owner)
    second = make_entry(edition, owner)
    draft = make_entry(edition, owner, state=EntryState.DRAFT)
    response = organiser_client.post(
        BASE + "screen?edition=2021&sort=title",
        data={"entry_ids": [first.id, second.id, draft.id], "decision": "eligible"},
    )
    assert response.status_code == 302
    assert "sort=title" in response.headers["Location"]
    assert first.screening is Screening.ELIGIBLE
    assert second.screening is Screening.ELIGIBLE
    assert draft.screening is Screening.PENDING
    follow = organiser_client.get(response.headers["Location"]).text
    assert "2 entries screened." in follow
    assert f"Entry {draft.id} not changed" in follow
    # The owner of both entries gets a single message listing the two decisions.
    mails = db.session.query(OutboxMessage).filter_by(template="entry_screened").all()
    assert [m.recipient for m in mails] == ["owner@example.org"]


def test_bulk_screening_without_ticks_is_400(organiser_client, edition, owner):
    make_entry(edition, owner)
    response = organiser_client.post(BASE + "screen", data={"decision": "eligible"})
    assert response.status_code == 400
    assert "Tick at least one entry." in response.text


def test_bulk_screening_with_garbage_ids_is_400_not_500(organiser_client, edition, owner):
    response = organiser_client.post(
        BASE + "screen", data={"entry_ids": ["abc"], "decision": "eligible"}
    )
    assert response.status_code == 400


def test_move_category_before_nomination(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_SUBMISSION)
    entry = make_entry(edition, owner, category=1)
    target = edition.categories[2]
    response = organiser_client.post(f"{BASE}{entry.id}/move", data={"category": target.id})
    assert response.status_code == 302
    assert entry.category_id == target.id
    assert db.session.query(OutboxMessage).filter_by(template="entry_moved").count() == 1
    assert db.session.query(AuditEvent).filter_by(action="entry.moved").count() == 1


def test_move_during_voting_is_409(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_VOTING)
    entry = make_entry(edition, owner, category=1)
    db.session.commit()  # the refused request rolls back its own work only
    response = organiser_client.post(
        f"{BASE}{entry.id}/move", data={"category": edition.categories[1].id}
    )
    assert response.status_code == 409
    assert "before nomination opens" in response.text
    db.session.refresh(entry)
    assert entry.category.number == 1
    assert db.session.query(OutboxMessage).count() == 0


def test_move_to_a_category_of_another_edition_is_400(
    organiser_client, edition, owner, make_edition, monkeypatch, clock
):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_SUBMISSION)
    other = make_edition(year=2022)
    entry = make_entry(edition, owner, category=1)
    response = organiser_client.post(
        f"{BASE}{entry.id}/move", data={"category": other.categories[1].id}
    )
    assert response.status_code == 400
    assert entry.category.number == 1


def test_unknown_entry_is_404(organiser_client, edition):
    assert organiser_client.get(f"{BASE}987654").status_code == 404


def test_duplicates_page_lists_pairs_and_mark_distinct_hides_them(organiser_client, edition, owner):
    a = make_entry(edition, owner, title="Digital Literacy for Rural Women")
    b = make_entry(edition, owner, title="Digital literacy for rural women!")
    make_entry(edition, owner, title="Completely different project about water")
    html = organiser_client.get(BASE + "duplicates").text
    assert f"Entries {a.id} and {b.id}" in html
    response = organiser_client.post(
        BASE + "duplicates/distinct?edition=2021", data={"first": b.id, "second": a.id}
    )
    assert response.status_code == 302
    html = organiser_client.get(BASE + "duplicates").text
    assert f"Entries {a.id} and {b.id}" not in html
    assert "No possible duplicate to review." in html


def test_withdrawing_a_duplicate(organiser_client, edition, owner, monkeypatch, clock):
    monkeypatch.setattr("awards.clock.utcnow", lambda: clock.DURING_SUBMISSION)
    keep = make_entry(edition, owner, website="https://a.org", website_key="a.org")
    drop = make_entry(
        edition, owner, title="Other name", website="https://a.org/", website_key="a.org"
    )
    response = organiser_client.post(
        BASE + "duplicates/withdraw", data={"withdraw": drop.id, "keep": keep.id}
    )
    assert response.status_code == 302
    assert drop.state is EntryState.WITHDRAWN
    assert drop.withdrawn_at == clock.DURING_SUBMISSION
    assert keep.state is EntryState.SUBMITTED
    mails = db.session.query(OutboxMessage).filter_by(template="entry_withdrawn_duplicate")
    assert mails.count() == 1
    assert "No possible duplicate to review." in organiser_client.get(BASE + "duplicates").text


def test_csv_export_over_http(organiser_client, edition, owner):
    make_entry(edition, owner, title="=cmd|' /C calc'!A0", partnerships="Red Cross")
    response = organiser_client.get(BASE + "export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    assert "'=cmd" in body
    assert "Red Cross" in body


def test_xlsx_export_over_http_follows_filters(organiser_client, edition, owner):
    from io import BytesIO

    from openpyxl import load_workbook

    make_entry(edition, owner, region="Europe", country="FR")
    make_entry(edition, owner)
    response = organiser_client.get(BASE + "export.xlsx?region=Europe")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one entry in Europe
    assert "France" in rows[1]


def test_charts_page_table_numbers_match_the_data(organiser_client, edition, owner):
    for _ in range(3):
        make_entry(edition, owner, category=1, region="Europe", country="FR")
    make_entry(edition, owner, category=2)
    make_entry(edition, owner, category=2, state=EntryState.DRAFT)
    html = organiser_client.get(BASE + "charts").text
    assert 'role="img"' in html
    assert "<title" in html
    assert "<desc" in html
    by_category = html[html.index('id="by-category-table"') :]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="numeric">(\d+)</td>', by_category)
    table = dict(rows[:3])
    assert table == {"1. Category 1": "3", "2. Category 2": "1", "3. Category 3": "0"}
    by_region = html[html.index('id="by-region-table"') :]
    region_rows = dict(
        re.findall(r'<th scope="row">([^<]+)</th><td class="numeric">(\d+)</td>', by_region)[:6]
    )
    assert region_rows["Europe"] == "3"
    assert region_rows["Africa"] == "1"
    assert "4 submitted entries" in html


def test_charts_suppress_small_gender_groups(organiser_client, edition, owner):
    for _ in range(6):
        make_entry(edition, owner, contacts=[{"name": "A", "email": "a@x.org", "gender": "female"}])
    make_entry(edition, owner, contacts=[{"name": "B", "email": "b@x.org", "gender": "male"}])
    html = organiser_client.get(BASE + "charts").text
    gender = html[html.index('id="gender-table"') :]
    assert re.search(r"Female</th><td class=\"numeric\">6<", gender)
    assert re.search(r"Male</th><td class=\"numeric\">fewer than 5<", gender)


def test_sub_navigation_links_the_organiser_pages(organiser_client, edition):
    html = organiser_client.get(BASE).text
    for href in ("/organise/entries/duplicates", "/organise/entries/charts"):
        assert href in html


def test_entry_page_shows_images_with_their_alt_text(organiser_client, edition, owner):
    from awards.submissions.models import EntryImage, ImageKind

    entry = make_entry(edition, owner)
    image = EntryImage(
        entry=entry,
        kind=ImageKind.LOGO,
        storage_name="abc123.png",
        content_type="image/png",
        width=400,
        height=200,
        size_bytes=1000,
        alt_text="Logo of the solar schools project",
    )
    db.session.add(image)
    db.session.flush()
    html = organiser_client.get(f"{BASE}{entry.id}").text
    assert f'src="/entries/{entry.id}/images/{image.id}"' in html
    assert 'alt="Logo of the solar schools project"' in html
