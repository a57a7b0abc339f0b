"""Certificates on the web: the public check page, the team's and organisers' downloads."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader

from awards.extensions import db
from awards.results.certificates import CHAMPION, WINNER, certificate_code, certificate_for
from tests.certificates_factory import published, tallied


def _pdf_text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_the_check_page_says_genuine(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    certificate = certificate_for(world.edition, world.second.id)
    page = client.get(f"/c/{certificate.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This certificate is genuine." in html
    assert "Rural Telemedicine" in html
    assert "Winner of category 2" in html


def test_a_forged_code_is_plainly_refused(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    published(make_edition, make_user)
    db.session.commit()
    for code in ("ABCDEFGHIJ", "nonsense", "A" * 300):
        page = client.get(f"/c/{code}")
        assert page.status_code == 404
        assert "This code matches no certificate of the WSIS Prizes." in page.get_data(as_text=True)


def test_no_check_before_publication(client, make_edition, make_user, app) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    db.session.commit()
    published_later = published(make_edition, make_user, year=2020)
    db.session.commit()
    code = certificate_for(published_later.edition, published_later.first.id).code
    assert client.get(f"/c/{code}").status_code == 200
    # The unpublished edition's would-be code is unknown.
    unpublished = certificate_code(app.config["SECRET_KEY"], 2021, world.first.id, WINNER)
    assert client.get(f"/c/{unpublished}").status_code == 404


def test_the_team_downloads_its_certificate(login_as, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    client = login_as(world.owner)
    response = client.get(f"/results/2021/certificates/{world.first.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="wsis-prizes-2021-1-winner.pdf"' in response.headers["Content-Disposition"]
    assert "Digital Library for All" in _pdf_text(response.data)
    champion = client.get(f"/results/2021/certificates/{world.first.id}.pdf?kind={CHAMPION}")
    assert "Champion" in _pdf_text(champion.data)
    assert client.get(f"/results/2021/certificates/{world.first.id}.pdf?kind=x").status_code == 404


def test_others_learn_nothing(client, login_as, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    url = f"/results/2021/certificates/{world.first.id}.pdf"
    assert client.get(url).status_code == 404  # anonymous
    login_as(make_user("someone@example.org"))
    assert client.get(url).status_code == 404
    # A nominee that won nothing has no certificate, even for its own team.
    login_as(world.owner)
    assert client.get(f"/results/2021/certificates/{world.others[0].id}.pdf").status_code == 404
    assert client.get(f"/results/1999/certificates/{world.first.id}.pdf").status_code == 404


def test_nothing_before_publication(login_as, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    db.session.commit()
    client = login_as(world.owner)
    assert client.get(f"/results/2021/certificates/{world.first.id}.pdf").status_code == 404
    login_as(world.organiser)
    assert client.get(f"/organise/editions/{world.edition.id}/certificates.zip").status_code == 404


def test_organisers_download_one_and_all(login_as, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    client = login_as(world.organiser)
    assert client.get(f"/results/2021/certificates/{world.second.id}.pdf").status_code == 200
    response = client.get(f"/organise/editions/{world.edition.id}/certificates.zip")
    assert response.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(response.data)).namelist()) == 4
    login_as(world.owner)
    assert client.get(f"/organise/editions/{world.edition.id}/certificates.zip").status_code == 403


def test_a_certificate_in_arabic_and_in_chinese(login_as, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    client = login_as(world.owner)
    url = f"/results/2021/certificates/{world.second.id}.pdf"
    arabic = _pdf_text(client.get(f"{url}?lang=ar").data)
    assert "فائزة" in arabic  # "Winner"
    assert "جوائز القمة العالمية لمجتمع المعلومات" in arabic
    chinese = _pdf_text(client.get(f"{url}?lang=zh").data).replace("\x00", "")
    assert "获奖项目" in chinese
    assert "中国信息社会促进会" in chinese
