"""Pages for a signed-in person and every organiser page are never stored by a cache."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from awards.accounts.roles import Role
from awards.extensions import db
from awards.submissions.models import EntryImage, ImageKind
from tests.entry_factory import make_entry


@pytest.fixture
def organiser(make_user, login_as, make_edition):
    make_edition()
    return login_as(make_user(roles=((Role.ORGANISER, None),)))


@pytest.mark.parametrize(
    "path",
    [
        "/organise/",
        "/organise/entries/",
        "/organise/entries/export.csv",
        "/organise/entries/export.xlsx",
        "/organise/audit/",
        "/organise/outbox/",
        "/account/settings",
        "/entries/",
    ],
)
def test_private_pages_say_no_store(organiser, path):
    response = organiser.get(path)
    assert response.get_data()  # the exports stream: read them while the request is current
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_account_settings_of_a_submitter_say_no_store(client, make_user, login_as):
    response = login_as(make_user()).get("/account/settings")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_an_organiser_page_refused_to_a_visitor_says_no_store(client):
    response = client.get("/organise/entries/export.csv")
    response.get_data()
    assert response.status_code in (302, 401, 403)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(organiser):
    response = organiser.get("/static/css/awards.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_images_keep_their_private_cache(app, make_user, make_edition, login_as):
    owner = make_user()
    entry = make_entry(make_edition(year=2030), owner)
    name = f"{uuid.uuid4().hex}.png"
    (Path(app.config["UPLOAD_FOLDER"]) / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    image = EntryImage(
        entry=entry,
        kind=ImageKind.PHOTO,
        storage_name=name,
        content_type="image/png",
        width=1,
        height=1,
        size_bytes=8,
        alt_text="A photo",
    )
    db.session.add(image)
    db.session.flush()
    response = login_as(owner).get(f"/entries/{entry.id}/images/{image.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=3600"
