"""An edition's logo or banner: uploaded by its organisers, checked, audited, served publicly."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from awards import clock as clock_module
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.contest.models import Edition
from awards.extensions import db


def _png(colour="red", size=(40, 10)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def edition(make_edition, clock, monkeypatch):
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.DURING_SUBMISSION)
    edition = make_edition()
    # Committed (to the test's outer transaction) so that a request's rollback keeps it.
    db.session.commit()
    return edition


@pytest.fixture
def organiser_client(login_as, make_user, edition):
    return login_as(make_user(roles=((Role.ORGANISER, edition.id),)))


def _upload(client, edition, data=None, alt="WSIS Prizes 2021 logo", **extra):
    form = {"alt": alt, **extra}
    if data is not None:
        form["image"] = (io.BytesIO(data), "logo.png")
    return client.post(
        f"/organise/editions/{edition.id}/banner", data=form, content_type="multipart/form-data"
    )


def _banner_file(app, edition):
    return Path(app.config["UPLOAD_FOLDER"]) / "banners" / edition.banner_storage_name


def test_an_organiser_uploads_a_banner_shown_on_the_home_page(
    app, client, organiser_client, edition
):
    response = _upload(organiser_client, edition, _png())
    assert response.status_code == 302
    assert edition.banner_alt == "WSIS Prizes 2021 logo"
    assert (edition.banner_width, edition.banner_height) == (40, 10)
    assert _banner_file(app, edition).is_file()
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "edition.banner_saved"
    html = client.get("/").get_data(as_text=True)
    assert 'alt="WSIS Prizes 2021 logo" width="40" height="10"' in html


def test_the_banner_is_public_cached_and_not_sniffed(client, organiser_client, edition):
    _upload(organiser_client, edition, _png())
    with client.session_transaction() as session:
        session.clear()
    response = client.get(f"/editions/{edition.id}/banner")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert Image.open(io.BytesIO(response.data)).size == (40, 10)


def test_without_a_banner_its_address_is_404(client, edition):
    assert client.get(f"/editions/{edition.id}/banner").status_code == 404
    assert "edition-banner" not in client.get("/").get_data(as_text=True)


def test_the_alt_text_is_required_and_nothing_is_saved(organiser_client, edition):
    response = _upload(organiser_client, edition, _png(), alt="  ")
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it" in response.get_data(as_text=True)
    assert db.session.get(Edition, edition.id).banner_storage_name is None


def test_a_file_that_is_not_an_image_is_refused(organiser_client, edition):
    response = _upload(organiser_client, edition, b"<html>not an image</html>")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The file is not a JPEG, PNG or WebP image" in html
    assert 'value="WSIS Prizes 2021 logo"' in html  # the typed alt text is kept


def test_saving_without_an_image_asks_for_one(organiser_client, edition):
    response = _upload(organiser_client, edition)
    assert response.status_code == 400
    assert "Choose an image to upload" in response.get_data(as_text=True)


def test_replacing_and_removing_discard_the_old_files(app, organiser_client, edition):
    _upload(organiser_client, edition, _png("red"))
    first = _banner_file(app, edition)
    _upload(organiser_client, edition, _png("blue"))
    second = _banner_file(app, edition)
    assert second != first
    assert not first.exists()
    assert _upload(organiser_client, edition, alt="New words").status_code == 302
    assert edition.banner_alt == "New words"
    assert second.exists()
    assert _upload(organiser_client, edition, alt="", remove="y").status_code == 302
    assert edition.banner_storage_name is None
    assert not second.exists()
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-1] == "edition.banner_removed"


def test_the_edition_page_links_to_the_banner_form(organiser_client, edition):
    html = organiser_client.get(f"/organise/editions/{edition.id}").get_data(as_text=True)
    assert f'href="/organise/editions/{edition.id}/banner"' in html
