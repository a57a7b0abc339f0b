"""The entry form over HTTP: drafts, submission, every bad input of issue 3, teams, dashboard."""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from awards import clock
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.submissions.models import Entry, EntryImage, EntryState

DAY = timedelta(days=1)


def calendar(open_now: bool) -> dict:
    """Dates putting the wall clock inside the submission phase, or just after its deadline."""
    now = clock.utcnow()
    start = now - DAY if open_now else now - 3 * DAY
    closes = now + DAY if open_now else now - DAY
    return {
        "submission_opens": start,
        "submission_closes": closes,
        "nomination_opens": closes + DAY / 2,
        "nomination_closes": closes + 3 * DAY,
        "voting_opens": closes + 4 * DAY,
        "voting_closes": closes + 5 * DAY,
        "selection_opens": closes + 6 * DAY,
        "selection_closes": closes + 7 * DAY,
        "ceremony_at": closes + 8 * DAY,
    }


@pytest.fixture
def edition(make_edition):
    return make_edition(**calendar(open_now=True))


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org")


def sign_in(login_as, user):
    """Commit the account first: an error page's rollback must not take it away."""
    db.session.commit()
    return login_as(user)


@pytest.fixture
def client_(login_as, owner, edition):
    return sign_in(login_as, owner)


def words(n: int, word: str = "impact") -> str:
    return " ".join([word] * n)


def form_data(category_id: int, **overrides) -> dict:
    data = {
        "category": str(category_id),
        "title": "Smart villages for rural health",
        "website": "https://example.org/villages",
        "start_date": "2019-01-01",
        "project_status": "completed",
        "entity_name": "Ministry of ICT",
        "stakeholder_type": "government",
        "country": "KE",
        "contacts-0-name": "Ana Pérez",
        "contacts-0-email": "ana@example.org",
        "description": words(160, "description"),
        "sdg_3": "y",
        "sdg_3_answer": words(25, "health"),
        "impact_economic": words(60),
        "impact_social": words(60),
        "impact_environmental": words(60),
        "partnerships": words(60),
        "challenges": words(60),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def new_url(category) -> str:
    return f"/entries/new?category={category.id}"


def create(client, category, action="save", **overrides) -> Entry:
    data = form_data(category.id, creation_token=f"tok-{category.id}", **overrides)
    response = client.post(new_url(category), data={**data, action: "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Entry).order_by(Entry.id.desc())).first()


def edit_url(entry) -> str:
    return f"/entries/{entry.id}/edit"


def entries() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry))


def mails(template: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.template == template)
    return list(db.session.scalars(query))


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png(width=60_000, height=60_000) -> bytes:
    """A PNG of about a hundred bytes whose header claims 3.6 gigapixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


# --- access ---------------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, edition):
    response = client.get(new_url(edition.categories[0]))
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_unverified_accounts_cannot_start_an_entry(login_as, make_user, edition):
    client = sign_in(login_as, make_user(verified=False))
    response = client.get(new_url(edition.categories[0]))
    assert response.status_code == 302
    assert "/account/unverified" in response.headers["Location"]


def test_the_form_lists_suggested_sdgs_first_and_loads_scripts_from_static(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    assert page.index('id="sdg_1"') < page.index('id="sdg_3"') < page.index('id="sdg_5"')
    assert page.index('id="sdg_5"') < page.index('id="sdg_2"')
    assert page.count(">suggested<") == 3
    assert 'aria-live="polite"' in page
    assert "/static/js/wordcount.js" in page
    assert "/static/js/autosave.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "no inline script (CSP)"
    assert 'enctype="multipart/form-data"' in page


def test_my_entries_link_in_the_navigation(client_, edition):
    page = client_.get("/entries/").get_data(as_text=True)
    assert 'href="/entries/">My entries</a>' in page
    assert '<form method="get" action="/entries/new"' in page
    assert f'name="category" id="category-choice-{edition.categories[0].id}"' in page


# --- drafts and submission -------------------------------------------------------------------


def test_a_draft_saves_whatever_is_incomplete(client_, edition):
    category = edition.categories[0]
    response = client_.post(
        new_url(category),
        data={
            "category": category.id,
            "title": "Half done",
            "description": "Few words",
            "creation_token": "t1",
            "save": "1",
        },
    )
    assert response.status_code == 302
    entry = db.session.scalars(select(Entry)).one()
    assert (entry.state, entry.title, entry.description) == (
        EntryState.DRAFT,
        "Half done",
        "Few words",
    )
    assert response.headers["Location"].endswith(edit_url(entry))
    page = client_.get(edit_url(entry)).get_data(as_text=True)
    assert "Draft saved" in page
    assert "Few words" in page


def test_submit_a_complete_entry_sends_one_confirmation(client_, edition):
    entry = create(client_, edition.categories[0], action="submit")
    assert entry.state is EntryState.SUBMITTED
    assert [m.recipient for m in mails("entry_submitted")] == ["owner@example.org"]
    page = client_.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "has been submitted" in page
    assert "Africa" in page


def test_submit_incomplete_lists_problems_linked_to_fields_and_keeps_text(client_, edition):
    category = edition.categories[0]
    data = form_data(
        category.id,
        creation_token="t2",
        partnerships="Only a few words here",
        **{"contacts-0-email": ""},
    )
    response = client_.post(new_url(category), data={**data, "submit": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#contacts-0-email"' in page
    assert 'href="#partnerships"' in page
    assert "Only a few words here" in page
    entry = db.session.scalars(select(Entry)).one()
    assert entry.state is EntryState.DRAFT
    assert entry.partnerships == "Only a few words here"
    assert mails("entry_submitted") == []


@pytest.mark.parametrize(("n", "status"), [(149, 400), (150, 302), (200, 302), (201, 400)])
def test_description_word_count_just_under_and_over_the_limits(client_, edition, n, status):
    category = edition.categories[0]
    text = words(n, "word")
    data = form_data(category.id, creation_token=f"wc{n}", description=text)
    response = client_.post(new_url(category), data={**data, "submit": "1"})
    assert response.status_code == status
    if status == 400:
        page = response.get_data(as_text=True)
        assert f"(it has {n})" in page
        assert 'href="#description"' in page
        assert text in page


@pytest.mark.parametrize(
    "field", ["title", "entity_name", "description", "partnerships", "contacts-0-name"]
)
def test_html_and_script_are_shown_escaped(client_, edition, field):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    entry = create(client_, edition.categories[0], **{field: payload})
    for url in (f"/entries/{entry.id}", edit_url(entry), f"/entries/{entry.id}/print"):
        page = client_.get(url).get_data(as_text=True)
        assert "&lt;script&gt;" in page, url
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "htp://example.org", "https://exa mple.org", "example", "https://"],
)
def test_malformed_website_is_flagged_and_the_draft_kept(client_, edition, url):
    category = edition.categories[0]
    data = form_data(category.id, creation_token="u", website=url, challenges="Kept text here")
    response = client_.post(new_url(category), data={**data, "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#website"' in page
    assert "Kept text here" in page
    assert entries() == 1
    submit = client_.post(new_url(category), data={**data, "submit": "1"})
    assert submit.status_code == 400
    assert db.session.scalars(select(Entry)).one().state is EntryState.DRAFT


def test_double_clicked_first_submit_creates_one_entry_and_one_mail(client_, edition):
    category = edition.categories[0]
    data = {**form_data(category.id, creation_token="same-token"), "submit": "1"}
    first = client_.post(new_url(category), data=data)
    second = client_.post(new_url(category), data=data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert entries() == 1
    assert len(mails("entry_submitted")) == 1


def test_double_clicked_submit_of_a_draft_submits_once(client_, edition):
    entry = create(client_, edition.categories[0])
    data = {**form_data(entry.category_id, version=str(entry.version)), "submit": "1"}
    responses = [client_.post(edit_url(entry), data=data) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert all(r.headers["Location"].endswith(f"/entries/{entry.id}") for r in responses)
    assert db.session.get(Entry, entry.id).state is EntryState.SUBMITTED
    assert len(mails("entry_submitted")) == 1


def test_version_conflict_shows_both_versions_and_keeps_my_text(client_, edition, login_as):
    entry = create(client_, edition.categories[0])
    seen = str(entry.version)
    client_.post(
        edit_url(entry),
        data={
            **form_data(entry.category_id, version=seen, title="Co-submitter's title"),
            "save": "1",
        },
    )
    response = client_.post(
        edit_url(entry),
        data={**form_data(entry.category_id, version=seen, title="My own title"), "save": "1"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Co-submitter&#39;s title" in page or "Co-submitter's title" in page
    assert 'value="My own title"' in page
    assert f'name="version" type="hidden" value="{int(seen) + 1}"' in page
    assert db.session.get(Entry, entry.id).title == "Co-submitter's title"
    merged = client_.post(
        edit_url(entry),
        data={
            **form_data(entry.category_id, version=str(int(seen) + 1), title="Merged"),
            "save": "1",
        },
    )
    assert merged.status_code == 302
    assert db.session.get(Entry, entry.id).title == "Merged"


def test_one_entry_per_entity_per_category_gets_a_clear_409(client_, edition, make_user, login_as):
    create(client_, edition.categories[0], action="submit")
    other = sign_in(login_as, make_user())
    data = form_data(
        edition.categories[0].id,
        creation_token="o",
        title="Other project",
        website="https://other.example.org",
        entity_name="ministry of ICT",
    )
    response = other.post(new_url(edition.categories[0]), data={**data, "submit": "1"})
    assert response.status_code == 409
    assert "one project per category" in response.get_data(as_text=True)


# --- deadline ---------------------------------------------------------------------------------


def test_saving_after_the_deadline_is_refused_with_the_text_shown(client_, edition):
    entry = create(client_, edition.categories[0])
    for name, value in calendar(open_now=False).items():
        setattr(edition, name, value)
    db.session.commit()  # the test transaction still rolls it back at the end
    typed = "Late text I typed <b>carefully</b>"
    response = client_.post(
        edit_url(entry),
        data={
            **form_data(entry.category_id, version=str(entry.version), challenges=typed),
            "save": "1",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "submission period is closed" in page
    assert "Late text I typed &lt;b&gt;carefully&lt;/b&gt;" in page
    assert db.session.get(Entry, entry.id).challenges == words(60)
    shown = client_.get(edit_url(entry), follow_redirects=True).get_data(as_text=True)
    assert "read-only" in shown


def test_no_new_entry_outside_the_submission_phase(client_, make_edition):
    closed = make_edition(year=2020, **calendar(open_now=False))
    db.session.commit()
    category = closed.categories[0]
    assert client_.get(new_url(category)).status_code == 409
    typed = form_data(category.id, creation_token="late", title="Typed after the deadline")
    response = client_.post(new_url(category), data={**typed, "save": "1"})
    assert response.status_code == 409
    assert "Typed after the deadline" in response.get_data(as_text=True)
    assert entries() == 0


# --- other people's entries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", "/edit"),
        ("post", "/edit"),
        ("get", "/print"),
        ("get", "/withdraw"),
        ("post", "/withdraw"),
        ("get", "/team"),
        ("post", "/team"),
    ],
)
def test_another_persons_entry_by_guessed_id_is_404(
    client_, edition, make_user, login_as, method, suffix
):
    entry = create(client_, edition.categories[0])
    stranger = sign_in(login_as, make_user())
    response = getattr(stranger, method)(f"/entries/{entry.id}{suffix}", data=form_data(1))
    assert response.status_code == 404
    assert stranger.get(f"/entries/{entry.id + 1000}").status_code == 404


# --- images -----------------------------------------------------------------------------------


def upload(client, entry, content: bytes, filename: str, alt="Team photo", **extra):
    data = {
        **form_data(entry.category_id, version=str(entry.version), challenges="Keep me"),
        "new_image": (io.BytesIO(content), filename),
        "new_image_kind": "photo",
        "new_image_alt": alt,
        "save": "1",
        **extra,
    }
    return client.post(edit_url(entry), data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"MZ\x90\x00 this is not an image at all", "photo.png", "not a JPEG, PNG or WebP"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "not a JPEG, PNG or WebP",
        ),
        (b"<svg/>", "logo.png", "not a JPEG, PNG or WebP"),
        (bomb_png(), "bomb.png", "too many pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024 + 10), "huge.png", "larger than 5 MB"),
    ],
)
def test_bad_images_are_refused_and_the_text_kept(client_, edition, content, filename, message):
    entry = create(client_, edition.categories[0])
    response = upload(client_, entry, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'href="#new_image"' in page
    assert "Keep me" in page
    assert db.session.scalar(select(func.count()).select_from(EntryImage)) == 0


def test_a_path_in_the_file_name_is_ignored_and_the_image_served_safely(
    app, client_, edition, make_user, login_as, client
):
    entry = create(client_, edition.categories[0])
    response = upload(client_, entry, png(), "../../../etc/passwd.png")
    assert response.status_code == 302
    image = db.session.scalars(select(EntryImage)).one()
    assert "passwd" not in image.storage_name
    assert re.fullmatch(r"[0-9a-f]{32}\.png", image.storage_name)
    assert (Path(app.config["UPLOAD_FOLDER"]) / image.storage_name).is_file()
    url = f"/entries/{entry.id}/images/{image.id}"
    served = client_.get(url)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"] == "inline"
    assert Image.open(io.BytesIO(served.data)).size == (40, 30)
    assert sign_in(login_as, make_user()).get(url).status_code == 404


def test_an_image_needs_alt_text_to_submit(client_, edition):
    entry = create(client_, edition.categories[0])
    response = upload(client_, entry, png(), "logo.png", alt="", submit="1")
    assert response.status_code == 400
    assert "Describe the image" in response.get_data(as_text=True)
    assert db.session.get(Entry, entry.id).state is EntryState.DRAFT


# --- withdrawal, team, dashboard, print -----------------------------------------------------


def test_withdraw_after_confirmation(client_, edition):
    entry = create(client_, edition.categories[0], action="submit")
    confirm = client_.get(f"/entries/{entry.id}/withdraw")
    assert confirm.status_code == 200
    assert "Yes, withdraw" in confirm.get_data(as_text=True)
    response = client_.post(f"/entries/{entry.id}/withdraw", data={"version": entry.version})
    assert response.status_code == 302
    assert db.session.get(Entry, entry.id).state is EntryState.WITHDRAWN
    assert len(mails("entry_withdrawn")) == 1
    page = client_.get("/entries/").get_data(as_text=True)
    assert "Withdrawn" in page


def test_invited_co_submitter_joins_and_edits_but_cannot_withdraw(
    client_, edition, make_user, login_as
):
    entry = create(client_, edition.categories[0])
    response = client_.post(f"/entries/{entry.id}/team", data={"email": "co@example.org"})
    assert response.status_code == 302
    link = mails("team_invitation")[0].body_text.split("http://awards.test")[1].split()[0]
    co = sign_in(login_as, make_user(email="co@example.org"))
    assert co.get(link).status_code == 200
    assert co.post(link).status_code == 302
    page = co.get("/entries/").get_data(as_text=True)
    assert "team member" in page
    edited = co.post(
        edit_url(entry),
        data={
            **form_data(entry.category_id, version=str(entry.version), title="Edited by co"),
            "save": "1",
        },
    )
    assert edited.status_code == 302
    assert db.session.get(Entry, entry.id).title == "Edited by co"
    assert co.post(f"/entries/{entry.id}/withdraw", data={"version": 2}).status_code == 403


def test_an_invitation_link_for_someone_else_is_refused(client_, edition, make_user, login_as):
    entry = create(client_, edition.categories[0])
    client_.post(f"/entries/{entry.id}/team", data={"email": "co@example.org"})
    link = mails("team_invitation")[0].body_text.split("http://awards.test")[1].split()[0]
    intruder = sign_in(login_as, make_user(email="intruder@example.org"))
    assert intruder.post(link).status_code == 403
    assert intruder.get(f"/entries/{entry.id}").status_code == 404


def test_dashboard_shows_state_and_next_step(client_, edition):
    create(client_, edition.categories[0], title="Draft project")
    create(
        client_,
        edition.categories[1],
        action="submit",
        title="Sent project",
        entity_name="Other entity",
        website="https://sent.example.org",
    )
    page = client_.get("/entries/").get_data(as_text=True)
    assert "Draft project" in page
    assert "Sent project" in page
    assert "Complete the answers and submit" in page
    assert "You can still edit or withdraw it" in page


def test_printable_view(client_, edition):
    entry = create(client_, edition.categories[0], action="submit")
    page = client_.get(f"/entries/{entry.id}/print").get_data(as_text=True)
    assert "Smart villages for rural health" in page
    assert "Ana Pérez" in page
    assert "Gender" not in page


def test_csrf_is_required(csrf_app, client_, edition):
    category = edition.categories[0]
    response = client_.post(new_url(category), data={**form_data(category.id), "save": "1"})
    assert response.status_code == 400
    assert entries() == 0
